import type { Segment } from './timeline.ts';

/**
 * What playlist rendering and the blocking rules read of a timeline. A Timeline is one; the
 * delayed view of network emulation (netem/delayed-view.ts) is another, so injected delay needs
 * no special case in the renderers.
 */
export interface TimelineState {
  readonly segments: readonly Segment[];
  readonly hasParts: boolean;
  readonly firstMsn: number;
  readonly discontinuitySequence: number;
  readonly firstCaptureMs: number | null;
  readonly lastCompleteSegment: Segment | null;
  segment(msn: number): Segment | undefined;
  nextPartPosition(): { msn: number; index: number };
}

/** Measured peak and average bitrate (bits/s) over a timeline's complete segments; null before the first. */
export function measuredBitrates(timeline: TimelineState | undefined): { peak: number | null; average: number | null } {
  let peak = 0;
  let bytes = 0;
  let ms = 0;
  for (const s of timeline?.segments ?? []) {
    if (!s.complete || s.durationMs <= 0) continue;
    peak = Math.max(peak, (s.byteLength * 8000) / s.durationMs);
    bytes += s.byteLength;
    ms += s.durationMs;
  }
  return ms > 0 ? { peak, average: (bytes * 8000) / ms } : { peak: null, average: null };
}
