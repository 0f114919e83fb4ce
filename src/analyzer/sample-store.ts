// Append-only sample storage for a long analyzer run. Items live in fixed-size chunks so that
// growing to hundreds of thousands of samples never copies (or briefly doubles) one huge array,
// and so the store can be read by index range without materialising a copy for the charts.

/** Items per chunk: large enough that chunk bookkeeping is negligible, small enough to allocate cheaply. */
export const SAMPLE_STORE_CHUNK_SIZE = 16_384;

/** 2.5 hours of frames at 60 fps (2.5 * 3600 * 60); about 5 hours at 30 fps. */
export const FRAME_STORE_CAPACITY = 540_000;
/** Requests: at 200 ms parts with a few playlist reloads per part this is well over an hour. */
export const REQUEST_STORE_CAPACITY = 200_000;
/** A/V offsets: one per second, 5.5 hours. */
export const AV_STORE_CAPACITY = 20_000;
/** Markers are rare events (stalls, switches, settings changes). */
export const MARKER_STORE_CAPACITY = 20_000;

export class SampleStore<T> implements Iterable<T> {
  readonly capacity: number;
  private chunks: T[][] = [];
  private count = 0;
  private isFull = false;
  private rejectedCount = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`SampleStore capacity must be a non-negative integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Number of items held. */
  get length(): number {
    return this.count;
  }

  /** True once a push was refused because the store reached its capacity. */
  get full(): boolean {
    return this.isFull;
  }

  /** How many pushes were refused; the UI reports it so the user knows data was not recorded. */
  get rejected(): number {
    return this.rejectedCount;
  }

  /**
   * Appends an item. Returns false, without touching what is already stored, once the store
   * is at capacity: losing early samples of a run would silently change its statistics.
   */
  push(item: T): boolean {
    if (this.count >= this.capacity) {
      this.isFull = true;
      this.rejectedCount++;
      return false;
    }
    const chunkIndex = Math.floor(this.count / SAMPLE_STORE_CHUNK_SIZE);
    let chunk = this.chunks[chunkIndex];
    if (chunk === undefined) {
      chunk = [];
      this.chunks.push(chunk);
    }
    chunk.push(item);
    this.count++;
    return true;
  }

  /** The item at index i (0-based), or undefined outside [0, length). */
  get(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.chunks[Math.floor(i / SAMPLE_STORE_CHUNK_SIZE)]?.[i % SAMPLE_STORE_CHUNK_SIZE];
  }

  /** The newest item, or undefined when empty. */
  last(): T | undefined {
    return this.get(this.count - 1);
  }

  /**
   * Calls fn for every item with fromIndex <= index < toIndex (clamped to the stored range),
   * walking chunk by chunk rather than dividing per item.
   */
  forEachInRange(fromIndex: number, toIndex: number, fn: (item: T, index: number) => void): void {
    const from = Math.max(0, Math.ceil(fromIndex));
    const to = Math.min(this.count, Math.ceil(toIndex));
    let index = from;
    while (index < to) {
      const chunk = this.chunks[Math.floor(index / SAMPLE_STORE_CHUNK_SIZE)];
      if (chunk === undefined) return;
      const chunkStart = index - (index % SAMPLE_STORE_CHUNK_SIZE);
      const end = Math.min(to, chunkStart + chunk.length);
      for (; index < end; index++) fn(chunk[index - chunkStart] as T, index);
    }
  }

  /**
   * Index of the first item whose time is >= timeMs, or length when there is none.
   * Items must have been appended in non-decreasing time order (binary search).
   */
  indexAtOrAfter(timeMs: number, timeOf: (item: T) => number): number {
    return this.lowerBound((item) => timeOf(item) < timeMs);
  }

  /** Index of the first item whose time is > timeMs, or length: the exclusive end of a closed window. */
  indexAfter(timeMs: number, timeOf: (item: T) => number): number {
    return this.lowerBound((item) => timeOf(item) <= timeMs);
  }

  /** A plain array copy, for export. */
  toArray(): T[] {
    const out: T[] = [];
    for (const chunk of this.chunks) for (const item of chunk) out.push(item);
    return out;
  }

  /** Forgets every item and the full/rejected state (a new run). */
  clear(): void {
    this.chunks = [];
    this.count = 0;
    this.isFull = false;
    this.rejectedCount = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** First index whose item is not `before` (items satisfying `before` form a prefix). */
  private lowerBound(before: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.get(mid) as T)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
