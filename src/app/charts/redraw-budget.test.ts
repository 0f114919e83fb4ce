import { describe, expect, it } from 'vitest';
import { redrawIntervalMs } from './redraw-budget.ts';

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
