import { stallSummary, summarize, switchCount, type Summary } from './stats.ts';
import type { AvOffsetSample } from './av-sync.ts';
import type { MissReason } from './breakdown.ts';
import type { FrameSample, Marker } from './types.ts';

/** p50/p95 of one latency component over the joined frames. */
export interface ComponentSummary {
  p50: number;
  p95: number;
}

/** The latency breakdown of a measurement (breakdown.ts): each component's p50/p95, and the frames it covers. */
export interface BreakdownSummary {
  encodePackageMs: ComponentSummary;
  deliveryMs: ComponentSummary;
  bufferMs: ComponentSummary;
  /** Received minus capture over the frames joined by media time (arrival.ts); the buffer of frames without Server-Timing comes from the same join. */
  beforeArrivalMs: ComponentSummary;
  /** Frames joined to the object that delivered them. */
  joined: number;
  /** Frames that could not be joined, by reason (frames still waiting are not counted). */
  missed: Record<MissReason, number>;
}

/** The headline numbers of a measurement: what the page, the CLI and the benchmarks report. */
export interface MeasurementSummary {
  frames: number;
  framesDecoded: number;
  /** Fraction of analyzed frames whose GTC1 was read; NaN without frames. */
  decodeRate: number;
  latencyMs: Summary;
  engineLatencyP50Ms: number;
  pdtLatencyP50Ms: number;
  /** Median display time minus the CMAF prft wall clock; NaN without prft or where the engine does not read it (dash.js, Shaka). */
  prftLatencyP50Ms: number;
  stalls: { count: number; totalMs: number };
  renditionSwitches: number;
  averageBitrateBps: number;
  /** Clock offset and uncertainty in force at the last frame. */
  clock: { offsetMs: number; uncertaintyMs: number };
  breakdown: BreakdownSummary;
  /** Beep played minus flash shown (ms, positive = audio late), over the paired seconds. */
  avOffsetMs: { p50: number; p95: number; min: number; max: number; count: number };
}

const component = (values: number[]): ComponentSummary => {
  const s = summarize(values);
  return { p50: s.p50, p95: s.p95 };
};

export function summarizeBreakdown(frames: Iterable<FrameSample>): BreakdownSummary {
  const encode: number[] = [];
  const delivery: number[] = [];
  const buffer: number[] = [];
  const beforeArrival: number[] = [];
  const missed: Record<MissReason, number> = { 'no-timecode': 0, 'no-server-timing': 0, 'no-object': 0 };
  for (const f of frames) {
    if (f.breakdownMiss) missed[f.breakdownMiss]++;
    if (f.arrival) beforeArrival.push(f.arrival.beforeArrivalMs);
    if (f.breakdown) {
      encode.push(f.breakdown.encodePackageMs);
      delivery.push(f.breakdown.deliveryMs);
      buffer.push(f.breakdown.bufferMs);
    } else if (f.arrival) buffer.push(f.arrival.bufferMs);
  }
  return { encodePackageMs: component(encode), deliveryMs: component(delivery), bufferMs: component(buffer), beforeArrivalMs: component(beforeArrival), joined: encode.length, missed };
}

export function summarizeMeasurement(frames: Iterable<FrameSample>, markers: Iterable<Marker>, nowMs: number, avOffsets: Iterable<AvOffsetSample> = []): MeasurementSummary {
  const latencies: number[] = [];
  const engine: number[] = [];
  const pdt: number[] = [];
  const prft: number[] = [];
  let count = 0;
  let decoded = 0;
  let bitrateSum = 0;
  let bitrateCount = 0;
  let last: FrameSample | null = null;
  const frameList = [...frames];
  for (const f of frameList) {
    count++;
    if (Number.isFinite(f.captureTimeMs)) decoded++;
    latencies.push(f.latencyMs);
    engine.push(f.engineLatencyMs);
    pdt.push(f.pdtLatencyMs);
    prft.push(f.prftLatencyMs);
    if (Number.isFinite(f.bitrateBps)) {
      bitrateSum += f.bitrateBps;
      bitrateCount++;
    }
    last = f;
  }
  const markerList = [...markers];
  const stalls = stallSummary(markerList, nowMs);
  return {
    frames: count,
    framesDecoded: decoded,
    decodeRate: count ? decoded / count : NaN,
    latencyMs: summarize(latencies),
    engineLatencyP50Ms: summarize(engine).p50,
    pdtLatencyP50Ms: summarize(pdt).p50,
    prftLatencyP50Ms: summarize(prft).p50,
    stalls: { count: stalls.count, totalMs: stalls.totalMs },
    renditionSwitches: switchCount(markerList),
    averageBitrateBps: bitrateCount ? bitrateSum / bitrateCount : NaN,
    clock: { offsetMs: last?.clockOffsetMs ?? NaN, uncertaintyMs: last?.clockUncertaintyMs ?? NaN },
    breakdown: summarizeBreakdown(frameList),
    avOffsetMs: (({ p50, p95, min, max, count }) => ({ p50, p95, min, max, count }))(summarize(Array.from(avOffsets, (a) => a.offsetMs))),
  };
}
