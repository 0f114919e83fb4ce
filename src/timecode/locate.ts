// Finds GTC1 anywhere in a frame: any position, any scale with cells of at least MIN_CELL_PX,
// widths and heights scaled differently, the code's left edge cut by a crop (cell 0 half there).
// Axis-aligned only (no rotation). Pure: no DOM, no Node APIs.
//
// How: on every other scanline, pixels are classed dark / light / neither with thresholds
// halfway between black (16) and the quiet grey (128), and between that grey and white (235).
// Runs of dark and light pixels that touch (at most MAX_GAP px of transition) form chains. A row
// of the code is a chain part that starts with a dark cell (cell 0) and, 26 cells after its first
// dark->light edge, has a light->dark edge (cells 26 -> 27), with every edge in between at a
// whole number of cells. That gives x and the cell width; the dark columns of cells 0 and 27
// (black in both rows) give y and the cell height. The CRC decides.

import { GTC1_CELLS_PER_ROW, type Gtc1Rect, type Gtc1Read, type LumaRegion } from './gtc1.ts';
import { readGtc1At, type Gtc1Placement } from './gtc1-read.ts';

export const MIN_CELL_PX = 3;
const DARK = 72; // between black 16 and the quiet grey 128
const LIGHT = 182; // between the quiet grey 128 and white 235
const EDGE = 125.5; // between black and white
const MAX_GAP = 3; // px of in-between values a blurred or scaled black/white edge may take
const QUIET_MIN_PX = 2; // in-between pixels that may be the quiet zone (a sharp edge has 0 or 1)
const SCAN_STEP = 2; // scanlines; a code row is at least MIN_CELL_PX tall
const SPAN_CELLS = GTC1_CELLS_PER_ROW - 2; // from edge 0|1 to edge 26|27
const MAX_CANDIDATES = 256;
/** The smallest area a search can find a code in (26 cells of MIN_CELL_PX, two rows). */
export const MIN_SEARCH_AREA = { width: SPAN_CELLS * MIN_CELL_PX, height: 2 * MIN_CELL_PX } as const;

export interface Gtc1Found {
  placement: Gtc1Placement;
  read: Extract<Gtc1Read, { ok: true }>;
}

interface Run {
  dark: boolean;
  start: number;
  end: number;
}

interface Candidate {
  x: number;
  cellW: number;
  ys: number[];
}

/** Luma of frame pixel (x, y), the region known to contain it. */
type LumaAt = (x: number, y: number) => number;

function lumaAccessor(region: LumaRegion): LumaAt {
  const { data, stride, originX: ox, originY: oy } = region;
  if (region.format === 'y') return (x, y) => data[(y - oy) * stride + x - ox] as number;
  return (x, y) => {
    const o = (y - oy) * stride + (x - ox) * 4;
    return 0.2126 * (data[o] as number) + 0.7152 * (data[o + 1] as number) + 0.0722 * (data[o + 2] as number);
  };
}

function runsOfLine(luma: LumaAt, y: number, x0: number, x1: number): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (let x = x0; x < x1; x++) {
    const v = luma(x, y);
    const dark = v < DARK;
    if (!dark && v <= LIGHT) {
      cur = null;
      continue;
    }
    if (cur && cur.dark === dark && cur.end === x) cur.end = x + 1;
    else {
      const last = runs[runs.length - 1];
      // A one-pixel dip to the middle inside one level is noise: join it to the run before.
      if (last && last.dark === dark && x - last.end <= 1) {
        last.end = x + 1;
        cur = last;
      } else {
        cur = { dark, start: x, end: x + 1 };
        runs.push(cur);
      }
    }
  }
  return runs;
}

/** Sub-pixel position where the line crosses EDGE between the end of run a and the start of run b. */
function edgeBetween(luma: LumaAt, y: number, a: Run, b: Run): number {
  for (let x = a.end - 1; x < b.start; x++) {
    const v0 = luma(x, y);
    const v1 = luma(x + 1, y);
    if ((v0 - EDGE) * (v1 - EDGE) <= 0 && v0 !== v1) return x + 0.5 + (EDGE - v0) / (v1 - v0);
  }
  return (a.end + b.start) / 2;
}

/** Code rows on one scanline: (x of cell 0, cell width). */
function rowsOnLine(luma: LumaAt, y: number, x0: number, x1: number, maxCell: number, out: Candidate[]): void {
  const runs = runsOfLine(luma, y, x0, x1);
  let chainStart = 0;
  for (let k = 1; k <= runs.length; k++) {
    const prev = runs[k - 1] as Run;
    const next = runs[k];
    if (next && next.dark !== prev.dark && next.start - prev.end <= MAX_GAP) continue;
    rowsInChain(luma, y, runs.slice(chainStart, k), x0, x1, maxCell, out);
    chainStart = k;
  }
}

function rowsInChain(luma: LumaAt, y: number, chain: Run[], x0: number, x1: number, maxCell: number, out: Candidate[]): void {
  if (chain.length < 3) return;
  // edges[k] lies between chain[k] and chain[k + 1]; runs alternate dark/light.
  const edges = chain.slice(1).map((b, k) => edgeBetween(luma, y, chain[k] as Run, b));
  for (let i = 0; i < edges.length; i++) {
    const first = chain[i] as Run;
    if (!first.dark || !quietBefore(chain, i)) continue; // cell 0 is dark, with the quiet zone before it
    let minGap = Infinity;
    for (let j = i + 1; j < edges.length; j++) {
      minGap = Math.min(minGap, (edges[j] as number) - (edges[j - 1] as number));
      const span = (edges[j] as number) - (edges[i] as number);
      const c = span / SPAN_CELLS;
      if (c > maxCell || c > minGap / 0.75) break; // every run is at least one cell
      const last = chain[j + 1] as Run;
      if (!last.dark || c < MIN_CELL_PX - 0.5 || !quietBefore(chain, j + 2)) continue;
      if (!runFits(first, c, x0, x1) || !runFits(last, c, x0, x1)) continue;
      if (!edgesOnGrid(edges, i, j, c)) continue;
      out.push({ x: (edges[i] as number) - c, cellW: c, ys: [y] });
      if (out.length >= MAX_CANDIDATES) return;
    }
  }
}

/**
 * The code's rows have the quiet zone on both sides: so chain[k] starts the chain, or a few
 * in-between pixels (more than a sharp edge has) separate it from chain[k - 1].
 */
function quietBefore(chain: Run[], k: number): boolean {
  const before = chain[k - 1];
  const at = chain[k];
  return !before || !at || at.start - before.end >= QUIET_MIN_PX;
}

/** Cells 0 and 27 are one cell long, unless a crop (the searched area's edge) cuts them. */
function runFits(run: Run, c: number, x0: number, x1: number): boolean {
  const len = run.end - run.start;
  if (len > 1.5 * c + MAX_GAP) return false;
  return len >= 0.6 * c - 1 || run.start <= x0 || run.end >= x1;
}

function edgesOnGrid(edges: number[], i: number, j: number, c: number): boolean {
  const e0 = edges[i] as number;
  for (let k = i + 1; k < j; k++) {
    const cells = ((edges[k] as number) - e0) / c;
    if (Math.abs(cells - Math.round(cells)) > 0.25) return false;
  }
  return true;
}

/** Joins the rows found on neighbouring scanlines into one candidate each. */
function cluster(found: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const f of found) {
    const same = out.find((o) => Math.abs(o.x - f.x) < o.cellW / 4 && Math.abs(o.cellW - f.cellW) < 0.05 * o.cellW + 0.1);
    if (same) same.ys.push(...f.ys);
    else out.push({ ...f, ys: [...f.ys] });
  }
  return out.sort((a, b) => b.ys.length - a.ys.length);
}

/**
 * Top and bottom of the code along column x, from row y inside it: the run of pixels on the code's
 * side of `threshold`, ended by sub-pixel crossings; NaN where the searched area's edge ends it.
 */
function verticalExtent(luma: LumaAt, x: number, y: number, y0: number, y1: number, dark: boolean, threshold: number): [number, number] {
  const inside = (v: number): boolean => (dark ? v < threshold : v > threshold);
  if (!inside(luma(x, y))) return [NaN, NaN];
  const cross = (a: number, b: number): number => (a - threshold) / (a - b); // fraction from a to b
  let top = NaN;
  for (let py = y; py > y0; py--) {
    const above = luma(x, py - 1);
    if (!inside(above)) {
      top = py - 0.5 + (1 - cross(luma(x, py), above));
      break;
    }
  }
  let bottom = NaN;
  for (let py = y; py < y1 - 1; py++) {
    const below = luma(x, py + 1);
    if (!inside(below)) {
      bottom = py + 0.5 + cross(luma(x, py), below);
      break;
    }
  }
  return [top, bottom];
}

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

/** The placement of a candidate row: y and cell height from the calibration columns. */
function placementOf(luma: LumaAt, cand: Candidate, area: Bounds): Gtc1Placement | null {
  const c = cand.cellW;
  const y = median(cand.ys);
  const tops: number[] = [];
  const bottoms: number[] = [];
  for (const [cell, dark] of [[0, true], [27, true], [1, false], [26, false]] as const) {
    const x = Math.floor(cand.x + (cell + 0.5) * c);
    if (x < area.x0 || x >= area.x1) continue;
    const [t, b] = verticalExtent(luma, x, Math.round(y), area.y0, area.y1, dark, dark ? DARK : LIGHT);
    tops.push(t);
    bottoms.push(b);
  }
  const top = median(tops);
  const bottom = median(bottoms);
  let cellH: number;
  let py: number;
  if (Number.isFinite(top) && Number.isFinite(bottom)) {
    cellH = (bottom - top) / 2;
    py = top;
  } else if (Number.isFinite(bottom)) {
    cellH = c;
    py = bottom - 2 * c;
  } else if (Number.isFinite(top)) {
    cellH = c;
    py = top;
  } else return null;
  if (!(cellH >= 0.4 * c && cellH <= 2.5 * c)) return null;
  return { x: cand.x, y: py, cellW: c, cellH };
}

interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Searches `region` (or the part of it inside `within`, frame coordinates) for a GTC1 code and
 * returns where it is with the first read whose CRC matches, or null. Costs a few milliseconds
 * on a 720p luma plane: meant for frames where no code is locked yet (then use readGtc1At).
 */
export function locateGtc1(region: LumaRegion, within?: Gtc1Rect): Gtc1Found | null {
  const area: Bounds = {
    x0: Math.max(region.originX, within?.x ?? -Infinity),
    y0: Math.max(region.originY, within?.y ?? -Infinity),
    x1: Math.min(region.originX + region.regionWidth, region.frameWidth, within ? within.x + within.width : Infinity),
    y1: Math.min(region.originY + region.regionHeight, region.frameHeight, within ? within.y + within.height : Infinity),
  };
  if (!(area.x1 - area.x0 >= MIN_SEARCH_AREA.width && area.y1 - area.y0 >= MIN_SEARCH_AREA.height)) return null;
  const luma = lumaAccessor(region);
  const maxCell = (area.x1 - area.x0) / SPAN_CELLS;
  const found: Candidate[] = [];
  for (let y = area.y0 + 1; y < area.y1 && found.length < MAX_CANDIDATES; y += SCAN_STEP) {
    rowsOnLine(luma, y, area.x0, area.x1, maxCell, found);
  }
  for (const cand of cluster(found)) {
    const p = placementOf(luma, cand, area);
    if (!p) continue;
    const read = readGtc1At(region, p);
    if (read.ok) return { placement: p, read };
  }
  return null;
}
