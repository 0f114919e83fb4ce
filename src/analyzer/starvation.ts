import type { SampleStore } from './sample-store.ts';
import type { FrameSample } from './types.ts';

/** Below this share of the nominal frame rate a player counts as frame-starved. */
export const STARVED_FPS_SHARE = 0.8;
/** Or when more than this share of the frames due were dropped or presented without a callback. */
export const STARVED_LOSS_SHARE = 0.1;
const NOMINAL_FPS = 30;

export interface FrameHealth {
  /** Frames the page got per second over the window. */
  fps: number;
  /** Frames dropped by the element plus frames presented without a callback, in the window. */
  lost: number;
  starved: boolean;
}

/**
 * How well the browser kept up over the last `windowMs`: on two cores, several software-decoded
 * videos starve, and a comparison between starved players says more about the CPU than about
 * their settings, so the page shows it per player.
 */
export function frameHealth(frames: SampleStore<FrameSample>, nowMs: number, windowMs = 5000): FrameHealth {
  const from = nowMs - windowMs;
  const start = frames.indexAtOrAfter(from, (f) => f.displayTimeMs);
  const count = frames.length - start;
  const first = frames.get(start);
  const last = frames.get(frames.length - 1);
  const counter = (f: FrameSample | undefined) => (f ? (Number.isFinite(f.droppedFrames) ? f.droppedFrames : 0) + (Number.isFinite(f.missedFrames) ? f.missedFrames : 0) : 0);
  const lost = count > 1 ? Math.max(0, counter(last) - counter(first)) : 0;
  const fps = count / (windowMs / 1000);
  const starved = count > 0 && (fps < NOMINAL_FPS * STARVED_FPS_SHARE || lost / (count + lost) > STARVED_LOSS_SHARE);
  return { fps, lost, starved };
}
