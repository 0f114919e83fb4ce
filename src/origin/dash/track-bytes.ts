import type { Chunk, InitSegment } from '../packager/chunk.ts';
import { splitFragment, splitInit } from '../isobmff/cmaf-split.ts';

/**
 * Single-track views of encoder output, for DASH (one track per Representation). The encoder's
 * outputs are single-track already (video per rung, the audio on its own), and those are served
 * as they are; a muxed object (two tracks) is cut on first use and cached beside the object it
 * comes from (WeakMap: the cut goes when the chunk leaves every window).
 */
export type TrackKind = 'video' | 'audio';

const chunkCache = new WeakMap<Chunk, Partial<Record<TrackKind, Buffer | null>>>();
const initCache = new WeakMap<InitSegment, Partial<Record<TrackKind, Buffer>>>();

function trackIdOf(init: InitSegment, kind: TrackKind): number | null {
  return kind === 'video' ? init.videoTrackId : init.audioTrackId;
}

/** The object holds only this track: nothing to cut. */
const onlyTrack = (init: InitSegment, kind: TrackKind): boolean => trackIdOf(init, kind) !== null && trackIdOf(init, kind === 'video' ? 'audio' : 'video') === null;

/** The init segment with only the video or only the audio track; null if there is no such track. */
export function trackInit(init: InitSegment, kind: TrackKind): Buffer | null {
  const id = trackIdOf(init, kind);
  if (id === null) return null;
  if (onlyTrack(init, kind)) return init.bytes;
  let cached = initCache.get(init);
  if (!cached) initCache.set(init, (cached = {}));
  return (cached[kind] ??= splitInit(init.bytes, id));
}

/** One chunk's video or audio fragment; null when the chunk has no samples of that track. */
export function trackChunk(chunk: Chunk, init: InitSegment, kind: TrackKind): Buffer | null {
  if (onlyTrack(init, kind)) return chunk.bytes;
  let cached = chunkCache.get(chunk);
  if (!cached) chunkCache.set(chunk, (cached = {}));
  if (cached[kind] !== undefined) return cached[kind];
  const id = trackIdOf(init, kind);
  const bytes = id === null ? null : splitFragment(chunk.bytes, id);
  cached[kind] = bytes;
  return bytes;
}
