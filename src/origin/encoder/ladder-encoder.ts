import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { audioForFrame } from '../source/audio-tone.ts';
import type { SourceFrame } from '../source/live-source.ts';
import { AUDIO_INPUT_FD, buildLadderArgs, FIRST_OUTPUT_FD } from './ffmpeg-args.ts';
import type { FfmpegInfo } from './find-ffmpeg.ts';
import type { Rung } from './ladder.ts';

/** Receives what the encoder produces; the packager implements it. */
export interface EncoderSink {
  /** A new ffmpeg process started: everything after this is a new run (a discontinuity). */
  runStarted(run: number): void;
  /** Bytes of rung `rungIndex`'s fragmented MP4, in order. */
  data(run: number, rungIndex: number, bytes: Buffer): void;
}

export interface LadderEncoderOptions {
  ffmpeg: FfmpegInfo;
  rungs: Rung[];
  sourceWidth: number;
  sourceHeight: number;
  fps: number;
  audio: boolean;
  log: (message: string) => void;
}

export interface EncoderStats {
  run: number;
  framesWritten: number;
  framesDropped: number;
  /** Repeats written in place of frames the source skipped or this encoder dropped. */
  framesRepeated: number;
  restarts: number;
  running: boolean;
}

/** Frames remembered per run for capture-time lookup; far more than ffmpeg ever holds in flight. */
const CAPTURE_RING = 4096;
const STDERR_TAIL = 4000;
/** Longest gap (in frames) filled with repeats; a longer one lets the media clock slip. */
const MAX_REPEATS = 30;

/**
 * Owns the one ffmpeg process of the ladder. Frame k written in run r (counted from 0 in each
 * run) is the k-th video sample ffmpeg emits on every rung, so capture times are looked up by
 * (run, k). If ffmpeg dies it is restarted with backoff and a new run begins.
 */
export class LadderEncoder {
  private child: ChildProcess | null = null;
  private video: Writable | null = null;
  private audio: Writable | null = null;
  private runId = 0;
  private written = 0;
  private dropped = 0;
  private writtenTotal = 0;
  private repeated = 0;
  /** Source frame number of the last frame written in this run, null before the first. */
  private lastFrameNumber: number | null = null;
  private restarts = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private backoffMs = 500;
  private readonly captureTimes = new Float64Array(CAPTURE_RING);
  private readonly frameNumbers = new Float64Array(CAPTURE_RING);

  constructor(
    private readonly options: LadderEncoderOptions,
    private readonly sink: EncoderSink,
  ) {}

  get stats(): EncoderStats {
    return {
      run: this.runId,
      framesWritten: this.writtenTotal,
      framesDropped: this.dropped,
      framesRepeated: this.repeated,
      restarts: this.restarts,
      running: this.child !== null,
    };
  }

  /** The running ffmpeg's process id (benchmarks read its CPU time). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Capture time and source frame number of the k-th frame written in `run`, or null if unknown. */
  frameInfo(run: number, k: number): { captureTimeMs: number; frameNumber: number } | null {
    if (run !== this.runId || k < 0 || k >= this.written || k < this.written - CAPTURE_RING) return null;
    const slot = k % CAPTURE_RING;
    return { captureTimeMs: this.captureTimes[slot] ?? NaN, frameNumber: this.frameNumbers[slot] ?? NaN };
  }

  start(): void {
    this.stopping = false;
    this.spawnRun();
  }

  /**
   * Hands a frame to ffmpeg; if ffmpeg is down the frame is dropped (and released at once).
   * Frames missing since the last one (the source woke up late, or one was dropped here) are
   * filled with repeats of this picture, stamped with their own nominal capture times, as a
   * broadcast encoder repeats a frame when its input is late. Media time then stays locked to
   * the capture clock, which the DASH timing model (and every PDT) relies on.
   */
  writeFrame(frame: SourceFrame): void {
    const video = this.video;
    if (!video || !video.writable || (this.options.audio && !this.audio?.writable)) {
      this.dropped++;
      frame.release();
      return;
    }
    const gap = this.lastFrameNumber === null ? 0 : frame.frameNumber - this.lastFrameNumber - 1;
    const repeats = Math.min(Math.max(gap, 0), MAX_REPEATS);
    if (gap > MAX_REPEATS) this.options.log(`encoder: ${gap} frames missing; repeating ${MAX_REPEATS}, the media clock slips by the rest`);
    const frameMs = 1000 / this.options.fps;
    for (let i = repeats; i >= 1; i--) {
      const frameNumber = frame.frameNumber - i;
      const captureTimeMs = Math.round(frame.captureTimeMs - i * frameMs);
      this.record(captureTimeMs, frameNumber, this.options.audio ? audioForFrame(frameNumber, this.options.fps, captureTimeMs) : null);
      video.write(frame.video);
      this.repeated++;
    }
    this.record(frame.captureTimeMs, frame.frameNumber, frame.audio);
    this.lastFrameNumber = frame.frameNumber;
    // The buffer goes back to the source's pool only once the pipe has taken it (repeats included).
    video.write(frame.video, () => frame.release());
  }

  /** Remembers the capture time of the next frame written and writes its audio. */
  private record(captureTimeMs: number, frameNumber: number, audio: Int16Array | null): void {
    const slot = this.written % CAPTURE_RING;
    this.captureTimes[slot] = captureTimeMs;
    this.frameNumbers[slot] = frameNumber;
    this.written++;
    this.writtenTotal++;
    if (audio && this.audio) this.audio.write(Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private spawnRun(): void {
    const o = this.options;
    const args = buildLadderArgs({
      sourceWidth: o.sourceWidth,
      sourceHeight: o.sourceHeight,
      fps: o.fps,
      audio: o.audio,
      rungs: o.rungs,
      supportsCmafFlag: o.ffmpeg.supportsCmafFlag,
    });
    const outputs = o.rungs.length;
    const stdio: Array<'pipe' | 'ignore'> = ['pipe', 'ignore', 'pipe', o.audio ? 'pipe' : 'ignore'];
    for (let i = 0; i < outputs; i++) stdio[FIRST_OUTPUT_FD + i] = 'pipe';
    const child = spawn(o.ffmpeg.path, args, { stdio });
    this.runId++;
    this.written = 0;
    this.lastFrameNumber = null;
    this.child = child;
    const run = this.runId;
    this.sink.runStarted(run);
    o.log(`encoder: ffmpeg ${o.ffmpeg.version} run ${run} started (pid ${child.pid}), ${o.rungs.map((r) => `${r.name}@${r.videoKbps}k`).join(' ')}`);

    this.video = child.stdin;
    this.audio = o.audio ? (child.stdio[AUDIO_INPUT_FD] as Writable) : null;
    // EPIPE when ffmpeg dies mid-write; the exit handler does the restart.
    this.video?.on('error', () => undefined);
    this.audio?.on('error', () => undefined);
    let stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
      if (process.env.GM_FFMPEG_LOGLEVEL) process.stderr.write(text);
    });
    for (let i = 0; i < outputs; i++) {
      const out = child.stdio[FIRST_OUTPUT_FD + i] as Readable;
      out.on('data', (bytes: Buffer) => {
        if (run === this.runId) this.sink.data(run, i, bytes);
      });
      out.on('error', () => undefined);
    }
    let firstOutput = true;
    (child.stdio[FIRST_OUTPUT_FD] as Readable).once('data', () => {
      if (firstOutput) this.backoffMs = 500;
      firstOutput = false;
    });
    child.on('error', (err) => o.log(`encoder: ffmpeg could not run: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.child === child) {
        this.child = null;
        this.video = null;
        this.audio = null;
      }
      if (this.stopping) return;
      const reason = stderrTail.trim().split('\n').slice(-5).join(' | ') || 'no message';
      o.log(`encoder: ffmpeg run ${run} exited (code ${code}, signal ${signal}): ${reason}; restarting in ${this.backoffMs} ms`);
      this.restarts++;
      this.restartTimer = setTimeout(() => this.spawnRun(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 8000);
    });
  }

  /** Kills ffmpeg so that it restarts with a new run, as after a crash (corrupt output, tests). */
  restart(reason: string): void {
    this.options.log(`encoder: restarting ffmpeg: ${reason}`);
    this.child?.kill('SIGKILL');
  }
}
