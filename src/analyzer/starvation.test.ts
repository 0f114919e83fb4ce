import { describe, expect, it } from 'vitest';
import { SampleStore } from './sample-store.ts';
import { frameHealth } from './starvation.ts';
import type { FrameSample } from './types.ts';

function store(fps: number, seconds: number, lostPerSecond = 0): SampleStore<FrameSample> {
  const frames = new SampleStore<FrameSample>(10_000);
  const n = fps * seconds;
  for (let i = 0; i < n; i++) {
    const t = 1_000_000 + (i * 1000) / fps;
    frames.push({
      displayTimeMs: t, captureTimeMs: t - 1000, latencyMs: 1000, engineLatencyMs: NaN, targetLatencyMs: NaN, pdtLatencyMs: NaN, prftLatencyMs: NaN,
      renditionHeight: 720, bitrateBps: NaN, bufferS: 1, playbackRate: 1, bandwidthEstimateBps: NaN,
      droppedFrames: Math.floor((i / fps) * lostPerSecond), missedFrames: 0, clockOffsetMs: 0, clockUncertaintyMs: 0, engine: 'hls',
    });
  }
  return frames;
}

describe('frameHealth', () => {
  const now = 1_000_000 + 10_000;
  it('is healthy at the nominal 30 fps with nothing lost', () => {
    expect(frameHealth(store(30, 10), now)).toMatchObject({ fps: 30, lost: 0, starved: false });
  });
  it('is starved below 80% of 30 fps', () => {
    const h = frameHealth(store(15, 10), now);
    expect(h.fps).toBe(15);
    expect(h.starved).toBe(true);
  });
  it('is starved when over 10% of the frames due were dropped, even at a good rate', () => {
    const h = frameHealth(store(30, 10, 6), now);
    expect(h.lost).toBeGreaterThan(20);
    expect(h.starved).toBe(true);
  });
  it('says nothing without frames', () => {
    expect(frameHealth(new SampleStore<FrameSample>(10), now)).toEqual({ fps: 0, lost: 0, starved: false });
  });
});
