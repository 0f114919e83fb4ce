import { describe, it, expect } from 'vitest';
import { downsampleSteps, downsampleStore } from './downsample.ts';
import { FRAME_STORE_CAPACITY, SampleStore } from './sample-store.ts';

interface Point {
  timeMs: number;
  value: number;
}
const timeOf = (p: Point) => p.timeMs;
const valueOf = (p: Point) => p.value;

function storeOf(points: [number, number][]): SampleStore<Point> {
  const store = new SampleStore<Point>(FRAME_STORE_CAPACITY);
  for (const [timeMs, value] of points) store.push({ timeMs, value });
  return store;
}

describe('downsampleStore', () => {
  it('computes min/max/mean/last per bucket at bucket midpoints, skipping empty buckets and NaN', () => {
    const store = storeOf([
      [-1, 1000], // before the window
      [0, 1],
      [10, 5],
      [20, Number.NaN],
      [24, 3],
      // bucket 1 (25..50) is empty
      [60, 7],
      [100, 9], // the closed window's end joins the last bucket
      [101, 1000], // after the window
    ]);
    expect(downsampleStore({ store, timeOf, valueOf, fromT: 0, toT: 100, buckets: 4 })).toEqual([
      { t: 12.5, min: 1, max: 5, mean: 3, last: 3, count: 3 },
      { t: 62.5, min: 7, max: 7, mean: 7, last: 7, count: 1 },
      { t: 87.5, min: 9, max: 9, mean: 9, last: 9, count: 1 },
    ]);
  });

  it('returns nothing for an inverted or non-finite window, and rejects bad bucket counts', () => {
    const store = storeOf([[5, 1]]);
    expect(downsampleStore({ store, timeOf, valueOf, fromT: 10, toT: 0, buckets: 4 })).toEqual([]);
    expect(downsampleStore({ store, timeOf, valueOf, fromT: Number.NaN, toT: 10, buckets: 4 })).toEqual([]);
    expect(() => downsampleStore({ store, timeOf, valueOf, fromT: 0, toT: 10, buckets: 0 })).toThrow(RangeError);
    expect(() => downsampleStore({ store, timeOf, valueOf, fromT: 0, toT: 10, buckets: 2.5 })).toThrow(RangeError);
  });

  it('puts everything in one bucket for a zero-length window', () => {
    const store = storeOf([
      [5, 1],
      [5, 3],
    ]);
    expect(downsampleStore({ store, timeOf, valueOf, fromT: 5, toT: 5, buckets: 10 })).toEqual([{ t: 5, min: 1, max: 3, mean: 2, last: 3, count: 2 }]);
  });

  it('reduces an hour of 30 fps samples to at most `buckets` points, in place', () => {
    const n = 108_000;
    const store = new SampleStore<Point>(FRAME_STORE_CAPACITY);
    for (let i = 0; i < n; i++) store.push({ timeMs: (i * 1000) / 30, value: 2000 + (i % 30) });
    const from = 0;
    const to = 3_600_000;
    const buckets = 600;
    const out = downsampleStore({ store, timeOf, valueOf, fromT: from, toT: to, buckets });
    expect(out).toHaveLength(buckets);
    expect(out.reduce((sum, b) => sum + b.count, 0)).toBe(n);
    for (const b of out) {
      expect(b.min).toBe(2000);
      expect(b.max).toBe(2029);
      expect(b.mean).toBeCloseTo(2014.5, 6);
    }
    expect(out[0]?.t).toBe(3000);
  });

  it('reads a sub-window in place exactly as a store holding only that window', () => {
    const raw: [number, number][] = Array.from({ length: 500 }, (_, i) => [i * 7, Math.sin(i) * 100]);
    const windowOnly = storeOf(raw.filter(([t]) => t >= 700 && t <= 2100));
    expect(downsampleStore({ store: storeOf(raw), timeOf, valueOf, fromT: 700, toT: 2100, buckets: 13 })).toEqual(downsampleStore({ store: windowOnly, timeOf, valueOf, fromT: 700, toT: 2100, buckets: 13 }));
  });
});

describe('downsampleSteps', () => {
  it('keeps the first value, the change points and the newest sample', () => {
    const store = storeOf([
      [0, 720],
      [10, 720],
      [20, 480],
      [30, Number.NaN],
      [40, 480],
      [50, 720],
      [60, 720],
      [70, 720],
    ]);
    expect(downsampleSteps({ store, timeOf, valueOf, fromT: 0, toT: 100, buckets: 50 })).toEqual([
      { t: 0, v: 720 },
      { t: 20, v: 480 },
      { t: 50, v: 720 },
      { t: 70, v: 720 },
    ]);
    // The window starts mid-run: its first sample carries the value in force.
    expect(downsampleSteps({ store, timeOf, valueOf, fromT: 25, toT: 45, buckets: 50 })).toEqual([
      { t: 40, v: 480 },
    ]);
  });

  it('does not repeat the newest sample when it is itself a change', () => {
    const store = storeOf([
      [0, 240],
      [10, 480],
    ]);
    expect(downsampleSteps({ store, timeOf, valueOf, fromT: 0, toT: 10, buckets: 8 })).toEqual([
      { t: 0, v: 240 },
      { t: 10, v: 480 },
    ]);
    expect(downsampleSteps({ store: new SampleStore<Point>(1), timeOf, valueOf, fromT: 0, toT: 10, buckets: 8 })).toEqual([]);
  });

  it('caps a flapping series at `buckets` points, keeping the last value per bucket', () => {
    // Alternates every sample: 1000 change points.
    const raw: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i, i % 2 === 0 ? 240 : 720]);
    const store = storeOf(raw);
    const out = downsampleSteps({ store, timeOf, valueOf, fromT: 0, toT: 999, buckets: 10 });
    expect(out.length).toBeLessThanOrEqual(10);
    // Bucket b covers 99.9 ms; its last sample is odd or even depending on b.
    for (const p of out) expect(p.v).toBe(p.t % 2 === 0 ? 240 : 720);
    expect(out[out.length - 1]).toEqual({ t: 999, v: 720 });
    // Times strictly increase.
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
  });

  it('merges buckets that end on the same value but still reaches the newest sample', () => {
    // Many changes early, then a long flat stretch at 720.
    const raw: [number, number][] = [];
    for (let i = 0; i < 20; i++) raw.push([i, i % 2 === 0 ? 240 : 720]);
    for (let t = 21; t <= 100; t++) raw.push([t, 720]);
    const out = downsampleSteps({ store: storeOf(raw), timeOf, valueOf, fromT: 0, toT: 100, buckets: 5 });
    expect(out.length).toBeLessThanOrEqual(5);
    expect(out[out.length - 1]).toEqual({ t: 100, v: 720 });
    expect(out.filter((p) => p.v === 720).length).toBeLessThanOrEqual(2);
  });
});
