import { formatServerTiming } from '../../shared/server-timing.ts';
import type { Chunk } from '../packager/chunk.ts';

/** Wall clock of the origin (the clock publication and /time use). */
export const originNow = () => performance.timeOrigin + performance.now();

/**
 * The Server-Timing value of a complete object made of `chunks`: its frames' capture range,
 * when it became available to this request (publication + injected delay), and how long the
 * request was held since `arrivedAtMs`.
 */
export function completeObjectTiming(chunks: readonly Chunk[], publishedAtMs: number | null, delayMs: number, arrivedAtMs: number, videoHeight: number | null): string {
  return formatServerTiming({
    captureFirstMs: chunks[0]?.captureTimeMs ?? null,
    captureLastMs: chunks[chunks.length - 1]?.captureTimeMs ?? null,
    availableMs: publishedAtMs === null ? null : publishedAtMs + delayMs,
    packagingMs: null,
    holdMs: Math.max(0, originNow() - arrivedAtMs),
    delayMs,
    videoHeight,
  });
}

/**
 * A segment sent with chunked transfer while it is being produced: the header goes out before
 * the object is complete, so instead of `gm-avail` it says how long its chunks so far took from
 * capture to publication; the page adds that to each frame's capture time.
 */
export function streamingObjectTiming(chunks: readonly Chunk[], plannedFrames: number, delayMs: number, arrivedAtMs: number, videoHeight: number | null): string {
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  const frameMs = first?.durationMs ?? 0;
  return formatServerTiming({
    captureFirstMs: first?.captureTimeMs ?? null,
    captureLastMs: first ? first.captureTimeMs + (plannedFrames - 1) * frameMs : null,
    availableMs: null,
    packagingMs: last ? last.publishedAtMs - last.captureTimeMs : null,
    holdMs: Math.max(0, originNow() - arrivedAtMs),
    delayMs,
    videoHeight,
  });
}

/** An init segment has no frames: only when it appeared. */
export function initTiming(createdAtMs: number, delayMs: number, videoHeight: number | null): string {
  return formatServerTiming({ captureFirstMs: null, captureLastMs: null, availableMs: createdAtMs + delayMs, packagingMs: null, holdMs: 0, delayMs, videoHeight });
}
