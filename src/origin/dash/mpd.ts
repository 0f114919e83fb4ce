import { initUri, segmentUri } from '../../shared/stream/object-names.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';

/**
 * The dynamic MPD of a DASH profile: a pure function of the packager's state, like the HLS
 * playlists. Timing model (see docs/origin.md, "DASH"):
 * - availabilityStartTime is the capture time of the origin's first frame (whole second);
 * - each encoder run is a Period starting at the capture time of the run's first frame, so
 *   media time 0 of a run maps to the instant that frame was captured (PTO 0);
 * - segments are numbered with the packager's media sequence numbers ($Number$), every one
 *   `segmentMs` long, so segment N of a Period starts (N - startNumber) * segmentMs into it.
 * The MPD clock is thus the capture clock: a player's "live latency" is glass-to-glass minus
 * only what happens after the frame is shown, and ProducerReferenceTime states it exactly.
 */

export interface MpdVideoRepresentation {
  id: string;
  width: number;
  height: number;
  bandwidthBps: number;
  codecs: string;
}

export interface MpdAudioRepresentation {
  id: string;
  codecs: string;
  sampleRate: number;
  channels: number;
  bandwidthBps: number;
}

export interface MpdPeriod {
  /** Encoder run: the Period's init segment is initUri(run). */
  run: number;
  /** Capture time (ms since epoch) of the run's first frame. */
  startCaptureMs: number;
  /** Media sequence number of the run's first segment. */
  startNumber: number;
  /**
   * A run that has ended: how long its media lasts (ms), up to the end of its last segment.
   * Stated as Period@duration, so a player never asks for the numbers between that end and the
   * next run's start (there is no media there: the encoder was down). Null for the live Period.
   */
  durationMs: number | null;
}

export interface MpdInput {
  profile: LatencyProfile;
  fps: number;
  /** Capture time of the origin's very first frame. */
  firstCaptureMs: number;
  /** When the state this MPD describes came to be (the last publication it reflects). */
  publishTimeMs: number;
  /** Oldest first; the last one is the live Period. */
  periods: MpdPeriod[];
  video: MpdVideoRepresentation[];
  audio: MpdAudioRepresentation | null;
  /** How far back segments stay available (the packager window). */
  windowMs: number;
  /** Absolute URL of the origin's /time (ISO 8601 text), for UTCTiming. */
  timeUrl: string;
  /** ServiceDescription target latency asked for with `target=` (ms), or null for the profile's own. */
  targetMs?: number | null;
  /** Capture time and media time (ms into the live Period) of the newest segment's first frame. */
  producerReference: { wallClockMs: number; presentationMs: number } | null;
}

/** The latency a profile is built for (ms), announced in the ServiceDescription. */
function profileLatency(profile: LatencyProfile): { target: number; min: number; max: number } {
  if (profile.kind === 'll-dash') return { target: 1500, min: 1000, max: 3000 };
  // Plain DASH: the live segment is only available when complete, so at least one segment plus a margin.
  return { target: 2.5 * profile.segmentMs, min: 1.5 * profile.segmentMs, max: 5 * profile.segmentMs };
}

/**
 * The ServiceDescription latency, or the one a player session asked for with `target=<ms>`:
 * min scales with the target, max keeps the profile's headroom above it (dash.js derives its
 * catch-up drift limit from max − target, so that stays what it was).
 */
export function serviceLatency(profile: LatencyProfile, targetMs: number | null = null): { target: number; min: number; max: number } {
  const own = profileLatency(profile);
  if (targetMs === null) return own;
  return { target: targetMs, min: Math.round((targetMs * own.min) / own.target), max: targetMs + own.max - own.target };
}

/** Catch-up playback rates the ServiceDescription allows (DASH-IF low-latency guidelines range). */
export const PLAYBACK_RATE = { min: 0.96, max: 1.04 } as const;

/** How often players re-read the MPD. It only changes when a run starts, so this is generous. */
export const MINIMUM_UPDATE_PERIOD_MS = 2000;

export const AUDIO_REPRESENTATION_ID = 'audio';

export const isoDate = (ms: number): string => new Date(ms).toISOString();

/** An xs:duration with millisecond precision, e.g. PT12.345S. */
export function isoDuration(ms: number): string {
  return `PT${(Math.round(ms) / 1000).toFixed(3).replace(/\.?0+$/, '')}S`;
}

/** The MPD's availabilityStartTime: the first capture, down to the whole second. */
export const availabilityStartMs = (firstCaptureMs: number): number => Math.floor(firstCaptureMs / 1000) * 1000;

/**
 * availabilityTimeOffset of a chunked profile: a segment may be requested as soon as its first
 * chunk (one frame) exists, i.e. segment minus chunk duration before it is complete. Rounded
 * down to the ms so that it never promises more than the origin has.
 */
export function availabilityTimeOffsetS(profile: LatencyProfile, fps: number): number | null {
  if (profile.kind !== 'll-dash') return null;
  return Math.floor(profile.segmentMs - 1000 / fps) / 1000;
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function attrs(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

export function renderMpd(input: MpdInput): string {
  const { profile } = input;
  const ast = availabilityStartMs(input.firstCaptureMs);
  const latency = serviceLatency(profile, input.targetMs ?? null);
  const ato = availabilityTimeOffsetS(profile, input.fps);
  const utcTiming = `<UTCTiming${attrs({ schemeIdUri: 'urn:mpeg:dash:utc:http-iso:2014', value: input.timeUrl })}/>`;
  // Keep whole segments only, and one segment's margin so a player never asks for an evicted one.
  const timeShiftMs = Math.max(profile.segmentMs, input.windowMs - 2 * profile.segmentMs);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD${attrs({
      xmlns: 'urn:mpeg:dash:schema:mpd:2011',
      type: 'dynamic',
      profiles: profile.kind === 'll-dash' ? 'urn:mpeg:dash:profile:isoff-live:2011,http://www.dashif.org/guidelines/low-latency-live-v5' : 'urn:mpeg:dash:profile:isoff-live:2011',
      availabilityStartTime: isoDate(ast),
      publishTime: isoDate(input.publishTimeMs),
      minimumUpdatePeriod: isoDuration(MINIMUM_UPDATE_PERIOD_MS),
      minBufferTime: isoDuration(profile.segmentMs),
      timeShiftBufferDepth: isoDuration(timeShiftMs),
      maxSegmentDuration: isoDuration(profile.segmentMs),
    })}>`,
    '  <ServiceDescription id="0">',
    `    <Latency${attrs({ referenceId: 0, target: latency.target, min: latency.min, max: latency.max })}/>`,
    `    <PlaybackRate${attrs({ min: PLAYBACK_RATE.min, max: PLAYBACK_RATE.max })}/>`,
    '  </ServiceDescription>',
  ];
  input.periods.forEach((period, i) => {
    const live = i === input.periods.length - 1;
    const template = (init: string) =>
      `      <SegmentTemplate${attrs({
        timescale: 1000,
        duration: profile.segmentMs,
        startNumber: period.startNumber,
        presentationTimeOffset: 0,
        initialization: `$RepresentationID$/${init}`,
        media: `$RepresentationID$/${segmentUri('$Number$')}`,
        availabilityTimeOffset: ato,
        availabilityTimeComplete: ato === null ? null : 'false',
      })}/>`;
    const prt =
      live && input.producerReference
        ? [
            `      <ProducerReferenceTime${attrs({ id: 0, type: 'captured', wallClockTime: isoDate(input.producerReference.wallClockMs), presentationTime: Math.round(input.producerReference.presentationMs) })}>`,
            `        ${utcTiming}`,
            '      </ProducerReferenceTime>',
          ]
        : [];
    const init = initUri(period.run);
    const maxWidth = Math.max(0, ...input.video.map((v) => v.width));
    const maxHeight = Math.max(0, ...input.video.map((v) => v.height));
    const duration = period.durationMs === null ? null : isoDuration(period.durationMs);
    lines.push(`  <Period${attrs({ id: `run-${period.run}`, start: isoDuration(period.startCaptureMs - ast), duration })}>`);
    lines.push(
      `    <AdaptationSet${attrs({ id: 0, contentType: 'video', mimeType: 'video/mp4', segmentAlignment: 'true', startWithSAP: 1, maxWidth, maxHeight, frameRate: input.fps })}>`,
      ...prt,
      template(init),
      ...input.video.map((v) => `      <Representation${attrs({ id: v.id, bandwidth: Math.round(v.bandwidthBps), width: v.width, height: v.height, codecs: v.codecs, sar: '1:1' })}/>`),
      '    </AdaptationSet>',
    );
    if (input.audio) {
      const a = input.audio;
      lines.push(
        `    <AdaptationSet${attrs({ id: 1, contentType: 'audio', mimeType: 'audio/mp4', lang: 'und', segmentAlignment: 'true', startWithSAP: 1 })}>`,
        ...prt,
        template(init),
        `      <Representation${attrs({ id: a.id, bandwidth: Math.round(a.bandwidthBps), codecs: a.codecs, audioSamplingRate: a.sampleRate })}>`,
        `        <AudioChannelConfiguration${attrs({ schemeIdUri: 'urn:mpeg:mpegB:cicp:ChannelConfiguration', value: a.channels })}/>`,
        '      </Representation>',
        '    </AdaptationSet>',
      );
    }
    lines.push('  </Period>');
  });
  lines.push(`  ${utcTiming}`, '</MPD>');
  return lines.join('\n') + '\n';
}
