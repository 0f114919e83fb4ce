// Reading GTC1 at a placement: where the 2 x 28 cells sit in the frame and how big a cell is.
// The default placement is the one the geometry gives for the frame's size (docs/timecode.md);
// a placement found by the locator (locate.ts) may sit anywhere, with fractional cell sizes
// (e.g. a 720p code scaled to 540p has 22.5 px cells), and different widths and heights.

import {
  GTC1_CELLS_PER_ROW,
  GTC1_MIN_CONTRAST,
  GTC1_MIN_MARGIN,
  GTC1_ROWS,
  crcOfT32,
  gtc1Geometry,
  type Gtc1Rect,
  type Gtc1Read,
  type LumaRegion,
} from './gtc1.ts';

/** Where the cells are, in frame pixels: (x, y) is the top-left corner of cell 0 of row 0. */
export interface Gtc1Placement {
  x: number;
  y: number;
  cellW: number;
  cellH: number;
}

/** The placement the geometry gives for a width x height frame, or null when it cannot carry GTC1. */
export function gtc1DefaultPlacement(width: number, height: number): Gtc1Placement | null {
  const g = gtc1Geometry(width, height);
  return g ? { x: g.x, y: g.y, cellW: g.cell, cellH: g.cell } : null;
}

/** Central half of a cell along one axis, [a, b) with at least one pixel. */
function centralSpan(cellStart: number, c: number): [number, number] {
  const a = Math.round(cellStart + c / 4);
  const b = Math.max(a + 1, Math.round(cellStart + (3 * c) / 4));
  return [a, b];
}

/** Frame rectangle [x0,x1) x [y0,y1) of every pixel a read at `p` touches. */
function touchedBounds(p: Gtc1Placement): { x0: number; x1: number; y0: number; y1: number } {
  const [x0] = centralSpan(p.x, p.cellW);
  const [, x1] = centralSpan(p.x + (GTC1_CELLS_PER_ROW - 1) * p.cellW, p.cellW);
  const [y0] = centralSpan(p.y, p.cellH);
  const [, y1] = centralSpan(p.y + (GTC1_ROWS - 1) * p.cellH, p.cellH);
  return { x0, x1, y0, y1 };
}

const floorEven = (n: number): number => n - (n & 1);
const ceilEven = (n: number): number => n + (n & 1);

/**
 * Smallest even-aligned rectangle (x, y, width, height all even) covering the cells at `p`,
 * clamped to the frame (what VideoFrame.copyTo({ rect }) needs on I420/NV12), or null when the
 * cells the reader needs are not all inside the frame.
 */
export function gtc1PlacementRect(p: Gtc1Placement, width: number, height: number): Gtc1Rect | null {
  const t = touchedBounds(p);
  if (t.x0 < 0 || t.y0 < 0 || t.x1 > width || t.y1 > height) return null;
  const x0 = Math.max(0, floorEven(Math.floor(p.x)));
  const y0 = Math.max(0, floorEven(Math.floor(p.y)));
  const x1 = Math.min(ceilEven(Math.ceil(p.x + GTC1_CELLS_PER_ROW * p.cellW)), floorEven(width));
  const y1 = Math.min(ceilEven(Math.ceil(p.y + GTC1_ROWS * p.cellH)), floorEven(height));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Smallest even-aligned rectangle that covers the 2 x 28 cells of the default placement,
 * clamped to the frame: suitable for VideoFrame.copyTo({ rect }) on I420/NV12 frames.
 */
export function gtc1ReadRect(width: number, height: number): Gtc1Rect | null {
  const p = gtc1DefaultPlacement(width, height);
  return p ? gtc1PlacementRect(p, width, height) : null;
}

const BT709_R = 0.2126;
const BT709_G = 0.7152;
const BT709_B = 0.0722;

/** Mean luma over frame rect [x0,x1) x [y0,y1), already known to lie inside the region. */
function meanLuma(region: LumaRegion, x0: number, x1: number, y0: number, y1: number): number {
  const { data, stride } = region;
  const n = (x1 - x0) * (y1 - y0);
  if (region.format === 'y') {
    let sum = 0;
    for (let py = y0; py < y1; py++) {
      const row = (py - region.originY) * stride - region.originX;
      for (let px = x0; px < x1; px++) sum += data[row + px] as number;
    }
    return sum / n;
  }
  let r = 0;
  let g = 0;
  let b = 0;
  for (let py = y0; py < y1; py++) {
    const row = (py - region.originY) * stride;
    for (let px = x0; px < x1; px++) {
      const o = row + (px - region.originX) * 4;
      r += data[o] as number;
      g += data[o + 1] as number;
      b += data[o + 2] as number;
    }
  }
  return (BT709_R * r + BT709_G * g + BT709_B * b) / n;
}

function validPlacement(p: Gtc1Placement): boolean {
  return [p.x, p.y, p.cellW, p.cellH].every(Number.isFinite) && p.cellW >= 1 && p.cellH >= 1;
}

/**
 * Reads GTC1 with its cells at `p`. Only the central 50% of each cell is read (at integer
 * pixels, rounded as docs/timecode.md says). T is returned as read (mod 2^32).
 */
export function readGtc1At(region: LumaRegion, p: Gtc1Placement): Gtc1Read {
  if (!validPlacement(p)) return { ok: false, reason: 'no-geometry' };
  const t = touchedBounds(p);
  const bpp = region.format === 'rgba' ? 4 : 1;
  const { originX: ox, originY: oy } = region;
  if (
    !Number.isInteger(ox) ||
    !Number.isInteger(oy) ||
    t.x0 < Math.max(0, ox) ||
    t.y0 < Math.max(0, oy) ||
    t.x1 > Math.min(region.frameWidth, ox + region.regionWidth) ||
    t.y1 > Math.min(region.frameHeight, oy + region.regionHeight) ||
    region.stride < region.regionWidth * bpp ||
    (t.y1 - 1 - oy) * region.stride + (t.x1 - ox) * bpp > region.data.length
  ) {
    return { ok: false, reason: 'out-of-region' };
  }

  const values = new Float64Array(GTC1_CELLS_PER_ROW);
  const words = [0, 0];
  let margin = Infinity;
  let whiteSum = 0;
  let blackSum = 0;
  for (let r = 0; r < GTC1_ROWS; r++) {
    const [y0, y1] = centralSpan(p.y + r * p.cellH, p.cellH);
    for (let i = 0; i < GTC1_CELLS_PER_ROW; i++) {
      const [x0, x1] = centralSpan(p.x + i * p.cellW, p.cellW);
      values[i] = meanLuma(region, x0, x1, y0, y1);
    }
    const black = ((values[0] as number) + (values[GTC1_CELLS_PER_ROW - 1] as number)) / 2;
    const white = ((values[1] as number) + (values[GTC1_CELLS_PER_ROW - 2] as number)) / 2;
    if (white - black < GTC1_MIN_CONTRAST) return { ok: false, reason: 'no-code' };
    const threshold = (black + white) / 2;
    const halfSwing = (white - black) / 2;
    let word = 0;
    for (let i = 2; i < GTC1_CELLS_PER_ROW - 2; i++) {
      const v = values[i] as number;
      word = (word << 1) | (v > threshold ? 1 : 0);
      margin = Math.min(margin, Math.abs(v - threshold) / halfSwing);
    }
    words[r] = word;
    whiteSum += white;
    blackSum += black;
  }
  if (margin < GTC1_MIN_MARGIN) return { ok: false, reason: 'low-margin', margin };

  const row0 = words[0] as number;
  const row1 = words[1] as number;
  const t32 = row0 * 256 + (row1 >>> 16);
  const crc = row1 & 0xffff;
  if (crcOfT32(t32) !== crc) return { ok: false, reason: 'crc', margin };
  return { ok: true, t32, crc, margin, white: whiteSum / GTC1_ROWS, black: blackSum / GTC1_ROWS };
}

/** Reads GTC1 at the default placement for the region's frame size. */
export function readGtc1(region: LumaRegion): Gtc1Read {
  const p = gtc1DefaultPlacement(region.frameWidth, region.frameHeight);
  return p ? readGtc1At(region, p) : { ok: false, reason: 'no-geometry' };
}

/** A whole-frame luma view (Y plane) as a LumaRegion. */
export function yPlaneRegion(plane: Uint8Array | Uint8ClampedArray, width: number, height: number, stride: number = width): LumaRegion {
  return { frameWidth: width, frameHeight: height, data: plane, originX: 0, originY: 0, regionWidth: width, regionHeight: height, stride, format: 'y' };
}

/** Reads GTC1 from a whole-frame Y (luma) plane. */
export function readGtc1FromYPlane(
  plane: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  stride: number = width,
): Gtc1Read {
  return readGtc1(yPlaneRegion(plane, width, height, stride));
}

/** Reads GTC1 from a whole-frame RGBA buffer (e.g. ImageData.data), rows packed at width * 4. */
export function readGtc1FromRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): Gtc1Read {
  return readGtc1({
    frameWidth: width,
    frameHeight: height,
    data: rgba,
    originX: 0,
    originY: 0,
    regionWidth: width,
    regionHeight: height,
    stride: width * 4,
    format: 'rgba',
  });
}
