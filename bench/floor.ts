// Two latency floors per profile, from the packaging (bench/floor.test.ts holds the arithmetic).
//
// Packaging floor: what no player can go below with this packaging. A frame can only be shown
// once the object that carries it is complete at the origin: a whole part (LL-HLS; the hinted
// part is held and sent whole, not chunked), a whole segment (HLS, plain DASH), or its own
// one-frame chunk (LL-DASH: the live-edge segment is sent chunk by chunk as it is packaged). The
// first frame of an object waits longest: its own capture -> packaged time E, plus the rest of
// the object ((n - 1) frame intervals; its last frame is packaged E after its own capture). A
// player that plays at a steady rate shows every frame at that first frame's delay, so
//   packaging floor = E + (n - 1) x frame + one display refresh
// (Chromium presents a frame at the earliest on the vsync after it is ready). Delivery and decode
// are left out: they are the row's own columns.
//
// Hold-back floor: what a player that keeps the advertised hold-back cannot go below. HLS counts
// PART-HOLD-BACK / HOLD-BACK from the end of the playlist, that is the end of its newest complete
// object, whose last frame was captured E before it was published and ends one frame later:
//   hold-back floor = E + hold-back - one frame + one refresh = packaging floor + hold-back - object
// (the hold-back already contains the wait for the newest object; adding both counts it twice).
// DASH players measure latency against the wall clock the MPD is anchored to (here the capture
// clock), so one that keeps the ServiceDescription target shows a frame target after its capture:
//   hold-back floor = max(packaging floor, target + one refresh).
import { DEFAULT_HOLDBACK, holdBackSeconds } from '../src/origin/hls/media-playlist.ts';
import { serviceLatency } from '../src/origin/dash/mpd.ts';
import { isDash, type LatencyProfile } from '../src/shared/stream/profiles.ts';

/** One refresh of a 60 Hz display. */
export const DISPLAY_REFRESH_MS = 1000 / 60;

export interface FloorParts {
  /** What a frame's object is: the newest frame a player can show must be in a complete one. */
  object: 'part' | 'segment' | 'chunk';
  objectFrames: number;
  /** E: one frame's capture -> its own chunk packaged. */
  framePackagedMs: number;
  /** The first frame's wait for the rest of its object: (n - 1) frames. */
  restOfObjectMs: number;
  refreshMs: number;
  packagingFloorMs: number;
  /** PART-HOLD-BACK (LL-HLS), HOLD-BACK (HLS) or the ServiceDescription target (DASH). */
  holdBackMs: number;
  holdBackFloorMs: number;
}

/** The object a frame travels in, and how many frames it holds. */
export function objectOf(profile: LatencyProfile, fps: number): { object: FloorParts['object']; frames: number } {
  if (profile.kind === 'll-dash') return { object: 'chunk', frames: 1 };
  if (profile.partMs !== null) return { object: 'part', frames: Math.round((profile.partMs * fps) / 1000) };
  return { object: 'segment', frames: Math.round((profile.segmentMs * fps) / 1000) };
}

/**
 * The floors from E, one frame's capture -> packaged p50. The encoder section measures E per rung;
 * a latency row has only its frames' encode+package p50, see {@link framePackagedFromRow}.
 */
export function latencyFloor(profile: LatencyProfile, framePackagedMs: number, fps: number, holdback = DEFAULT_HOLDBACK): FloorParts {
  const frameMs = 1000 / fps;
  const { object, frames } = objectOf(profile, fps);
  const restOfObjectMs = (frames - 1) * frameMs;
  const packagingFloorMs = framePackagedMs + restOfObjectMs + DISPLAY_REFRESH_MS;
  const holdBackMs = isDash(profile) ? serviceLatency(profile).target : holdBackSeconds(profile, holdback) * 1000;
  const holdBackFloorMs = isDash(profile)
    ? Math.max(packagingFloorMs, holdBackMs + DISPLAY_REFRESH_MS)
    : packagingFloorMs + holdBackMs - frames * frameMs;
  return { object, objectFrames: frames, framePackagedMs, restOfObjectMs, refreshMs: DISPLAY_REFRESH_MS, packagingFloorMs, holdBackMs, holdBackFloorMs };
}

/**
 * E from a latency row's encode+package p50. That column is per frame, capture -> its object
 * complete: the k-th of n frames waits (n - 1 - k) frames + E, so over a steady stream its median
 * is E + (n - 1) / 2 frames.
 */
export function framePackagedFromRow(profile: LatencyProfile, encodePackageP50Ms: number, fps: number): number {
  return encodePackageP50Ms - ((objectOf(profile, fps).frames - 1) * (1000 / fps)) / 2;
}
