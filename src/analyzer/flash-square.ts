// The test source's flash square (bottom right, four GTC1 cells wide, one cell from the edges;
// see origin/source/test-pattern.ts) read cheaply from a presented frame: the mean luma of one
// cell at its centre. Kept apart from the GTC1 read so each can change on its own.

import type { LumaRegion } from '../timecode/index.ts';

/** The patch to read, in frame pixels (even, for chroma-subsampled copies); null for a tiny frame. */
export function flashPatch(width: number, height: number): { x: number; y: number; width: number; height: number } | null {
  const cell = Math.max(4, Math.round(height / 24));
  const size = Math.max(2, (Math.floor(cell / 2) & ~1));
  const even = (n: number) => Math.max(0, Math.round(n / 2) * 2);
  // The square spans [w - 5c, w - c): its centre is 3 cells from the right and bottom edges.
  const x = even(width - 3 * cell - size / 2);
  const y = even(height - 3 * cell - size / 2);
  if (x + size > width || y + size > height || width < 10 * cell) return null;
  return { x, y, width: size, height: size };
}

/** Mean luma of a patch: the Y plane as is, or RGB weighted (BT.601) for RGBA copies (the square is grey, so channel order does not matter). */
export function meanLuma(data: ArrayLike<number>, stride: number, width: number, height: number, format: 'y' | 'rgba'): number {
  let sum = 0;
  for (let row = 0; row < height; row++) {
    const base = row * stride;
    for (let col = 0; col < width; col++) {
      if (format === 'y') {
        sum += data[base + col] as number;
        continue;
      }
      const p = base + col * 4;
      sum += 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    }
  }
  return width * height > 0 ? sum / (width * height) : NaN;
}

/** The flash square's luma from the frame reader's copy of the patch. */
export function flashLumaOf(region: LumaRegion): number {
  return meanLuma(region.data, region.stride, region.regionWidth, region.regionHeight, region.format);
}
