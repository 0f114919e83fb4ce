import { isDash, profileFrames, type LatencyProfile } from '../../shared/stream/profiles.ts';
import type { Chunk } from './chunk.ts';
import { WaiterList, type WaiterPool } from './waiters.ts';

/** A part: consecutive chunks inside one segment. */
export interface Part {
  msn: number;
  index: number;
  chunks: Chunk[];
  /** Starts with an IDR, so a player can begin decoding here. */
  independent: boolean;
  complete: boolean;
  durationMs: number;
  byteLength: number;
  /** When the part became complete (wall clock), or null while in progress. */
  publishedAtMs: number | null;
}

export interface Segment {
  msn: number;
  run: number;
  /** First segment of a new encoder run (not the first run). */
  discontinuity: boolean;
  chunks: Chunk[];
  /** Only for timelines with parts. */
  parts: Part[];
  complete: boolean;
  /** Exact capture time of the first frame: the EXT-X-PROGRAM-DATE-TIME. */
  startCaptureMs: number;
  durationMs: number;
  byteLength: number;
  publishedAtMs: number | null;
  /** True when the segment starts with an IDR (always, unless the encoder misbehaved). */
  independent: boolean;
  /** The first segment of this segment's encoder run and its capture time: where a DASH Period starts. */
  runStartMsn: number;
  runStartCaptureMs: number;
  /** Position (in video frames since the run started) where this segment starts. */
  startFrame: number;
}

/** A profile's timeline: its frames per part and segment, and on DASH numbers that follow the capture clock. */
export function timelineShape(profile: LatencyProfile, fps: number): TimelineShape {
  return { ...profileFrames(profile, fps), ...(isDash(profile) ? { clockSegmentMs: profile.segmentMs } : {}) };
}

/**
 * The segment numbered `msn` in a window that is in number order: consecutive (HLS), or with
 * gaps between encoder runs (DASH numbers on the clock), hence the search after the direct hit.
 */
export function segmentByNumber(segments: readonly Segment[], msn: number): Segment | undefined {
  const first = segments[0];
  if (!first) return undefined;
  const direct = segments[msn - first.msn];
  if (direct?.msn === msn) return direct;
  for (let i = segments.length - 1; i >= 0 && (segments[i]?.msn ?? -1) >= msn; i--) if (segments[i]?.msn === msn) return segments[i];
  return undefined;
}

/** Audio positions are sums of fractions; this much below a boundary counts as on it. */
const EPSILON = 1e-6;

export interface TimelineShape {
  partFrames: number | null;
  segmentFrames: number;
  /**
   * DASH: numbers follow the capture clock. A new run's first segment gets the first number the
   * previous run's template (one segment every this many ms from its start) does not reach
   * before the new run begins, so no $Number$ names a segment in two Periods; the numbers
   * skipped are a gap (no segment). Undefined (HLS): numbers are consecutive, as MSNs must be.
   */
  clockSegmentMs?: number;
}

/**
 * The segments (and parts) of one rung (or the audio) in one latency profile, built
 * incrementally as chunks arrive. A part or segment is published the moment the chunks reach
 * its planned end (counted in video frames since the run started), so publication never waits
 * for the next chunk. Audio chunks cover fractions of a frame; the one that crosses a boundary
 * stays in the part it starts in, so audio parts end within one AAC frame of the video's and
 * never drift. Older segments fall out of the window.
 */
export class Timeline {
  readonly segments: Segment[] = [];
  readonly waiters: WaiterList;
  private nextMsn = 0;
  private evictedDiscontinuities = 0;
  private pendingDiscontinuity = false;
  private lastRun: number | null = null;
  private runStart: { run: number; msn: number; captureMs: number } | null = null;
  /** Video frames covered since the run started (the sum of the chunks' `frames`). */
  private position = 0;
  /** Capture time of the very first frame: a fixed anchor (the DASH availabilityStartTime). */
  firstCaptureMs: number | null = null;
  /** Called after every publish, after the waiters (the delayed view re-wakes them later: netem/delayed-view.ts). */
  private readonly publishListeners = new Set<() => void>();
  /** Counters for /metrics. */
  partsPublished = 0;
  segmentsPublished = 0;
  /** Wall-clock ms of the newest part or segment publication (/healthz), null before any. */
  lastPublishedAtMs: number | null = null;

  constructor(
    readonly shape: TimelineShape,
    readonly windowMs: number,
    pool: WaiterPool,
  ) {
    this.waiters = new WaiterList(pool);
  }

  get hasParts(): boolean {
    return this.shape.partFrames !== null;
  }

  /** Media sequence number of the first segment still in the window. */
  get firstMsn(): number {
    return this.segments[0]?.msn ?? this.nextMsn;
  }

  /** Discontinuities that have slid out of the window (EXT-X-DISCONTINUITY-SEQUENCE). */
  get discontinuitySequence(): number {
    return this.evictedDiscontinuities;
  }

  /** The segment being filled, if any. */
  get openSegment(): Segment | null {
    const last = this.segments[this.segments.length - 1];
    return last && !last.complete ? last : null;
  }

  /** The last complete segment, or null. */
  get lastCompleteSegment(): Segment | null {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i];
      if (s?.complete) return s;
    }
    return null;
  }

  segment(msn: number): Segment | undefined {
    return segmentByNumber(this.segments, msn);
  }

  /** The next part that will be published: what a preload hint points at. */
  nextPartPosition(): { msn: number; index: number } {
    const open = this.openSegment;
    if (open) return { msn: open.msn, index: open.parts.filter((p) => p.complete).length };
    return { msn: this.nextMsn, index: 0 };
  }

  /** Calls `listener` after every publish (and run end) until the returned function is called. */
  onPublish(listener: () => void): () => void {
    this.publishListeners.add(listener);
    return () => this.publishListeners.delete(listener);
  }

  private wakeAll(): void {
    this.waiters.wake();
    for (const listener of this.publishListeners) listener();
  }

  /** The encoder restarted: close what is open; the next segment carries a discontinuity. */
  endRun(): void {
    const open = this.openSegment;
    if (open) this.closeSegment(open, Date.now());
    if (this.lastRun !== null) this.pendingDiscontinuity = true;
    this.wakeAll();
  }

  append(chunk: Chunk): void {
    if (this.lastRun !== null && chunk.run !== this.lastRun) this.endRun();
    if (chunk.run !== this.lastRun) this.position = 0;
    this.lastRun = chunk.run;
    const { partFrames, segmentFrames } = this.shape;
    this.firstCaptureMs ??= chunk.captureTimeMs;
    let segment = this.openSegment;
    if (!segment) {
      const runStart = this.runStart?.run === chunk.run ? this.runStart : this.startRun(chunk);
      const startFrame = Math.floor(this.position / segmentFrames + EPSILON) * segmentFrames;
      segment = {
        msn: this.nextMsn++,
        run: chunk.run,
        discontinuity: this.pendingDiscontinuity,
        chunks: [],
        parts: [],
        complete: false,
        startCaptureMs: chunk.captureTimeMs,
        durationMs: 0,
        byteLength: 0,
        publishedAtMs: null,
        independent: chunk.keyframe,
        runStartMsn: runStart.msn,
        runStartCaptureMs: runStart.captureMs,
        startFrame,
      };
      this.pendingDiscontinuity = false;
      this.segments.push(segment);
    }
    segment.chunks.push(chunk);
    segment.durationMs += chunk.durationMs;
    segment.byteLength += chunk.bytes.length;
    this.position += chunk.frames ?? 1;

    if (partFrames !== null) {
      let part = segment.parts[segment.parts.length - 1];
      if (!part || part.complete) {
        part = {
          msn: segment.msn,
          index: segment.parts.length,
          chunks: [],
          independent: chunk.keyframe,
          complete: false,
          durationMs: 0,
          byteLength: 0,
          publishedAtMs: null,
        };
        segment.parts.push(part);
      }
      part.chunks.push(chunk);
      part.durationMs += chunk.durationMs;
      part.byteLength += chunk.bytes.length;
      if (this.position >= segment.startFrame + (part.index + 1) * partFrames - EPSILON) {
        part.complete = true;
        part.publishedAtMs = chunk.publishedAtMs;
        this.lastPublishedAtMs = chunk.publishedAtMs;
        this.partsPublished++;
      }
    }
    if (this.position >= segment.startFrame + segmentFrames - EPSILON) this.closeSegment(segment, chunk.publishedAtMs);
    this.evict(chunk.captureTimeMs);
    this.wakeAll();
  }

  private startRun(chunk: Chunk): { run: number; msn: number; captureMs: number } {
    const previous = this.runStart;
    const slotMs = this.shape.clockSegmentMs;
    if (previous && slotMs !== undefined) {
      // Capture times are whole ms: a new run starting exactly on a slot boundary is not inside the slot before it.
      const slots = Math.ceil((chunk.captureTimeMs - previous.captureMs) / slotMs - EPSILON);
      this.nextMsn = Math.max(this.nextMsn, previous.msn + slots);
    }
    this.runStart = { run: chunk.run, msn: this.nextMsn, captureMs: chunk.captureTimeMs };
    return this.runStart;
  }

  private closeSegment(segment: Segment, at: number): void {
    for (const part of segment.parts) {
      if (!part.complete) {
        part.complete = true;
        part.publishedAtMs = at;
        this.partsPublished++;
      }
    }
    segment.complete = true;
    this.segmentsPublished++;
    segment.publishedAtMs = at;
    this.lastPublishedAtMs = at;
  }

  private evict(nowCaptureMs: number): void {
    // Keep whole segments whose end is inside the window; always keep the open one.
    while (this.segments.length > 1) {
      const first = this.segments[0];
      if (!first || !first.complete || first.startCaptureMs + first.durationMs >= nowCaptureMs - this.windowMs) break;
      this.segments.shift();
      // The tag leaves the playlist with the segment it precedes.
      if (first.discontinuity) this.evictedDiscontinuities++;
    }
  }
}
