/**
 * Wall-clock pacing for the live source. Frame n is due at `startPerfMs + n * 1000 / fps` on the
 * monotonic clock and is stamped with the wall-clock instant `startWallMs + n * 1000 / fps`
 * (rounded to the millisecond, as GTC1 carries whole milliseconds). Lateness never shifts the
 * schedule: frames that are overdue by more than one interval are skipped, never produced late.
 */
export class FramePacer {
  private next = 0;
  private skippedCount = 0;

  constructor(
    readonly fps: number,
    readonly startPerfMs: number,
    readonly startWallMs: number,
  ) {
    if (!(fps > 0 && fps <= 240)) throw new Error(`fps must be in (0, 240], got ${fps}`);
  }

  dueAt(frameNumber: number): number {
    return this.startPerfMs + (frameNumber * 1000) / this.fps;
  }

  captureTimeMs(frameNumber: number): number {
    return Math.round(this.startWallMs + (frameNumber * 1000) / this.fps);
  }

  /** Frames skipped because the process was late (event loop blocked, machine overloaded). */
  get skipped(): number {
    return this.skippedCount;
  }

  /** The frame to produce at `nowPerfMs`, or null when none is due yet. */
  take(nowPerfMs: number): number | null {
    if (nowPerfMs < this.dueAt(this.next)) return null;
    // The newest frame whose due time has passed; everything older than it is skipped.
    const newest = Math.floor(((nowPerfMs - this.startPerfMs) * this.fps) / 1000);
    const frame = Math.max(this.next, newest);
    this.skippedCount += frame - this.next;
    this.next = frame + 1;
    return frame;
  }

  /** Milliseconds from `nowPerfMs` until the next frame is due (0 if already due). */
  msUntilNext(nowPerfMs: number): number {
    return Math.max(0, this.dueAt(this.next) - nowPerfMs);
  }
}
