import { describe, it, expect } from 'vitest';
import { FRAME_STORE_CAPACITY, MARKER_STORE_CAPACITY, REQUEST_STORE_CAPACITY, SAMPLE_STORE_CHUNK_SIZE, SampleStore } from './sample-store.ts';

interface Timed {
  t: number;
  id: number;
}
const timeOf = (x: Timed) => x.t;

function filled(n: number, capacity = n): SampleStore<number> {
  const store = new SampleStore<number>(capacity);
  for (let i = 0; i < n; i++) store.push(i);
  return store;
}

describe('SampleStore', () => {
  it('documents capacities that fit a long run', () => {
    expect(FRAME_STORE_CAPACITY).toBe(2.5 * 3600 * 60);
    expect(REQUEST_STORE_CAPACITY).toBe(200_000);
    expect(MARKER_STORE_CAPACITY).toBe(20_000);
  });

  it('starts empty', () => {
    const store = new SampleStore<number>(10);
    expect(store.length).toBe(0);
    expect(store.last()).toBeUndefined();
    expect(store.get(0)).toBeUndefined();
    expect(store.full).toBe(false);
    expect(store.toArray()).toEqual([]);
  });

  it('stores and reads back across chunk boundaries', () => {
    const n = SAMPLE_STORE_CHUNK_SIZE * 2 + 5;
    const store = filled(n);
    expect(store.length).toBe(n);
    for (const i of [0, 1, SAMPLE_STORE_CHUNK_SIZE - 1, SAMPLE_STORE_CHUNK_SIZE, SAMPLE_STORE_CHUNK_SIZE + 1, n - 1]) {
      expect(store.get(i)).toBe(i);
    }
    expect(store.last()).toBe(n - 1);
    expect(store.toArray()).toEqual(Array.from({ length: n }, (_, i) => i));
    expect([...store]).toHaveLength(n);
  });

  it('returns undefined outside the stored range and for non-integer indices', () => {
    const store = filled(3);
    expect(store.get(-1)).toBeUndefined();
    expect(store.get(3)).toBeUndefined();
    expect(store.get(1.5)).toBeUndefined();
    expect(store.get(Number.NaN)).toBeUndefined();
  });

  it('refuses pushes at capacity without dropping what it holds', () => {
    const store = new SampleStore<number>(3);
    expect(store.push(1)).toBe(true);
    expect(store.push(2)).toBe(true);
    expect(store.push(3)).toBe(true);
    expect(store.full).toBe(false);
    expect(store.push(4)).toBe(false);
    expect(store.push(5)).toBe(false);
    expect(store.full).toBe(true);
    expect(store.rejected).toBe(2);
    expect(store.toArray()).toEqual([1, 2, 3]);
  });

  it('a zero-capacity store rejects everything; a bad capacity throws', () => {
    const store = new SampleStore<number>(0);
    expect(store.push(1)).toBe(false);
    expect(store.full).toBe(true);
    expect(() => new SampleStore<number>(-1)).toThrow(RangeError);
    expect(() => new SampleStore<number>(1.5)).toThrow(RangeError);
  });

  it('clear() forgets items and the full state', () => {
    const store = filled(2, 2);
    store.push(99);
    expect(store.full).toBe(true);
    store.clear();
    expect(store.length).toBe(0);
    expect(store.full).toBe(false);
    expect(store.rejected).toBe(0);
    expect(store.push(7)).toBe(true);
    expect(store.toArray()).toEqual([7]);
  });

  it('forEachInRange visits [from, to) clamped, with indices, across chunks', () => {
    const n = SAMPLE_STORE_CHUNK_SIZE + 10;
    const store = filled(n);
    const seen: number[] = [];
    store.forEachInRange(SAMPLE_STORE_CHUNK_SIZE - 3, SAMPLE_STORE_CHUNK_SIZE + 2, (item, index) => {
      expect(item).toBe(index);
      seen.push(item);
    });
    expect(seen).toEqual([-3, -2, -1, 0, 1].map((d) => SAMPLE_STORE_CHUNK_SIZE + d));

    let visits = 0;
    store.forEachInRange(-100, 3, () => visits++);
    expect(visits).toBe(3);
    visits = 0;
    store.forEachInRange(n - 2, n + 100, () => visits++);
    expect(visits).toBe(2);
    visits = 0;
    store.forEachInRange(5, 5, () => visits++);
    store.forEachInRange(6, 2, () => visits++);
    expect(visits).toBe(0);
  });

  it('indexAtOrAfter / indexAfter binary-search time-ordered items, with ties', () => {
    const store = new SampleStore<Timed>(100);
    const times = [10, 20, 20, 20, 30, 40];
    times.forEach((t, id) => store.push({ t, id }));
    expect(store.indexAtOrAfter(0, timeOf)).toBe(0);
    expect(store.indexAtOrAfter(10, timeOf)).toBe(0);
    expect(store.indexAtOrAfter(11, timeOf)).toBe(1);
    expect(store.indexAtOrAfter(20, timeOf)).toBe(1);
    expect(store.indexAtOrAfter(21, timeOf)).toBe(4);
    expect(store.indexAtOrAfter(40, timeOf)).toBe(5);
    expect(store.indexAtOrAfter(41, timeOf)).toBe(6);
    expect(store.indexAfter(20, timeOf)).toBe(4);
    expect(store.indexAfter(9, timeOf)).toBe(0);
    expect(store.indexAfter(40, timeOf)).toBe(6);
    expect(new SampleStore<Timed>(5).indexAtOrAfter(0, timeOf)).toBe(0);
  });

  it('binary search agrees with a linear scan over a multi-chunk store', () => {
    const store = new SampleStore<Timed>(FRAME_STORE_CAPACITY);
    const n = 40_000;
    for (let i = 0; i < n; i++) store.push({ t: i * 33.3, id: i });
    for (const target of [-5, 0, 1, 33.3, 545_000.5, 545_455.2, 1_331_966.7, 2_000_000]) {
      const linear = store.toArray().findIndex((x) => x.t >= target);
      expect(store.indexAtOrAfter(target, timeOf)).toBe(linear === -1 ? n : linear);
    }
  });
});
