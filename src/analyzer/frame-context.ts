// Small readings the session takes beside each frame's GTC1: the element's buffer, and engine values that may be missing.

/** Seconds buffered ahead of the playhead in the range that holds it (0 outside any range). */
export function forwardBufferS(video: HTMLVideoElement): number {
  const t = video.currentTime;
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= t + 0.05 && t <= ranges.end(i)) return Math.max(0, ranges.end(i) - t);
  }
  return 0;
}

/** The engine's value if it is a real one (> 0), else the fallback (a plain media playlist reports height 0). */
export function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}
