import { describe, expect, it } from 'vitest';
// Real hls.js 1.7 classes (they load fine in Node), so the payloads below are the objects hls.js
// itself builds for FRAG_LOADED / LEVEL_LOADED / MANIFEST_LOADED / ERROR, not hand-made look-alikes.
import {
  AttrList,
  ErrorDetails,
  ErrorTypes,
  Fragment,
  HlsUrlParameters,
  LoaderContextType,
  Part,
  PlaylistLevelType,
  type ErrorData,
  type HlsSkip,
  type LoadStats,
  type MediaFragment,
  type PlaylistLoaderContext,
} from 'hls.js';
import type { EngineEvent } from './engine.ts';
import { loadStats } from './testing/hls-payloads.ts';
import { directivesText, hlsErrorCode, normalizeError, normalizeFragLoaded, normalizePlaylistLoaded, renditionOf, type LevelLike } from './hls-normalize.ts';

const MASTER_URL = 'http://localhost:8080/live/ll100/master.m3u8';
const PLAYLIST_URL = 'http://localhost:8080/live/ll100/720p.m3u8';
const LEVELS: LevelLike[] = [
  { height: 360, width: 640, bitrate: 800_000 },
  { height: 720, width: 1280, bitrate: 2_500_000 },
  { height: 1080, width: 1920, bitrate: 5_000_000 },
];

function mediaFragment(sn: number, level: number, relurl: string, duration: number, type = PlaylistLevelType.MAIN): MediaFragment {
  const frag = new Fragment(type, PLAYLIST_URL);
  frag.sn = sn;
  frag.level = level;
  frag.duration = duration;
  frag.relurl = relurl;
  return frag as MediaFragment;
}

function initSegment(level: number): Fragment {
  const frag = new Fragment(PlaylistLevelType.MAIN, PLAYLIST_URL);
  frag.sn = 'initSegment';
  frag.level = level;
  frag.relurl = 'init-0.mp4';
  return frag;
}

function part(frag: MediaFragment, index: number, duration: number): Part {
  return new Part(new AttrList(`DURATION=${duration},URI="${frag.sn}.${index}.m4s",INDEPENDENT=YES`), frag, PLAYLIST_URL, index);
}

function request(event: EngineEvent | undefined): Extract<EngineEvent, { type: 'request' }> {
  if (event?.type !== 'request') throw new Error(`expected a request event, got ${JSON.stringify(event)}`);
  return event;
}

describe('normalizeFragLoaded', () => {
  it('turns a whole segment into a segment request with its timing, size and duration', () => {
    const frag = mediaFragment(12, 1, '12.m4s', 2.0);
    frag.stats = loadStats(1000.5, 1040.25, 1180.75, 250_000);
    expect(frag.url).toBe('http://localhost:8080/live/ll100/12.m4s');

    expect(normalizeFragLoaded(frag, null, LEVELS)).toEqual({
      type: 'request',
      kind: 'segment',
      url: 'http://localhost:8080/live/ll100/12.m4s',
      renditionHeight: 720,
      start: 1000.5,
      first: 1040.25,
      end: 1180.75,
      bytes: 250_000,
      mediaDurationS: 2.0,
      mediaStartS: frag.start,
      status: 200,
      directives: '',
    });
    expect(Number.isFinite(frag.start)).toBe(true);
  });

  it('takes a part’s own URL, duration and stats, not its fragment’s', () => {
    const frag = mediaFragment(12, 2, '12.m4s', 2.0);
    // hls.js aggregates the parts' stats into the fragment's; those must not be used here.
    frag.stats = loadStats(1.0, 2.0, 3.0, 999);
    const p = part(frag, 3, 0.2);
    p.stats = loadStats(5000, 5012, 5030, 31_000);
    expect(p.url).toBe('http://localhost:8080/live/ll100/12.3.m4s');

    const event = request(normalizeFragLoaded(frag, p, LEVELS));
    expect(event.kind).toBe('part');
    expect(event.url).toBe('http://localhost:8080/live/ll100/12.3.m4s');
    expect(event.renditionHeight).toBe(1080);
    expect(event.mediaDurationS).toBeCloseTo(0.2, 12);
    expect([event.start, event.first, event.end, event.bytes]).toEqual([5000, 5012, 5030, 31_000]);
    expect(event.status).toBe(200);
  });

  it('marks the init segment as init with no media duration', () => {
    const frag = initSegment(0);
    frag.stats = loadStats(200, 210, 215, 1_234);
    const event = request(normalizeFragLoaded(frag, null, LEVELS));
    expect(event.kind).toBe('init');
    expect(event.url).toBe('http://localhost:8080/live/ll100/init-0.mp4');
    expect(event.renditionHeight).toBe(360);
    expect(event.mediaDurationS).toBeNaN();
    expect(event.bytes).toBe(1_234);
  });

  it('gives NaN for the height of a level hls.js does not list', () => {
    const frag = mediaFragment(1, 7, '1.m4s', 2);
    frag.stats = loadStats(1, 2, 3, 4);
    expect(request(normalizeFragLoaded(frag, null, LEVELS)).renditionHeight).toBeNaN();
    expect(request(normalizeFragLoaded(frag, null, [])).renditionHeight).toBeNaN();
  });

  it('does not take an audio fragment’s track index for a video rendition', () => {
    // For EXT-X-MEDIA audio, frag.level is the audio track index: level 1 here is not the 720p rung.
    const frag = mediaFragment(12, 1, 'audio/12.m4s', 2.0, PlaylistLevelType.AUDIO);
    frag.stats = loadStats(10, 20, 30, 16_000);
    const event = request(normalizeFragLoaded(frag, null, LEVELS));
    expect(event.kind).toBe('segment');
    expect(event.renditionHeight).toBeNaN();
  });

  describe('timing guards', () => {
    const cases: Array<{ name: string; loading: [number, number, number]; expected: [number, number, number] }> = [
      { name: 'all known', loading: [100, 150, 300], expected: [100, 150, 300] },
      { name: 'first byte unknown (0, as LoadStats starts)', loading: [100, 0, 300], expected: [100, NaN, 300] },
      { name: 'first before start', loading: [100, 99, 300], expected: [100, NaN, 300] },
      { name: 'first equal to start (cached response)', loading: [100, 100, 100], expected: [100, 100, 100] },
      { name: 'end before start', loading: [100, 150, 50], expected: [100, 150, NaN] },
      { name: 'end unknown (0)', loading: [100, 150, 0], expected: [100, 150, NaN] },
      { name: 'start unknown (0): nothing is relative to it', loading: [0, 150, 300], expected: [NaN, NaN, NaN] },
      { name: 'never loaded (fresh LoadStats)', loading: [0, 0, 0], expected: [NaN, NaN, NaN] },
      { name: 'negative start', loading: [-5, 150, 300], expected: [NaN, NaN, NaN] },
      { name: 'non-finite values', loading: [Infinity, NaN, Infinity], expected: [NaN, NaN, NaN] },
    ];
    for (const { name, loading, expected } of cases) {
      it(name, () => {
        const frag = mediaFragment(5, 0, '5.m4s', 2);
        frag.stats = loadStats(...loading, 10);
        const event = request(normalizeFragLoaded(frag, null, LEVELS));
        expect([event.start, event.first, event.end]).toEqual(expected);
      });
    }

    it('treats missing stats and missing loading as unknown, with 0 bytes', () => {
      const noStats = request(normalizePlaylistLoaded('playlist', PLAYLIST_URL, undefined, 1, LEVELS, null));
      expect([noStats.start, noStats.first, noStats.end, noStats.bytes]).toEqual([NaN, NaN, NaN, 0]);
      const noLoading = request(normalizePlaylistLoaded('playlist', PLAYLIST_URL, { loaded: 77 }, 1, LEVELS, null));
      expect([noLoading.start, noLoading.first, noLoading.end, noLoading.bytes]).toEqual([NaN, NaN, NaN, 77]);
    });
  });
});

describe('normalizePlaylistLoaded', () => {
  it('records a blocking media playlist reload with its rendition and delivery directives', () => {
    const directives = new HlsUrlParameters(12, 3, 'YES' as HlsSkip);
    const url = `${PLAYLIST_URL}?_HLS_msn=12&_HLS_part=3&_HLS_skip=YES`;
    expect(normalizePlaylistLoaded('playlist', url, loadStats(900, 1300, 1302, 1_800), 1, LEVELS, directives)).toEqual({
      type: 'request',
      kind: 'playlist',
      url,
      renditionHeight: 720,
      start: 900,
      first: 1300,
      end: 1302,
      bytes: 1_800,
      mediaDurationS: NaN,
      status: 200,
      directives: '_HLS_msn=12&_HLS_part=3&_HLS_skip=YES',
    });
  });

  it('records the multivariant playlist with no rendition and no directives', () => {
    const event = request(normalizePlaylistLoaded('manifest', MASTER_URL, loadStats(10, 20, 21, 512), null, LEVELS, null));
    expect(event.kind).toBe('manifest');
    expect(event.url).toBe(MASTER_URL);
    expect(event.renditionHeight).toBeNaN();
    expect(event.mediaDurationS).toBeNaN();
    expect(event.directives).toBe('');
    expect(event.bytes).toBe(512);
  });

  it('gives NaN for the height of an unknown level index', () => {
    expect(request(normalizePlaylistLoaded('playlist', PLAYLIST_URL, loadStats(1, 2, 3, 4), 9, LEVELS, null)).renditionHeight).toBeNaN();
  });
});

describe('directivesText', () => {
  it('writes the directives in the order hls.js appends them', () => {
    expect(directivesText(new HlsUrlParameters(12, 3, 'YES' as HlsSkip))).toBe('_HLS_msn=12&_HLS_part=3&_HLS_skip=YES');
    expect(directivesText(new HlsUrlParameters(12, 3, 'v2' as HlsSkip))).toBe('_HLS_msn=12&_HLS_part=3&_HLS_skip=v2');
  });

  it('keeps zero values (msn 0, part 0) and drops only undefined ones', () => {
    expect(directivesText(new HlsUrlParameters(0, 0))).toBe('_HLS_msn=0&_HLS_part=0');
    expect(directivesText(new HlsUrlParameters(41))).toBe('_HLS_msn=41');
    expect(directivesText({ part: 2 })).toBe('_HLS_part=2');
  });

  it('omits an empty skip (HlsSkip.No) and returns "" for no directives', () => {
    expect(directivesText(new HlsUrlParameters(7, undefined, '' as HlsSkip))).toBe('_HLS_msn=7');
    expect(directivesText(new HlsUrlParameters())).toBe('');
    expect(directivesText(null)).toBe('');
    expect(directivesText(undefined)).toBe('');
  });
});

describe('renditionOf', () => {
  it('describes a listed level and returns null for others', () => {
    expect(renditionOf(LEVELS, 2)).toEqual({ index: 2, height: 1080, width: 1920, bitrateBps: 5_000_000 });
    expect(renditionOf(LEVELS, -1)).toBeNull();
    expect(renditionOf(LEVELS, 3)).toBeNull();
  });
});

describe('normalizeError', () => {
  function playlistContext(type: LoaderContextType.MANIFEST | LoaderContextType.LEVEL, url: string, level: number | null): PlaylistLoaderContext {
    // What hls.js's playlist loader builds: the manifest context has level 0 (sic), levels their index.
    return { url, type, level, id: type === LoaderContextType.LEVEL ? level : null, responseType: 'text', deliveryDirectives: null, levelOrTrack: null };
  }

  it('reports a 404 on a part as an error plus a failed part request', () => {
    const frag = mediaFragment(12, 1, '12.m4s', 2.0);
    const p = part(frag, 3, 0.2);
    // The XHR loader sets first on headers and leaves end at 0 for a failed status.
    p.stats = loadStats(3000, 3020, 0, 0);
    const data: ErrorData = {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.FRAG_LOAD_ERROR,
      fatal: false,
      frag,
      part: p,
      response: { url: p.url, data: undefined, code: 404, text: 'Not Found' },
      error: new Error('HTTP Error 404 Not Found'),
      networkDetails: null,
      stats: p.stats,
    };

    const events = normalizeError(data, LEVELS);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ type: 'error', fatal: false, code: 'network', status: 404, detail: 'fragLoadError (HTTP 404): HTTP Error 404 Not Found' });
    expect(events[1]).toEqual({
      type: 'request',
      kind: 'part',
      url: 'http://localhost:8080/live/ll100/12.3.m4s',
      renditionHeight: 720,
      start: 3000,
      first: 3020,
      end: NaN,
      bytes: 0,
      mediaDurationS: NaN,
      status: 404,
      directives: '',
    });
  });

  /** What hls.js's fragment loader rejects with on an HTTP failure of a whole fragment. */
  function fragHttpError(frag: Fragment, code: number, text: string, stats?: LoadStats): ErrorData {
    return {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.FRAG_LOAD_ERROR,
      fatal: false,
      frag,
      response: { url: frag.url, data: undefined, code, text },
      error: new Error(`HTTP Error ${code} ${text}`),
      networkDetails: null,
      ...(stats ? { stats } : {}),
    };
  }

  it('classifies failed whole segments and init segments by the fragment', () => {
    const seg = request(normalizeError(fragHttpError(mediaFragment(40, 2, '40.m4s', 2.0), 410, 'Gone'), LEVELS)[1]);
    expect([seg.kind, seg.url, seg.renditionHeight, seg.status]).toEqual(['segment', 'http://localhost:8080/live/ll100/40.m4s', 1080, 410]);

    const ini = request(normalizeError(fragHttpError(initSegment(0), 500, ''), LEVELS)[1]);
    expect([ini.kind, ini.url, ini.renditionHeight, ini.status]).toEqual(['init', 'http://localhost:8080/live/ll100/init-0.mp4', 360, 500]);
  });

  it('takes timing from the error’s stats, else from the fragment’s', () => {
    const frag = mediaFragment(40, 0, '40.m4s', 2.0);
    frag.stats = loadStats(50, 60, 70, 0);
    const fromFrag = request(normalizeError(fragHttpError(frag, 502, 'Bad Gateway'), LEVELS)[1]);
    expect([fromFrag.start, fromFrag.first, fromFrag.end]).toEqual([50, 60, 70]);
    const fromError = request(normalizeError(fragHttpError(frag, 502, 'Bad Gateway', loadStats(80, 90, 0, 0)), LEVELS)[1]);
    expect([fromError.start, fromError.first, fromError.end]).toEqual([80, 90, NaN]);
  });

  it('reports a 503 on a media playlist reload as a failed playlist request of that rendition', () => {
    const url = `${PLAYLIST_URL}?_HLS_msn=12&_HLS_part=3`;
    const data: ErrorData = {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.LEVEL_LOAD_ERROR,
      fatal: false,
      url,
      context: playlistContext(LoaderContextType.LEVEL, url, 1),
      error: new Error('A network error (status 503) occurred while loading level: 1 id: 1'),
      networkDetails: null,
      stats: loadStats(700, 705, 0, 0),
      response: { url, data: undefined, code: 503, text: 'Service Unavailable' },
    };
    const [error, failed] = normalizeError(data, LEVELS);
    expect(error).toEqual({ type: 'error', fatal: false, code: 'network', status: 503, detail: 'levelLoadError (HTTP 503): A network error (status 503) occurred while loading level: 1 id: 1' });
    const event = request(failed);
    expect(event.kind).toBe('playlist');
    expect(event.url).toBe(url);
    expect(event.renditionHeight).toBe(720);
    expect(event.status).toBe(503);
    expect([event.start, event.first, event.end]).toEqual([700, 705, NaN]);
  });

  it('reports a manifest that never answered (status 0) as fatal, with a manifest request of status 0', () => {
    const data: ErrorData = {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.MANIFEST_LOAD_ERROR,
      fatal: true,
      url: MASTER_URL,
      context: playlistContext(LoaderContextType.MANIFEST, MASTER_URL, 0),
      error: new Error('A network error (status 0) occurred while loading manifest'),
      networkDetails: null,
      stats: loadStats(10, 0, 0, 0),
      response: { url: MASTER_URL, data: undefined, code: 0, text: '' },
    };
    // Levels are listed here on purpose: the manifest context's level 0 must not name a rendition.
    const [error, failed] = normalizeError(data, LEVELS);
    // No "(HTTP 0)": status 0 is not an HTTP answer.
    expect(error).toEqual({ type: 'error', fatal: true, code: 'unreachable', detail: 'manifestLoadError: A network error (status 0) occurred while loading manifest' });
    const event = request(failed);
    expect(event.kind).toBe('manifest');
    expect(event.url).toBe(MASTER_URL);
    expect(event.status).toBe(0);
    expect(event.renditionHeight).toBeNaN();
    expect([event.start, event.first, event.end]).toEqual([10, NaN, NaN]);
  });

  it('falls back to data.url when there is no context', () => {
    const data: ErrorData = {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.KEY_LOAD_ERROR,
      fatal: false,
      url: 'http://k/key',
      response: { url: 'http://k/key', code: 403, text: 'Forbidden' },
      error: new Error(''),
    };
    const event = request(normalizeError(data, LEVELS)[1]);
    expect([event.kind, event.url, event.status]).toEqual(['playlist', 'http://k/key', 403]);
    expect(event.renditionHeight).toBeNaN();
  });

  it('emits only the error for failures without an HTTP response (timeouts, media errors)', () => {
    const frag = mediaFragment(12, 1, '12.m4s', 2.0);
    const timeoutData: ErrorData = {
      type: ErrorTypes.NETWORK_ERROR,
      details: ErrorDetails.FRAG_LOAD_TIMEOUT,
      fatal: false,
      frag,
      error: new Error('Timeout after 10000ms'),
      networkDetails: null,
      stats: loadStats(1, 2, 0, 0),
    };
    const timeout = normalizeError(timeoutData, LEVELS);
    expect(timeout).toEqual([{ type: 'error', fatal: false, code: 'network', detail: 'fragLoadTimeOut: Timeout after 10000ms' }]);

    const stalled = normalizeError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_STALLED_ERROR, fatal: false, error: new Error('Playback stalling at @12.5') }, LEVELS);
    expect(stalled).toEqual([{ type: 'error', fatal: false, code: 'media', detail: 'bufferStalledError: Playback stalling at @12.5' }]);
  });

  it('prefers reason over the error message, and omits an empty one', () => {
    expect(normalizeError({ type: ErrorTypes.OTHER_ERROR, details: ErrorDetails.LEVEL_SWITCH_ERROR, fatal: false, reason: 'invalid level idx', error: new Error('other') }, LEVELS)).toEqual([
      { type: 'error', fatal: false, code: 'other', detail: 'levelSwitchError: invalid level idx' },
    ]);
    expect(normalizeError({ type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_FULL_ERROR, fatal: true, error: new Error('') }, LEVELS)).toEqual([
      { type: 'error', fatal: true, code: 'media', detail: 'bufferFullError' },
    ]);
  });
});

describe('cache headers on hls.js requests', () => {
  const xhr = (headers: Record<string, string>) => ({ getResponseHeader: (n: string) => headers[n.toLowerCase()] ?? null });
  it('puts them on the request event', () => {
    const event = normalizeFragLoaded({ sn: 3, level: 0, duration: 0.2, url: 'u' }, null, [{ height: 720, width: 1280, bitrate: 1 }], xhr({ 'x-cache': 'miss', age: '0' }));
    expect(event).toMatchObject({ type: 'request', cacheStatus: 'miss', ageS: 0 });
  });
});

describe('hlsErrorCode', () => {
  it('names a multivariant playlist that never loaded or did not parse, and codecs this browser lacks, by hls.js’s own details; else goes by the type', () => {
    const cases: [ErrorTypes, ErrorDetails, string][] = [
      [ErrorTypes.NETWORK_ERROR, ErrorDetails.MANIFEST_LOAD_ERROR, 'unreachable'],
      [ErrorTypes.NETWORK_ERROR, ErrorDetails.MANIFEST_LOAD_TIMEOUT, 'unreachable'],
      [ErrorTypes.NETWORK_ERROR, ErrorDetails.MANIFEST_PARSING_ERROR, 'manifest'],
      [ErrorTypes.MEDIA_ERROR, ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR, 'unsupported'],
      [ErrorTypes.MEDIA_ERROR, ErrorDetails.BUFFER_ADD_CODEC_ERROR, 'unsupported'],
      [ErrorTypes.MEDIA_ERROR, ErrorDetails.BUFFER_INCOMPATIBLE_CODECS_ERROR, 'unsupported'],
      [ErrorTypes.NETWORK_ERROR, ErrorDetails.LEVEL_LOAD_ERROR, 'network'],
      [ErrorTypes.NETWORK_ERROR, ErrorDetails.AUDIO_TRACK_LOAD_ERROR, 'network'],
      [ErrorTypes.MEDIA_ERROR, ErrorDetails.BUFFER_APPEND_ERROR, 'media'],
      [ErrorTypes.MUX_ERROR, ErrorDetails.REMUX_ALLOC_ERROR, 'other'],
      [ErrorTypes.OTHER_ERROR, ErrorDetails.LEVEL_SWITCH_ERROR, 'other'],
    ];
    for (const [type, details, code] of cases) expect(hlsErrorCode({ type, details }), details).toBe(code);
  });
});
