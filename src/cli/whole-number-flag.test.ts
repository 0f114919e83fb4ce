import { describe, expect, it } from 'vitest';
import { wholeNumberFlag } from './whole-number-flag.ts';

const fail = (message: string): never => {
  throw new Error(message);
};
const parse = (text: string | undefined) => wholeNumberFlag('n', text, 7, { min: 1, max: 10 }, fail, ' of seconds');

describe('wholeNumberFlag', () => {
  it('takes the fallback when absent and whole numbers within range', () => {
    expect(parse(undefined)).toBe(7);
    expect(parse('1')).toBe(1);
    expect(parse('010')).toBe(10);
  });

  it.each([
    ['', /--n must be a whole number of seconds, got ""/],
    ['1.5', /whole number/],
    ['-1', /whole number/],
    ['1e1', /whole number/],
    [' 3', /whole number/],
    ['0', /--n must be between 1 and 10, got 0/],
    ['11', /between 1 and 10/],
  ])('refuses %j, naming the flag', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
