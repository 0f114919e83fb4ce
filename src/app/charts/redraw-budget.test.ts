import { describe, expect, it } from 'vitest';
import { CHART_ORDER, MIN_REDRAW_MS, chartDelayMs, redrawIntervalMs } from './redraw-budget.ts';

describe('redrawIntervalMs', () => {
  it('redraws once a second while a redraw is cheap', () => {
    expect(redrawIntervalMs(0)).toBe(1000);
    expect(redrawIntervalMs(100)).toBe(1000);
  });

  it('keeps the charts to a tenth of the main thread, in half-second steps, at most every 5 s', () => {
    expect(redrawIntervalMs(101)).toBe(1500);
    expect(redrawIntervalMs(230)).toBe(2500);
    expect(redrawIntervalMs(2000)).toBe(5000);
  });

  it('treats an unknown cost as cheap', () => {
    expect(redrawIntervalMs(Number.NaN)).toBe(1000);
  });
});

describe('chartDelayMs', () => {
  it('draws the charts one after the other, each in its own slot', () => {
    const delays = CHART_ORDER.map(chartDelayMs);
    expect(new Set(delays).size).toBe(CHART_ORDER.length);
    expect(chartDelayMs('latency')).toBe(0);
    expect(chartDelayMs('not-a-chart')).toBeGreaterThan(Math.max(...delays));
  });

  it('finishes a staggered redraw before the next one can start', () => {
    // A new redraw cancels the charts still waiting: the last one must have drawn by then.
    expect(chartDelayMs('not-a-chart')).toBeLessThan(MIN_REDRAW_MS / 2);
  });
});
