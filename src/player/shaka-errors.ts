import type { EngineError, EngineErrorCode } from './engine.ts';
import { SHAKA_REQUEST_TYPE } from './shaka-normalize.ts';

/**
 * Pure translation of Shaka Player 5 errors (shaka.util.Error) into engine errors: what each
 * means in words, its kind (EngineErrorCode), and whether a new player may play.
 */

/** shaka.util.Error.Severity / Category (checked against Shaka in the unit test). */
export const SHAKA_SEVERITY = { RECOVERABLE: 1, CRITICAL: 2 } as const;
export const SHAKA_CATEGORY = { NETWORK: 1, TEXT: 2, MEDIA: 3, MANIFEST: 4, STREAMING: 5, DRM: 6, PLAYER: 7, CAST: 8, STORAGE: 9, ADS: 10 } as const;

/** The Shaka error codes this adapter names, with what they mean (checked against shaka.util.Error.Code). */
export const SHAKA_ERROR_CODES: Readonly<Record<string, { code: number; text: string }>> = {
  BAD_HTTP_STATUS: { code: 1001, text: 'HTTP error status' },
  HTTP_ERROR: { code: 1002, text: 'network request failed' },
  TIMEOUT: { code: 1003, text: 'request timed out' },
  ATTEMPTS_EXHAUSTED: { code: 1010, text: 'every retry failed' },
  SEGMENT_MISSING: { code: 1011, text: 'segment missing' },
  MEDIA_SOURCE_OPERATION_FAILED: { code: 3014, text: 'appending media to the SourceBuffer failed' },
  MEDIA_SOURCE_OPERATION_THREW: { code: 3015, text: 'the SourceBuffer refused an operation' },
  VIDEO_ERROR: { code: 3016, text: 'video element error' },
  QUOTA_EXCEEDED_ERROR: { code: 3017, text: 'SourceBuffer full' },
  TRANSMUXING_FAILED: { code: 3018, text: 'transmuxing failed' },
  UNABLE_TO_GUESS_MANIFEST_TYPE: { code: 4000, text: 'not a manifest Shaka can play' },
  DASH_INVALID_XML: { code: 4001, text: 'MPD is not valid XML' },
  DASH_NO_SEGMENT_INFO: { code: 4002, text: 'MPD has no segment information' },
  RESTRICTIONS_CANNOT_BE_MET: { code: 4012, text: 'no rendition meets the ABR restrictions' },
  HLS_PLAYLIST_HEADER_MISSING: { code: 4015, text: 'playlist lacks #EXTM3U' },
  CONTENT_UNSUPPORTED_BY_BROWSER: { code: 4032, text: 'codec not supported by this browser’s MediaSource' },
  NO_VARIANTS: { code: 4036, text: 'manifest has nothing this browser can play' },
  HLS_EMPTY_MEDIA_PLAYLIST: { code: 4053, text: 'media playlist has no segments' },
  STREAMING_ENGINE_STARTUP_INVALID_STATE: { code: 5006, text: 'streaming could not start' },
  LOAD_INTERRUPTED: { code: 7000, text: 'load interrupted' },
  OPERATION_ABORTED: { code: 7001, text: 'operation aborted' },
  NO_VIDEO_ELEMENT: { code: 7002, text: 'no video element' },
};

const BY_CODE = new Map(Object.entries(SHAKA_ERROR_CODES).map(([name, v]) => [v.code, { name, text: v.text }]));
const CATEGORY_NAME = new Map(Object.entries(SHAKA_CATEGORY).map(([name, n]) => [n as number, name]));

/** shaka.util.Error as it reaches the 'error' event (or load()'s rejection). */
export interface ShakaErrorLike {
  severity?: number;
  category?: number;
  code: number;
  data?: readonly unknown[];
}

export interface NormalizedShakaError {
  /** null: not an error of playback (a load we cancelled ourselves). */
  event: EngineError | null;
  /** Fatal, but a new player may well play: re-create it. */
  recoverable: boolean;
}

/** Shaka cannot go on and a new player would fail the same way. */
const UNRECOVERABLE_CATEGORIES = new Set<number>([SHAKA_CATEGORY.MANIFEST, SHAKA_CATEGORY.DRM]);
const C = SHAKA_ERROR_CODES;
const INTERRUPTIONS = new Set<number>([C.LOAD_INTERRUPTED!.code, C.OPERATION_ABORTED!.code]);
const UNSUPPORTED = new Set<number>([C.CONTENT_UNSUPPORTED_BY_BROWSER!.code, C.NO_VARIANTS!.code, C.RESTRICTIONS_CANNOT_BE_MET!.code]);
const CODE_OF_CATEGORY = new Map<number, EngineErrorCode>([
  [SHAKA_CATEGORY.NETWORK, 'network'],
  [SHAKA_CATEGORY.MEDIA, 'media'],
  [SHAKA_CATEGORY.STREAMING, 'media'],
  [SHAKA_CATEGORY.MANIFEST, 'manifest'],
  [SHAKA_CATEGORY.DRM, 'unsupported'],
]);
/** Where each network error names the request type in its data (shaka.util.Error's data order). */
const REQUEST_TYPE_AT = new Map<number, number>([
  [C.BAD_HTTP_STATUS!.code, 4],
  [C.HTTP_ERROR!.code, 2],
  [C.TIMEOUT!.code, 1],
]);

/** The error's kind: a network error of the manifest's own request before the stream loaded is an unreachable stream. */
function codeOf(error: ShakaErrorLike, loaded: boolean): EngineErrorCode {
  if (UNSUPPORTED.has(error.code)) return 'unsupported';
  const at = REQUEST_TYPE_AT.get(error.code);
  if (!loaded && at !== undefined && error.data?.[at] === SHAKA_REQUEST_TYPE.MANIFEST) return 'unreachable';
  return CODE_OF_CATEGORY.get(error.category ?? -1) ?? 'other';
}

/**
 * A Shaka error as an engine error: "<meaning> (HTTP <status>) [Shaka <code> <CATEGORY>]". Fatal
 * means Shaka stopped (severity CRITICAL; it retries live streaming errors itself first). A
 * critical manifest or DRM error is final; other critical ones (network, media, streaming) are
 * worth a new player. Interrupted loads are ours (unload, re-create): no error at all. `loaded`:
 * the stream had loaded (a failed manifest request is then a missed update, not an unreachable stream).
 */
export function normalizeShakaError(error: unknown, loaded = false): NormalizedShakaError {
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'number') {
    const text = error instanceof Error ? error.message : typeof error === 'string' ? error : (JSON.stringify(error) ?? 'unknown');
    return { event: { type: 'error', fatal: false, code: 'other', detail: `Shaka error: ${text}` }, recoverable: false };
  }
  const shakaError = error as ShakaErrorLike;
  const { code, category, severity, data } = shakaError;
  if (INTERRUPTIONS.has(code)) return { event: null, recoverable: false };
  const known = BY_CODE.get(code);
  const status = code === C.BAD_HTTP_STATUS!.code && typeof data?.[1] === 'number' ? data[1] : null;
  const url = REQUEST_TYPE_AT.has(code) && typeof data?.[0] === 'string' ? ` ${data[0]}` : '';
  const categoryName = CATEGORY_NAME.get(category ?? -1) ?? `category ${String(category)}`;
  const detail = `${known?.text ?? 'Shaka error'}${status ? ` (HTTP ${status})` : ''}${url} [Shaka ${code}${known ? ` ${known.name}` : ''}, ${categoryName}]`;
  const fatal = severity === SHAKA_SEVERITY.CRITICAL;
  const event: EngineError = { type: 'error', fatal, code: codeOf(shakaError, loaded), ...(status ? { status } : {}), detail };
  return { event, recoverable: fatal && !UNRECOVERABLE_CATEGORIES.has(category ?? -1) };
}
