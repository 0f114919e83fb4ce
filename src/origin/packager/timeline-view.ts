import { segmentByNumber, type Part, type Segment, type Timeline } from './timeline.ts';

/**
 * What playlist rendering and the blocking rules read of a timeline. A Timeline is one; a
 * delayed view (below) is another, so injected delay needs no special case in the renderers.
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

const visible = (publishedAtMs: number | null, cutoffMs: number) => publishedAtMs !== null && publishedAtMs <= cutoffMs;

/**
 * The timeline as it was at `cutoffMs` (now minus the injected delay): parts and segments
 * published later are not there yet. Program date times are untouched: they stay the true
 * capture times, so a delayed player measures the delay as latency.
 */
export function delayedView(timeline: Timeline, cutoffMs: number): TimelineState {
  const segments: Segment[] = [];
  for (const seg of timeline.segments) {
    const complete = seg.complete && visible(seg.publishedAtMs, cutoffMs);
    if (complete) {
      segments.push(seg);
      continue;
    }
    // An open segment shows the chunks (LL-DASH) and parts (LL-HLS) published before the cutoff.
    const chunks = seg.chunks.filter((c) => c.publishedAtMs <= cutoffMs);
    if (chunks.length === 0) break; // later segments are later still
    const parts: Part[] = seg.parts.filter((p) => p.complete && visible(p.publishedAtMs, cutoffMs));
    const byteLength = chunks.reduce((n, c) => n + c.bytes.length, 0);
    const durationMs = chunks.reduce((n, c) => n + c.durationMs, 0);
    segments.push({ ...seg, complete: false, publishedAtMs: null, parts, chunks, byteLength, durationMs });
    break;
  }
  const first = segments[0];
  const last = segments[segments.length - 1];
  return {
    segments,
    hasParts: timeline.hasParts,
    firstMsn: first?.msn ?? timeline.firstMsn,
    discontinuitySequence: timeline.discontinuitySequence,
    firstCaptureMs: timeline.firstCaptureMs,
    lastCompleteSegment: [...segments].reverse().find((s) => s.complete) ?? null,
    segment: (msn) => segmentByNumber(segments, msn),
    nextPartPosition: () => {
      if (last && !last.complete) return { msn: last.msn, index: last.parts.length };
      return { msn: last ? last.msn + 1 : timeline.firstMsn, index: 0 };
    },
  };
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
