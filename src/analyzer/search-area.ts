// The user's search area: a rectangle of the frame (video pixels) the code search is limited to,
// when the whole-frame search finds nothing or finds the wrong code (a picture-in-picture).
// Pure: the page's field, the drag on the video and the permalink all come through here.
import { MIN_SEARCH_AREA, type Gtc1Rect } from '../timecode/index.ts';

/** Largest coordinate or frame side accepted (no video is wider or taller). */
const MAX_PX = 16384;
const NAMES = ['x', 'y', 'width', 'height'] as const;

/** A frame's size, pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

/**
 * A search area and the size of the frame it was given in (the rendition shown when it was
 * drawn). Without a frame size (an old link, an area typed before any frame) it is taken to be in
 * the first frame it meets.
 */
export interface SearchArea {
  rect: Gtc1Rect;
  frame: FrameSize | null;
}

/**
 * Parses "x y width height" (frame pixels, integers, spaces or commas), optionally followed by
 * "@WIDTHxHEIGHT", the frame size it is in; an error names the field.
 */
export function parseSearchArea(text: string): SearchArea | { error: string } {
  const [areaText = '', sizeText, ...more] = text.split('@');
  if (more.length > 0) return { error: 'search area: give at most one @WIDTHxHEIGHT (the frame size)' };
  const parts = areaText.trim().split(/[\s,]+/);
  if (parts.length !== 4) return { error: 'search area: give four numbers, x y width height (frame pixels)' };
  const values: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = Number(parts[i]);
    const min = i < 2 ? 0 : 1;
    if (!Number.isInteger(v) || v < min || v > MAX_PX) return { error: `search area: ${NAMES[i]} must be an integer from ${min} to ${MAX_PX}` };
    values.push(v);
  }
  const [x, y, width, height] = values as [number, number, number, number];
  const rect = { x, y, width, height };
  if (sizeText === undefined) return { rect, frame: null };
  const size = /^\s*(\d+)\s*x\s*(\d+)\s*$/i.exec(sizeText);
  const fw = Number(size?.[1]);
  const fh = Number(size?.[2]);
  if (!size || !(fw >= 1 && fw <= MAX_PX && fh >= 1 && fh <= MAX_PX)) {
    return { error: `search area: the frame size after @ must be WIDTHxHEIGHT, integers from 1 to ${MAX_PX}` };
  }
  return { rect, frame: { width: fw, height: fh } };
}

/** "x,y,width,height@WxH" (without "@WxH" when the frame size is not known): the permalink's form, which parseSearchArea reads back. */
export function searchAreaText(a: SearchArea): string {
  return a.frame ? `${rectText(a.rect)}@${a.frame.width}x${a.frame.height}` : rectText(a.rect);
}

function rectText(r: Gtc1Rect): string {
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
  if (x1 <= x0 || y1 <= y0) return { error: `search area ${rectText(r)} lies outside the ${width}x${height} frame` };
  const fitted = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  if (fitted.width < MIN_SEARCH_AREA.width || fitted.height < MIN_SEARCH_AREA.height) {
    return { error: `search area ${rectText(fitted)} (inside the ${width}x${height} frame) is smaller than the smallest code, ${MIN_SEARCH_AREA.width}x${MIN_SEARCH_AREA.height} px` };
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
