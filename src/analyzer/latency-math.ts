// The arithmetic of one latency measurement, kept apart from the frame reader so it can be tested.

/** Glass-to-glass latency: display time minus capture time, both on the origin's clock. NaN when either is unknown. */
export function glassToGlassMs(displayTimeOriginMs: number, captureTimeMs: number): number {
  if (!Number.isFinite(displayTimeOriginMs) || !Number.isFinite(captureTimeMs)) return Number.NaN;
  return displayTimeOriginMs - captureTimeMs;
}

/**
 * Frames the page never got a callback for, from successive requestVideoFrameCallback
 * `presentedFrames` values: a jump of k means k - 1 frames were presented unseen. The count
 * is cumulative; a value that goes backwards (new source, element reset) starts a new baseline.
 */
export class MissedFrameCounter {
  private previous = Number.NaN;
  private total = 0;

  /** Cumulative missed frames so far. */
  get missed(): number {
    return this.total;
  }

  /** Feeds the next presentedFrames value; returns the frames missed since the previous one. */
  update(presentedFrames: number): number {
    if (!Number.isFinite(presentedFrames)) return 0;
    const gap = presentedFrames - this.previous;
    // No baseline yet (NaN gap) or a backwards reset: counting from a new element is not a miss.
    const missedNow = gap > 1 ? gap - 1 : 0;
    this.previous = presentedFrames;
    this.total += missedNow;
    return missedNow;
  }

  /** Forgets the baseline and the count (a new run). */
  reset(): void {
    this.previous = Number.NaN;
    this.total = 0;
  }
}
