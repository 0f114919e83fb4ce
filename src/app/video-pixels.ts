import type { Gtc1Rect } from '../timecode/index.ts';

/** Where the picture sits inside a <video> box (object-fit: contain, the default): scale and bars. */
export interface PictureBox {
  scale: number;
  offsetX: number;
  offsetY: number;
  videoWidth: number;
  videoHeight: number;
}

/** The picture of a videoWidth x videoHeight video letterboxed (or pillarboxed) into a boxW x boxH element; null when either has no size. */
export function pictureBox(boxW: number, boxH: number, videoWidth: number, videoHeight: number): PictureBox | null {
  if (!(boxW > 0 && boxH > 0 && videoWidth > 0 && videoHeight > 0)) return null;
  const scale = Math.min(boxW / videoWidth, boxH / videoHeight);
  return { scale, offsetX: (boxW - videoWidth * scale) / 2, offsetY: (boxH - videoHeight * scale) / 2, videoWidth, videoHeight };
}

/**
 * A rectangle dragged between two points of the element (CSS px from its top-left, in any
 * order) in the video's pixels, cut to the picture (the bars hold no video); null when the drag
 * covers no picture at all.
 */
export function dragToVideoRect(b: PictureBox, ax: number, ay: number, bx: number, by: number): Gtc1Rect | null {
  const toX = (x: number) => Math.min(b.videoWidth, Math.max(0, (x - b.offsetX) / b.scale));
  const toY = (y: number) => Math.min(b.videoHeight, Math.max(0, (y - b.offsetY) / b.scale));
  const x0 = Math.floor(toX(Math.min(ax, bx)));
  const y0 = Math.floor(toY(Math.min(ay, by)));
  const x1 = Math.ceil(toX(Math.max(ax, bx)));
  const y1 = Math.ceil(toY(Math.max(ay, by)));
  if (!(x1 > x0 && y1 > y0)) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A rectangle of video pixels in the element's CSS px (to draw it over the picture). */
export function videoRectToElement(b: PictureBox, r: Gtc1Rect): { left: number; top: number; width: number; height: number } {
  return { left: b.offsetX + r.x * b.scale, top: b.offsetY + r.y * b.scale, width: r.width * b.scale, height: r.height * b.scale };
}
