import { segmentByNumber, type Part, type Segment, type Timeline } from '../packager/timeline.ts';
import type { TimelineState } from '../packager/timeline-view.ts';

/**
 * The stream as one request sees it: live, or `delay=` ms late (injected delay). Routes read
 * every timeline through `of()` and, while they hold a request, `watch()` the timeline, so a
 * publish wakes the request again when it becomes visible to it, `delayMs` later.
 */
export interface StreamView {
  readonly delayMs: number;
  of(timeline: Timeline): TimelineState;
  /** While a request waits on `timeline` through this view: wake its waiters `delayMs` after every publish too. Returns the function that stops it. */
  watch(timeline: Timeline): () => void;
}

export const LIVE_VIEW: StreamView = { delayMs: 0, of: (timeline) => timeline, watch: () => () => undefined };

/** The view of a session with `delay=delayMs` (LIVE_VIEW for 0). */
export function streamView(delayMs: number): StreamView {
  if (delayMs <= 0) return LIVE_VIEW;
  return {
    delayMs,
    of: (timeline) => delayedView(timeline, performance.timeOrigin + performance.now() - delayMs),
    watch: (timeline) => watchDelay(timeline, delayMs),
  };
}

/** Per timeline: the delays its waiting requests see it through, with how many wait on each. */
const delayedWakes = new WeakMap<Timeline, { delays: Map<number, number>; stop: () => void }>();

function watchDelay(timeline: Timeline, delayMs: number): () => void {
  let entry = delayedWakes.get(timeline);
  if (!entry) {
    const delays = new Map<number, number>();
    // One listener per timeline, however many wait: a timer per distinct delay and publish.
    const stop = timeline.onPublish(() => {
      for (const delay of delays.keys()) setTimeout(() => timeline.waiters.wake(), delay);
    });
    entry = { delays, stop };
    delayedWakes.set(timeline, entry);
  }
  const { delays } = entry;
  delays.set(delayMs, (delays.get(delayMs) ?? 0) + 1);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    const left = (delays.get(delayMs) ?? 1) - 1;
    if (left > 0) delays.set(delayMs, left);
    else delays.delete(delayMs);
    if (delays.size === 0 && delayedWakes.get(timeline) === entry) {
      entry.stop();
      delayedWakes.delete(timeline);
    }
  };
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

