import { beforeAll, describe, expect, it } from 'vitest';
import { SHAKA_CATEGORY, SHAKA_ERROR_CODES, SHAKA_SEVERITY, normalizeShakaError } from './shaka-errors.ts';
import {
  SHAKA_ADVANCED_REQUEST_TYPE,
  SHAKA_REQUEST_TYPE,
  directivesOf,
  normalizeDownloadCompleted,
  normalizeDownloadFailed,
  renditionOfQuality,
  renditionOfTrack,
  requestKind,
  videoRenditions,
  type SegmentLike,
  type TrackLike,
} from './shaka-normalize.ts';
import { loadShaka } from './testing/shaka-in-node.ts';

let shaka: Awaited<ReturnType<typeof loadShaka>>;
beforeAll(async () => {
  shaka = await loadShaka();
});

/** A SegmentReference as Shaka's compiled build exposes it: only its exported methods. */
const segment = (start: number, end: number, partial: boolean): SegmentLike => ({ isPartial: () => partial, getStartTime: () => start, getEndTime: () => end });

// Hand-made payloads in the shape of Shaka's (lib/player.js createNetworkingEngine), for the edge
// cases and exact values: an LL-HLS part, a blocking playlist reload, the variant tracks. What a
// real Shaka sent against the origin is replayed in shaka-recorded.test.ts. Request stamps are on
// Date.now(); CLOCK is Date.now() - performance.now().
const CLOCK = 1_764_600_000_000;
const PART = {
  requestType: 1,
  request: { uris: ['http://localhost:8811/live/ll200/720p/1712.3.m4s'], requestStartTime: CLOCK + 20_000, timeToFirstByte: 141 },
  context: { type: 1, segment: segment(57.0, 57.2, true), stream: { type: 'video', height: 720 } },
  response: { uri: 'http://localhost:8811/live/ll200/720p/1712.3.m4s', data: { byteLength: 25_312 }, status: 200, timeMs: 146 },
};
const PLAYLIST = {
  requestType: 0,
  request: { uris: ['http://localhost:8811/live/ll200/720p/playlist.m3u8?_HLS_msn=1712&_HLS_part=4'], requestStartTime: CLOCK + 20_010, timeToFirstByte: 188 },
  context: { type: 2 },
  response: { uri: 'http://localhost:8811/live/ll200/720p/playlist.m3u8?_HLS_msn=1712&_HLS_part=4', data: { byteLength: 4_410 }, status: 200, timeMs: 190 },
};
const TRACKS: TrackLike[] = [
  { id: 2, active: false, bandwidth: 664_000, videoBandwidth: 600_000, videoId: 5, height: 480, width: 854 },
  { id: 1, active: true, bandwidth: 1_064_000, videoBandwidth: 1_000_000, videoId: 4, height: 720, width: 1280 },
  { id: 3, active: false, bandwidth: 264_000, videoBandwidth: 200_000, videoId: 6, height: 160, width: 284 },
];

describe('Shaka enums used by the adapter', () => {
  it('match the real Shaka’s request types, error codes, categories and severities', () => {
    const net = shaka.net.NetworkingEngine;
    for (const [name, value] of Object.entries(SHAKA_REQUEST_TYPE)) expect(net.RequestType[name as keyof typeof net.RequestType], name).toBe(value);
    for (const [name, value] of Object.entries(SHAKA_ADVANCED_REQUEST_TYPE)) expect(net.AdvancedRequestType[name as keyof typeof net.AdvancedRequestType], name).toBe(value);
    const E = shaka.util.Error;
    for (const [name, { code }] of Object.entries(SHAKA_ERROR_CODES)) expect(E.Code[name as keyof typeof E.Code], name).toBe(code);
    for (const [name, value] of Object.entries(SHAKA_CATEGORY)) expect(E.Category[name as keyof typeof E.Category], name).toBe(value);
    for (const [name, value] of Object.entries(SHAKA_SEVERITY)) expect(E.Severity[name as keyof typeof E.Severity], name).toBe(value);
  });
});

describe('requestKind', () => {
  it('tells parts from segments by the SegmentReference, and playlists and manifests by the context type', () => {
    const A = SHAKA_ADVANCED_REQUEST_TYPE;
    expect(requestKind(1, { type: A.MEDIA_SEGMENT, segment: segment(0, 0.2, true) })).toBe('part');
    expect(requestKind(1, { type: A.MEDIA_SEGMENT, segment: segment(0, 1, false) })).toBe('segment');
    expect(requestKind(1, { type: A.INIT_SEGMENT })).toBe('init');
    expect(requestKind(0, { type: A.MEDIA_PLAYLIST })).toBe('playlist');
    expect(requestKind(0, { type: A.MASTER_PLAYLIST })).toBe('manifest');
    expect(requestKind(0, { type: A.MPD })).toBe('manifest');
    // No context (e.g. an MPD refresh through another path): the request type decides.
    expect(requestKind(0, undefined)).toBe('manifest');
    expect(requestKind(1, undefined)).toBe('segment');
    expect(requestKind(4, undefined)).toBe('other');
  });
});

describe('normalizeDownloadCompleted', () => {
  it('turns a recorded LL-HLS part into a request on the performance clock', () => {
    const e = normalizeDownloadCompleted(PART.requestType, PART.request, PART.context, PART.response, { clockOffsetMs: CLOCK, endPerf: 20_147 });
    expect(e).toEqual({
      type: 'request',
      kind: 'part',
      url: PART.response.uri,
      renditionHeight: 720,
      start: 20_000,
      first: 20_141,
      end: 20_147,
      bytes: 25_312,
      mediaDurationS: expect.closeTo(0.2, 9) as number,
      mediaStartS: PART.context.segment!.getStartTime!(),
      status: 200,
      directives: '',
    });
    expect(Number.isFinite(e?.type === 'request' ? e.mediaStartS : NaN)).toBe(true);
  });

  it('keeps the delivery directives of a blocking playlist reload, with the hls.js adapter’s spelling', () => {
    const e = normalizeDownloadCompleted(PLAYLIST.requestType, PLAYLIST.request, PLAYLIST.context, PLAYLIST.response, { clockOffsetMs: CLOCK, endPerf: NaN });
    expect(e).toMatchObject({ kind: 'playlist', directives: '_HLS_msn=1712&_HLS_part=4', renditionHeight: NaN, start: 20_010, first: 20_198, end: 20_200, bytes: 4_410, mediaDurationS: NaN });
    expect(directivesOf('/p.m3u8?_HLS_skip=YES&_HLS_part=0&_HLS_msn=3&x=1')).toBe('_HLS_msn=3&_HLS_part=0&_HLS_skip=YES');
    expect(directivesOf('/p.m3u8')).toBe('');
  });

  it('carries an edge cache status and Age from the response headers', () => {
    const e = normalizeDownloadCompleted(PART.requestType, PART.request, PART.context, { ...PART.response, headers: { age: '0', 'x-cache': 'coalesced' } }, { clockOffsetMs: CLOCK, endPerf: 20_147 });
    expect(e).toMatchObject({ cacheStatus: 'coalesced', ageS: 0 });
  });

  it('says unknown (NaN) rather than inventing: no first-byte stamp, audio, no start', () => {
    const audio = normalizeDownloadCompleted(1, { ...PART.request, timeToFirstByte: null }, { ...PART.context, stream: { type: 'audio', height: null } }, PART.response, { clockOffsetMs: CLOCK, endPerf: 20_100 });
    expect(audio).toMatchObject({ first: NaN, renditionHeight: NaN });
    expect(normalizeDownloadCompleted(1, { uris: ['x'] }, undefined, { data: null }, { clockOffsetMs: CLOCK, endPerf: 1 })).toBeNull();
  });
});

describe('normalizeDownloadFailed', () => {
  it('records a request the origin answered with an error status, and nothing for aborts', () => {
    const e = normalizeDownloadFailed(1, PART.request, PART.context, 503, { clockOffsetMs: CLOCK, endPerf: 20_050 });
    expect(e).toMatchObject({ kind: 'part', status: 503, bytes: 0, start: 20_000, end: 20_050, renditionHeight: 720 });
    expect(normalizeDownloadFailed(1, PART.request, PART.context, 0, { clockOffsetMs: CLOCK, endPerf: 20_050 })).toBeNull();
  });
});

describe('renditions', () => {
  const list = videoRenditions(TRACKS);

  it('lists the distinct video streams lowest first, by video bandwidth', () => {
    expect(list.renditions).toEqual([
      { index: 0, height: 160, width: 284, bitrateBps: 200_000 },
      { index: 1, height: 480, width: 854, bitrateBps: 600_000 },
      { index: 2, height: 720, width: 1280, bitrateBps: 1_000_000 },
    ]);
    expect(list.videoIds).toEqual([6, 5, 4]);
    // Two variants of one video stream (two audio tracks) are one rendition.
    expect(videoRenditions([...TRACKS, { ...TRACKS[0]!, id: 9, bandwidth: 700_000 }]).renditions).toHaveLength(3);
  });

  it('maps an adaptation’s new track and a quality change at the playhead onto the list', () => {
    expect(renditionOfTrack(TRACKS[0], list)).toEqual(list.renditions[1]);
    expect(renditionOfTrack({ id: 99, bandwidth: 1, videoId: 42 }, list)).toBeNull();
    expect(renditionOfQuality({ contentType: 'video', height: 720, width: 1280, bandwidth: 1_000_000 }, list)).toEqual(list.renditions[2]);
    expect(renditionOfQuality({ contentType: 'audio', bandwidth: 64_000 }, list)).toBeNull();
    expect(renditionOfQuality({ contentType: 'video', height: 1080, width: 1920, bandwidth: 3e6 }, list)).toBeNull();
  });
});

describe('normalizeShakaError', () => {
  it('maps a real shaka.util.Error: code and category in the detail, critical is fatal', () => {
    const E = shaka.util.Error;
    const http = new E(E.Severity.CRITICAL, E.Category.NETWORK, E.Code.BAD_HTTP_STATUS, 'http://localhost/live/ll200/master.m3u8', 404, '', {}, 0);
    expect(normalizeShakaError(http)).toEqual({
      event: { type: 'error', fatal: true, code: 'unreachable', status: 404, detail: 'HTTP error status (HTTP 404) http://localhost/live/ll200/master.m3u8 [Shaka 1001 BAD_HTTP_STATUS, NETWORK]' },
      recoverable: true,
    });
    const retried = new E(E.Severity.RECOVERABLE, E.Category.NETWORK, E.Code.TIMEOUT, 'http://localhost/x.m4s', 1);
    expect(normalizeShakaError(retried)).toMatchObject({ event: { fatal: false }, recoverable: false });
    const manifest = new E(E.Severity.CRITICAL, E.Category.MANIFEST, E.Code.DASH_INVALID_XML, 'http://localhost/x.mpd');
    expect(normalizeShakaError(manifest)).toEqual({ event: { type: 'error', fatal: true, code: 'manifest', detail: 'MPD is not valid XML [Shaka 4001 DASH_INVALID_XML, MANIFEST]' }, recoverable: false });
    const media = new E(E.Severity.CRITICAL, E.Category.MEDIA, E.Code.VIDEO_ERROR, 3, 0, 'PIPELINE_ERROR_DECODE');
    expect(normalizeShakaError(media)).toMatchObject({ event: { fatal: true, detail: 'video element error [Shaka 3016 VIDEO_ERROR, MEDIA]' }, recoverable: true });
  });

  it('calls a failed manifest request an unreachable stream only before the stream loaded; what this browser lacks is unsupported', () => {
    const E = shaka.util.Error;
    const MANIFEST = shaka.net.NetworkingEngine.RequestType.MANIFEST;
    const SEGMENT = shaka.net.NetworkingEngine.RequestType.SEGMENT;
    const code = (e: unknown, loaded = false) => normalizeShakaError(e, loaded).event?.code;
    expect(code(new E(E.Severity.CRITICAL, E.Category.NETWORK, E.Code.HTTP_ERROR, 'http://x/a.mpd', new Error('offline'), MANIFEST))).toBe('unreachable');
    expect(code(new E(E.Severity.CRITICAL, E.Category.NETWORK, E.Code.TIMEOUT, 'http://x/a.mpd', MANIFEST))).toBe('unreachable');
    expect(code(new E(E.Severity.CRITICAL, E.Category.NETWORK, E.Code.BAD_HTTP_STATUS, 'http://x/a.mpd', 503, '', {}, MANIFEST), true)).toBe('network');
    expect(code(new E(E.Severity.CRITICAL, E.Category.NETWORK, E.Code.BAD_HTTP_STATUS, 'http://x/1.m4s', 404, '', {}, SEGMENT))).toBe('network');
    expect(code(new E(E.Severity.CRITICAL, E.Category.MANIFEST, E.Code.CONTENT_UNSUPPORTED_BY_BROWSER))).toBe('unsupported');
    expect(code(new E(E.Severity.CRITICAL, E.Category.MEDIA, E.Code.VIDEO_ERROR, 3, 0, ''))).toBe('media');
    expect(code(new E(E.Severity.CRITICAL, E.Category.PLAYER, E.Code.NO_VIDEO_ELEMENT))).toBe('other');
  });

  it('ignores the interruptions of loads the adapter cancelled, and words unknown errors', () => {
    const E = shaka.util.Error;
    expect(normalizeShakaError(new E(E.Severity.CRITICAL, E.Category.PLAYER, E.Code.LOAD_INTERRUPTED))).toEqual({ event: null, recoverable: false });
    expect(normalizeShakaError({ code: 9999, category: 5, severity: 2 }).event?.detail).toBe('Shaka error [Shaka 9999, STREAMING]');
    expect(normalizeShakaError(new Error('boom'))).toEqual({ event: { type: 'error', fatal: false, code: 'other', detail: 'Shaka error: boom' }, recoverable: false });
  });
});
