import type { HTTPRequest } from 'dashjs';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './engine.ts';
import {
  DASH_ERROR_CODES,
  RequestRenditions,
  dateToPerf,
  normalizeDashError,
  normalizeHttpRequest,
  normalizeQualityChange,
  renditionOfRepresentation,
  videoRenditions,
  type FragmentRequestLike,
  type RepresentationLike,
} from './dash-normalize.ts';
import { loadDashjs } from './testing/dashjs-in-node.ts';

const BASE = 'http://localhost:8080/live/dash-ll';
/** Date.now() - performance.now() at the time of the event: wall clock 1_700_000_000_000 is perf 5000. */
const OFFSET = 1_700_000_000_000 - 5000;
const at = (perfMs: number) => new Date(OFFSET + perfMs);
/** dash.js files MPD requests under Constants.STREAM, which its MediaType typing does not list. */
const STREAM = 'stream' as HTTPRequest['_stream'];

/**
 * An HttpList entry as dash.js 5.2.1's MetricsModel.addHttpRequest builds it (typed against
 * dash.js's own HTTPRequest interface, so a renamed field fails to compile).
 */
function httpEntry(fields: Partial<HTTPRequest> & Pick<HTTPRequest, 'type' | 'url'>): HTTPRequest {
  return {
    tcpid: null,
    actualurl: null,
    range: [],
    trequest: null,
    tresponse: null,
    responsecode: null,
    interval: null,
    trace: [],
    cmsd: {},
    _tfinish: null,
    _mediaduration: null,
    _quality: null,
    _responseHeaders: null,
    _serviceLocation: null,
    _resourceTimingValues: {},
    _fileLoaderType: 'xhr_loader',
    _stream: 'video',
    ...fields,
  };
}

function request(event: EngineEvent | null | undefined): Extract<EngineEvent, { type: 'request' }> {
  if (event?.type !== 'request') throw new Error(`expected a request event, got ${JSON.stringify(event)}`);
  return event;
}

describe('dateToPerf', () => {
  it('moves a dash.js Date onto the performance.now() clock, NaN without one', () => {
    expect(dateToPerf(at(1234), OFFSET)).toBe(1234);
    // Dates hold whole milliseconds; the offset (Date.now() - performance.now()) has a fraction.
    expect(dateToPerf(new Date(2_000), 1_000.75)).toBe(999.25);
    expect(dateToPerf(null, OFFSET)).toBeNaN();
    expect(dateToPerf(undefined, OFFSET)).toBeNaN();
    expect(dateToPerf(new Date(NaN), OFFSET)).toBeNaN();
  });
});

describe('normalizeHttpRequest', () => {
  it('keeps a chunked LL-DASH segment honest: first byte when the first chunk came, end when the origin finished it ~1 s later', () => {
    // FetchLoader: requested before the segment was complete; one trace, pushed at the end, with all the bytes.
    const entry = httpEntry({
      type: 'MediaSegment',
      url: `${BASE}/720p/1234.m4s`,
      trequest: at(10_000),
      tresponse: at(10_180),
      _tfinish: at(11_012),
      responsecode: 200,
      trace: [{ s: at(10_000), d: 120, b: [412_345] }],
      _mediaduration: 1,
      _stream: 'video',
      _fileLoaderType: 'fetch_loader',
    });
    expect(normalizeHttpRequest(entry, OFFSET, 720)).toEqual({
      type: 'request',
      kind: 'segment',
      url: `${BASE}/720p/1234.m4s`,
      renditionHeight: 720,
      start: 10_000,
      first: 10_180,
      end: 11_012,
      bytes: 412_345,
      mediaDurationS: 1,
      status: 200,
      directives: '',
    });
  });

  it('carries an edge cache status and Age from the response headers dash.js keeps', () => {
    const entry = httpEntry({ type: 'MediaSegment', url: `${BASE}/360p/9.m4s`, trequest: at(100), tresponse: at(130), _tfinish: at(160), responsecode: 200 });
    // The typings say any[]; dash.js writes the header lines as one string.
    Object.assign(entry, { _responseHeaders: 'age: 1\r\nx-cache: hit\r\n' });
    expect(normalizeHttpRequest(entry, OFFSET, 360)).toMatchObject({ cacheStatus: 'hit', ageS: 1 });
    expect(normalizeHttpRequest(Object.assign({ ...entry }, { _responseHeaders: 'content-type: video/mp4\r\n' }), OFFSET, 360)).not.toHaveProperty('cacheStatus');
  });

  it('adds up the bytes of every XHR progress trace', () => {
    const entry = httpEntry({
      type: 'MediaSegment',
      url: `${BASE}/480p/77.m4s`,
      trequest: at(100),
      tresponse: at(130),
      _tfinish: at(160),
      responsecode: 200,
      trace: [
        { s: at(100), d: 30, b: [1000] },
        { s: at(130), d: 20, b: [64_000] },
        { s: at(150), d: 10, b: [35_000] },
      ],
      _mediaduration: 2,
    });
    const event = request(normalizeHttpRequest(entry, OFFSET, 480));
    expect(event.bytes).toBe(100_000);
    expect(event.mediaDurationS).toBe(2);
  });

  it('gives NaN, not 0 ms, for a first byte dash.js never saw apart (it then reports the request time)', () => {
    // A small init segment that arrived in one XHR progress event: dash.js sets tresponse = trequest.
    const entry = httpEntry({
      type: 'InitializationSegment',
      url: `${BASE}/720p/init-0.mp4`,
      trequest: at(500),
      tresponse: at(500),
      _tfinish: at(512),
      responsecode: 200,
      trace: [{ s: at(500), d: 12, b: [1_450] }],
      _mediaduration: NaN,
    });
    const event = request(normalizeHttpRequest(entry, OFFSET, 720));
    expect(event.kind).toBe('init');
    expect([event.start, event.first, event.end, event.bytes]).toEqual([500, NaN, 512, 1_450]);
    expect(event.mediaDurationS).toBeNaN();
  });

  it('records an MPD load as a manifest request with no rendition', () => {
    const entry = httpEntry({
      type: 'MPD',
      url: `${BASE}/manifest.mpd`,
      trequest: at(1),
      tresponse: at(9),
      _tfinish: at(11),
      responsecode: 200,
      trace: [{ s: at(1), d: 8, b: [300] }, { s: at(9), d: 2, b: [2_700] }],
      _stream: STREAM,
    });
    const event = request(normalizeHttpRequest(entry, OFFSET, NaN));
    expect([event.kind, event.url, event.bytes, event.status]).toEqual(['manifest', `${BASE}/manifest.mpd`, 3_000, 200]);
    expect(event.renditionHeight).toBeNaN();
    expect(event.mediaDurationS).toBeNaN();
    expect([event.start, event.first, event.end]).toEqual([1, 9, 11]);
  });

  it('records failed attempts with their status: HTTP errors, and 0 for no answer at all', () => {
    const notFound = httpEntry({
      type: 'MediaSegment',
      url: `${BASE}/720p/99999.m4s`,
      trequest: at(2_000),
      tresponse: at(2_000),
      _tfinish: at(2_004),
      responsecode: 404,
      trace: [],
      _mediaduration: 1,
    });
    const failed = request(normalizeHttpRequest(notFound, OFFSET, 720));
    expect([failed.status, failed.bytes, failed.start, failed.end]).toEqual([404, 0, 2_000, 2_004]);
    expect(failed.first).toBeNaN();

    const noAnswer = httpEntry({ type: 'MPD', url: `${BASE}/manifest.mpd`, trequest: at(3_000), tresponse: at(3_000), _tfinish: at(3_001), responsecode: 0, _stream: STREAM });
    expect(request(normalizeHttpRequest(noAnswer, OFFSET, NaN)).status).toBe(0);
  });

  it('skips the record dash.js adds before a redirected request (no response of its own)', () => {
    const preRedirect = httpEntry({ type: 'MediaSegment', url: `${BASE}/720p/5.m4s`, trequest: at(10), responsecode: null });
    expect(normalizeHttpRequest(preRedirect, OFFSET, 720)).toBeNull();
    // And an entry with no request time cannot be placed on a chart.
    expect(normalizeHttpRequest(httpEntry({ type: 'MPD', url: `${BASE}/manifest.mpd`, responsecode: 200 }), OFFSET, NaN)).toBeNull();
  });

  it('calls other request types "other"', () => {
    for (const type of ['IndexSegment', 'XLinkExpansion', 'other', 'BitstreamSwitchingSegment']) {
      const entry = httpEntry({ type, url: `${BASE}/x`, trequest: at(1), tresponse: at(2), _tfinish: at(3), responsecode: 200 });
      expect(request(normalizeHttpRequest(entry, OFFSET, NaN)).kind, type).toBe('other');
    }
  });

  it('gives NaN for an end before the start rather than a negative duration', () => {
    const entry = httpEntry({ type: 'MediaSegment', url: `${BASE}/720p/1.m4s`, trequest: at(100), tresponse: at(90), _tfinish: at(90), responsecode: 200 });
    const event = request(normalizeHttpRequest(entry, OFFSET, 720));
    expect([event.first, event.end]).toEqual([NaN, NaN]);
  });
});

describe('RequestRenditions', () => {
  const rep720 = { height: 720 };
  const fragment = (url: string, mediaType: string, representation = rep720): FragmentRequestLike => ({ url, mediaType, representation });

  it('names the video height of a finished request from the FragmentRequest that started it', () => {
    const renditions = new RequestRenditions();
    renditions.remember(fragment(`${BASE}/720p/init-0.mp4`, 'video'));
    renditions.remember(fragment(`${BASE}/480p/10.m4s`, 'video', { height: 480 }));
    renditions.remember(fragment(`${BASE}/audio/10.m4s`, 'audio', { height: NaN }));
    expect(renditions.heightFor(`${BASE}/720p/init-0.mp4`, 'video')).toBe(720);
    expect(renditions.heightFor(`${BASE}/480p/10.m4s`, 'video')).toBe(480);
    expect(renditions.heightFor(`${BASE}/audio/10.m4s`, 'audio')).toBeNaN();
    expect(renditions.heightFor(`${BASE}/720p/11.m4s`, 'video')).toBeNaN();
    expect(renditions.heightFor(`${BASE}/manifest.mpd`, 'stream')).toBeNaN();
    expect(renditions.heightFor(null, 'video')).toBeNaN();
  });

  it('follows a url dash.js rewrites on the same request object before sending it', () => {
    const renditions = new RequestRenditions();
    const started = fragment(`${BASE}/720p/12.m4s`, 'video');
    renditions.remember(started);
    started.url = `${BASE}/720p/12.m4s?CMCD=sid%3D%22x%22`;
    expect(renditions.heightFor(`${BASE}/720p/12.m4s?CMCD=sid%3D%22x%22`, 'video')).toBe(720);
  });

  it('keeps only the newest requests', () => {
    const renditions = new RequestRenditions(2);
    for (const n of [1, 2, 3]) renditions.remember(fragment(`${BASE}/720p/${n}.m4s`, 'video'));
    expect(renditions.heightFor(`${BASE}/720p/1.m4s`, 'video')).toBeNaN();
    expect(renditions.heightFor(`${BASE}/720p/3.m4s`, 'video')).toBe(720);
  });
});

describe('video renditions', () => {
  // As dash.js 5 lists them: absoluteIndex is its quality order (0 = lowest), not the MPD order.
  const REPS: RepresentationLike[] = [
    { id: '720p', height: 720, width: 1280, bandwidth: 2_500_000, absoluteIndex: 2 },
    { id: '360p', height: 360, width: 640, bandwidth: 600_000, absoluteIndex: 0 },
    { id: '480p', height: 480, width: 854, bandwidth: 1_200_000, absoluteIndex: 1 },
  ];

  it('lists renditions lowest first, with the representation id of each', () => {
    const list = videoRenditions(REPS);
    expect(list.ids).toEqual(['360p', '480p', '720p']);
    expect(list.renditions).toEqual([
      { index: 0, height: 360, width: 640, bitrateBps: 600_000 },
      { index: 1, height: 480, width: 854, bitrateBps: 1_200_000 },
      { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 },
    ]);
  });

  it('sorts by bandwidth when dash.js has not numbered them', () => {
    const unnumbered = REPS.map(({ absoluteIndex: _, ...rep }) => rep);
    expect(videoRenditions(unnumbered).ids).toEqual(['360p', '480p', '720p']);
  });

  it('finds a representation by id; one not listed keeps dash.js’s index', () => {
    const list = videoRenditions(REPS.slice(1));
    expect(renditionOfRepresentation(REPS[2], list)).toEqual({ index: 1, height: 480, width: 854, bitrateBps: 1_200_000 });
    expect(renditionOfRepresentation(REPS[0], list)).toEqual({ index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 });
    expect(renditionOfRepresentation(null, list)).toBeNull();
  });

  it('turns video quality changes into switch events and ignores audio', () => {
    const list = videoRenditions(REPS);
    expect(normalizeQualityChange('switch-requested', { mediaType: 'video', newRepresentation: REPS[0] }, list)).toEqual({
      type: 'switch-requested',
      rendition: { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 },
    });
    expect(normalizeQualityChange('switch-rendered', { mediaType: 'video', newRepresentation: REPS[1] }, list)).toEqual({
      type: 'switch-rendered',
      rendition: { index: 0, height: 360, width: 640, bitrateBps: 600_000 },
    });
    const audio = { id: 'audio', height: NaN, width: NaN, bandwidth: 64_000 };
    expect(normalizeQualityChange('switch-requested', { mediaType: 'audio', newRepresentation: audio }, list)).toBeNull();
    expect(normalizeQualityChange('switch-rendered', { mediaType: 'video', newRepresentation: null }, list)).toBeNull();
  });
});

describe('normalizeDashError', () => {
  const mpdUrl = `${BASE}/manifest.mpd`;
  /** A DashJSError as HTTPLoader raises it once the retries of a download are used up. */
  const downloadError = (code: number, url: string, status: number) => ({ code, message: `${url} is not available`, data: { request: { url }, response: { status } } });

  it('an MPD that never loaded is fatal and not worth retrying, and says why in words', () => {
    const { event, recoverable } = normalizeDashError(downloadError(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_MANIFEST_CODE, mpdUrl, 404), false);
    expect(event).toEqual({ type: 'error', fatal: true, code: 'unreachable', status: 404, detail: `MPD download failed (HTTP 404): ${mpdUrl} is not available` });
    expect(recoverable).toBe(false);
  });

  it('an MPD refresh that fails once the stream plays is not fatal', () => {
    expect(normalizeDashError(downloadError(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_MANIFEST_CODE, mpdUrl, 503), true).event.fatal).toBe(false);
  });

  it('does not print "HTTP 0" for a request that got no answer', () => {
    const { event } = normalizeDashError(downloadError(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_MANIFEST_CODE, mpdUrl, 0), false);
    expect(event.detail).toBe(`MPD download failed: ${mpdUrl} is not available`);
  });

  it('segment and init download failures are not fatal (dash.js carries on)', () => {
    const segment = normalizeDashError(downloadError(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_CONTENT_CODE, `${BASE}/720p/9.m4s`, 404), true);
    expect(segment.event).toEqual({ type: 'error', fatal: false, code: 'network', status: 404, detail: `media segment download failed (HTTP 404): ${BASE}/720p/9.m4s is not available` });
    expect(normalizeDashError(downloadError(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_INITIALIZATION_CODE, `${BASE}/720p/init-0.mp4`, 500), true).event.fatal).toBe(false);
  });

  it('a decode error of the video element is fatal but worth a new player', () => {
    const { event, recoverable } = normalizeDashError({ code: 3, message: 'MEDIA_ERR_DECODE (PIPELINE_ERROR_DECODE)' }, true);
    expect(event).toEqual({ type: 'error', fatal: true, code: 'media', detail: 'video element error: MEDIA_ERR_DECODE (PIPELINE_ERROR_DECODE)' });
    expect(recoverable).toBe(true);
  });

  it('unsupported media, no MSE and a broken MPD are fatal for good', () => {
    for (const code of [4, DASH_ERROR_CODES.CAPABILITY_MEDIASOURCE_ERROR_CODE, DASH_ERROR_CODES.MEDIASOURCE_TYPE_UNSUPPORTED_CODE, DASH_ERROR_CODES.MANIFEST_ERROR_ID_NOSTREAMS_CODE, DASH_ERROR_CODES.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE]) {
      const { event, recoverable } = normalizeDashError({ code, message: 'x' }, true);
      expect([event.fatal, recoverable], String(code)).toEqual([true, false]);
    }
  });

  it('a failed clock sync is a warning: dash.js falls back to this machine’s clock', () => {
    const { event } = normalizeDashError({ code: DASH_ERROR_CODES.TIME_SYNC_FAILED_ERROR_CODE, message: 'Failed to synchronize client and server time' }, true);
    expect(event.fatal).toBe(false);
    expect(event.detail).toMatch(/^clock sync with the MPD’s UTCTiming source failed/);
  });

  it('names unknown codes and non-DashJSError errors without failing', () => {
    expect(normalizeDashError({ code: 999, message: 'odd' }, true).event).toEqual({ type: 'error', fatal: false, code: 'other', detail: 'dash.js error 999: odd' });
    expect(normalizeDashError({ code: 999 }, true).event.detail).toBe('dash.js error 999');
    expect(normalizeDashError(new Error('boom'), true).event).toEqual({ type: 'error', fatal: false, code: 'other', detail: 'dash.js error: boom' });
    expect(normalizeDashError('plain text', true).event.detail).toBe('dash.js error: plain text');
    expect(normalizeDashError(undefined, true).event.detail).toBe('dash.js error: unknown');
  });

  it('gives each failure its kind: an MPD that never loaded or parsed, what this browser lacks, media, network', () => {
    const code = (c: number, started = true) => normalizeDashError({ code: c, message: 'x' }, started).event.code;
    expect(code(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_MANIFEST_CODE, false)).toBe('unreachable');
    expect(code(DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_MANIFEST_CODE)).toBe('network');
    expect(code(DASH_ERROR_CODES.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE)).toBe('unreachable');
    expect(code(DASH_ERROR_CODES.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE)).toBe('manifest');
    for (const c of [4, DASH_ERROR_CODES.CAPABILITY_MEDIASOURCE_ERROR_CODE, DASH_ERROR_CODES.MEDIASOURCE_TYPE_UNSUPPORTED_CODE, DASH_ERROR_CODES.MANIFEST_ERROR_ID_NOSTREAMS_CODE]) expect(code(c), String(c)).toBe('unsupported');
    for (const c of [1, 2, 3, DASH_ERROR_CODES.APPEND_ERROR_CODE]) expect(code(c), String(c)).toBe('media');
    for (const c of [DASH_ERROR_CODES.DOWNLOAD_ERROR_ID_CONTENT_CODE, DASH_ERROR_CODES.FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE, DASH_ERROR_CODES.TIME_SYNC_FAILED_ERROR_CODE]) expect(code(c), String(c)).toBe('network');
    expect(code(999)).toBe('other');
  });

  it('uses the codes the real dash.js 5.2.1 raises', async () => {
    const dashjs = await loadDashjs();
    const errors = dashjs.MediaPlayer.errors as unknown as Record<string, unknown>;
    for (const [name, code] of Object.entries(DASH_ERROR_CODES)) expect(errors[name], name).toBe(code);
  });
});
