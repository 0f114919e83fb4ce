// The user's search area: a rectangle of the frame (video pixels) the code search is limited to,
// when the whole-frame search finds nothing or finds the wrong code (a picture-in-picture).
// Pure: the page's field, the drag on the video and the permalink all come through here.
import { MIN_SEARCH_AREA, type Gtc1Rect } from '../timecode/index.ts';

/** Largest coordinate accepted (no video is wider or taller). */
const MAX_PX = 16384;
const NAMES = ['x', 'y', 'width', 'height'] as const;

/** Parses "x y width height" (frame pixels, integers, spaces or commas); an error names the field. */
export function parseSearchArea(text: string): Gtc1Rect | { error: string } {
  const parts = text.trim().split(/[\s,]+/);
  if (parts.length !== 4) return { error: 'search area: give four numbers, x y width height (frame pixels)' };
  const values: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = Number(parts[i]);
    const min = i < 2 ? 0 : 1;
    if (!Number.isInteger(v) || v < min || v > MAX_PX) return { error: `search area: ${NAMES[i]} must be an integer from ${min} to ${MAX_PX}` };
    values.push(v);
  }
  const [x, y, width, height] = values as [number, number, number, number];
  return { x, y, width, height };
}

/** "x,y,width,height": the permalink's form, which parseSearchArea reads back. */
export function searchAreaText(r: Gtc1Rect): string {
  return `${r.x},${r.y},${r.width},${r.height}`;
}

/**
 * The part of `r` inside a width x height frame, or an error when nothing usable is left: outside
 * the frame, or smaller than the smallest code a search can find (MIN_SEARCH_AREA).
 */
export function fitSearchArea(r: Gtc1Rect, width: number, height: number): Gtc1Rect | { error: string } {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(width, r.x + r.width);
  const y1 = Math.min(height, r.y + r.height);
  if (x1 <= x0 || y1 <= y0) return { error: `search area ${searchAreaText(r)} lies outside the ${width}x${height} frame` };
  const fitted = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  if (fitted.width < MIN_SEARCH_AREA.width || fitted.height < MIN_SEARCH_AREA.height) {
    return { error: `search area ${searchAreaText(fitted)} (inside the ${width}x${height} frame) is smaller than the smallest code, ${MIN_SEARCH_AREA.width}x${MIN_SEARCH_AREA.height} px` };
  }
  return fitted;
}

/** `r`, given in a fromW x fromH frame, in a toW x toH frame (a rendition switch scales the whole picture). */
export function scaleSearchArea(r: Gtc1Rect, fromW: number, fromH: number, toW: number, toH: number): Gtc1Rect {
  if (fromW === toW && fromH === toH) return r;
  const sx = toW / fromW;
  const sy = toH / fromH;
  const x = Math.floor(r.x * sx);
  const y = Math.floor(r.y * sy);
  return { x, y, width: Math.ceil((r.x + r.width) * sx) - x, height: Math.ceil((r.y + r.height) * sy) - y };
}
