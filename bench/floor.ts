// The latency floor of segmented HTTP delivery, per profile: what no player setting can go
// below with this packaging. A frame waits for its object (part, segment or DASH chunk) to be
// complete and packaged (measured per frame: the breakdown's encode+package p50, which is about
// half an object plus the encoder and packager), then the player holds back the advertised
// PART-HOLD-BACK (LL-HLS) or HOLD-BACK (HLS), the frame is on screen for a frame interval, and
// the display refreshes once. DASH has no hold-back rule: above its floor is the player's target.
import { DEFAULT_HOLDBACK, holdBackSeconds } from '../src/origin/hls/media-playlist.ts';
import { isDash, type LatencyProfile } from '../src/shared/stream/profiles.ts';

/** One refresh of a 60 Hz display. */
export const DISPLAY_REFRESH_MS = 1000 / 60;

export interface FloorParts {
  encodePackageMs: number;
  holdBackMs: number;
  frameMs: number;
  refreshMs: number;
  floorMs: number;
}

export function latencyFloor(profile: LatencyProfile, encodePackageP50Ms: number, fps: number, holdback = DEFAULT_HOLDBACK): FloorParts {
  const holdBackMs = isDash(profile) ? 0 : holdBackSeconds(profile, holdback) * 1000;
  const frameMs = 1000 / fps;
  return {
    encodePackageMs: encodePackageP50Ms,
    holdBackMs,
    frameMs,
    refreshMs: DISPLAY_REFRESH_MS,
    floorMs: encodePackageP50Ms + holdBackMs + frameMs + DISPLAY_REFRESH_MS,
  };
}
