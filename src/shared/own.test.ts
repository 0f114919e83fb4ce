import { describe, expect, it } from 'vitest';
import { ownValue } from './own.ts';

describe('ownValue', () => {
  const record: Record<string, number> = { a: 1 };
  it('returns own properties', () => {
    expect(ownValue(record, 'a')).toBe(1);
  });
  it.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'b'])('does not return %s', (key) => {
    expect(ownValue(record, key)).toBeUndefined();
  });
});
