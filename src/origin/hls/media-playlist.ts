import type { Segment } from '../packager/timeline.ts';
import type { TimelineState } from '../packager/timeline-view.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import { initUri, partUri, segmentUri } from '../../shared/stream/object-names.ts';

/** Segments within this many target durations of the end list their parts (HLS spec: at least 3). */
const PART_LISTING_TARGET_DURATIONS = 3;

export interface RenditionReport {
  /** Media playlist URI relative to this playlist. */
  uri: string;
  lastMsn: number;
  lastPart: number | null;
}

export interface MediaPlaylistRequest {
  /** `_HLS_skip=YES`: a delta update that replaces older segments with EXT-X-SKIP. */
  skip: boolean;
  /** Media objects live in a folder per rung: `<rung>/`. */
  mediaFolder: string;
  renditionReports: RenditionReport[];
  /** Hold-back in part targets (LL) or target durations (plain HLS); the `holdback=` URL option. Default 3. */
  holdback?: number;
  /**
   * PART-TARGET of this playlist, ms, when it is not the profile's part: audio parts end on the
   * AAC frame that crosses the video's part boundary, so they may be one AAC frame longer.
   */
  partTargetMs?: number;
}

/** The spec's recommended hold-back: 3 part targets (LL-HLS), 3 target durations (HLS). */
export const DEFAULT_HOLDBACK = 3;

/**
 * PART-HOLD-BACK (LL) or HOLD-BACK (plain HLS) in seconds for `holdback` multiples. HOLD-BACK
 * must be at least 3 target durations (RFC 8216bis 4.4.3.8), so plain HLS never goes below 3.
 */
export function holdBackSeconds(profile: LatencyProfile, holdback = DEFAULT_HOLDBACK, partTargetMs?: number): number {
  const partTarget = partTargetSeconds(profile);
  // The spec's floor of 2 part targets holds for a playlist whose own PART-TARGET is longer (audio).
  if (profile.kind === 'll-hls' && partTarget !== null) return Math.max(holdback * partTarget, (2 * (partTargetMs ?? 0)) / 1000);
  return Math.max(3, holdback) * targetDurationSeconds(profile);
}

export function targetDurationSeconds(profile: LatencyProfile): number {
  return Math.ceil(profile.segmentMs / 1000);
}

export function partTargetSeconds(profile: LatencyProfile): number | null {
  return profile.partMs === null ? null : profile.partMs / 1000;
}

/** CAN-SKIP-UNTIL: six target durations, the spec's minimum. */
export function skipUntilSeconds(profile: LatencyProfile): number {
  return 6 * targetDurationSeconds(profile);
}

const fmtDuration = (ms: number) => (ms / 1000).toFixed(5);
const fmtSeconds = (s: number) => s.toFixed(3).replace(/\.?0+$/, '') || '0';

/** The segments a playlist shows: complete ones plus, with parts, the open one if it has a complete part. */
export function listedSegments(timeline: TimelineState): Segment[] {
  return timeline.segments.filter((s) => s.complete || (timeline.hasParts && s.parts.some((p) => p.complete)));
}

/** The media a listed segment adds to the playlist: all of it once complete, else its complete parts. */
const listedDurationMs = (s: Segment) => (s.complete ? s.durationMs : s.parts.reduce((ms, p) => ms + (p.complete ? p.durationMs : 0), 0));

/** Last segment and last complete part of a rendition, for EXT-X-RENDITION-REPORT and blocking. */
export function lastPosition(timeline: TimelineState): { msn: number; part: number | null } | null {
  const segments = listedSegments(timeline);
  const last = segments[segments.length - 1];
  if (!last) return null;
  if (!timeline.hasParts) return { msn: last.msn, part: null };
  let part = -1;
  for (const p of last.parts) if (p.complete) part = p.index;
  return { msn: last.msn, part };
}

/**
 * Renders a media playlist from the timeline's state: pure, so every rule is unit-testable
 * with a fake clock.
 */
export function renderMediaPlaylist(timeline: TimelineState, profile: LatencyProfile, req: MediaPlaylistRequest): string {
  const ll = profile.kind === 'll-hls' && timeline.hasParts;
  const td = targetDurationSeconds(profile);
  const partTarget = req.partTargetMs !== undefined && profile.partMs !== null ? Math.ceil(req.partTargetMs) / 1000 : partTargetSeconds(profile);
  const segments = listedSegments(timeline);
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${ll ? 9 : 6}`, `#EXT-X-TARGETDURATION:${td}`];
  const holdBack = fmtSeconds(holdBackSeconds(profile, req.holdback, req.partTargetMs !== undefined ? Math.ceil(req.partTargetMs) : undefined));
  if (ll && partTarget !== null) {
    lines.push(
      `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${holdBack},CAN-SKIP-UNTIL=${fmtSeconds(skipUntilSeconds(profile))}`,
      `#EXT-X-PART-INF:PART-TARGET=${fmtSeconds(partTarget)}`,
    );
  } else {
    lines.push(`#EXT-X-SERVER-CONTROL:HOLD-BACK=${holdBack}`);
  }
  const first = segments[0];
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${first?.msn ?? timeline.firstMsn}`);
  if (timeline.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${timeline.discontinuitySequence}`);

  // Delta update: skip the oldest segments, keeping at least CAN-SKIP-UNTIL seconds listed.
  let skipped = 0;
  if (ll && req.skip) {
    const keepMs = skipUntilSeconds(profile) * 1000;
    let keptMs = 0;
    let keepFrom = segments.length;
    while (keepFrom > 0 && keptMs < keepMs) keptMs += listedDurationMs(segments[--keepFrom]!);
    skipped = keepFrom;
    if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  }

  const listFrom = segments.length > 0 ? segments[segments.length - 1]!.startCaptureMs - (PART_LISTING_TARGET_DURATIONS - 1) * td * 1000 : 0;
  let mapRun: number | null = null;
  const folder = req.mediaFolder;
  for (let i = skipped; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (seg.run !== mapRun) {
      lines.push(`#EXT-X-MAP:URI="${folder}${initUri(seg.run)}"`);
      mapRun = seg.run;
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(seg.startCaptureMs).toISOString()}`);
    if (ll && seg.startCaptureMs >= listFrom) {
      for (const part of seg.parts) {
        if (!part.complete) break;
        lines.push(
          `#EXT-X-PART:DURATION=${fmtDuration(part.durationMs)},URI="${folder}${partUri(part.msn, part.index)}"${part.independent ? ',INDEPENDENT=YES' : ''}`,
        );
      }
    }
    if (seg.complete) lines.push(`#EXTINF:${fmtDuration(seg.durationMs)},`, folder + segmentUri(seg.msn));
  }
  if (ll) {
    const next = timeline.nextPartPosition();
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${folder}${partUri(next.msn, next.index)}"`);
    for (const report of req.renditionReports) {
      lines.push(
        `#EXT-X-RENDITION-REPORT:URI="${report.uri}",LAST-MSN=${report.lastMsn}${report.lastPart !== null ? `,LAST-PART=${report.lastPart}` : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
