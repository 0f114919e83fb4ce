import { describe, expect, it } from 'vitest';
import { flashPatch, meanLuma } from './flash-square.ts';

describe('flash square', () => {
  it('sits inside the square the source paints (x in [w-5c, w-c), c = height/24), at every rung size', () => {
    for (const [w, h] of [[1280, 720], [854, 480], [640, 360], [426, 240]] as const) {
      const c = Math.round(h / 24);
      const p = flashPatch(w, h)!;
      expect(p.x).toBeGreaterThanOrEqual(w - 5 * c);
      expect(p.x + p.width).toBeLessThanOrEqual(w - c);
      expect(p.y).toBeGreaterThanOrEqual(h - 5 * c);
      expect(p.y + p.height).toBeLessThanOrEqual(h - c);
      expect(p.x % 2 + (p.y % 2) + (p.width % 2)).toBe(0);
    }
    expect(flashPatch(20, 10)).toBeNull();
  });

  it('averages a Y plane with stride, and RGBA by BT.601 weights', () => {
    const y = Uint8Array.from([235, 235, 0, 0, 235, 235, 0, 0]);
    expect(meanLuma(y, 4, 2, 2, 'y')).toBe(235);
    const white = new Uint8Array(16).fill(255);
    expect(meanLuma(white, 8, 2, 2, 'rgba')).toBeCloseTo(255, 6);
    expect(meanLuma(Uint8Array.from([255, 0, 0, 255]), 4, 1, 1, 'rgba')).toBeCloseTo(0.299 * 255, 6);
  });
});
