import type { Chunk, InitSegment } from '../packager/chunk.ts';
import { splitFragment, splitInit } from '../packager/cmaf-split.ts';

/**
 * Single-track views of the muxed encoder output, cut on first use and cached beside the
 * object they come from (WeakMap: they go when the chunk leaves every window). Only DASH
 * requests pay for them.
 */
export type TrackKind = 'video' | 'audio';

const chunkCache = new WeakMap<Chunk, Partial<Record<TrackKind, Buffer | null>>>();
const initCache = new WeakMap<InitSegment, Partial<Record<TrackKind, Buffer>>>();

function trackIdOf(init: InitSegment, kind: TrackKind): number | null {
  return kind === 'video' ? init.videoTrackId : init.audioTrackId;
}

/** The init segment with only the video or only the audio track; null if there is no such track. */
export function trackInit(init: InitSegment, kind: TrackKind): Buffer | null {
  const id = trackIdOf(init, kind);
  if (id === null) return null;
  let cached = initCache.get(init);
  if (!cached) initCache.set(init, (cached = {}));
  return (cached[kind] ??= splitInit(init.bytes, id));
}

/** One chunk's video or audio fragment; null when the chunk has no samples of that track. */
export function trackChunk(chunk: Chunk, init: InitSegment, kind: TrackKind): Buffer | null {
  let cached = chunkCache.get(chunk);
  if (!cached) chunkCache.set(chunk, (cached = {}));
  if (cached[kind] !== undefined) return cached[kind];
  const id = trackIdOf(init, kind);
  const bytes = id === null ? null : splitFragment(chunk.bytes, id);
  cached[kind] = bytes;
  return bytes;
}
