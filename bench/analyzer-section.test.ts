import { describe, expect, it } from 'vitest';
import { renderReadCost } from './analyzer-section.ts';
import { renderReadRate, type ReadRateWindow } from './read-rate.ts';
import type { ReadCostRun } from './browser-runs.ts';

const cost = (p50: number, p95: number) => ({ n: 100, p50, p95, p99: p95, min: p50, max: p95, mean: p50 });
const run = (height: number, locked: [number, number], search: [number, number]): ReadCostRun => ({
  path: 'webcodecs',
  height,
  frames: 540,
  seconds: 20,
  costMs: cost(...locked),
  searchFrames: 60,
  searchCostMs: cost(...search),
});

describe('renderReadCost', () => {
  it('puts the locked and the search cost of each run side by side, with the page fps', () => {
    const lines = renderReadCost({ runs: [run(720, [0.2, 0.7], [3.4, 10])], canvasOverWebcodecsP50: { '720p': null, '240p': null } });
    expect(lines).toContain('| webcodecs | 720p | 540 (27.0) | 0.2 | 0.7 | 60 | 3.4 | 10 |');
  });

  it("judges the 720p locked read against #15's 0.5 ms, p50 and p95 apart", () => {
    const within = renderReadCost({ runs: [run(720, [0.2, 0.4], [3, 9])], canvasOverWebcodecsP50: {} }).join('\n');
    expect(within).toContain('the p50 is within it.');
    const tail = renderReadCost({ runs: [run(720, [0.2, 0.7], [3, 9])], canvasOverWebcodecsP50: {} }).join('\n');
    expect(tail).toContain('the p50 is within it, the p95 is not.');
    const over = renderReadCost({ runs: [run(720, [0.6, 0.9], [3, 9])], canvasOverWebcodecsP50: {} }).join('\n');
    expect(over).toContain('the p50 is over it');
  });
});

describe('renderReadRate', () => {
  const w = (phase: ReadRateWindow['phase'], atS: number, readFps: number): ReadRateWindow => ({ phase, atS, readFps, decodedFps: 30, droppedFps: 0, height: 360 });

  it('reports read / decoded per window and flags a page that starves its reader', () => {
    const healthy = renderReadRate({ stream: 'll200', windowS: 10, windows: [w('first load', 10, 28), w('after reload', 10, 27)] }).join('\n');
    expect(healthy).toContain('| after reload | 10 | 360p | 27 | 30 | 0 | 0.90 |');
    expect(healthy).toContain('Lowest read / decoded: 0.90.');
    const starved = renderReadRate({ stream: 'll200', windowS: 10, windows: [w('first load', 10, 28), w('after reload', 10, 1.1)] }).join('\n');
    expect(starved).toContain('Lowest read / decoded: 0.04, under 0.8: the page starved its own reader.');
  });
});
