// Summary statistics for the readouts: latency percentiles over a time window, decode rate,
// stalls and switches. Pure functions over the analyzer's stores and marker lists.

import type { FrameSample, Marker } from './types.ts';
import type { SampleStore } from './sample-store.ts';

export interface Summary {
  /** Number of finite values summarised. */
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The p-th percentile (p in [0, 100]) of ascending values, interpolating linearly between the
 * two closest ranks (rank = p/100 * (n - 1), as numpy's default and Excel's PERCENTILE.INC).
 * NaN for an empty input.
 */
export function percentile(sortedValues: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be in [0, 100], got ${p}`);
  const n = sortedValues.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const lowerRank = Math.floor(rank);
  const upperRank = Math.min(n - 1, lowerRank + 1);
  const lower = sortedValues[lowerRank] as number;
  const upper = sortedValues[upperRank] as number;
  return lower + (upper - lower) * (rank - lowerRank);
}

/** count/min/max/mean/p50/p95/p99 of the finite values; NaN and ±Infinity are ignored. */
export function summarize(values: Iterable<number>): Summary {
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v)) finite.push(v);
  // A typed array sorts numerically (Array#sort would compare as strings) and faster.
  const sorted = Float64Array.from(finite).sort();
  const count = sorted.length;
  if (count === 0) {
    return { count: 0, min: Number.NaN, max: Number.NaN, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN };
  }
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    mean: sum / count,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export interface WindowStats {
  /** Frames displayed in the window (decoded timecode or not). */
  frames: number;
  /** Glass-to-glass latency over the frames that carried a readable timecode. */
  latency: Summary;
  /** Fraction of the window's frames with a finite captureTimeMs; NaN when there are no frames. */
  decodeRate: number;
  /** Median of the engine's own latency estimate, to compare with the measured one. */
  engineLatencyP50Ms: number;
  /** Median of display time minus the playhead's program date time (streams with PDT). */
  pdtLatencyP50Ms: number;
  /** The same against the CMAF prft wall clock (engines that read prft). */
  prftLatencyP50Ms: number;
  /** Medians of the latency breakdown over the window's joined frames (breakdown.ts). */
  encodePackageP50Ms: number;
  deliveryP50Ms: number;
  bufferP50Ms: number;
  /** Median of received minus capture over frames joined by media time (arrival.ts): on another origin it stands in for the first two. */
  beforeArrivalP50Ms: number;
  /** Window frames that could not be joined to the object that delivered them. */
  unjoinedFrames: number;
}

/** Statistics of the frames displayed in the closed window [fromTimeMs, toTimeMs]. */
export function windowStats(store: SampleStore<FrameSample>, fromTimeMs: number, toTimeMs: number): WindowStats {
  const displayTime = (s: FrameSample) => s.displayTimeMs;
  const first = store.indexAtOrAfter(fromTimeMs, displayTime);
  const end = store.indexAfter(toTimeMs, displayTime);
  const latencies: number[] = [];
  const engineLatencies: number[] = [];
  const pdtLatencies: number[] = [];
  const prftLatencies: number[] = [];
  const encode: number[] = [];
  const delivery: number[] = [];
  const buffer: number[] = [];
  const beforeArrival: number[] = [];
  let decoded = 0;
  let unjoined = 0;
  store.forEachInRange(first, end, (s) => {
    if (Number.isFinite(s.captureTimeMs)) decoded++;
    if (s.breakdownMiss) unjoined++;
    if (s.breakdown) {
      encode.push(s.breakdown.encodePackageMs);
      delivery.push(s.breakdown.deliveryMs);
      buffer.push(s.breakdown.bufferMs);
    } else if (s.arrival) buffer.push(s.arrival.bufferMs);
    if (s.arrival) beforeArrival.push(s.arrival.beforeArrivalMs);
    latencies.push(s.latencyMs);
    engineLatencies.push(s.engineLatencyMs);
    pdtLatencies.push(s.pdtLatencyMs);
    prftLatencies.push(s.prftLatencyMs);
  });
  const frames = Math.max(0, end - first);
  return {
    frames,
    latency: summarize(latencies),
    decodeRate: frames === 0 ? Number.NaN : decoded / frames,
    engineLatencyP50Ms: summarize(engineLatencies).p50,
    pdtLatencyP50Ms: summarize(pdtLatencies).p50,
    prftLatencyP50Ms: summarize(prftLatencies).p50,
    encodePackageP50Ms: summarize(encode).p50,
    deliveryP50Ms: summarize(delivery).p50,
    bufferP50Ms: summarize(buffer).p50,
    beforeArrivalP50Ms: summarize(beforeArrival).p50,
    unjoinedFrames: unjoined,
  };
}

export interface StallSummary {
  /** Stalls that started (terminated or not). */
  count: number;
  /** Total stalled time; an ongoing stall counts up to nowMs. */
  totalMs: number;
  /** True when the last stall has no stall-end yet. */
  ongoing: boolean;
  /** Start of the ongoing stall, NaN when none. */
  ongoingSinceMs: number;
}

/**
 * Pairs stall-start / stall-end markers (in time order). A repeated stall-start inside a stall
 * and a stall-end outside one are ignored, so a noisy engine cannot double count. Without
 * nowMs, an ongoing stall is reported (ongoing, ongoingSinceMs) but adds nothing to totalMs.
 */
export function stallSummary(markers: Iterable<Marker>, nowMs: number = Number.NaN): StallSummary {
  let count = 0;
  let totalMs = 0;
  let stallStart = Number.NaN;
  for (const marker of markers) {
    if (marker.kind === 'stall-start') {
      if (!Number.isNaN(stallStart)) continue;
      stallStart = marker.timeMs;
      count++;
    } else if (marker.kind === 'stall-end') {
      if (Number.isNaN(stallStart)) continue;
      totalMs += Math.max(0, marker.timeMs - stallStart);
      stallStart = Number.NaN;
    }
  }
  const ongoing = !Number.isNaN(stallStart);
  if (ongoing && Number.isFinite(nowMs)) totalMs += Math.max(0, nowMs - stallStart);
  return { count, totalMs, ongoing, ongoingSinceMs: stallStart };
}

/** Rendition switches that actually reached the screen (not merely requested). */
export function switchCount(markers: Iterable<Marker>): number {
  let count = 0;
  for (const marker of markers) if (marker.kind === 'switch-rendered') count++;
  return count;
}
