import { AAC_FRAME_MS } from '../encoder/ffmpeg-args.ts';
import { checkBlockingLimits, isSatisfied, maxHoldMs, normaliseTarget, parseDirectives, partsPerSegment, type Directives } from '../hls/blocking.ts';
import { DEFAULT_HOLDBACK, lastPosition, renderMediaPlaylist, targetDurationSeconds } from '../hls/media-playlist.ts';
import { renderMultivariant, type VariantInput } from '../hls/multivariant.ts';
import { mediaPlaylistUri, parseMediaObject } from '../../shared/stream/object-names.ts';
import type { RequestKind } from '../../shared/stream/request-kinds.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import type { Chunk } from '../packager/chunk.ts';
import { trackHeight, type TrackState } from '../packager/packager.ts';
import type { Timeline } from '../packager/timeline.ts';
import { measuredBitrates } from '../packager/timeline-view.ts';
import { audioShifted } from './av-shift.ts';
import { holdFor, sendComplete, sendGone, sendInit } from './media-responder.ts';
import type { RequestScope, StreamContext } from './request-scope.ts';
import { CONTENT_TYPES, sendError, sendText } from './respond.ts';

/** The multivariant playlist of `profile`; `prefix` is the path from where it is served to the profile's folder. */
export function sendMultivariant(scope: RequestScope, profile: LatencyProfile, prefix: string): RequestKind {
  const { packager, fps } = scope.stream;
  const variants: VariantInput[] = packager.rungs.map((s) => {
    const rates = measuredBitrates(s.timelines.get(profile.name));
    return { rung: s.rung, init: s.init, measuredPeakBps: rates.peak, measuredAverageBps: rates.average };
  });
  const audio = packager.audio;
  const body = renderMultivariant(variants, fps, prefix, audio ? { uri: mediaPlaylistUri(audio.name), init: audio.init } : null);
  sendText(scope.req, scope.res, body, CONTENT_TYPES.m3u8, 'public, max-age=5');
  return 'master';
}

/** Everything under /live/<HLS profile>/: `parts` is the path after the profile name. */
export async function handleHls(scope: RequestScope, profile: LatencyProfile, parts: string[]): Promise<RequestKind> {
  const { req, res, stream } = scope;
  if (parts.length === 1 && parts[0] === 'master.m3u8') return sendMultivariant(scope, profile, '');
  if (parts.length === 1 && parts[0]?.endsWith('.m3u8')) {
    // The rungs' playlists and the audio's (audio.m3u8): the same rules for both.
    const state = stream.packager.tracks.find((s) => mediaPlaylistUri(s.name) === parts[0]);
    if (!state) {
      sendError(req, res, 404, `no rendition "${parts[0]}" in profile ${profile.name}`);
      return 'unknown';
    }
    return mediaPlaylist(scope, profile, state);
  }
  if (parts.length === 2) {
    const state = stream.packager.tracks.find((s) => s.name === parts[0]);
    const object = parseMediaObject(parts[1] ?? '');
    if (!state || !object) {
      sendError(req, res, 404, 'no such media object');
      return 'unknown';
    }
    const media = { tag: state.name, contentType: CONTENT_TYPES.mp4, videoHeight: trackHeight(state) };
    if (object.kind === 'init') {
      sendInit(scope, state.inits, object.run, { ...media, bytesOf: (init) => init.bytes });
      return 'init';
    }
    const timeline = state.timelines.get(profile.name)!;
    const bytesOf = (c: Chunk) => audioShifted(c.bytes, state.inits.get(c.run), scope.session.avOffsetMs);
    if (object.kind === 'segment') {
      sendSegment(scope, timeline, object.msn, bytesOf, media);
      return 'segment';
    }
    await sendPart(scope, profile, timeline, object.msn, object.part, bytesOf, media);
    return 'part';
  }
  sendError(req, res, 404, 'not found');
  return 'unknown';
}

async function mediaPlaylist(scope: RequestScope, profile: LatencyProfile, state: TrackState): Promise<RequestKind> {
  const { req, res, stream, session } = scope;
  const { view } = session;
  const holdback = session.holdback ?? DEFAULT_HOLDBACK;
  const timeline = state.timelines.get(profile.name)!;
  const parsed = parseDirectives(scope.url.searchParams);
  if (!parsed.ok) {
    sendError(req, res, parsed.status, parsed.message);
    return 'playlist';
  }
  // Plain HLS profiles do not advertise blocking reload, so directives are ignored there.
  const d = profile.kind === 'll-hls' ? parsed.directives : { msn: null, part: null, skip: false };
  const blocking = d.msn !== null;
  if (blocking) {
    const problem = checkBlockingLimits(view.of(timeline), profile, d);
    if (problem) {
      sendError(req, res, 400, problem);
      return 'blocking_playlist';
    }
    const awaited = `segment ${d.msn}${d.part !== null ? ` part ${d.part}` : ''}`;
    const held = await holdFor(scope, timeline, () => isSatisfied(view.of(timeline), profile, d) || null, maxHoldMs(profile), `${awaited} not published within ${maxHoldMs(profile)} ms`);
    if ('failed' in held) return 'blocking_playlist';
  }
  const render = () => {
    // Every other track, across the video and audio groups: a player switching to it (or
    // loading the audio beside the video) can ask for the right part at once.
    const renditionReports = stream.packager.tracks
      .filter((other) => other !== state)
      .flatMap((other) => {
        const pos = lastPosition(view.of(other.timelines.get(profile.name)!));
        return pos ? [{ uri: mediaPlaylistUri(other.name), lastMsn: pos.msn, lastPart: pos.part }] : [];
      });
    const partTargetMs = state === stream.packager.audio && profile.partMs !== null ? profile.partMs + AAC_FRAME_MS : undefined;
    return renderMediaPlaylist(view.of(timeline), profile, { skip: d.skip, mediaFolder: `${state.name}/`, renditionReports, holdback, partTargetMs });
  };
  // Rendition reports read the other rungs too, so the cache is keyed on every chunk received.
  // A delayed view changes with the clock, not with chunks: it is rendered per request.
  const body = view.delayMs > 0 ? render() : stream.playlists.get(timeline, `${d.skip ? 'skip' : 'full'}-${holdback}`, stream.packager.stats.chunks, render);
  // A blocking URL names one future state of the playlist, so a CDN may keep it a while.
  const cache = blocking ? `public, max-age=${6 * targetDurationSeconds(profile)}` : 'public, max-age=1';
  sendText(req, res, body, CONTENT_TYPES.m3u8, cache);
  if (blocking) recordRelease(stream, timeline, profile, d, view.delayMs);
  return blocking ? 'blocking_playlist' : 'playlist';
}

const RELEASE_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** How long after the awaited part (or segment) was published its blocked request was answered. */
function recordRelease(stream: StreamContext, timeline: Timeline, profile: LatencyProfile, d: Directives, delayMs: number): void {
  if (d.msn === null) return;
  const target = normaliseTarget(profile, d.msn, d.part);
  const segment = timeline.segment(target.msn);
  const publishedAt = target.part === null ? segment?.publishedAtMs : segment?.parts[target.part]?.publishedAtMs;
  if (!publishedAt) return;
  // Measured from when the part became visible to this request (publication + injected delay).
  const releaseMs = performance.timeOrigin + performance.now() - publishedAt - delayMs;
  // Requests that arrived after publication were not held: they say nothing about release.
  if (releaseMs < 0 || releaseMs > maxHoldMs(profile)) return;
  stream.metrics.histogram('glassmeter_blocking_release_seconds', 'Publication of the awaited part to the blocked playlist response being written', RELEASE_BUCKETS_S, releaseMs / 1000);
  stream.releaseDelaysMs.push(releaseMs);
}

type Media = Parameters<typeof sendComplete>[3];

/** A complete segment; segments are never held (a player asks for parts of the one in progress). */
function sendSegment(scope: RequestScope, timeline: Timeline, msn: number, bytesOf: (c: Chunk) => Buffer, media: Media): void {
  const seen = scope.session.view.of(timeline);
  const segment = seen.segment(msn);
  if (segment?.complete) sendComplete(scope, segment, segment.chunks.map(bytesOf), { ...media, tag: `${media.tag}-s` });
  else if (msn < seen.firstMsn) sendGone(scope, `segment ${msn}`);
  else sendError(scope.req, scope.res, 404, `segment ${msn} is not complete`);
}

/** A complete part, or the hinted one held until it is. */
async function sendPart(scope: RequestScope, profile: LatencyProfile, timeline: Timeline, msn: number, index: number, bytesOf: (c: Chunk) => Buffer, media: Media): Promise<void> {
  const { view } = scope.session;
  if (!timeline.hasParts || index >= partsPerSegment(profile)) {
    sendError(scope.req, scope.res, 404, `no part ${msn}.${index} in profile ${profile.name}`);
    return;
  }
  const findPart = () => view.of(timeline).segment(msn)?.parts[index];
  const complete = () => {
    const part = findPart();
    return part?.complete ? part : null;
  };
  let part = complete();
  if (!part) {
    // Only the part named by the preload hint may be requested before it exists.
    const seen = view.of(timeline);
    const hinted = seen.nextPartPosition();
    const target = normaliseTarget(profile, msn, index);
    const isHinted = hinted.msn === target.msn && hinted.index === target.part;
    if (!isHinted && !findPart()) {
      if (msn < seen.firstMsn) sendGone(scope, `part ${msn}.${index}`);
      else sendError(scope.req, scope.res, 404, `part ${msn}.${index} is not hinted yet`);
      return;
    }
    const held = await holdFor(scope, timeline, complete, maxHoldMs(profile), `part ${msn}.${index} was not published in time`);
    if ('failed' in held) return;
    part = held.found;
  }
  sendComplete(scope, part, part.chunks.map(bytesOf), { ...media, tag: `${media.tag}-p${index}` });
}
