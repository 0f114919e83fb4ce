import type { EngineName, RequestKind } from '../analyzer/types.ts';

/** A rendition as the engine sees it. */
export interface Rendition {
  index: number;
  height: number;
  width: number;
  bitrateBps: number;
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
  | { type: 'error'; fatal: boolean; detail: string }
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
  rendition: Rendition | null;
  bandwidthEstimateBps: number;
}

/**
 * Most fatal-error recoveries in a row before an adapter gives up (each one re-requests media;
 * hls.js recovers in place, dash.js with a new player). Loaded media resets the count.
 */
export const MAX_RECOVERIES = 5;

/**
 * How long an adapter waits before its n-th recovery in a row (n from 1) of a network error:
 * the first at once, then 1, 2, 4, 8 s, so the five span an outage of ~15 s (a fault burst, an
 * encoder restart) instead of all failing within the same second.
 */
export function recoveryDelayMs(n: number): number {
  return n <= 1 ? 0 : Math.min(8000, 1000 * 2 ** (n - 2));
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
  on(listener: (event: EngineEvent) => void): () => void;
}
