import type { RequestKind } from '../analyzer/types.ts';
import { cacheFromHeaderRecord } from './cache-headers.ts';
import type { EngineEvent, Rendition } from './engine.ts';

/**
 * Pure translation of Shaka Player 5 events into normalised engine events. Only the fields read
 * here are declared, so recorded payloads (plain objects) can be replayed in unit tests.
 */

type RequestEvent = Extract<EngineEvent, { type: 'request' }>;

/** shaka.extern.Request: the networking engine stamps each attempt (Date.now() clock). */
export interface ShakaRequestLike {
  uris: readonly string[];
  /** When this attempt was sent, Date.now() clock. */
  requestStartTime?: number | null;
  /** Ms from requestStartTime to the response headers. */
  timeToFirstByte?: number | null;
}

/** shaka.media.SegmentReference: only its exported methods keep their names in Shaka's compiled build. */
export interface SegmentLike {
  isPartial?: () => boolean;
  getStartTime?: () => number;
  getEndTime?: () => number;
}

/** shaka.extern.RequestContext. */
export interface ShakaContextLike {
  /** shaka.net.NetworkingEngine.AdvancedRequestType. */
  type?: number | null;
  segment?: SegmentLike | null;
  stream?: { type?: string | null; height?: number | null } | null;
}

/** shaka.extern.Response. */
export interface ShakaResponseLike {
  uri?: string;
  data?: { byteLength: number } | null;
  status?: number | null;
  /** Ms the request took (Shaka's own measure, request filters included). */
  timeMs?: number | null;
  /** The response headers the page may read (CORS), names lower-cased. */
  headers?: Record<string, string> | null;
}

/** shaka.net.NetworkingEngine.RequestType and AdvancedRequestType values used here (checked against Shaka in the unit test). */
export const SHAKA_REQUEST_TYPE = { MANIFEST: 0, SEGMENT: 1, PLAYLIST: 12 } as const;
export const SHAKA_ADVANCED_REQUEST_TYPE = { INIT_SEGMENT: 0, MEDIA_SEGMENT: 1, MEDIA_PLAYLIST: 2, MASTER_PLAYLIST: 3, MPD: 4, MPD_PATCH: 6 } as const;

const A = SHAKA_ADVANCED_REQUEST_TYPE;

export function requestKind(requestType: number, context: ShakaContextLike | null | undefined): RequestKind {
  switch (context?.type) {
    case A.INIT_SEGMENT:
      return 'init';
    case A.MEDIA_SEGMENT:
      return context.segment?.isPartial?.() ? 'part' : 'segment';
    case A.MEDIA_PLAYLIST:
      return 'playlist';
    case A.MASTER_PLAYLIST:
    case A.MPD:
    case A.MPD_PATCH:
      return 'manifest';
  }
  if (requestType === SHAKA_REQUEST_TYPE.MANIFEST) return 'manifest';
  if (requestType === SHAKA_REQUEST_TYPE.PLAYLIST) return 'playlist';
  if (requestType === SHAKA_REQUEST_TYPE.SEGMENT) return 'segment';
  return 'other';
}

/** LL-HLS delivery directives of a playlist URL, spelled as the hls.js adapter spells them. */
export function directivesOf(url: string): string {
  const query = url.split('#')[0]!.split('?')[1];
  if (!query) return '';
  const params = new URLSearchParams(query);
  return ['_HLS_msn', '_HLS_part', '_HLS_skip']
    .filter((k) => params.has(k))
    .map((k) => `${k}=${params.get(k)}`)
    .join('&');
}

const finite = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function mediaStart(kind: RequestKind, segment: SegmentLike | null | undefined): number {
  const start = kind === 'segment' || kind === 'part' ? segment?.getStartTime?.() : undefined;
  return finite(start) ? start : NaN;
}

function mediaDuration(kind: RequestKind, segment: SegmentLike | null | undefined): number {
  if (kind !== 'segment' && kind !== 'part') return NaN;
  const start = segment?.getStartTime?.();
  const end = segment?.getEndTime?.();
  return finite(start) && finite(end) && end > start ? end - start : NaN;
}

export interface RequestTiming {
  /** Date.now() - performance.now(), to move Shaka's Date.now() stamps onto the performance clock. */
  clockOffsetMs: number;
  /** performance.now() when Shaka reported the end; NaN to use Shaka's timeMs. */
  endPerf: number;
}

function base(requestType: number, request: ShakaRequestLike, context: ShakaContextLike | null | undefined, url: string, timing: RequestTiming) {
  const kind = requestKind(requestType, context);
  const start = finite(request.requestStartTime) ? request.requestStartTime - timing.clockOffsetMs : NaN;
  const ttfb = request.timeToFirstByte;
  const stream = context?.stream;
  return {
    type: 'request' as const,
    kind,
    url,
    renditionHeight: stream?.type === 'video' && finite(stream.height) ? stream.height : NaN,
    start,
    first: finite(ttfb) && ttfb >= 0 ? start + ttfb : NaN,
    mediaDurationS: mediaDuration(kind, context?.segment),
    mediaStartS: mediaStart(kind, context?.segment),
    directives: kind === 'playlist' || kind === 'manifest' ? directivesOf(url) : '',
  };
}

/** A 'downloadcompleted' event (requestType, request, context, response) as a request event. */
export function normalizeDownloadCompleted(
  requestType: number,
  request: ShakaRequestLike,
  context: ShakaContextLike | null | undefined,
  response: ShakaResponseLike,
  timing: RequestTiming,
): RequestEvent | null {
  const url = response.uri || request.uris[0] || '';
  const b = base(requestType, request, context, url, timing);
  if (!Number.isFinite(b.start)) return null;
  const end = Number.isFinite(timing.endPerf) ? timing.endPerf : finite(response.timeMs) ? b.start + response.timeMs : NaN;
  return { ...b, end: end >= b.start ? end : NaN, first: b.first <= end || !Number.isFinite(end) ? b.first : NaN, bytes: response.data?.byteLength ?? 0, status: response.status ?? 200, ...cacheFromHeaderRecord(response.headers) };
}

/**
 * A 'downloadfailed' event as a request event, only when the origin answered with an HTTP status
 * (as hls.js's and dash.js's failed requests are recorded); aborted and network-level failures
 * have no status to record and come as errors.
 */
export function normalizeDownloadFailed(
  requestType: number,
  request: ShakaRequestLike,
  context: ShakaContextLike | null | undefined,
  httpResponseCode: number,
  timing: RequestTiming,
): RequestEvent | null {
  if (!(httpResponseCode > 0)) return null;
  const b = base(requestType, request, context, request.uris[0] ?? '', timing);
  if (!Number.isFinite(b.start)) return null;
  const end = timing.endPerf >= b.start ? timing.endPerf : NaN;
  return { ...b, end, bytes: 0, status: httpResponseCode };
}

/** The fields of a shaka.extern.Track (a variant) read here. */
export interface TrackLike {
  id: number;
  active?: boolean;
  bandwidth: number;
  videoBandwidth?: number | null;
  videoId?: number | null;
  height?: number | null;
  width?: number | null;
}

export interface ShakaRenditions {
  renditions: Rendition[];
  /** Shaka's videoId of each rendition, same order. */
  videoIds: number[];
}

const videoBandwidth = (t: TrackLike) => (finite(t.videoBandwidth) && t.videoBandwidth > 0 ? t.videoBandwidth : t.bandwidth);

/** The distinct video streams of Shaka's variants, index 0 = lowest bandwidth, as with hls.js levels. */
export function videoRenditions(tracks: readonly TrackLike[]): ShakaRenditions {
  const byVideo = new Map<number, TrackLike>();
  for (const t of tracks) {
    const id = finite(t.videoId) ? t.videoId : -1 - t.id;
    if (!byVideo.has(id)) byVideo.set(id, t);
  }
  const sorted = [...byVideo.entries()].sort(([, a], [, b]) => videoBandwidth(a) - videoBandwidth(b));
  return {
    renditions: sorted.map(([, t], index) => ({ index, height: t.height ?? NaN, width: t.width ?? NaN, bitrateBps: videoBandwidth(t) })),
    videoIds: sorted.map(([id]) => id),
  };
}

export function renditionOfTrack(track: TrackLike | null | undefined, list: ShakaRenditions): Rendition | null {
  if (!track) return null;
  const index = list.videoIds.indexOf(finite(track.videoId) ? track.videoId : -1 - track.id);
  return index >= 0 ? (list.renditions[index] ?? null) : null;
}

/** shaka.extern.MediaQualityInfo ('mediaqualitychanged'). */
export interface MediaQualityLike {
  contentType?: string;
  height?: number | null;
  width?: number | null;
  bandwidth?: number;
}

/**
 * The rendition whose video reached the playhead: the listed one of that size, the nearest in
 * bandwidth when several share it. Null for audio and unknown sizes.
 */
export function renditionOfQuality(quality: MediaQualityLike | null | undefined, list: ShakaRenditions): Rendition | null {
  if (!quality || quality.contentType !== 'video') return null;
  const candidates = list.renditions.filter((r) => r.height === quality.height && r.width === quality.width);
  const bandwidth = quality.bandwidth ?? NaN;
  let best: Rendition | null = null;
  for (const r of candidates) if (!best || Math.abs(r.bitrateBps - bandwidth) < Math.abs(best.bitrateBps - bandwidth)) best = r;
  return best;
}
