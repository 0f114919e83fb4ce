import type { IncomingMessage, ServerResponse } from 'node:http';
import { AAC_FRAME_MS } from '../encoder/ffmpeg-args.ts';
import { checkBlockingLimits, isSatisfied, maxHoldMs, normaliseTarget, parseDirectives, partsPerSegment } from '../hls/blocking.ts';
import { DEFAULT_HOLDBACK, lastPosition, renderMediaPlaylist, targetDurationSeconds } from '../hls/media-playlist.ts';
import { renderMultivariant, type VariantInput } from '../hls/multivariant.ts';
import { mediaPlaylistUri, parseMediaObject } from '../../shared/stream/object-names.ts';
import type { Chunk } from '../packager/chunk.ts';
import { trackHeight, type Packager, type TrackState } from '../packager/packager.ts';
import type { Timeline } from '../packager/timeline.ts';
import { measuredBitrates, type TimelineState } from '../packager/timeline-view.ts';
import { DEFAULT_PROFILE, entryUrl, findProfile, isDash, PROFILES, type LatencyProfile } from '../../shared/stream/profiles.ts';
import { handleDash } from './dash-routes.ts';
import { holdUntil, viewer, type Viewer } from './hold.ts';
import type { Metrics } from './metrics.ts';
import type { PlaylistCache } from './playlist-cache.ts';
import type { RecentValues } from './recent-values.ts';
import { audioShifted } from './av-shift.ts';
import { completeObjectTiming, initTiming, originNow } from './object-timing.ts';
import { CACHE_IMMUTABLE, CONTENT_TYPES, sendError, sendMedia, sendText } from './respond.ts';

export interface LiveContext {
  packager: Packager;
  fps: number;
  metrics: Metrics;
  playlists: PlaylistCache;
  /** Recent server-side release delays (ms), for benchmarks; bounded. */
  releaseDelaysMs: RecentValues;
  /** Port of the CDN edge started in front of this origin (--edge), told to the page in /live/; null without one. */
  edgePort: number | null;
}

/** What a player session's URL options change in the responses (see shared/stream/url-options.ts). */
export interface SessionOptions {
  /** Injected delay: the session sees the stream this many ms late. */
  delayMs: number;
  /** `avoffset=`: the audio's decode times moved by this much, ms (av-shift.ts). */
  avOffsetMs: number;
  /** HLS hold-back multiple (`holdback=`), null for the default. */
  holdback: number | null;
  /** DASH ServiceDescription target (`target=`, ms), null for the profile's own. */
  targetMs: number | null;
}

export const PLAIN_SESSION: SessionOptions = { delayMs: 0, avOffsetMs: 0, holdback: null, targetMs: null };

export type RequestKind = 'profiles' | 'master' | 'manifest' | 'playlist' | 'blocking_playlist' | 'init' | 'part' | 'segment' | 'unknown';

/** A part or segment as sent: its bytes, validators and timing (publication + injected delay, hold since arrival). */
function mediaBody(
  object: { chunks: Chunk[]; byteLength: number; publishedAtMs: number | null },
  tag: string,
  timing: { delayMs: number; arrivedAtMs: number; videoHeight: number | null; bytesOf: (chunk: Chunk) => Buffer },
) {
  const { chunks, byteLength } = object;
  const firstChunk = chunks[0];
  const lastChunk = chunks[chunks.length - 1];
  return {
    buffers: chunks.map(timing.bytesOf),
    byteLength,
    etag: `"${firstChunk?.run ?? 0}-${firstChunk?.frameInRun ?? 0}-${tag}-${byteLength}"`,
    lastModifiedMs: lastChunk?.publishedAtMs ?? Date.now(),
    serverTiming: completeObjectTiming(chunks, object.publishedAtMs, timing.delayMs, timing.arrivedAtMs, timing.videoHeight),
  };
}

export function listProfiles(ctx: LiveContext) {
  return PROFILES.map((p) => ({
    name: p.name,
    kind: p.kind,
    description: p.description,
    partMs: p.partMs,
    segmentMs: p.segmentMs,
    url: entryUrl(p),
    default: p.name === DEFAULT_PROFILE,
    renditions: ctx.packager.rungs.map((s) => ({
      name: s.rung.name,
      width: s.rung.width,
      height: s.rung.height,
      videoKbps: s.rung.videoKbps,
      codecs: s.init ? [s.init.videoCodec, ctx.packager.audio?.init?.audioCodec].filter(Boolean).join(',') : null,
    })),
  }));
}

/**
 * Serves everything under /live/. `path` is what follows /live/ (no leading slash).
 * Returns the request kind for metrics.
 */
export async function handleLive(
  ctx: LiveContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  signal: AbortSignal,
  session: SessionOptions = PLAIN_SESSION,
): Promise<RequestKind> {
  const { delayMs } = session;
  const view = viewer(delayMs);
  if (path === '') {
    // The edge's port, not its URL: the page puts it on the host it was loaded from.
    const edge = ctx.edgePort === null ? null : { port: ctx.edgePort };
    sendText(req, res, JSON.stringify({ profiles: listProfiles(ctx), edge }, null, 2), CONTENT_TYPES.json, 'no-cache');
    return 'profiles';
  }
  const parts = path.split('/');
  if (parts.length === 1 && parts[0] === 'master.m3u8') {
    const profile = findProfile(DEFAULT_PROFILE)!;
    sendText(req, res, multivariant(ctx, profile, `${profile.name}/`), CONTENT_TYPES.m3u8, 'public, max-age=5');
    return 'master';
  }
  const profile = findProfile(parts[0] ?? '');
  if (!profile) {
    sendError(req, res, 404, `unknown profile "${parts[0]}"; GET /live/ lists the profiles`);
    return 'unknown';
  }
  if (isDash(profile)) return handleDash(ctx, req, res, profile, parts.slice(1), signal, view, session);
  if (parts.length === 2 && parts[1] === 'master.m3u8') {
    sendText(req, res, multivariant(ctx, profile, ''), CONTENT_TYPES.m3u8, 'public, max-age=5');
    return 'master';
  }
  if (parts.length === 2 && parts[1]?.endsWith('.m3u8')) {
    // The rungs' playlists and the audio's (audio.m3u8): the same rules for both.
    const rungIndex = ctx.packager.tracks.findIndex((s) => mediaPlaylistUri(s.name) === parts[1]);
    if (rungIndex < 0) {
      sendError(req, res, 404, `no rendition "${parts[1]}" in profile ${profile.name}`);
      return 'unknown';
    }
    return mediaPlaylist(ctx, req, res, profile, rungIndex, query, signal, view, session);
  }
  if (parts.length === 3) {
    const state = ctx.packager.tracks.find((s) => s.name === parts[1]);
    const object = parseMediaObject(parts[2] ?? '');
    if (!state || !object) {
      sendError(req, res, 404, 'no such media object');
      return 'unknown';
    }
    if (object.kind === 'init') return sendInit(req, res, state, object.run, delayMs);
    const timeline = state.timelines.get(profile.name)!;
    const timing = { delayMs, arrivedAtMs: originNow(), videoHeight: trackHeight(state), bytesOf: (c: Chunk) => audioShifted(c.bytes, state.inits.get(c.run), session.avOffsetMs) };
    if (object.kind === 'segment') return sendSegment(req, res, view(timeline), object.msn, timing);
    return sendPart(req, res, profile, timeline, object.msn, object.part, signal, view, timing);
  }
  sendError(req, res, 404, 'not found');
  return 'unknown';
}

function multivariant(ctx: LiveContext, profile: LatencyProfile, prefix: string): string {
  const variants: VariantInput[] = ctx.packager.rungs.map((s) => {
    const rates = measuredBitrates(s.timelines.get(profile.name));
    return { rung: s.rung, init: s.init, measuredPeakBps: rates.peak, measuredAverageBps: rates.average };
  });
  const audio = ctx.packager.audio;
  return renderMultivariant(variants, ctx.fps, prefix, audio ? { uri: mediaPlaylistUri(audio.name), init: audio.init } : null);
}

async function mediaPlaylist(
  ctx: LiveContext,
  req: IncomingMessage,
  res: ServerResponse,
  profile: LatencyProfile,
  rungIndex: number,
  query: URLSearchParams,
  signal: AbortSignal,
  view: Viewer,
  session: SessionOptions,
): Promise<RequestKind> {
  const { delayMs } = session;
  const holdback = session.holdback ?? DEFAULT_HOLDBACK;
  const state = ctx.packager.tracks[rungIndex]!;
  const timeline = state.timelines.get(profile.name)!;
  const ll = profile.kind === 'll-hls';
  const parsed = parseDirectives(query);
  if (!parsed.ok) {
    sendError(req, res, parsed.status, parsed.message);
    return 'playlist';
  }
  // Plain HLS profiles do not advertise blocking reload, so directives are ignored there.
  const d = ll ? parsed.directives : { msn: null, part: null, skip: false };
  const blocking = d.msn !== null;
  if (blocking) {
    const problem = checkBlockingLimits(view(timeline), profile, d);
    if (problem) {
      sendError(req, res, 400, problem);
      return 'blocking_playlist';
    }
    const ok = await holdUntil(req, res, timeline, () => isSatisfied(view(timeline), profile, d), maxHoldMs(profile), signal, delayMs);
    if (ok === null || signal.aborted) return 'blocking_playlist';
    if (!ok) {
      sendError(req, res, 503, `segment ${d.msn}${d.part !== null ? ` part ${d.part}` : ''} not published within ${maxHoldMs(profile)} ms`);
      return 'blocking_playlist';
    }
  }
  const render = () => {
    // Every other track, across the video and audio groups: a player switching to it (or
    // loading the audio beside the video) can ask for the right part at once.
    const renditionReports = ctx.packager.tracks
      .filter((other) => other !== state)
      .flatMap((other) => {
        const pos = lastPosition(view(other.timelines.get(profile.name)!));
        return pos ? [{ uri: mediaPlaylistUri(other.name), lastMsn: pos.msn, lastPart: pos.part }] : [];
      });
    const partTargetMs = state === ctx.packager.audio && profile.partMs !== null ? profile.partMs + AAC_FRAME_MS : undefined;
    return renderMediaPlaylist(view(timeline), profile, { skip: d.skip, mediaFolder: `${state.name}/`, renditionReports, holdback, partTargetMs });
  };
  // Rendition reports read the other rungs too, so the cache is keyed on every chunk received.
  // A delayed view changes with the clock, not with chunks: it is rendered per request.
  const body = delayMs > 0 ? render() : ctx.playlists.get(timeline, `${d.skip ? 'skip' : 'full'}-${holdback}`, ctx.packager.stats.chunks, render);
  const td = targetDurationSeconds(profile);
  // A blocking URL names one future state of the playlist, so a CDN may keep it a while.
  const cache = blocking ? `public, max-age=${6 * td}` : 'public, max-age=1';
  sendText(req, res, body, CONTENT_TYPES.m3u8, cache);
  if (blocking) recordRelease(ctx, timeline, profile, d, delayMs);
  return blocking ? 'blocking_playlist' : 'playlist';
}

const RELEASE_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** How long after the awaited part (or segment) was published its blocked request was answered. */
function recordRelease(ctx: LiveContext, timeline: Timeline, profile: LatencyProfile, d: { msn: number | null; part: number | null }, delayMs: number): void {
  if (d.msn === null) return;
  const target = normaliseTarget(profile, d.msn, d.part);
  const segment = timeline.segment(target.msn);
  const publishedAt = target.part === null ? segment?.publishedAtMs : segment?.parts[target.part]?.publishedAtMs;
  if (!publishedAt) return;
  // Measured from when the part became visible to this request (publication + injected delay).
  const releaseMs = performance.timeOrigin + performance.now() - publishedAt - delayMs;
  // Requests that arrived after publication were not held: they say nothing about release.
  if (releaseMs < 0 || releaseMs > maxHoldMs(profile)) return;
  ctx.metrics.histogram('glassmeter_blocking_release_seconds', 'Publication of the awaited part to the blocked playlist response being written', RELEASE_BUCKETS_S, releaseMs / 1000);
  ctx.releaseDelaysMs.push(releaseMs);
}

type Timing = Parameters<typeof mediaBody>[2];

function sendInit(req: IncomingMessage, res: ServerResponse, state: TrackState, run: number, delayMs: number): RequestKind {
  const init = state.inits.get(run);
  if (!init) {
    sendError(req, res, 404, `no init segment for run ${run}`);
    return 'init';
  }
  sendMedia(req, res, { buffers: [init.bytes], byteLength: init.bytes.length, etag: `"init-${run}-${init.bytes.length}"`, lastModifiedMs: init.createdAtMs, serverTiming: initTiming(init.createdAtMs, delayMs, trackHeight(state)) }, CACHE_IMMUTABLE);
  return 'init';
}

function sendSegment(req: IncomingMessage, res: ServerResponse, timeline: TimelineState, msn: number, timing: Timing): RequestKind {
  const segment = timeline.segment(msn);
  if (!segment || !segment.complete) {
    sendError(req, res, 404, msn < timeline.firstMsn ? `segment ${msn} has left the window` : `segment ${msn} is not complete`);
    return 'segment';
  }
  sendMedia(req, res, mediaBody(segment, 's', timing), CACHE_IMMUTABLE);
  return 'segment';
}

async function sendPart(
  req: IncomingMessage,
  res: ServerResponse,
  profile: LatencyProfile,
  timeline: Timeline,
  msn: number,
  index: number,
  signal: AbortSignal,
  view: Viewer,
  timing: Timing,
): Promise<RequestKind> {
  const { delayMs } = timing;
  if (!timeline.hasParts || index >= partsPerSegment(profile)) {
    sendError(req, res, 404, `no part ${msn}.${index} in profile ${profile.name}`);
    return 'part';
  }
  const findPart = () => view(timeline).segment(msn)?.parts[index];
  let part = findPart();
  if (!part?.complete) {
    // Only the part named by the preload hint may be requested before it exists.
    const hinted = view(timeline).nextPartPosition();
    const target = normaliseTarget(profile, msn, index);
    const isHinted = hinted.msn === target.msn && hinted.index === target.part;
    if (!isHinted && !part) {
      sendError(req, res, 404, msn < view(timeline).firstMsn ? `part ${msn}.${index} has left the window` : `part ${msn}.${index} is not hinted yet`);
      return 'part';
    }
    const held = await holdUntil(req, res, timeline, () => findPart()?.complete === true, maxHoldMs(profile), signal, delayMs);
    if (held === null || signal.aborted) return 'part';
    part = findPart();
    if (!part?.complete) {
      sendError(req, res, 503, `part ${msn}.${index} was not published in time`);
      return 'part';
    }
  }
  sendMedia(req, res, mediaBody(part, `p${index}`, timing), CACHE_IMMUTABLE);
  return 'part';
}
