import { describe, it, expect } from 'vitest';
import { SampleStore } from './sample-store.ts';
import { percentile, stallSummary, summarize, switchCount, windowStats } from './stats.ts';
import type { FrameSample, Marker, MarkerKind } from './types.ts';

function frame(displayTimeMs: number, captureTimeMs: number, engineLatencyMs = Number.NaN): FrameSample {
  return {
    displayTimeMs,
    captureTimeMs,
    latencyMs: displayTimeMs - captureTimeMs,
    engineLatencyMs,
    targetLatencyMs: Number.NaN,
    pdtLatencyMs: Number.NaN,
    prftLatencyMs: Number.NaN,
    renditionHeight: 720,
    bitrateBps: 1_500_000,
    bufferS: 1,
    playbackRate: 1,
    bandwidthEstimateBps: Number.NaN,
    droppedFrames: 0,
    missedFrames: 0,
    clockOffsetMs: 0,
    clockUncertaintyMs: 0.5,
    engine: 'hls',
  };
}

function marker(timeMs: number, kind: MarkerKind): Marker {
  return { timeMs, kind, label: kind, engine: 'hls' };
}

describe('percentile', () => {
  it('interpolates linearly between the closest ranks', () => {
    const v = [10, 20, 30, 40];
    expect(percentile(v, 0)).toBe(10);
    expect(percentile(v, 100)).toBe(40);
    expect(percentile(v, 50)).toBe(25);
    // rank = 0.95 * 3 = 2.85 -> 30 + 0.85 * 10
    expect(percentile(v, 95)).toBeCloseTo(38.5, 10);
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
  });

  it('handles one value and no values', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('summarises finite values only', () => {
    const s = summarize([5, Number.NaN, 1, 3, Number.POSITIVE_INFINITY, 2, 4]);
    expect(s).toEqual({ count: 5, min: 1, max: 5, mean: 3, p50: 3, p95: 4.8, p99: 4.96 });
  });

  it('sorts numerically, not as strings', () => {
    const s = summarize([100, 9, 1000, 20]);
    expect(s.min).toBe(9);
    expect(s.max).toBe(1000);
    expect(s.p50).toBe(60);
  });

  it('is all NaN with count 0 when nothing is finite', () => {
    const s = summarize([Number.NaN, Number.NaN]);
    expect(s.count).toBe(0);
    for (const key of ['min', 'max', 'mean', 'p50', 'p95', 'p99'] as const) expect(s[key]).toBeNaN();
    expect(summarize([]).count).toBe(0);
  });

  it('p50 of 1..1000 is 500.5 and p99 is 990.01', () => {
    const s = summarize(Array.from({ length: 1000 }, (_, i) => 1000 - i));
    expect(s.p50).toBeCloseTo(500.5, 10);
    expect(s.p99).toBeCloseTo(990.01, 10);
    expect(s.mean).toBeCloseTo(500.5, 10);
  });
});

describe('windowStats', () => {
  // 30 fps for 10 s, latency 2000 + (i % 10) ms; every 4th frame has no readable timecode.
  const store = new SampleStore<FrameSample>(1000);
  for (let i = 0; i < 300; i++) {
    const display = 1_000_000 + i * (1000 / 30);
    store.push(frame(display, i % 4 === 3 ? Number.NaN : display - 2000 - (i % 10), 1800));
  }

  it('summarises the frames displayed in the closed window', () => {
    const w = windowStats(store, 1_000_000, 1_000_000 + 1000);
    // Frames 0..30: display times 0, 33.3, ..., 1000 ms (the end is included).
    expect(w.frames).toBe(31);
    expect(w.decodeRate).toBeCloseTo(24 / 31, 10);
    expect(w.latency.count).toBe(24);
    expect(w.latency.min).toBe(2000);
    expect(w.latency.max).toBeCloseTo(2009, 6);
    expect(w.engineLatencyP50Ms).toBe(1800);
    // The fixture has no program date time: the PDT median is unknown, not zero.
    expect(w.pdtLatencyP50Ms).toBeNaN();
  });

  it('gives the median PDT latency of the window', () => {
    const pdt = new SampleStore<FrameSample>(10);
    [1500, 1700, 1600].forEach((ms, i) => pdt.push({ ...frame(1_000_000 + i * 33, 1_000_000 - 2000, 1800), pdtLatencyMs: ms }));
    expect(windowStats(pdt, 0, Number.POSITIVE_INFINITY).pdtLatencyP50Ms).toBe(1600);
  });

  it('covers the whole store and an empty window', () => {
    expect(windowStats(store, 0, Number.POSITIVE_INFINITY).frames).toBe(300);
    const empty = windowStats(store, 2_000_000, 3_000_000);
    expect(empty.frames).toBe(0);
    expect(empty.decodeRate).toBeNaN();
    expect(empty.latency.count).toBe(0);
    expect(empty.latency.p50).toBeNaN();
    expect(empty.engineLatencyP50Ms).toBeNaN();
  });

  it('decodeRate is 0 when no frame had a timecode', () => {
    const s = new SampleStore<FrameSample>(10);
    s.push(frame(1, Number.NaN));
    s.push(frame(2, Number.NaN));
    const w = windowStats(s, 0, 10);
    expect(w.frames).toBe(2);
    expect(w.decodeRate).toBe(0);
    expect(w.latency.mean).toBeNaN();
  });
});

describe('stallSummary', () => {
  it('pairs starts and ends', () => {
    const markers = [marker(1000, 'stall-start'), marker(1500, 'stall-end'), marker(3000, 'switch-rendered'), marker(4000, 'stall-start'), marker(4250, 'stall-end')];
    expect(stallSummary(markers)).toEqual({ count: 2, totalMs: 750, ongoing: false, ongoingSinceMs: Number.NaN });
  });

  it('counts an ongoing stall up to nowMs', () => {
    const markers = [marker(1000, 'stall-start'), marker(1200, 'stall-end'), marker(5000, 'stall-start')];
    const s = stallSummary(markers, 5600);
    expect(s).toEqual({ count: 2, totalMs: 800, ongoing: true, ongoingSinceMs: 5000 });
    // Without nowMs it is reported but not timed.
    expect(stallSummary(markers).totalMs).toBe(200);
    expect(stallSummary(markers).ongoing).toBe(true);
  });

  it('ignores a repeated start inside a stall and an unmatched end', () => {
    const markers = [marker(500, 'stall-end'), marker(1000, 'stall-start'), marker(1100, 'stall-start'), marker(1400, 'stall-end'), marker(1500, 'stall-end')];
    expect(stallSummary(markers)).toMatchObject({ count: 1, totalMs: 400, ongoing: false });
  });

  it('is zero for no markers', () => {
    expect(stallSummary([], 1000)).toMatchObject({ count: 0, totalMs: 0, ongoing: false });
  });
});

describe('switchCount', () => {
  it('counts rendered switches only', () => {
    const markers = [marker(1, 'switch-requested'), marker(2, 'switch-rendered'), marker(3, 'switch-requested'), marker(4, 'switch-rendered'), marker(5, 'load')];
    expect(switchCount(markers)).toBe(2);
    expect(switchCount([])).toBe(0);
  });
});
