import type { EncoderSink } from '../encoder/ladder-encoder.ts';
import type { Rung } from '../encoder/ladder.ts';
import type { LatencyProfile } from '../../shared/stream/profiles.ts';
import type { Chunk, InitSegment } from './chunk.ts';
import { RungInput, type FrameLookup } from './rung-input.ts';
import { Timeline, timelineShape } from './timeline.ts';
import { WaiterPool } from './waiters.ts';

export interface PackagerOptions {
  rungs: Rung[];
  /** The encoder has an audio output (after the rungs'): it becomes the audio track. */
  audio: boolean;
  profiles: readonly LatencyProfile[];
  fps: number;
  /** How much media each timeline keeps (default 60 s); memory is bounded by it. */
  windowMs: number;
  /** Most requests that may wait for publication at once, over all timelines. */
  maxWaiters: number;
  lookup: FrameLookup;
  /** A rung's byte stream cannot be parsed: only a fresh encoder run gives a clean one. */
  onCorruptStream: (reason: string) => void;
  log: (message: string) => void;
}

export interface PackagerStats {
  chunks: number;
  partsPublished: number;
  segmentsPublished: number;
  waiting: number;
}

/** What one track has: its current init segment and a timeline per latency profile. */
export interface TrackState {
  /** `audio`, or the rung's name: the folder of its media objects and the name of its playlist. */
  name: string;
  init: InitSegment | null;
  /** Init segments of runs still referenced by the window, by run. */
  inits: Map<number, InitSegment>;
  timelines: Map<string, Timeline>;
}

/** A video rung's track. */
export interface RungState extends TrackState {
  rung: Rung;
}

/** The name (folder, playlist) of the audio track. */
export const AUDIO_TRACK = 'audio';

/**
 * Receives the encoder's per-rung byte streams (and the audio's) and keeps, for every track and
 * latency profile, a sliding window of parts and segments built from the same chunks (encode
 * once, package many).
 */
export class Packager implements EncoderSink {
  readonly rungs: RungState[];
  /** The audio rendition, cut on the same frame boundaries as the rungs; null without audio. */
  readonly audio: TrackState | null;
  readonly waiterPool: WaiterPool;
  private inputs: RungInput[] = [];
  private currentRun = 0;
  private chunkCount = 0;
  private readonly chunkListeners = new Set<(rungIndex: number, chunk: Chunk) => void>();

  constructor(private readonly options: PackagerOptions) {
    this.waiterPool = new WaiterPool(options.maxWaiters);
    const timelines = () =>
      new Map(
        options.profiles.map((p) => {
          // A live playlist must keep 3 target durations (HLS 6.2.2), so a window never goes below 4 of them.
          const windowMs = Math.max(options.windowMs, 4000 * Math.ceil(p.segmentMs / 1000));
          return [p.name, new Timeline(timelineShape(p, options.fps), windowMs, this.waiterPool)] as const;
        }),
      );
    this.rungs = options.rungs.map((rung) => ({ rung, name: rung.name, init: null, inits: new Map(), timelines: timelines() }));
    this.audio = options.audio ? { name: AUDIO_TRACK, init: null, inits: new Map(), timelines: timelines() } : null;
  }

  /** Every track: the rungs, then the audio. Output i of the encoder feeds track i. */
  get tracks(): TrackState[] {
    return this.audio ? [...this.rungs, this.audio] : this.rungs;
  }

  get stats(): PackagerStats {
    let partsPublished = 0;
    let segmentsPublished = 0;
    for (const state of this.tracks) {
      for (const timeline of state.timelines.values()) {
        partsPublished += timeline.partsPublished;
        segmentsPublished += timeline.segmentsPublished;
      }
    }
    return { chunks: this.chunkCount, partsPublished, segmentsPublished, waiting: this.waiterPool.waiting };
  }

  get run(): number {
    return this.currentRun;
  }

  timeline(profile: string, rungIndex: number): Timeline | undefined {
    return this.rungs[rungIndex]?.timelines.get(profile);
  }

  /** Calls `listener` with each chunk and its track index (the rungs, then the audio: `rungs.length`). */
  onChunk(listener: (rungIndex: number, chunk: Chunk) => void): () => void {
    this.chunkListeners.add(listener);
    return () => this.chunkListeners.delete(listener);
  }

  runStarted(run: number): void {
    this.currentRun = run;
    for (const state of this.tracks) for (const timeline of state.timelines.values()) timeline.endRun();
    this.inputs = this.tracks.map(
      (state, i) =>
        new RungInput(
          run,
          this.options.fps,
          this.options.lookup,
          (init) => this.setInit(state, init),
          (chunk) => this.addChunk(i, chunk),
        ),
    );
  }

  runEnded(run: number): void {
    if (run !== this.currentRun) return;
    // Its output is complete: close the open segments now, not when the next ffmpeg starts.
    for (const state of this.tracks) for (const timeline of state.timelines.values()) timeline.endRun();
    this.inputs = [];
  }

  data(run: number, rungIndex: number, bytes: Buffer): void {
    if (run !== this.currentRun) return;
    try {
      this.inputs[rungIndex]?.push(bytes);
    } catch (err) {
      // A corrupt stream cannot be resynchronised; ignore it until the restart starts a new run.
      this.options.log(`packager: rung ${rungIndex} stream error: ${(err as Error).message}`);
      this.inputs[rungIndex] = new RungInput(run, this.options.fps, this.options.lookup, () => undefined, () => undefined);
      this.options.onCorruptStream(`rung ${rungIndex}: ${(err as Error).message}`);
    }
  }

  /** Answers every waiting request (shutdown). */
  releaseWaiters(): void {
    for (const state of this.tracks) for (const timeline of state.timelines.values()) timeline.waiters.releaseAll();
  }

  private setInit(state: TrackState, init: InitSegment): void {
    state.init = init;
    state.inits.set(init.run, init);
  }

  private addChunk(rungIndex: number, chunk: Chunk): void {
    const state = this.tracks[rungIndex];
    if (!state) return;
    this.chunkCount++;
    for (const timeline of state.timelines.values()) timeline.append(chunk);
    // Drop init segments of runs that no longer have media in any window.
    if (state.inits.size > 1) {
      const oldestRun = Math.min(...[...state.timelines.values()].map((t) => t.segments[0]?.run ?? chunk.run));
      for (const run of state.inits.keys()) if (run < oldestRun) state.inits.delete(run);
    }
    for (const listener of this.chunkListeners) listener(rungIndex, chunk);
  }
}

/** The picture height of a track: the rung's, or null for the audio. */
export const trackHeight = (track: TrackState): number | null => ('rung' in track ? (track as RungState).rung.height : null);
