import type { EncoderSink } from '../encoder/ladder-encoder.ts';
import type { Rung } from '../encoder/ladder.ts';
import { profileFrames, type LatencyProfile } from '../profiles.ts';
import type { Chunk, InitSegment } from './chunk.ts';
import { RungInput, type FrameLookup } from './rung-input.ts';
import { Timeline } from './timeline.ts';
import { WaiterPool } from './waiters.ts';

export interface PackagerOptions {
  rungs: Rung[];
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

/** What one rung has: its current init segment and a timeline per latency profile. */
export interface RungState {
  rung: Rung;
  init: InitSegment | null;
  /** Init segments of runs still referenced by the window, by run. */
  inits: Map<number, InitSegment>;
  timelines: Map<string, Timeline>;
}

/**
 * Receives the encoder's per-rung byte streams and keeps, for every rung and latency profile,
 * a sliding window of parts and segments built from the same chunks (encode once, package many).
 */
export class Packager implements EncoderSink {
  readonly rungs: RungState[];
  readonly waiterPool: WaiterPool;
  private inputs: RungInput[] = [];
  private currentRun = 0;
  private chunkCount = 0;
  private readonly chunkListeners = new Set<(rungIndex: number, chunk: Chunk) => void>();

  constructor(private readonly options: PackagerOptions) {
    this.waiterPool = new WaiterPool(options.maxWaiters);
    this.rungs = options.rungs.map((rung) => ({
      rung,
      init: null,
      inits: new Map(),
      timelines: new Map(
        options.profiles.map((p) => {
          // A live playlist must keep 3 target durations (HLS 6.2.2), so a window never goes below 4 of them.
          const windowMs = Math.max(options.windowMs, 4000 * Math.ceil(p.segmentMs / 1000));
          return [p.name, new Timeline(profileFrames(p, options.fps), windowMs, this.waiterPool)];
        }),
      ),
    }));
  }

  get stats(): PackagerStats {
    let partsPublished = 0;
    let segmentsPublished = 0;
    for (const state of this.rungs) {
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

  onChunk(listener: (rungIndex: number, chunk: Chunk) => void): () => void {
    this.chunkListeners.add(listener);
    return () => this.chunkListeners.delete(listener);
  }

  runStarted(run: number): void {
    this.currentRun = run;
    for (const state of this.rungs) for (const timeline of state.timelines.values()) timeline.endRun();
    this.inputs = this.rungs.map(
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
    for (const state of this.rungs) for (const timeline of state.timelines.values()) timeline.endRun();
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
    for (const state of this.rungs) for (const timeline of state.timelines.values()) timeline.waiters.releaseAll();
  }

  private setInit(state: RungState, init: InitSegment): void {
    state.init = init;
    state.inits.set(init.run, init);
  }

  private addChunk(rungIndex: number, chunk: Chunk): void {
    const state = this.rungs[rungIndex];
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
