import { useState, type PointerEvent } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { applySearchArea, useRegionStore } from '../stores/region-store.ts';
import { useTick } from '../use-tick.ts';
import { dragToVideoRect, pictureBox, videoRectToElement } from '../video-pixels.ts';

/**
 * Over a player's video: the search area as a dashed box, and, while the code locator's "Drag"
 * is on, a layer that takes a dragged rectangle, maps it from the element's CSS pixels to the
 * video's (past the letterbox bars) and makes it the search area. Off, it lets every pointer
 * event through to the video's controls.
 */
export function RegionOverlay({ session, video, first }: { session: AnalyzerSession; video: HTMLVideoElement; first: boolean }) {
  useTick(500);
  const dragging = useRegionStore((s) => s.dragging === session);
  const setDragging = useRegionStore((s) => s.setDragging);
  const [drag, setDrag] = useState<{ ax: number; ay: number; bx: number; by: number } | null>(null);
  const box = pictureBox(video.clientWidth, video.clientHeight, video.videoWidth, video.videoHeight);
  // The area in this video's size: it may have been given (or fitted) in another rendition's.
  const area = session.codeTracker.searchAreaIn(video.videoWidth, video.videoHeight);
  const at = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const down = (e: PointerEvent<HTMLDivElement>) => {
    const p = at(e);
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ ax: p.x, ay: p.y, bx: p.x, by: p.y });
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const p = at(e);
    setDrag({ ...drag, bx: p.x, by: p.y });
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const p = at(e);
    const rect = box ? dragToVideoRect(box, drag.ax, drag.ay, p.x, p.y) : null;
    setDrag(null);
    setDragging(null);
    // A drag over the bars only, or before the video has a size, sets nothing; the tracker's
    // notice says when the area is too small.
    if (rect && box) applySearchArea(session, { rect, frame: { width: box.videoWidth, height: box.videoHeight } }, first);
  };
  const shown = area && box ? videoRectToElement(box, area) : null;
  return (
    <>
      {shown && <div className="region-box" data-testid="region-box" style={shown} />}
      {dragging && (
        <div className="region-layer" data-testid="region-layer" onPointerDown={down} onPointerMove={move} onPointerUp={up}>
          {drag && (
            <div
              className="region-box dragging"
              style={{ left: Math.min(drag.ax, drag.bx), top: Math.min(drag.ay, drag.by), width: Math.abs(drag.bx - drag.ax), height: Math.abs(drag.by - drag.ay) }}
            />
          )}
        </div>
      )}
    </>
  );
}
