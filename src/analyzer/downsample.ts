// Charts draw a bounded number of points whatever the window length: an hour of 30 fps samples
// (108,000) is reduced in one pass to at most `buckets` points, reading the store in place.

import type { SampleStore } from './sample-store.ts';

export interface TimeValue {
  t: number;
  v: number;
}

/** One bucket of a downsampled series. */
export interface Bucket {
  /** Middle of the bucket's time span: evenly spaced x values whatever the data inside. */
  t: number;
  min: number;
  max: number;
  mean: number;
  /** The bucket's last value in input order (the newest, for time-ordered input). */
  last: number;
  /** Finite values that fell in the bucket. */
  count: number;
}

/** What a chart series reads: a time-ordered store, its items' time and value, the window [fromT, toT] and how many buckets to cut it into. */
export interface StoreWindow<T> {
  store: SampleStore<T>;
  timeOf: (item: T) => number;
  valueOf: (item: T) => number;
  fromT: number;
  toT: number;
  buckets: number;
}

/** Maps a time in [fromT, toT] to a bucket index; null when the window cannot be bucketed. */
function bucketIndexer(fromT: number, toT: number, buckets: number): ((t: number) => number) | null {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  if (!Number.isFinite(fromT) || !Number.isFinite(toT) || toT < fromT) return null;
  const span = toT - fromT;
  if (span === 0) return () => 0;
  // Multiply before dividing so whole-millisecond bucket edges land exactly on their bucket.
  // The window is closed, so t === toT joins the last bucket instead of opening a new one.
  return (t) => Math.min(buckets - 1, Math.floor(((t - fromT) * buckets) / span));
}

/** Accumulates min/max/sum/last per bucket in flat typed arrays: O(buckets) memory. */
class BucketAccumulator {
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  private readonly last: Float64Array;
  private readonly count: Uint32Array;

  constructor(
    private readonly fromT: number,
    private readonly toT: number,
    private readonly buckets: number,
    private readonly indexOf: (t: number) => number,
  ) {
    this.min = new Float64Array(buckets).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
    this.sum = new Float64Array(buckets);
    this.last = new Float64Array(buckets);
    this.count = new Uint32Array(buckets);
  }

  add(t: number, v: number): void {
    if (!(t >= this.fromT && t <= this.toT) || !Number.isFinite(v)) return;
    const b = this.indexOf(t);
    if (v < (this.min[b] as number)) this.min[b] = v;
    if (v > (this.max[b] as number)) this.max[b] = v;
    this.sum[b] = (this.sum[b] as number) + v;
    this.last[b] = v;
    this.count[b] = (this.count[b] as number) + 1;
  }

  result(): Bucket[] {
    const width = (this.toT - this.fromT) / this.buckets;
    const out: Bucket[] = [];
    for (let b = 0; b < this.buckets; b++) {
      const count = this.count[b] as number;
      if (count === 0) continue;
      out.push({
        t: this.fromT + (b + 0.5) * width,
        min: this.min[b] as number,
        max: this.max[b] as number,
        mean: (this.sum[b] as number) / count,
        last: this.last[b] as number,
        count,
      });
    }
    return out;
  }
}

/**
 * Downsamples the items with fromT <= t <= toT of a time-ordered store into `buckets` equal
 * time buckets, skipping empty buckets and non-finite values. Reads the store in place: binary
 * search to the window, then one pass over the window's items only.
 */
export function downsampleStore<T>({ store, timeOf, valueOf, fromT, toT, buckets }: StoreWindow<T>): Bucket[] {
  const indexOf = bucketIndexer(fromT, toT, buckets);
  if (indexOf === null) return [];
  const acc = new BucketAccumulator(fromT, toT, buckets, indexOf);
  store.forEachInRange(store.indexAtOrAfter(fromT, timeOf), store.indexAfter(toT, timeOf), (item) => acc.add(timeOf(item), valueOf(item)));
  return acc.result();
}

/**
 * A step series (e.g. rendition height) for the window [fromT, toT] of a time-ordered store:
 * the first value, every change point, and the newest sample (so the step reaches the live
 * edge). Non-finite values are skipped. When that is more than `buckets` points, keeps only the
 * last point of each bucket (the value in force at the bucket's end), merging equal neighbours.
 * One pass, O(buckets) memory.
 */
export function downsampleSteps<T>({ store, timeOf, valueOf, fromT, toT, buckets }: StoreWindow<T>): TimeValue[] {
  const indexOf = bucketIndexer(fromT, toT, buckets);
  if (indexOf === null) return [];
  const changes: TimeValue[] = [];
  let overflow = false;
  // Per bucket, the last change point in it: the fallback when changes exceed the cap.
  const bucketT = new Float64Array(buckets);
  const bucketV = new Float64Array(buckets);
  const bucketFilled = new Uint8Array(buckets);
  const emit = (t: number, v: number) => {
    if (!overflow) {
      changes.push({ t, v });
      if (changes.length > buckets) overflow = true;
    }
    const b = indexOf(t);
    bucketT[b] = t;
    bucketV[b] = v;
    bucketFilled[b] = 1;
  };

  let emittedT = Number.NaN;
  let emittedV = Number.NaN;
  let newestT = Number.NaN;
  let newestV = Number.NaN;
  store.forEachInRange(store.indexAtOrAfter(fromT, timeOf), store.indexAfter(toT, timeOf), (item) => {
    const t = timeOf(item);
    const v = valueOf(item);
    if (!Number.isFinite(v) || !(t >= fromT && t <= toT)) return;
    if (v !== emittedV) {
      emit(t, v);
      emittedT = t;
      emittedV = v;
    }
    newestT = t;
    newestV = v;
  });
  if (Number.isNaN(newestT)) return [];
  if (newestT > emittedT) emit(newestT, newestV);
  if (!overflow) return changes;

  const out: TimeValue[] = [];
  let lastFilled = -1;
  for (let b = 0; b < buckets; b++) {
    if (bucketFilled[b] !== 1) continue;
    lastFilled = b;
    const v = bucketV[b] as number;
    if (out.length === 0 || (out[out.length - 1] as TimeValue).v !== v) out.push({ t: bucketT[b] as number, v });
  }
  // Keep the newest point even when its value merged, so the step still reaches the live edge;
  // merging removed at least one point, so this stays within the cap.
  const newest = out[out.length - 1] as TimeValue;
  const lastT = bucketT[lastFilled] as number;
  if (newest.t !== lastT) out.push({ t: lastT, v: bucketV[lastFilled] as number });
  return out;
}
