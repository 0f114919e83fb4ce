import { describe, expect, it } from 'vitest';
import { parseMeasureArgs, UsageError } from './measure-options.ts';

describe('measure options: --clock and --min-decode-rate', () => {
  it('defaults to no explicit clock and 95%', () => {
    const o = parseMeasureArgs([]);
    expect(o.clock).toBeNull();
    expect(o.minDecodeRate).toBeCloseTo(0.95, 9);
  });

  it('takes the origin of --clock and a percentage', () => {
    const o = parseMeasureArgs(['--clock', 'http://gm.example:8080/clock?w=1920', '--min-decode-rate', '99.5']);
    expect(o.clock).toBe('http://gm.example:8080');
    expect(o.minDecodeRate).toBeCloseTo(0.995, 9);
  });

  it('refuses a bad --clock or --min-decode-rate, naming the flag', () => {
    expect(() => parseMeasureArgs(['--clock', 'ftp://x'])).toThrow(UsageError);
    expect(() => parseMeasureArgs(['--clock', 'ftp://x'])).toThrow(/--clock/);
    expect(() => parseMeasureArgs(['--min-decode-rate', '101'])).toThrow(/--min-decode-rate/);
    expect(() => parseMeasureArgs(['--min-decode-rate', '-1'])).toThrow(/--min-decode-rate/);
  });
});
