import type { Rung } from '../encoder/ladder.ts';
import { AUDIO_KBPS } from '../encoder/ffmpeg-args.ts';
import type { InitSegment } from '../packager/chunk.ts';
import type { Segment } from '../packager/timeline.ts';
import { measuredBitrates, type TimelineState } from '../packager/timeline-view.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import { AUDIO_REPRESENTATION_ID, type MpdInput, type MpdPeriod } from './mpd.ts';

export interface DashRung {
  rung: Rung;
  inits: ReadonlyMap<number, InitSegment>;
  /** The rung's timeline of this profile, as the request sees it. */
  view: TimelineState;
}

/**
 * Reads what the MPD needs from the packager's state. Null until the first segment exists
 * (there is nothing to describe yet). Periods are the encoder runs still in the window whose
 * init segments every rung has.
 */
export function mpdInput(
  profile: LatencyProfile,
  fps: number,
  rungs: DashRung[],
  timeUrl: string,
  windowMs: number,
  /** The audio track's init segments by run, or null without audio. */
  audioInits: ReadonlyMap<number, InitSegment> | null = null,
): MpdInput | null {
  const first = rungs[0];
  if (!first || first.view.firstCaptureMs === null) return null;
  const periods: MpdPeriod[] = [];
  /** The newest segment of the last Period's run. */
  let lastOfRun: Segment | null = null;
  for (const s of first.view.segments) {
    const previous = periods[periods.length - 1];
    if (previous?.run === s.run) {
      lastOfRun = s;
      continue;
    }
    // A later run follows: the previous one's media ends with its last segment.
    if (previous && lastOfRun) previous.durationMs = (lastOfRun.msn - previous.startNumber) * profile.segmentMs + lastOfRun.durationMs;
    if (!rungs.every((r) => r.inits.has(s.run)) || (audioInits && !audioInits.has(s.run))) continue;
    periods.push({ run: s.run, startCaptureMs: s.runStartCaptureMs, startNumber: s.runStartMsn, durationMs: null });
    lastOfRun = s;
  }
  const livePeriod = periods[periods.length - 1];
  if (!livePeriod) return null;
  const audioInit = audioInits?.get(livePeriod.run) ?? null;
  const audioBps = audioInit?.audioCodec ? AUDIO_KBPS * 1000 : 0;
  // The state changes (and so the MPD) when a segment completes: that is its publish time.
  const last = first.view.lastCompleteSegment;
  const newestLive = [...first.view.segments].reverse().find((s) => s.complete && s.run === livePeriod.run);
  const firstChunk = newestLive?.chunks[0];
  return {
    profile,
    fps,
    firstCaptureMs: first.view.firstCaptureMs,
    publishTimeMs: Math.floor(last?.publishedAtMs ?? livePeriod.startCaptureMs),
    periods,
    video: rungs.map((r) => {
      const init = r.inits.get(livePeriod.run)!;
      const measured = measuredBitrates(r.view).peak;
      return {
        id: r.rung.name,
        width: init.width || r.rung.width,
        height: init.height || r.rung.height,
        bandwidthBps: measured !== null ? Math.max(measured, r.rung.videoKbps * 500) : r.rung.videoKbps * 1100,
        codecs: init.videoCodec ?? '',
      };
    }),
    audio:
      audioInit?.audioCodec
        ? {
            id: AUDIO_REPRESENTATION_ID,
            codecs: audioInit.audioCodec,
            sampleRate: audioInit.audioSampleRate ?? 48000,
            channels: audioInit.audioChannels ?? 1,
            bandwidthBps: audioBps,
          }
        : null,
    windowMs,
    timeUrl,
    producerReference: newestLive && firstChunk ? { wallClockMs: newestLive.startCaptureMs, presentationMs: (firstChunk.frameInRun * 1000) / fps } : null,
  };
}
