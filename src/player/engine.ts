import type { Emitter } from './emitter.ts';
import type { EngineName, RequestKind } from '../analyzer/types.ts';

/** A rendition as the engine sees it. */
export interface Rendition {
  index: number;
  height: number;
  width: number;
  bitrateBps: number;
}

/**
 * What kind of failure an engine error is, whichever library reported it: the app words its
 * message from this (app/fatal-message.ts), never from the detail text.
 */
export const ENGINE_ERROR_CODES = [
  /** The manifest (multivariant playlist, MPD) could not be fetched: no server, CORS, or an HTTP error (`status`). */
  'unreachable',
  /** The manifest was fetched but the library cannot read it. */
  'manifest',
  /** This browser (or the library) cannot play the stream: no Media Source Extensions, codecs, DRM. */
  'unsupported',
  /** Requests after the start failed: playlists, segments, parts, the time source. */
  'network',
  /** Decoding or buffering failed (the <video> element, the SourceBuffer). */
  'media',
  'other',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface EngineError {
  type: 'error';
  /** The library stopped playing; the adapter then recovers or gives up (recovery.ts). */
  fatal: boolean;
  code: EngineErrorCode;
  /** The HTTP status of the failed request, when one answered. */
  status?: number;
  /** The library's own words and names, for the event log and the message's parenthesis. */
  detail: string;
}

/** Normalised events: the same shapes whichever library plays the stream. */
export type EngineEvent =
  | {
      type: 'request';
      kind: RequestKind;
      url: string;
      renditionHeight: number;
      /** performance.now() timestamps; NaN when the library did not report them. */
      start: number;
      first: number;
      end: number;
      bytes: number;
      mediaDurationS: number;
      /** Element time (s) of the object's first media, where the engine says it (hls.js, Shaka); the before-arrival join uses it. */
      mediaStartS?: number;
      status: number;
      directives: string;
      /** A CDN edge's X-Cache (hit, miss, coalesced, pass) and Age (s), when the response had them. */
      cacheStatus?: string;
      ageS?: number;
    }
  | { type: 'switch-requested'; rendition: Rendition }
  | { type: 'switch-rendered'; rendition: Rendition }
  | { type: 'stall-start' }
  | { type: 'stall-end'; durationMs: number }
  | EngineError
  | { type: 'recovered'; detail: string }
  | { type: 'settings-applied'; changed: string[]; reloaded: boolean }
  | { type: 'renditions'; renditions: Rendition[] };

/** What the analyzer reads from the engine on every frame (cheap getters only). */
export interface EngineSnapshot {
  /** The engine's live latency estimate, seconds (NaN if unknown). */
  latencyS: number;
  targetLatencyS: number;
  /** Program date time at the playhead (ms since epoch), NaN without PDT. */
  playheadDateMs: number;
  /**
   * The producer's wall clock at the playhead from the segment's CMAF prft box (ms since epoch);
   * NaN without prft, or where the engine does not hand over segment bytes (only hls.js does here).
   */
  playheadPrftMs: number;
  rendition: Rendition | null;
  bandwidthEstimateBps: number;
}

/** null = not set: the library decides (its default may be undefined or Infinity). */
export type SettingValue = number | boolean | string | null;
export type EngineSettings = Record<string, SettingValue>;

/**
 * One playback library behind a common surface, so the analyzer and UI do not care which
 * one plays. Adapters live beside this file, one per library.
 */
export interface Engine {
  readonly name: EngineName;
  load(url: string): void;
  destroy(): void;
  /** Applies settings; re-creates the library's player only when a changed knob requires it. */
  applySettings(settings: EngineSettings): void;
  /** -1 for automatic selection, otherwise the rendition index to lock. */
  setRenditionLock(index: number): void;
  snapshot(): EngineSnapshot;
  /** The knobs as the library currently holds them (for reports and tests). */
  effectiveSettings(): Record<string, unknown>;
  renditions(): Rendition[];
  /** Every event, or (with a type) only those of the type. */
  on: Emitter<EngineEvent>['on'];
}
