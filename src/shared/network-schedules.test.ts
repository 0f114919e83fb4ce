import { describe, expect, it } from 'vitest';
import { bitsBetween, findSchedule, NAMED_SCHEDULES, rateAt, scheduleLengthSeconds } from './network-schedules.ts';

describe('bandwidth schedules', () => {
  it('has the MMSys 2020 profiles with their published steps', () => {
    expect(NAMED_SCHEDULES.cascade!.map((s) => s.kbps)).toEqual([1200, 800, 400, 800, 1200]);
    expect(NAMED_SCHEDULES.cascade!.every((s) => s.seconds === 30)).toBe(true);
    expect(NAMED_SCHEDULES['intra-cascade']!.map((s) => s.kbps)).toEqual([1000, 800, 600, 400, 200, 400, 600, 800, 1000]);
    expect(NAMED_SCHEDULES.spike!.map((s) => [s.kbps, s.seconds])).toEqual([[1200, 10], [300, 10], [800, 10]]);
    expect(NAMED_SCHEDULES['slow-jitter']!.map((s) => s.kbps)).toEqual([500, 1200, 500, 1200, 500, 1200]);
    expect(NAMED_SCHEDULES['fast-jitter']!.map((s) => [s.kbps, s.seconds])).toEqual([[500, 0.25], [1200, 5], [500, 0.1], [1200, 1], [500, 0.25], [1200, 5]]);
  });

  it('finds named schedules and constant caps, and nothing else', () => {
    expect(findSchedule('cascade')?.steps).toBe(NAMED_SCHEDULES.cascade);
    expect(findSchedule('cap800')?.steps).toEqual([{ kbps: 800, seconds: 3600 }]);
    expect(findSchedule('cap5')).toBeNull();
    expect(findSchedule('capx')).toBeNull();
    expect(findSchedule('dialup')).toBeNull();
  });

  it('gives the rate in force at any time, looping', () => {
    const cascade = findSchedule('cascade')!;
    expect(scheduleLengthSeconds(cascade)).toBe(150);
    expect(rateAt(cascade, 0)).toBe(1200);
    expect(rateAt(cascade, 29.999)).toBe(1200);
    expect(rateAt(cascade, 30)).toBe(800);
    expect(rateAt(cascade, 75)).toBe(400);
    expect(rateAt(cascade, 149.9)).toBe(1200);
    expect(rateAt(cascade, 150 + 61)).toBe(400);
  });

  it('integrates bits exactly across step boundaries and loops', () => {
    const spike = findSchedule('spike')!;
    expect(bitsBetween(spike, 0, 10)).toBeCloseTo(1200 * 1000 * 10, 3);
    expect(bitsBetween(spike, 5, 15)).toBeCloseTo(1200e3 * 5 + 300e3 * 5, 3);
    expect(bitsBetween(spike, 0, 30)).toBeCloseTo((1200 + 300 + 800) * 1000 * 10, 3);
    expect(bitsBetween(spike, 25, 35)).toBeCloseTo(800e3 * 5 + 1200e3 * 5, 3);
    expect(bitsBetween(spike, 10, 10)).toBe(0);
    const fast = findSchedule('fast-jitter')!;
    expect(bitsBetween(fast, 0, 0.35)).toBeCloseTo(500e3 * 0.25 + 1200e3 * 0.1, 3);
  });
});
