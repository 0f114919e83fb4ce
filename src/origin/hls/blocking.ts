import { ORIGIN_CONFIG } from '../config.ts';
import type { TimelineState } from '../packager/timeline-view.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import { lastPosition, partTargetSeconds, targetDurationSeconds } from './media-playlist.ts';

/** The delivery directives of an LL-HLS media playlist request (HLS spec 6.2.5). */
export interface Directives {
  msn: number | null;
  part: number | null;
  skip: boolean;
}

export type DirectiveResult = { ok: true; directives: Directives } | { ok: false; status: 400; message: string };

const INTEGER = /^\d{1,12}$/;

/** Parses `_HLS_msn`, `_HLS_part` and `_HLS_skip`. Other query parameters (cache busters) are ignored. */
export function parseDirectives(query: URLSearchParams): DirectiveResult {
  const msnText = query.get('_HLS_msn');
  const partText = query.get('_HLS_part');
  const skipText = query.get('_HLS_skip');
  if (msnText !== null && !INTEGER.test(msnText)) return { ok: false, status: 400, message: `_HLS_msn must be a non-negative integer, got "${msnText}"` };
  if (partText !== null && !INTEGER.test(partText)) return { ok: false, status: 400, message: `_HLS_part must be a non-negative integer, got "${partText}"` };
  if (partText !== null && msnText === null) return { ok: false, status: 400, message: '_HLS_part requires _HLS_msn' };
  if (skipText !== null && skipText !== 'YES' && skipText !== 'v2') return { ok: false, status: 400, message: `_HLS_skip must be YES or v2, got "${skipText}"` };
  return {
    ok: true,
    directives: {
      msn: msnText === null ? null : Number(msnText),
      part: partText === null ? null : Number(partText),
      skip: skipText !== null,
    },
  };
}

/** Parts per segment of a profile (parts divide segments exactly). */
export function partsPerSegment(profile: LatencyProfile): number {
  return profile.partMs === null ? 1 : Math.round(profile.segmentMs / profile.partMs);
}

/** Advance Part Limit (HLS spec 6.2.5.2): 3 / part target when it is under 1 s, else 3. */
export function advancePartLimit(profile: LatencyProfile): number {
  const pt = partTargetSeconds(profile);
  if (pt === null) return 0;
  return pt < 1 ? Math.round(3 / pt) : 3;
}

/** How long a blocking request may be held before the server gives up (503). */
export function maxHoldMs(profile: LatencyProfile): number {
  return ORIGIN_CONFIG.blockingHoldTargetDurations * targetDurationSeconds(profile) * 1000;
}

/** Normalises a requested (msn, part): a part index past the end of a segment is part 0 of the next. */
export function normaliseTarget(profile: LatencyProfile, msn: number, part: number | null): { msn: number; part: number | null } {
  if (part === null) return { msn, part };
  const per = partsPerSegment(profile);
  return part >= per ? { msn: msn + 1, part: 0 } : { msn, part };
}

/** 400 reasons for a blocking request measured against the playlist's current end, or null. */
export function checkBlockingLimits(timeline: TimelineState, profile: LatencyProfile, d: Directives): string | null {
  if (d.msn === null) return null;
  const last = lastPosition(timeline);
  const lastMsn = last?.msn ?? timeline.firstMsn - 1;
  if (d.msn > lastMsn + 2) return `_HLS_msn=${d.msn} is more than 2 beyond the last segment (${lastMsn})`;
  if (d.part !== null && last) {
    const per = partsPerSegment(profile);
    const requested = d.msn * per + d.part;
    const lastPart = last.msn * per + (last.part ?? per - 1);
    const limit = advancePartLimit(profile);
    if (requested - lastPart > limit) {
      return `_HLS_part=${d.part} of _HLS_msn=${d.msn} is more than ${limit} parts beyond the last part (${last.msn}.${last.part})`;
    }
  }
  return null;
}

/** True when the playlist already satisfies a blocking request (segment M complete, or part P of M published). */
export function isSatisfied(timeline: TimelineState, profile: LatencyProfile, d: Directives): boolean {
  if (d.msn === null) return true;
  const target = normaliseTarget(profile, d.msn, d.part);
  const last = lastPosition(timeline);
  if (!last) return false;
  if (target.part === null) {
    const complete = timeline.lastCompleteSegment;
    return complete !== null && complete.msn >= target.msn;
  }
  if (last.msn > target.msn) return true;
  return last.msn === target.msn && last.part !== null && last.part >= target.part;
}
