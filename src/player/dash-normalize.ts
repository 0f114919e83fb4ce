import type { MediaPlayerErrors } from 'dashjs';
import type { RequestKind } from '../analyzer/types.ts';
import { ownValue } from '../shared/own.ts';
import { cacheFromHeaderText } from './cache-headers.ts';
import type { EngineError, EngineErrorCode, EngineEvent, Rendition } from './engine.ts';

/**
 * Pure translation of dash.js 5 event payloads and metrics into normalised engine events. Only
 * the fields read here are declared, so plain objects can be replayed in unit tests.
 */

type RequestEvent = Extract<EngineEvent, { type: 'request' }>;

/** One entry of dash.js's HttpList metric (METRIC_ADDED), as MetricsModel.addHttpRequest fills it. */
export interface HttpRequestLike {
  /** 'MPD', 'MediaSegment', 'InitializationSegment', 'IndexSegment', 'other', ... */
  type?: string | null;
  url: string | null;
  /** When the request was sent (Date.now() clock). */
  trequest: Date | null;
  /** First response bytes; dash.js sets it to trequest when it never saw them separately. */
  tresponse: Date | null;
  /** When the response ended (completed, failed or aborted). */
  _tfinish: Date | null;
  /** HTTP status; 0 when no HTTP answer; null only on the extra record dash.js adds before a redirected request. */
  responsecode: number | null;
  /** Throughput traces: b[0] is the bytes received in each. */
  trace?: ReadonlyArray<{ b?: readonly number[] }>;
  /** Media seconds of the segment. */
  _mediaduration?: number | null;
  /** 'video', 'audio', 'text', or 'stream' for the MPD. */
  _stream?: string | null;
  /** The response headers the page may read (CORS), "name: value" per line (dash.js's typings say any[]; it writes a string). */
  _responseHeaders?: unknown;
}

const KIND_BY_TYPE: Readonly<Record<string, RequestKind>> = {
  MPD: 'manifest',
  MediaSegment: 'segment',
  InitializationSegment: 'init',
};

/** A Date from dash.js (Date.now() clock) on the performance.now() clock; clockOffsetMs = Date.now() - performance.now(). */
export function dateToPerf(date: Date | null | undefined, clockOffsetMs: number): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  return Number.isFinite(ms) ? ms - clockOffsetMs : NaN;
}

/**
 * A request event from an HttpList entry, or null for dash.js's pre-redirect record (no answer of
 * its own; the redirected request follows as its own entry). A chunked LL-DASH segment is
 * requested before it is complete: first is when its first bytes arrived, end when the origin
 * finished it, so end - start spans about the segment's duration. dash.js reports the first byte
 * as the request time when its loader never saw it apart from the end (a small XHR response that
 * arrives in one progress event): that first is NaN here, not a made-up 0 ms.
 */
export function normalizeHttpRequest(entry: HttpRequestLike, clockOffsetMs: number, renditionHeight: number): RequestEvent | null {
  if (entry.responsecode === null || entry.responsecode === undefined) return null;
  const start = dateToPerf(entry.trequest, clockOffsetMs);
  if (!Number.isFinite(start)) return null;
  const firstRaw = dateToPerf(entry.tresponse, clockOffsetMs);
  const endRaw = dateToPerf(entry._tfinish, clockOffsetMs);
  const kind = ownValue(KIND_BY_TYPE, entry.type ?? '') ?? 'other';
  const duration = entry._mediaduration;
  let bytes = 0;
  for (const trace of entry.trace ?? []) bytes += trace.b?.[0] ?? 0;
  return {
    type: 'request',
    kind,
    url: entry.url ?? '',
    renditionHeight,
    start,
    first: firstRaw > start ? firstRaw : NaN,
    end: endRaw >= start ? endRaw : NaN,
    bytes,
    mediaDurationS: kind === 'segment' && typeof duration === 'number' && duration > 0 ? duration : NaN,
    status: entry.responsecode,
    directives: '',
    ...cacheFromHeaderText(entry._responseHeaders),
  };
}

/** What FRAGMENT_LOADING_STARTED carries: dash.js's FragmentRequest (init or media segment). */
export interface FragmentRequestLike {
  url: string | null;
  mediaType?: string | null;
  representation?: { height?: number } | null;
}

/**
 * HttpList entries do not say which representation they were for; the FragmentRequest does. It
 * keeps the same object through retries and may rewrite its url before sending (query
 * parameters), so the objects are kept and matched by their current url.
 */
export class RequestRenditions {
  private readonly recent: FragmentRequestLike[] = [];

  constructor(private readonly capacity = 64) {}

  remember(request: FragmentRequestLike | null | undefined): void {
    if (!request || request.mediaType !== 'video') return;
    this.recent.push(request);
    if (this.recent.length > this.capacity) this.recent.shift();
  }

  /** The video height a request's URL was for; NaN for other media and unknown URLs. */
  heightFor(url: string | null | undefined, stream: string | null | undefined): number {
    if (stream !== 'video' || !url) return NaN;
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const request = this.recent[i]!;
      if (request.url === url) return request.representation?.height ?? NaN;
    }
    return NaN;
  }
}

/** The fields of a dash.js Representation read here. */
export interface RepresentationLike {
  id: string;
  height: number;
  width: number;
  /** @bandwidth, bits per second. */
  bandwidth: number;
  /** dash.js's position in its quality-sorted list (0 = lowest). */
  absoluteIndex?: number;
}

export interface VideoRenditions {
  renditions: Rendition[];
  /** Representation id of each rendition, same order. */
  ids: string[];
}

/**
 * The video renditions, index 0 = lowest as with hls.js levels: dash.js's own quality order
 * (absoluteIndex) when every representation has one, else by bandwidth.
 */
export function videoRenditions(reps: readonly RepresentationLike[]): VideoRenditions {
  const byIndex = reps.every((r) => Number.isInteger(r.absoluteIndex));
  const sorted = [...reps].sort((a, b) => (byIndex ? a.absoluteIndex! - b.absoluteIndex! : a.bandwidth - b.bandwidth));
  return {
    renditions: sorted.map((r, index) => ({ index, height: r.height, width: r.width, bitrateBps: r.bandwidth })),
    ids: sorted.map((r) => r.id),
  };
}

/** A representation as one of the listed renditions; one not listed keeps dash.js's index. */
export function renditionOfRepresentation(rep: RepresentationLike | null | undefined, list: VideoRenditions): Rendition | null {
  if (!rep) return null;
  const index = list.ids.indexOf(rep.id);
  if (index >= 0) return list.renditions[index] ?? null;
  return { index: Number.isInteger(rep.absoluteIndex) ? rep.absoluteIndex! : -1, height: rep.height, width: rep.width, bitrateBps: rep.bandwidth };
}

/** QUALITY_CHANGE_REQUESTED / QUALITY_CHANGE_RENDERED payload. */
export interface QualityChangeLike {
  mediaType?: string;
  newRepresentation?: RepresentationLike | null;
}

/** A rendition switch of the video track; audio (and text) switches are not renditions. */
export function normalizeQualityChange(type: 'switch-requested' | 'switch-rendered', e: QualityChangeLike, list: VideoRenditions): EngineEvent | null {
  if (e.mediaType !== 'video') return null;
  const rendition = renditionOfRepresentation(e.newRepresentation, list);
  return rendition ? { type, rendition } : null;
}

/** dash.js 5.2.1's error codes used here; `satisfies` checks each against dash.js's own typings. */
export const DASH_ERROR_CODES = {
  MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE: 10,
  MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE: 11,
  XLINK_LOADER_LOADING_FAILURE_ERROR_CODE: 12,
  SEGMENT_BASE_LOADER_ERROR_CODE: 15,
  TIME_SYNC_FAILED_ERROR_CODE: 16,
  FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE: 17,
  FRAGMENT_LOADER_NULL_REQUEST_ERROR_CODE: 18,
  URL_RESOLUTION_FAILED_GENERIC_ERROR_CODE: 19,
  APPEND_ERROR_CODE: 20,
  REMOVE_ERROR_CODE: 21,
  DATA_UPDATE_FAILED_ERROR_CODE: 22,
  CAPABILITY_MEDIASOURCE_ERROR_CODE: 23,
  CAPABILITY_MEDIAKEYS_ERROR_CODE: 24,
  DOWNLOAD_ERROR_ID_MANIFEST_CODE: 25,
  DOWNLOAD_ERROR_ID_SIDX_CODE: 26,
  DOWNLOAD_ERROR_ID_CONTENT_CODE: 27,
  DOWNLOAD_ERROR_ID_INITIALIZATION_CODE: 28,
  DOWNLOAD_ERROR_ID_XLINK_CODE: 29,
  MANIFEST_ERROR_ID_PARSE_CODE: 31,
  MANIFEST_ERROR_ID_NOSTREAMS_CODE: 32,
  TIMED_TEXT_ERROR_ID_PARSE_CODE: 33,
  MANIFEST_ERROR_ID_MULTIPLEXED_CODE: 34,
  MEDIASOURCE_TYPE_UNSUPPORTED_CODE: 35,
} as const satisfies Partial<MediaPlayerErrors>;

const C = DASH_ERROR_CODES;

/** What each code means, in words for the event log and the error banner. */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  // dash.js reports a <video> element error with the MediaError code (1-4, 5 = encrypted).
  1: 'video element error',
  2: 'video element error',
  3: 'video element error',
  4: 'video element error',
  5: 'video element error',
  [C.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE]: 'MPD could not be parsed',
  [C.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE]: 'MPD could not be loaded',
  [C.XLINK_LOADER_LOADING_FAILURE_ERROR_CODE]: 'XLink could not be loaded',
  [C.SEGMENT_BASE_LOADER_ERROR_CODE]: 'segment index could not be loaded',
  [C.TIME_SYNC_FAILED_ERROR_CODE]: 'clock sync with the MPD’s UTCTiming source failed (dash.js uses this machine’s clock)',
  [C.FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE]: 'segment loading failed',
  [C.FRAGMENT_LOADER_NULL_REQUEST_ERROR_CODE]: 'segment request missing',
  [C.URL_RESOLUTION_FAILED_GENERIC_ERROR_CODE]: 'URL resolution failed',
  [C.APPEND_ERROR_CODE]: 'appending media to the SourceBuffer failed',
  [C.REMOVE_ERROR_CODE]: 'removing media from the SourceBuffer failed',
  [C.DATA_UPDATE_FAILED_ERROR_CODE]: 'representation update failed',
  [C.CAPABILITY_MEDIASOURCE_ERROR_CODE]: 'this browser has no Media Source Extensions',
  [C.CAPABILITY_MEDIAKEYS_ERROR_CODE]: 'this browser has no Encrypted Media Extensions',
  [C.DOWNLOAD_ERROR_ID_MANIFEST_CODE]: 'MPD download failed',
  [C.DOWNLOAD_ERROR_ID_SIDX_CODE]: 'segment index download failed',
  [C.DOWNLOAD_ERROR_ID_CONTENT_CODE]: 'media segment download failed',
  [C.DOWNLOAD_ERROR_ID_INITIALIZATION_CODE]: 'init segment download failed',
  [C.DOWNLOAD_ERROR_ID_XLINK_CODE]: 'XLink download failed',
  [C.MANIFEST_ERROR_ID_PARSE_CODE]: 'MPD is not valid',
  [C.MANIFEST_ERROR_ID_NOSTREAMS_CODE]: 'MPD has nothing this browser can play',
  [C.TIMED_TEXT_ERROR_ID_PARSE_CODE]: 'subtitles could not be parsed',
  [C.MANIFEST_ERROR_ID_MULTIPLEXED_CODE]: 'MPD has multiplexed representations (not supported by dash.js)',
  [C.MEDIASOURCE_TYPE_UNSUPPORTED_CODE]: 'codec not supported by this browser’s MediaSource',
};

/** Playback cannot go on and re-creating the player would fail the same way. */
const UNRECOVERABLE = new Set<number>([
  C.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE,
  C.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE,
  C.CAPABILITY_MEDIASOURCE_ERROR_CODE,
  C.MANIFEST_ERROR_ID_PARSE_CODE,
  C.MANIFEST_ERROR_ID_NOSTREAMS_CODE,
  C.MANIFEST_ERROR_ID_MULTIPLEXED_CODE,
  C.MEDIASOURCE_TYPE_UNSUPPORTED_CODE,
  4, // MEDIA_ERR_SRC_NOT_SUPPORTED
  5, // MEDIA_ERR_ENCRYPTED
]);

/** The <video> element failed (dash.js already retried decode errors itself): a new player may play again. */
const RECOVERABLE = new Set<number>([1, 2, 3]);

/** Each code's kind of failure; every other code dash.js describes is a loader's or a download's ('network'). */
const CODE_OF = new Map<number, EngineErrorCode>([
  ...([1, 2, 3, C.APPEND_ERROR_CODE, C.REMOVE_ERROR_CODE, C.DATA_UPDATE_FAILED_ERROR_CODE].map((c) => [c, 'media'] as const)),
  ...([4, 5, C.CAPABILITY_MEDIASOURCE_ERROR_CODE, C.CAPABILITY_MEDIAKEYS_ERROR_CODE, C.MANIFEST_ERROR_ID_NOSTREAMS_CODE, C.MANIFEST_ERROR_ID_MULTIPLEXED_CODE, C.MEDIASOURCE_TYPE_UNSUPPORTED_CODE].map((c) => [c, 'unsupported'] as const)),
  [C.MANIFEST_LOADER_PARSING_FAILURE_ERROR_CODE, 'manifest'],
  [C.MANIFEST_ERROR_ID_PARSE_CODE, 'manifest'],
  [C.MANIFEST_LOADER_LOADING_FAILURE_ERROR_CODE, 'unreachable'],
  [C.TIMED_TEXT_ERROR_ID_PARSE_CODE, 'other'],
]);

export interface NormalizedDashError {
  event: EngineError;
  /** Fatal, but a new player may well play: re-create it. */
  recoverable: boolean;
}

function httpStatusOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const response = (data as { response?: { status?: unknown } }).response;
  const status = response?.status;
  return typeof status === 'number' && status > 0 ? status : null;
}

/**
 * An ERROR event's `error` (a DashJSError: code, message, data) as an engine error. Fatal means
 * dash.js cannot go on: the MPD never loaded or parsed (a failed MPD download counts only before
 * the stream started: afterwards it is a missed refresh and dash.js keeps playing from the
 * segment template), no usable MediaSource or codec, or the <video> element failed.
 */
export function normalizeDashError(error: unknown, streamStarted: boolean): NormalizedDashError {
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'number') {
    const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? 'unknown';
    return { event: { type: 'error', fatal: false, code: 'other', detail: `dash.js error: ${text}` }, recoverable: false };
  }
  const { code, message, data } = error as { code: number; message?: unknown; data?: unknown };
  const status = httpStatusOf(data);
  const what = DESCRIPTIONS[code] ?? `dash.js error ${code}`;
  const text = typeof message === 'string' && message ? `: ${message}` : '';
  const detail = `${what}${status ? ` (HTTP ${status})` : ''}${text}`;
  const manifestNeverLoaded = code === C.DOWNLOAD_ERROR_ID_MANIFEST_CODE && !streamStarted;
  const unrecoverable = UNRECOVERABLE.has(code) || manifestNeverLoaded;
  const recoverable = RECOVERABLE.has(code);
  const kind = manifestNeverLoaded ? 'unreachable' : (CODE_OF.get(code) ?? (DESCRIPTIONS[code] ? 'network' : 'other'));
  return { event: { type: 'error', fatal: unrecoverable || recoverable, code: kind, ...(status ? { status } : {}), detail }, recoverable };
}
