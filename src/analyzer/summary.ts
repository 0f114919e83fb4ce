import { stallSummary, summarize, switchCount, type Summary } from './stats.ts';
import type { FrameSample, Marker } from './types.ts';

/** The headline numbers of a measurement: what the page, the CLI and the benchmarks report. */
export interface MeasurementSummary {
  frames: number;
  framesDecoded: number;
  /** Fraction of analyzed frames whose GTC1 was read; NaN without frames. */
  decodeRate: number;
  latencyMs: Summary;
  engineLatencyP50Ms: number;
  pdtLatencyP50Ms: number;
  stalls: { count: number; totalMs: number };
  renditionSwitches: number;
  averageBitrateBps: number;
  /** Clock offset and uncertainty in force at the last frame. */
  clock: { offsetMs: number; uncertaintyMs: number };
}

export function summarizeMeasurement(frames: Iterable<FrameSample>, markers: Iterable<Marker>, nowMs: number): MeasurementSummary {
  const latencies: number[] = [];
  const engine: number[] = [];
  const pdt: number[] = [];
  let count = 0;
  let decoded = 0;
  let bitrateSum = 0;
  let bitrateCount = 0;
  let last: FrameSample | null = null;
  for (const f of frames) {
    count++;
    if (Number.isFinite(f.captureTimeMs)) decoded++;
    latencies.push(f.latencyMs);
    engine.push(f.engineLatencyMs);
    pdt.push(f.pdtLatencyMs);
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
    stalls: { count: stalls.count, totalMs: stalls.totalMs },
    renditionSwitches: switchCount(markerList),
    averageBitrateBps: bitrateCount ? bitrateSum / bitrateCount : NaN,
    clock: { offsetMs: last?.clockOffsetMs ?? NaN, uncertaintyMs: last?.clockUncertaintyMs ?? NaN },
  };
}
