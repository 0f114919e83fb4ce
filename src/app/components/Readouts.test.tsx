import { describe, expect, it } from 'vitest';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { FRAME_STORE_CAPACITY, SampleStore } from '../../analyzer/sample-store.ts';
import type { FrameSample } from '../../analyzer/types.ts';
import { currentLatencyMs } from './Readouts.tsx';

function sessionWith(latencies: number[]): AnalyzerSession {
  const frames = new SampleStore<FrameSample>(FRAME_STORE_CAPACITY);
  for (const latencyMs of latencies) frames.push({ latencyMs } as FrameSample);
  // currentLatencyMs reads only the frame store.
  return { frames } as unknown as AnalyzerSession;
}

describe('currentLatencyMs', () => {
  it('is the interpolated median of the last 15 frames with a reading, as every other p50', () => {
    // The 16th-from-last frame (0 ms) is older than the half second: with it, the median would be 1050.
    const older = [0];
    const last15 = [1200, NaN, NaN, 1000, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 1100, NaN];
    expect(currentLatencyMs(sessionWith([...older, ...last15]))).toBe(1100);
    // An even count interpolates between the two middle values (an upper median would say 1200).
    expect(currentLatencyMs(sessionWith([1000, 1200]))).toBe(1100);
  });

  it('is NaN before any frame carried a timecode', () => {
    expect(currentLatencyMs(sessionWith([]))).toBeNaN();
    expect(currentLatencyMs(sessionWith([NaN, NaN]))).toBeNaN();
  });
});
