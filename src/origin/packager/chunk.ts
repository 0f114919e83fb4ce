/** One CMAF chunk: a moof+mdat holding exactly one video frame (and the audio beside it). */
export interface Chunk {
  /** Encoder run (a new ffmpeg process is a new run: a discontinuity). */
  run: number;
  /** Frame index within the run, from the video track's decode time. */
  frameInRun: number;
  /** The source's frame number (continues across runs). */
  frameNumber: number;
  /** Wall-clock instant the source produced this frame (ms since epoch). */
  captureTimeMs: number;
  durationMs: number;
  /** Starts with an IDR. */
  keyframe: boolean;
  bytes: Buffer;
  /** Wall-clock instant the packager had the whole chunk. */
  publishedAtMs: number;
}

/** The init segment of one rung in one run. */
export interface InitSegment {
  run: number;
  bytes: Buffer;
  videoCodec: string;
  audioCodec: string | null;
  videoTrackId: number;
  audioTrackId: number | null;
  /** Track timescales (ticks per second). */
  videoTimescale: number;
  audioTimescale: number | null;
  audioSampleRate: number | null;
  audioChannels: number | null;
  width: number;
  height: number;
  /** When the packager received it (wall clock, ms). */
  createdAtMs: number;
}
