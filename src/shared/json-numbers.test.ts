import { expect, it } from 'vitest';
import { jsonNumbers } from './json-numbers.ts';

it('writes NaN and the infinities as null and leaves every other value alone', () => {
  const text = JSON.stringify({ a: NaN, b: Infinity, c: -Infinity, d: 0, e: -1.5, f: 'NaN', g: [NaN, 2], h: null }, jsonNumbers);
  expect(JSON.parse(text)).toEqual({ a: null, b: null, c: null, d: 0, e: -1.5, f: 'NaN', g: [null, 2], h: null });
});
