// GTC1 burned-in timecode, as specified in design/TIMECODE.md and documented in docs/timecode.md.
// Pure TypeScript on typed arrays, so the same code runs in the origin (Node) and in the browser.

import { crc16CcittFalse } from './crc16.ts';

export const GTC1_CELLS_PER_ROW = 28;
export const GTC1_ROWS = 2;
export const Y_WHITE = 235;
export const Y_BLACK = 16;
export const Y_QUIET = 128;

/** A row is "no code" when its calibration cells differ by less than this (luma levels). */
export const GTC1_MIN_CONTRAST = 40;
/** Frames whose weakest data cell is closer to the threshold than this (in half-swings) are rejected. */
export const GTC1_MIN_MARGIN = 0.15;

const TWO32 = 4294967296;
// Cells 0..29 in cell units: one cell of margin, 28 cells, one cell of margin.
const WIDTH_IN_CELLS = GTC1_CELLS_PER_ROW + 2;

export interface Gtc1Geometry {
  /** Cell size in pixels: max(4, round(H / 24)). */
  cell: number;
  /** Top-left pixel of cell 0 of row 0: (cell, cell). */
  x: number;
  y: number;
  /** Mid-grey quiet zone, half-open: x0 <= px < x1, y0 <= py < y1. */
  quiet: { x0: number; y0: number; x1: number; y1: number };
}

export interface Gtc1Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Gtc1Bits {
  t32: number;
  crc: number;
  /** Bits 47..24 of the 48-bit word. */
  row0: number;
  /** Bits 23..0 of the 48-bit word. */
  row1: number;
}

export interface LumaRegion {
  /** Full frame size: the geometry is derived from it. */
  frameWidth: number;
  frameHeight: number;
  data: Uint8Array | Uint8ClampedArray;
  /** Frame coordinates of data's pixel (0, 0). */
  originX: number;
  originY: number;
  regionWidth: number;
  regionHeight: number;
  /** Bytes per row of data. */
  stride: number;
  /** 'y': 1 byte of luma per pixel; 'rgba': 4 bytes, luma = BT.709 weights. */
  format: 'y' | 'rgba';
}

export type Gtc1FailReason = 'no-geometry' | 'out-of-region' | 'no-code' | 'low-margin' | 'crc';

export type Gtc1Read =
  | { ok: true; t32: number; crc: number; margin: number; white: number; black: number }
  | { ok: false; reason: Gtc1FailReason; margin?: number };

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/**
 * GTC1 geometry for a frame, or null when the frame cannot carry it (narrower than 30 cells, or
 * too short for the quiet zone). The half-cell quiet-zone edges are rounded down:
 * x0 = y0 = floor(c/2), x1 = 29c + floor(c/2), y1 = 3c + floor(c/2).
 */
export function gtc1Geometry(width: number, height: number): Gtc1Geometry | null {
  if (!isPositiveInt(width) || !isPositiveInt(height)) return null;
  const cell = Math.max(4, Math.round(height / 24));
  const half = Math.floor(cell / 2);
  const quiet = {
    x0: half,
    y0: half,
    x1: cell + GTC1_CELLS_PER_ROW * cell + half,
    y1: cell + GTC1_ROWS * cell + half,
  };
  if (width < WIDTH_IN_CELLS * cell || height < quiet.y1) return null;
  return { cell, x: cell, y: cell, quiet };
}

/** Capture time (ms since the Unix epoch) -> T, wrapped to unsigned 32 bits; fractions are floored. */
function toT32(captureTimeMs: number): number {
  if (!Number.isFinite(captureTimeMs)) {
    throw new RangeError(`GTC1 capture time must be finite, got ${captureTimeMs}`);
  }
  const t = Math.floor(captureTimeMs) % TWO32;
  return (t < 0 ? t + TWO32 : t) + 0; // + 0 turns -0 into 0
}

const crcScratch = new Uint8Array(4);

/** CRC-16/CCITT-FALSE over the 4 big-endian bytes of T. */
export function crcOfT32(t32: number): number {
  crcScratch[0] = t32 >>> 24;
  crcScratch[1] = (t32 >>> 16) & 0xff;
  crcScratch[2] = (t32 >>> 8) & 0xff;
  crcScratch[3] = t32 & 0xff;
  return crc16CcittFalse(crcScratch);
}

export function encodeGtc1Bits(captureTimeMs: number): Gtc1Bits {
  const t32 = toT32(captureTimeMs);
  const crc = crcOfT32(t32);
  return { t32, crc, row0: t32 >>> 8, row1: ((t32 & 0xff) << 16) | crc };
}

/** Luma of cell i (0..27) of a row carrying the 24-bit value `rowBits`. */
function cellLevel(rowBits: number, i: number): number {
  if (i === 0 || i === GTC1_CELLS_PER_ROW - 1) return Y_BLACK;
  if (i === 1 || i === GTC1_CELLS_PER_ROW - 2) return Y_WHITE;
  return (rowBits >>> (25 - i)) & 1 ? Y_WHITE : Y_BLACK;
}

/**
 * Burns GTC1 into a luma plane (quiet zone and cells; chroma is the caller's business).
 * Returns false, writing nothing, when the frame cannot carry GTC1 or the plane is too small.
 * Throws RangeError for a non-finite capture time.
 */
export function writeGtc1(
  plane: Uint8Array,
  width: number,
  height: number,
  stride: number,
  captureTimeMs: number,
): boolean {
  const g = gtc1Geometry(width, height);
  if (!g || !Number.isInteger(stride) || stride < width) return false;
  const { cell: c, quiet: q } = g;
  if ((q.y1 - 1) * stride + q.x1 > plane.length) return false;
  const bits = encodeGtc1Bits(captureTimeMs);

  for (let py = q.y0; py < g.y; py++) plane.fill(Y_QUIET, py * stride + q.x0, py * stride + q.x1);
  const stripBottom = g.y + GTC1_ROWS * c;
  for (let py = stripBottom; py < q.y1; py++) plane.fill(Y_QUIET, py * stride + q.x0, py * stride + q.x1);

  // One template line per cell row, copied to each of its c pixel lines.
  const line = new Uint8Array(q.x1 - q.x0);
  for (let r = 0; r < GTC1_ROWS; r++) {
    line.fill(Y_QUIET);
    const rowBits = r === 0 ? bits.row0 : bits.row1;
    for (let i = 0; i < GTC1_CELLS_PER_ROW; i++) {
      const start = g.x - q.x0 + i * c;
      line.fill(cellLevel(rowBits, i), start, start + c);
    }
    const top = g.y + r * c;
    for (let py = top; py < top + c; py++) plane.set(line, py * stride + q.x0);
  }
  return true;
}

/** Of the values t32 + k * 2^32, the one nearest referenceMs (e.g. the synchronized clock's now). */
export function unwrapGtc1(t32: number, referenceMs: number): number {
  return t32 + Math.round((referenceMs - t32) / TWO32) * TWO32;
}
