import { cacheHeaders } from './cache-headers.ts';
import type { EngineError, EngineErrorCode, EngineEvent, Rendition } from './engine.ts';

/**
 * Pure translation of hls.js event payloads into normalised engine events. Only the fields
 * read here are declared, so recorded payloads (plain objects) can be replayed in unit tests.
 */
export interface LoadTiming {
  loading?: { start?: number; first?: number; end?: number };
  loaded?: number;
  total?: number;
}

export interface FragLike {
  sn: number | 'initSegment';
  /** hls.js PlaylistLevelType: 'main', 'audio' or 'subtitle'. */
  type?: string;
  /** The video level for 'main' fragments; for audio/subtitle fragments, the track index. */
  level: number;
  duration: number;
  /** Media start in element time (s), as hls.js places the fragment. */
  start?: number;
  url: string;
  stats?: LoadTiming;
}

export interface PartLike {
  duration: number;
  start?: number;
  url: string;
  stats?: LoadTiming;
}

export interface LevelLike {
  height: number;
  width: number;
  bitrate: number;
}

const finiteOrNaN = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : NaN);

/** hls.js reports loading.first = 0 or < start when it never saw the first byte; treat that as unknown. */
function timing(stats: LoadTiming | undefined) {
  const start = finiteOrNaN(stats?.loading?.start);
  const end = finiteOrNaN(stats?.loading?.end);
  let first = finiteOrNaN(stats?.loading?.first);
  if (!(first >= start)) first = NaN;
  return { start, first, end: end >= start ? end : NaN, bytes: stats?.loaded ?? 0 };
}

/** Only main fragments belong to a video rendition: the level of an audio fragment is its audio track. */
function fragHeight(frag: FragLike, levels: readonly LevelLike[]): number {
  if (frag.type !== undefined && frag.type !== 'main') return NaN;
  return levels[frag.level]?.height ?? NaN;
}

export function renditionOf(levels: readonly LevelLike[], index: number): Rendition | null {
  const level = levels[index];
  return level ? { index, height: level.height, width: level.width, bitrateBps: level.bitrate } : null;
}

export function normalizeFragLoaded(frag: FragLike, part: PartLike | null, levels: readonly LevelLike[], networkDetails?: unknown): EngineEvent {
  const isInit = frag.sn === 'initSegment';
  const object = part ?? frag;
  return {
    type: 'request',
    kind: isInit ? 'init' : part ? 'part' : 'segment',
    url: object.url,
    renditionHeight: fragHeight(frag, levels),
    ...timing(object.stats),
    mediaDurationS: isInit ? NaN : object.duration,
    mediaStartS: isInit ? NaN : (object.start ?? NaN),
    status: 200,
    directives: '',
    ...cacheHeaders(networkDetails),
  };
}

export interface DeliveryDirectivesLike {
  msn?: number;
  part?: number;
  skip?: string;
}

export function directivesText(d: DeliveryDirectivesLike | null | undefined): string {
  if (!d) return '';
  const parts: string[] = [];
  if (d.msn !== undefined) parts.push(`_HLS_msn=${d.msn}`);
  if (d.part !== undefined) parts.push(`_HLS_part=${d.part}`);
  if (d.skip) parts.push(`_HLS_skip=${d.skip}`);
  return parts.join('&');
}

export function normalizePlaylistLoaded(
  kind: 'playlist' | 'manifest',
  url: string,
  stats: LoadTiming | undefined,
  levelIndex: number | null,
  levels: readonly LevelLike[],
  directives: DeliveryDirectivesLike | null,
  networkDetails?: unknown,
): EngineEvent {
  return {
    type: 'request',
    kind,
    url,
    renditionHeight: levelIndex === null ? NaN : (levels[levelIndex]?.height ?? NaN),
    ...timing(stats),
    mediaDurationS: NaN,
    status: 200,
    directives: directivesText(directives),
    ...cacheHeaders(networkDetails),
  };
}

export interface ErrorLike {
  type: string;
  details: string;
  fatal: boolean;
  error?: { message?: string };
  reason?: string;
  response?: { code?: number; text?: string };
  url?: string;
  frag?: FragLike;
  part?: PartLike | null;
  context?: { url?: string; type?: string; level?: number | null };
  stats?: LoadTiming;
}

/** hls.js's ErrorDetails that say more than their ErrorTypes (the unit test checks the names against hls.js). */
const CODE_OF_DETAILS = new Map<string, EngineErrorCode>([
  ['manifestLoadError', 'unreachable'],
  ['manifestLoadTimeOut', 'unreachable'],
  ['manifestParsingError', 'manifest'],
  ['manifestIncompatibleCodecsError', 'unsupported'],
  ['bufferAddCodecError', 'unsupported'],
  ['bufferIncompatibleCodecsError', 'unsupported'],
]);

export function hlsErrorCode(data: Pick<ErrorLike, 'type' | 'details'>): EngineErrorCode {
  return CODE_OF_DETAILS.get(data.details) ?? (data.type === 'networkError' ? 'network' : data.type === 'mediaError' ? 'media' : 'other');
}

/** An error, plus the failed request when the error is an HTTP failure. */
export function normalizeError(data: ErrorLike, levels: readonly LevelLike[]): [EngineError, ...EngineEvent[]] {
  const httpStatus = data.response?.code;
  const reason = data.reason ?? data.error?.message ?? '';
  const detail = `${data.details}${httpStatus ? ` (HTTP ${httpStatus})` : ''}${reason ? `: ${reason}` : ''}`;
  const events: [EngineError, ...EngineEvent[]] = [{ type: 'error', fatal: data.fatal, code: hlsErrorCode(data), ...(httpStatus ? { status: httpStatus } : {}), detail }];
  if (typeof httpStatus === 'number') {
    const part = data.part ?? null;
    const frag = data.frag;
    const url = part?.url ?? frag?.url ?? data.context?.url ?? data.url ?? '';
    const kind = part ? 'part' : frag ? (frag.sn === 'initSegment' ? 'init' : 'segment') : data.context?.type === 'manifest' ? 'manifest' : 'playlist';
    // hls.js gives the manifest's loader context level 0: it names no rendition.
    const level = kind === 'manifest' ? null : (data.context?.level ?? null);
    events.push({
      type: 'request',
      kind,
      url,
      renditionHeight: frag ? fragHeight(frag, levels) : level === null ? NaN : (levels[level]?.height ?? NaN),
      ...timing(data.stats ?? part?.stats ?? frag?.stats),
      mediaDurationS: NaN,
      status: httpStatus,
      directives: '',
    });
  }
  return events;
}
