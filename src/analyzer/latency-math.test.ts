import { describe, it, expect } from 'vitest';
import { MissedFrameCounter, glassToGlassMs } from './latency-math.ts';

describe('glassToGlassMs', () => {
  it('is display minus capture', () => {
    expect(glassToGlassMs(1_773_578_098_789, 1_773_578_096_500)).toBe(2289);
    // A capture "after" display means a bad clock offset; it is reported, not hidden.
    expect(glassToGlassMs(1000, 1200)).toBe(-200);
  });

  it('is NaN when either time is unknown', () => {
    expect(glassToGlassMs(Number.NaN, 1000)).toBeNaN();
    expect(glassToGlassMs(1000, Number.NaN)).toBeNaN();
    expect(glassToGlassMs(Number.POSITIVE_INFINITY, 1000)).toBeNaN();
  });
});

describe('MissedFrameCounter', () => {
  it('counts nothing on the first value or on consecutive frames', () => {
    const counter = new MissedFrameCounter();
    expect(counter.update(100)).toBe(0);
    expect(counter.update(101)).toBe(0);
    expect(counter.update(102)).toBe(0);
    expect(counter.missed).toBe(0);
  });

  it('counts k - 1 missed frames for a jump of k, cumulatively', () => {
    const counter = new MissedFrameCounter();
    counter.update(1);
    expect(counter.update(4)).toBe(2);
    expect(counter.update(5)).toBe(0);
    expect(counter.update(15)).toBe(9);
    expect(counter.missed).toBe(11);
  });

  it('treats a repeated value as no progress and a backwards value as a new baseline', () => {
    const counter = new MissedFrameCounter();
    counter.update(10);
    expect(counter.update(10)).toBe(0);
    expect(counter.update(12)).toBe(1);
    // New source: presentedFrames restarts.
    expect(counter.update(1)).toBe(0);
    expect(counter.update(2)).toBe(0);
    expect(counter.update(5)).toBe(2);
    expect(counter.missed).toBe(3);
  });

  it('ignores non-finite values and can be reset', () => {
    const counter = new MissedFrameCounter();
    counter.update(1);
    expect(counter.update(Number.NaN)).toBe(0);
    expect(counter.update(3)).toBe(1);
    counter.reset();
    expect(counter.missed).toBe(0);
    expect(counter.update(50)).toBe(0);
    expect(counter.update(52)).toBe(1);
  });
});
