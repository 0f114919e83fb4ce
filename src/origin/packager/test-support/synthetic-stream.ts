/**
 * Test-only: a fake encoder output for unit tests. Builds `Chunk`s by hand (one per frame,
 * 30 fps, an IDR every 30 frames, capture times from a fixed fake start) and feeds them to
 * timelines, so packaging and playlist rules can be checked without ffmpeg or a real clock.
 */
import type { Chunk, InitSegment } from '../chunk.ts';
import type { Timeline } from '../timeline.ts';

export const FPS = 30;
export const FRAME_MS = 1000 / FPS;
/** The fake wall clock of frame 0 (a whole second, so segment starts are whole seconds). */
export const START_MS = Date.UTC(2025, 0, 1, 12, 0, 0);
/** Pretend encode + package delay between capture and publication. */
export const PUBLISH_DELAY_MS = 40;

/** Capture time of source frame `frameNumber`, rounded to the ms like the FramePacer does. */
export const captureMs = (frameNumber: number): number => Math.round(START_MS + frameNumber * FRAME_MS);

export function makeChunk(run: number, frameInRun: number, frameNumber: number): Chunk {
  const keyframe = frameInRun % FPS === 0;
  const captureTimeMs = captureMs(frameNumber);
  return {
    run,
    frameInRun,
    frameNumber,
    captureTimeMs,
    durationMs: FRAME_MS,
    keyframe,
    // IDRs are bigger, like in a real stream; the fill byte identifies the frame.
    bytes: Buffer.alloc(keyframe ? 500 : 100, frameNumber & 0xff),
    publishedAtMs: captureTimeMs + PUBLISH_DELAY_MS,
  };
}

/** A live encoder feeding every given timeline the same chunks. */
export class SyntheticStream {
  run = 0;
  frameInRun = 0;
  frameNumber = 0;
  readonly timelines: Timeline[];

  constructor(...timelines: Timeline[]) {
    this.timelines = timelines;
  }

  /** Appends the next `count` frames; returns their chunks. */
  frames(count: number): Chunk[] {
    const out: Chunk[] = [];
    for (let i = 0; i < count; i++) {
      const chunk = makeChunk(this.run, this.frameInRun++, this.frameNumber++);
      for (const t of this.timelines) t.append(chunk);
      out.push(chunk);
    }
    return out;
  }

  /** The encoder restarts: a new run, frame indices from 0, `lostFrames` source frames never encoded. */
  restart(lostFrames = 0): void {
    this.run++;
    this.frameInRun = 0;
    this.frameNumber += lostFrames;
  }
}

/** The init segment record of a 720p30 x264 rung with mono AAC beside it (bytes left empty). */
export function fakeInit(overrides: Partial<InitSegment> = {}): InitSegment {
  return {
    run: 0,
    bytes: Buffer.alloc(0),
    videoCodec: 'avc1.64001f',
    audioCodec: 'mp4a.40.2',
    videoTrackId: 1,
    audioTrackId: 2,
    videoTimescale: 15360,
    audioTimescale: 48000,
    audioSampleRate: 48000,
    audioChannels: 1,
    width: 1280,
    height: 720,
    createdAtMs: 0,
    ...overrides,
  };
}
