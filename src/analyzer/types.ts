/**
 * What the analyzer records. All times are on the origin's clock (local clock + the
 * synchronised offset), in milliseconds since the Unix epoch, unless a name says otherwise.
 */

import type { EngineId } from '../shared/stream/engines.ts';
import type { ObjectKind } from '../shared/stream/object-names.ts';
import type { Arrival } from './arrival.ts';
import type { Breakdown, MissReason } from './breakdown.ts';

export type EngineName = EngineId;

/** One presented video frame. Numbers are NaN when unknown (e.g. no GTC1 on this frame). */
export interface FrameSample {
  /** When the frame was shown, on the origin's clock. */
  displayTimeMs: number;
  /** Capture time read from the frame's GTC1 timecode. */
  captureTimeMs: number;
  /** Glass-to-glass latency: displayTimeMs - captureTimeMs. */
  latencyMs: number;
  /** The engine's own latency estimate (hls.js `latency`, dash.js `getCurrentLiveLatency`). */
  engineLatencyMs: number;
  /** The engine's latency target. */
  targetLatencyMs: number;
  /** displayTimeMs - program date time of the playhead, where the stream has PDT. */
  pdtLatencyMs: number;
  /** displayTimeMs - the producer's wall clock at the playhead from CMAF prft, where the engine reads prft (hls.js). */
  prftLatencyMs: number;
  renditionHeight: number;
  bitrateBps: number;
  /** Forward buffer at the playhead, seconds. */
  bufferS: number;
  playbackRate: number;
  bandwidthEstimateBps: number;
  /** Cumulative dropped frames reported by the video element. */
  droppedFrames: number;
  /** Cumulative frames the page never got a callback for (presentedFrames gaps). */
  missedFrames: number;
  clockOffsetMs: number;
  /** The offset is known to +- this much (half the sync round trip); NaN before the first sync. */
  clockUncertaintyMs: number;
  engine: EngineName;
  /**
   * Where the latency went (see breakdown.ts), once the frame is joined to the object that
   * delivered it; absent while it waits for that object, or when it cannot be joined (`breakdownMiss`).
   */
  breakdown?: Breakdown;
  breakdownMiss?: MissReason;
  /** Before arrival and buffer (arrival.ts), when the engine's request that carried the frame is known by media time. */
  arrival?: Arrival;
}

export type RequestKind = ObjectKind | 'other';

/** One finished HTTP request of the engine. */
export interface RequestSample {
  kind: RequestKind;
  url: string;
  /** Rendition height, or NaN when the request is not for one rendition. */
  renditionHeight: number;
  startMs: number;
  /** Time to first byte, ms after start. NaN when unknown. */
  ttfbMs: number;
  /** Total time, ms after start. */
  durationMs: number;
  bytes: number;
  /** Media seconds in the object (parts/segments), NaN otherwise. */
  mediaDurationS: number;
  status: number;
  /** LL-HLS delivery directives, e.g. "_HLS_msn=12&_HLS_part=3", or "". */
  directives: string;
  /** X-Cache of a CDN edge (hit, miss, coalesced, pass), or "" when the response had none. */
  cacheStatus: string;
  /** The response's Age header, s; NaN when absent. */
  ageS: number;
  engine: EngineName;
}

export type MarkerKind =
  | 'settings'
  | 'stall-start'
  | 'stall-end'
  | 'switch-requested'
  | 'switch-rendered'
  | 'error'
  | 'recovered'
  | 'engine'
  | 'load';

/** A moment worth marking on every chart. */
export interface Marker {
  timeMs: number;
  kind: MarkerKind;
  label: string;
  engine: EngineName;
}
