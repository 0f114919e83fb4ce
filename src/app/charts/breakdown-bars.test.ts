import { describe, expect, it } from 'vitest';
import { SampleStore } from '../../analyzer/sample-store.ts';
import { windowStats } from '../../analyzer/stats.ts';
import type { FrameSample } from '../../analyzer/types.ts';
import { breakdownBars, splitOf } from './breakdown-bars.ts';
import { barStats as stats } from '../testing/bar-stats.ts';

describe('splitOf', () => {
  it('takes the origin split when all three parts are known, else before arrival + buffer, else nothing', () => {
    expect(splitOf(stats(140, 9, 885, 1030, 150))).toEqual({ split: 'origin', parts: [['encode', 140], ['delivery', 9], ['buffer', 885]] });
    expect(splitOf(stats(NaN, NaN, 900, 2400, 1500))).toEqual({ split: 'arrival', parts: [['beforeArrival', 1500], ['buffer', 900]] });
    expect(splitOf(stats(NaN, NaN, NaN, 2400))).toEqual({ split: 'none', parts: [] });
  });
});

describe('breakdownBars', () => {
  it('puts every player on one scale, the longest bar or tick filling it', () => {
    const bars = breakdownBars([
      { label: 'plain', color: 'c1', stats: stats(140, 10, 850, 1000) },
      { label: 'delayed', color: 'c2', stats: stats(640, 10, 850, 1510) },
    ]);
    expect(bars.map((b) => b.label)).toEqual(['plain', 'delayed']);
    expect(bars.map((b) => b.sumMs)).toEqual([1000, 1500]);
    // The scale is the delayed player's tick (1510 ms), past its bar (1500 ms).
    expect(bars[1]!.g2gAt).toBe(1);
    expect(bars[0]!.parts.map((p) => [p.key, p.ms, p.width])).toEqual([
      ['encode', 140, 140 / 1510],
      ['delivery', 10, 10 / 1510],
      ['buffer', 850, 850 / 1510],
    ]);
    expect(bars[0]!.parts.map((p) => p.label)).toEqual(['encoder + packager', 'delivery', 'player buffer']);
    expect(bars[0]!.g2gAt).toBeCloseTo(1000 / 1510, 12);
  });

  it('keeps a player that cannot be split, and draws nothing for a negative or unknown part', () => {
    const bars = breakdownBars([
      { label: 'foreign', color: 'c1', stats: stats(NaN, NaN, NaN, NaN) },
      { label: 'odd', color: 'c2', stats: stats(100, -5, 400, 500) },
    ]);
    expect(bars[0]).toMatchObject({ split: 'none', parts: [], sumMs: NaN, g2gAt: NaN });
    expect(bars[1]!.parts[1]).toMatchObject({ key: 'delivery', ms: -5, width: 0 });
    expect(bars[1]!.sumMs).toBe(495);
  });

  it('gives an empty page a finite scale', () => {
    const [bar] = breakdownBars([{ label: 'new', color: 'c', stats: stats(NaN, NaN, NaN, NaN) }]);
    expect(bar!.parts).toEqual([]);
    expect(breakdownBars([])).toEqual([]);
  });

  it('shows the readouts\' own medians: the parts of windowStats, which need not add up to the g2g p50', () => {
    // Frames of one 200 ms part: encode grows as buffer shrinks (the frames arrive together).
    const store = new SampleStore<FrameSample>(100);
    const times = [
      [0, 10, 990],
      [33, 10, 957],
      [66, 10, 1024],
      [100, 10, 1090],
      [133, 10, 857],
    ] as const;
    times.forEach(([encode, delivery, buffer], i) => {
      const latencyMs = encode + delivery + buffer;
      store.push({ displayTimeMs: 1000 + i * 33, captureTimeMs: 1000 + i * 33 - latencyMs, latencyMs, breakdown: { availableMs: 0, receivedMs: 0, encodePackageMs: encode, deliveryMs: delivery, bufferMs: buffer } } as FrameSample);
    });
    const w = windowStats(store, 0, 10_000);
    const [bar] = breakdownBars([{ label: 'p', color: 'c', stats: w }]);
    expect(bar!.parts.map((p) => p.ms)).toEqual([66, 10, 990]);
    expect(bar!.sumMs).toBe(1066);
    expect(bar!.g2gP50Ms).toBe(1000);
  });
});
