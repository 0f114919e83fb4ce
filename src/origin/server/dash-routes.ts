import { ORIGIN_CONFIG } from '../config.ts';
import { renderMpd } from '../dash/mpd.ts';
import { mpdInput } from '../dash/mpd-state.ts';
import { streamSegment } from '../dash/segment-stream.ts';
import { trackChunk, trackInit, type TrackKind } from '../dash/track-bytes.ts';
import { parseMediaObject } from '../../shared/stream/object-names.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import type { RequestKind } from '../../shared/stream/request-kinds.ts';
import type { Chunk, InitSegment } from '../packager/chunk.ts';
import { AUDIO_TRACK, trackHeight, type TrackState } from '../packager/packager.ts';
import type { Segment, Timeline } from '../packager/timeline.ts';
import { WaiterLimitError } from '../packager/waiters.ts';
import { audioShifted } from './av-shift.ts';
import { holdFor, sendComplete, sendGone, sendInit, setMediaHeaders } from './media-responder.ts';
import { streamingObjectTiming } from './object-timing.ts';
import type { RequestScope, StreamContext } from './request-scope.ts';
import { bodyOf, CONTENT_TYPES, sendError, sendText } from './respond.ts';

type SegmentOutcome = 'whole' | 'chunked' | 'held' | 'too_early' | 'gap' | 'gone' | 'stalled' | 'aborted' | 'timeout';

/** One DASH Representation: a rung's video, or the audio track. */
interface Track {
  kind: TrackKind;
  state: TrackState;
  timeline: Timeline;
}

/** The bytes of one chunk in this track, as served (`avoffset=` moves the audio: av-shift.ts). */
function trackBytes(scope: RequestScope, chunk: Chunk, init: InitSegment, track: Track): Buffer | null {
  const bytes = trackChunk(chunk, init, track.kind);
  return bytes && track.kind === 'audio' ? audioShifted(bytes, init, scope.session.avOffsetMs) : bytes;
}

function trackOf(stream: StreamContext, profile: LatencyProfile, name: string): Track | null {
  if (name === AUDIO_TRACK) {
    const state = stream.packager.audio;
    if (!state?.init?.audioCodec) return null;
    return { kind: 'audio', state, timeline: state.timelines.get(profile.name)! };
  }
  const state = stream.packager.rungs.find((s) => s.rung.name === name);
  return state ? { kind: 'video', state, timeline: state.timelines.get(profile.name)! } : null;
}

/** The origin's /time as an absolute URL on the host the player used (UTCTiming needs one). */
function timeUrl(scope: RequestScope): string {
  const host = scope.req.headers.host ?? '';
  return /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}/time` : '/time';
}

const mediaOf = (track: Track) => ({ tag: track.kind, contentType: track.kind === 'audio' ? CONTENT_TYPES.m4a : CONTENT_TYPES.mp4, videoHeight: trackHeight(track.state) });

/**
 * Everything under /live/<DASH profile>/: the MPD, init segments and media segments. `parts`
 * is the path after the profile name. Media is single-track (see isobmff/cmaf-split.ts).
 */
export async function handleDash(scope: RequestScope, profile: LatencyProfile, parts: string[]): Promise<RequestKind> {
  const { req, res, stream, session } = scope;
  if (parts.length === 1 && parts[0] === 'manifest.mpd') {
    const rungs = stream.packager.rungs.map((s) => ({ rung: s.rung, inits: s.inits, view: session.view.of(s.timelines.get(profile.name)!) }));
    const windowMs = stream.packager.timeline(profile.name, 0)?.windowMs ?? 0;
    const input = mpdInput(profile, stream.fps, rungs, timeUrl(scope), windowMs, stream.packager.audio?.inits ?? null);
    if (!input) {
      sendError(req, res, 503, 'the stream has no complete segment yet; retry in a second', { 'Retry-After': '1' });
      return 'manifest';
    }
    sendText(req, res, renderMpd({ ...input, targetMs: session.targetMs }), CONTENT_TYPES.mpd, 'public, max-age=1');
    return 'manifest';
  }
  const track = parts.length === 2 ? trackOf(stream, profile, parts[0] ?? '') : null;
  const object = parseMediaObject(parts[1] ?? '');
  if (!track || !object || object.kind === 'part') {
    sendError(req, res, 404, `no such object in DASH profile ${profile.name}`);
    return 'unknown';
  }
  if (object.kind === 'init') {
    sendInit(scope, track.state.inits, object.run, { ...mediaOf(track), bytesOf: (init) => trackInit(init, track.kind) });
    return 'init';
  }
  const outcome = await sendSegment(scope, profile, track, object.msn);
  stream.metrics.inc('glassmeter_dash_segment_requests_total', 'DASH media segment requests by profile and outcome', { profile: profile.name, outcome });
  return 'segment';
}

async function sendSegment(scope: RequestScope, profile: LatencyProfile, track: Track, msn: number): Promise<SegmentOutcome> {
  const { req, res } = scope;
  const { view } = scope.session;
  const { timeline } = track;
  const current = () => view.of(timeline).segment(msn);
  const chunked = profile.kind === 'll-dash';
  const seen = view.of(timeline);
  if (msn < seen.firstMsn) {
    sendGone(scope, `segment ${msn}`, `the oldest is ${seen.firstMsn}`);
    return 'gone';
  }
  let held = false;
  let segment = current();
  // A player's clock and the encoder's own latency put requests a little ahead of publication:
  // the segment being produced (and, chunked, the one about to start) is waited for, not refused.
  if (!segment?.complete && !(segment && chunked)) {
    const last = seen.segments[seen.segments.length - 1];
    const nextMsn = last ? last.msn + (last.complete || chunked ? 1 : 0) : seen.firstMsn;
    if (msn > nextMsn) {
      sendError(req, res, 404, `segment ${msn} is not available yet (the live edge is ${last?.msn ?? 'not started'})`);
      return 'too_early';
    }
    // Numbers between two encoder runs name no segment (DASH numbers follow the clock: Timeline).
    const skipped = () => !current() && (view.of(timeline).segments.at(-1)?.msn ?? -Infinity) > msn;
    const ready = (): Segment | 'gap' | null => {
      if (skipped()) return 'gap';
      const now = current();
      return now && (chunked || now.complete) ? now : null;
    };
    const found = await holdFor(scope, timeline, ready, ORIGIN_CONFIG.dashHoldMs(profile.segmentMs), `segment ${msn} was not published in time`);
    if ('failed' in found) return found.failed;
    if (found.found === 'gap') {
      sendError(req, res, 404, `there is no segment ${msn}: the encoder restarted, and the numbers between its runs name no media`);
      return 'gap';
    }
    segment = found.found;
    held = true;
  }
  const init = track.state.inits.get(segment.run);
  if (!init) {
    sendGone(scope, `the init segment of segment ${msn}'s encoder run`);
    return 'gone';
  }
  if (segment.complete) {
    sendComplete(scope, segment, segment.chunks.flatMap((c) => trackBytes(scope, c, init, track) ?? []), { ...mediaOf(track), tag: `${track.kind}-s` });
    return held ? 'held' : 'whole';
  }
  res.setHeader('Server-Timing', streamingObjectTiming(segment.chunks, timeline.shape.segmentFrames, view.delayMs, scope.arrivedAtMs, trackHeight(track.state)));
  return streamChunked(scope, profile, track, msn, init);
}

/** The segment being produced: headers now, then every chunk as it is published (chunked transfer). */
async function streamChunked(scope: RequestScope, profile: LatencyProfile, track: Track, msn: number, init: InitSegment): Promise<SegmentOutcome> {
  const { req, res, signal } = scope;
  const { view } = scope.session;
  res.statusCode = 200;
  setMediaHeaders(res, mediaOf(track).contentType);
  const body = bodyOf(res);
  if (req.method === 'HEAD') {
    body.end();
    return 'chunked';
  }
  // No Content-Length: Node sends Transfer-Encoding: chunked. Flush so the player sees the
  // response start now, not with the first write.
  res.flushHeaders();
  const { timeline } = track;
  const unwatch = view.watch(timeline);
  try {
    const outcome = await streamSegment(
      {
        current: () => view.of(timeline).segment(msn),
        waitFor: (ready, timeoutMs) => timeline.waiters.wait(ready, timeoutMs, signal),
      },
      { write: (bytes) => body.write(bytes), end: () => body.end() },
      (chunk) => trackBytes(scope, chunk, init, track),
      ORIGIN_CONFIG.dashChunkSilenceMs(profile.segmentMs),
      () => signal.aborted,
    );
    // The body is cut short: destroying the socket tells the player the object is incomplete.
    if (outcome !== 'complete') res.destroy();
    return outcome === 'complete' ? 'chunked' : outcome;
  } catch (err) {
    if (!(err instanceof WaiterLimitError)) throw err;
    res.destroy();
    return 'aborted';
  } finally {
    unwatch();
  }
}
