/** One CMAF chunk: a moof+mdat holding one video frame, or the AAC frames of about one frame interval. */
export interface Chunk {
  /** Encoder run (a new ffmpeg process is a new run: a discontinuity). */
  run: number;
  /** Frame index within the run, from the track's decode time (audio: the video frame it starts in). */
  frameInRun: number;
  /**
   * Video frame intervals the chunk covers: 1 for video (the default), fractional for audio
   * (1024 AAC samples are 0.64 of a 30 fps frame). Parts and segments end on frame boundaries.
   */
  frames?: number;
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
  /** Null for the audio rendition's init segment (audio only). */
  videoCodec: string | null;
  audioCodec: string | null;
  videoTrackId: number | null;
  audioTrackId: number | null;
  /** Track timescales (ticks per second). */
  videoTimescale: number | null;
  audioTimescale: number | null;
  audioSampleRate: number | null;
  audioChannels: number | null;
  width: number;
  height: number;
  /** When the packager received it (wall clock, ms). */
  createdAtMs: number;
}
