import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORIGIN_CONFIG } from '../config.ts';
import { renderMpd } from '../dash/mpd.ts';
import { mpdInput } from '../dash/mpd-state.ts';
import { streamSegment } from '../dash/segment-stream.ts';
import { trackChunk, trackInit, type TrackKind } from '../dash/track-bytes.ts';
import { parseMediaObject } from '../../shared/stream/object-names.ts';
import type { Chunk, InitSegment } from '../packager/chunk.ts';
import { AUDIO_TRACK, trackHeight, type TrackState } from '../packager/packager.ts';
import type { Segment, Timeline } from '../packager/timeline.ts';
import { WaiterLimitError } from '../packager/waiters.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import { holdUntil, type Viewer } from './hold.ts';
import type { LiveContext, RequestKind, SessionOptions } from './live-routes.ts';
import { audioShifted } from './av-shift.ts';
import { completeObjectTiming, initTiming, originNow, streamingObjectTiming } from './object-timing.ts';
import { CACHE_IMMUTABLE, CONTENT_TYPES, sendError, sendMedia, sendText } from './respond.ts';

const AUDIO = AUDIO_TRACK;

type SegmentOutcome = 'whole' | 'chunked' | 'held' | 'too_early' | 'gap' | 'gone' | 'stalled' | 'aborted' | 'timeout';

/** One DASH Representation: a rung's video, or the audio track. */
interface Track {
  kind: TrackKind;
  state: TrackState;
  timeline: Timeline;
  /** `avoffset=`: the audio's decode times moved by this much (av-shift.ts). */
  avOffsetMs?: number;
}

/** The bytes of one chunk in this track, as served. */
function trackBytes(chunk: Chunk, init: InitSegment, track: Track): Buffer | null {
  const bytes = trackChunk(chunk, init, track.kind);
  return bytes && track.kind === 'audio' ? audioShifted(bytes, init, track.avOffsetMs ?? 0) : bytes;
}

function trackOf(ctx: LiveContext, profile: LatencyProfile, name: string): Track | null {
  if (name === AUDIO) {
    const state = ctx.packager.audio;
    if (!state?.init?.audioCodec) return null;
    return { kind: 'audio', state, timeline: state.timelines.get(profile.name)! };
  }
  const state = ctx.packager.rungs.find((s) => s.rung.name === name);
  return state ? { kind: 'video', state, timeline: state.timelines.get(profile.name)! } : null;
}

/** The origin's /time as an absolute URL on the host the player used (UTCTiming needs one). */
function timeUrl(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}/time` : '/time';
}

/**
 * Everything under /live/<dash profile>/: the MPD, init segments and media segments. `parts`
 * is the path after the profile name. Media is single-track (see isobmff/cmaf-split.ts).
 */
export async function handleDash(
  ctx: LiveContext,
  req: IncomingMessage,
  res: ServerResponse,
  profile: LatencyProfile,
  parts: string[],
  signal: AbortSignal,
  view: Viewer,
  session: SessionOptions,
): Promise<RequestKind> {
  const { delayMs } = session;
  if (parts.length === 1 && parts[0] === 'manifest.mpd') {
    const rungs = ctx.packager.rungs.map((s) => ({ rung: s.rung, inits: s.inits, view: view(s.timelines.get(profile.name)!) }));
    const windowMs = ctx.packager.timeline(profile.name, 0)?.windowMs ?? 0;
    const input = mpdInput(profile, ctx.fps, rungs, timeUrl(req), windowMs, ctx.packager.audio?.inits ?? null);
    if (!input) {
      sendError(req, res, 503, 'the stream has no complete segment yet; retry in a second', { 'Retry-After': '1' });
      return 'manifest';
    }
    sendText(req, res, renderMpd({ ...input, targetMs: session.targetMs }), CONTENT_TYPES.mpd, 'public, max-age=1');
    return 'manifest';
  }
  const track = parts.length === 2 ? trackOf(ctx, profile, parts[0] ?? '') : null;
  const object = parseMediaObject(parts[1] ?? '');
  if (!track || !object || object.kind === 'part') {
    sendError(req, res, 404, `no such object in DASH profile ${profile.name}`);
    return 'unknown';
  }
  if (object.kind === 'init') {
    const init = track.state.inits.get(object.run);
    const bytes = init ? trackInit(init, track.kind) : null;
    if (!init || !bytes) {
      sendError(req, res, 404, `no ${track.kind} init segment for run ${object.run}`);
      return 'init';
    }
    sendMedia(req, res, { buffers: [bytes], byteLength: bytes.length, etag: `"init-${object.run}-${track.kind}-${bytes.length}"`, lastModifiedMs: init.createdAtMs, serverTiming: initTiming(init.createdAtMs, delayMs, heightOf(track)) }, CACHE_IMMUTABLE, contentType(track));
    return 'init';
  }
  const outcome = await sendSegment(ctx, req, res, profile, { ...track, avOffsetMs: session.avOffsetMs }, object.msn, signal, view, delayMs);
  ctx.metrics.inc('glassmeter_dash_segment_requests_total', 'DASH media segment requests by profile and outcome', { profile: profile.name, outcome });
  return 'segment';
}

const heightOf = (track: Track) => trackHeight(track.state);
const contentType = (track: Track) => (track.kind === 'audio' ? CONTENT_TYPES.m4a : CONTENT_TYPES.mp4);

async function sendSegment(
  ctx: LiveContext,
  req: IncomingMessage,
  res: ServerResponse,
  profile: LatencyProfile,
  track: Track,
  msn: number,
  signal: AbortSignal,
  view: Viewer,
  delayMs: number,
): Promise<SegmentOutcome> {
  const { timeline } = track;
  const arrivedAtMs = originNow();
  const current = () => view(timeline).segment(msn);
  const chunked = profile.kind === 'll-dash';
  const seen = view(timeline);
  if (msn < seen.firstMsn) {
    sendError(req, res, 410, `segment ${msn} has left the window (oldest is ${seen.firstMsn})`);
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
    const skipped = () => !current() && (view(timeline).segments.at(-1)?.msn ?? -Infinity) > msn;
    const ready = chunked ? () => current() !== undefined || skipped() : () => current()?.complete === true || skipped();
    const ok = await holdUntil(req, res, timeline, ready, ORIGIN_CONFIG.dashHoldMs(profile.segmentMs), signal, delayMs);
    if (ok === null || signal.aborted) return 'aborted';
    segment = current();
    if (ok && skipped()) {
      sendError(req, res, 404, `there is no segment ${msn}: the encoder restarted, and the numbers between its runs name no media`);
      return 'gap';
    }
    if (!ok || !segment) {
      sendError(req, res, 503, `segment ${msn} was not published in time`);
      return 'timeout';
    }
    held = true;
  }
  const init = track.state.inits.get(segment.run);
  if (!init) {
    sendError(req, res, 404, `segment ${msn} belongs to an encoder run that has no init segment any more`);
    return 'gone';
  }
  if (segment.complete) {
    sendWhole(req, res, track, segment, init, completeObjectTiming(segment.chunks, segment.publishedAtMs, delayMs, arrivedAtMs, heightOf(track)));
    return held ? 'held' : 'whole';
  }
  res.setHeader('Server-Timing', streamingObjectTiming(segment.chunks, timeline.shape.segmentFrames, delayMs, arrivedAtMs, heightOf(track)));
  return streamChunked(req, res, track, msn, init, signal, view, delayMs, profile);
}

function sendWhole(req: IncomingMessage, res: ServerResponse, track: Track, segment: Segment, init: InitSegment, serverTiming: string): void {
  const buffers = segment.chunks.flatMap((c) => trackBytes(c, init, track) ?? []);
  const byteLength = buffers.reduce((n, b) => n + b.length, 0);
  const etag = `"${segment.run}-${segment.msn}-${track.kind}-${byteLength}"`;
  sendMedia(req, res, { buffers, byteLength, etag, lastModifiedMs: segment.publishedAtMs ?? Date.now(), serverTiming }, CACHE_IMMUTABLE, contentType(track));
}

/** The segment being produced: headers now, then every chunk as it is published (chunked transfer). */
async function streamChunked(
  req: IncomingMessage,
  res: ServerResponse,
  track: Track,
  msn: number,
  init: InitSegment,
  signal: AbortSignal,
  view: Viewer,
  delayMs: number,
  profile: LatencyProfile,
): Promise<SegmentOutcome> {
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType(track));
  res.setHeader('Cache-Control', CACHE_IMMUTABLE);
  if (req.method === 'HEAD') {
    res.end();
    return 'chunked';
  }
  // No Content-Length: Node sends Transfer-Encoding: chunked. Flush so the player sees the
  // response start now, not with the first write.
  res.flushHeaders();
  const { timeline } = track;
  const unwatch = delayMs > 0 ? timeline.watchDelay(delayMs) : () => undefined;
  try {
    const outcome = await streamSegment(
      {
        current: () => view(timeline).segment(msn),
        waitFor: (ready, timeoutMs) => timeline.waiters.wait(ready, timeoutMs, signal),
      },
      { write: (bytes) => res.write(bytes), end: () => res.end() },
      (chunk) => trackBytes(chunk, init, track),
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
