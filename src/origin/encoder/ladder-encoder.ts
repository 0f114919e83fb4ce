import { ORIGIN_CONFIG } from '../config.ts';
import { audioForFrame } from '../source/audio-tone.ts';
import type { SourceFrame } from '../source/live-source.ts';
import { FfmpegRun, type FfmpegRunOptions } from './ffmpeg-run.ts';

/** Receives what the encoder produces; the packager implements it. */
export interface EncoderSink {
  /** A new ffmpeg process started: everything after this is a new run (a discontinuity). */
  runStarted(run: number): void;
  /** The run's ffmpeg is gone and its output fully read: close what it left open, at once. */
  runEnded(run: number): void;
  /** Bytes of one output's fragmented MP4, in order: outputs 0..rungs-1 are the rungs (video only), output `rungs` is the audio. */
  data(run: number, output: number, bytes: Buffer): void;
}

export interface LadderEncoderOptions extends FfmpegRunOptions {
  log: (message: string) => void;
  /** No output for this long while frames go in: ffmpeg is frozen (default ORIGIN_CONFIG.encoderStallMs). */
  stallMs?: number;
}

export interface EncoderStats {
  run: number;
  framesWritten: number;
  framesDropped: number;
  /** Repeats written in place of frames the source skipped or this encoder dropped. */
  framesRepeated: number;
  restarts: number;
  /** Restarts the watchdog ordered because ffmpeg stopped producing output. */
  stallRestarts: number;
  /** Restarts ordered because the input had a gap too long to fill (the media clock would slip). */
  slipRestarts: number;
  running: boolean;
}

/** Frames remembered per run for capture-time lookup; far more than ffmpeg ever holds in flight. */
const CAPTURE_RING = 4096;
const { maxRepeatedFrames: MAX_REPEATS, encoderStartupGraceMs: STARTUP_GRACE_MS } = ORIGIN_CONFIG;

/**
 * Runs the ladder's ffmpeg (one FfmpegRun at a time: ffmpeg-run.ts) and restarts it: after a
 * crash with backoff, after a stall (the watchdog), or when the media clock would slip. Frame k
 * written in run r (counted from 0 in each run) is the k-th video sample ffmpeg emits on every
 * rung, so capture times are looked up by (run, k); the audio of frame k starts at k/fps in the
 * audio track.
 */
export class LadderEncoder {
  /** The running run, null while ffmpeg is down. */
  private current: FfmpegRun | null = null;
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
  private backoffMs: number = ORIGIN_CONFIG.encoderRestartMs;
  private stallRestarts = 0;
  private slipRestarts = 0;
  /** When the run started and when it last produced output (monotonic ms); null before any. */
  private runStartedAtMs = 0;
  private lastOutputAtMs: number | null = null;
  /** First frame written since the last output (monotonic ms): output is owed since then. */
  private owedSinceMs: number | null = null;
  /** The running child was told to die; its exit handler restarts. */
  private killing = false;
  private watchdog: NodeJS.Timeout | null = null;
  private lastCheckAtMs = 0;
  /** How far media time has fallen behind the capture clock in this run (gaps repeats could not fill). */
  private slipMs = 0;
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
      stallRestarts: this.stallRestarts,
      slipRestarts: this.slipRestarts,
      running: this.current !== null,
    };
  }

  /** The running ffmpeg's process id (benchmarks read its CPU time). */
  get pid(): number | null {
    return this.current?.pid ?? null;
  }

  /** The running audio ffmpeg's process id, or null when audio is off. */
  get audioPid(): number | null {
    return this.current?.audioPid ?? null;
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
    const stallMs = this.options.stallMs ?? ORIGIN_CONFIG.encoderStallMs;
    this.watchdog = setInterval(() => this.checkStall(stallMs), Math.max(50, stallMs / 4));
    this.watchdog.unref();
  }

  /**
   * The watchdog: frames went in but nothing came out for `stallMs` (SIGSTOP, a wedged
   * process, a full pipe that never drains). Restart as after a crash, so the timeline gets a
   * discontinuity instead of a gap that shifts the media clock.
   */
  private checkStall(stallMs: number): void {
    const now = performance.now();
    // A late tick means the event loop itself was blocked: output may be waiting unread, so look again next tick.
    const late = now - this.lastCheckAtMs > Math.max(100, stallMs / 2);
    this.lastCheckAtMs = now;
    if (late || !this.current || this.killing || this.owedSinceMs === null) return;
    const limit = this.lastOutputAtMs === null ? Math.max(stallMs, STARTUP_GRACE_MS) : stallMs;
    const since = this.lastOutputAtMs === null ? Math.max(this.owedSinceMs, this.runStartedAtMs) : this.owedSinceMs;
    if (now - since < limit) return;
    this.stallRestarts++;
    this.restart(`no output for ${Math.round(now - since)} ms while frames went in (frozen?)`);
  }

  /**
   * Hands a frame to ffmpeg; if ffmpeg is down the frame is dropped (and released at once).
   * Frames missing since the last one (the source woke up late, or one was dropped here) are
   * filled with repeats of this picture, stamped with their own nominal capture times, as a
   * broadcast encoder repeats a frame when its input is late. Media time then stays locked to
   * the capture clock, which the DASH timing model (and every PDT) relies on.
   */
  writeFrame(frame: SourceFrame): void {
    const video = this.current?.video;
    if (!video || !video.writable || (this.options.audio && !this.current?.audio?.writable)) {
      this.dropped++;
      frame.release();
      return;
    }
    const gap = this.lastFrameNumber === null ? 0 : frame.frameNumber - this.lastFrameNumber - 1;
    const frameMs = 1000 / this.options.fps;
    if (gap > MAX_REPEATS) {
      this.slipMs += (gap - MAX_REPEATS) * frameMs;
      if (this.slipMs > ORIGIN_CONFIG.maxClockSlipMs) {
        // Media time would lag the capture clock by more than players absorb (a DASH template
        // would point past the real edge): a new run makes it an explicit discontinuity.
        this.dropped++;
        frame.release();
        if (!this.killing) {
          this.slipRestarts++;
          this.restart(`${gap} frames missing, the media clock would slip by ${Math.round(this.slipMs)} ms in this run: a new run keeps media time on the capture clock`);
        }
        return;
      }
      this.options.log(`encoder: ${gap} frames missing; repeating ${MAX_REPEATS}, the media clock slips by ${Math.round(this.slipMs)} ms in this run (restart above ${ORIGIN_CONFIG.maxClockSlipMs} ms)`);
    }
    const repeats = Math.min(Math.max(gap, 0), MAX_REPEATS);
    this.owedSinceMs ??= performance.now();
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
    const pipe = this.current?.audio;
    if (audio && pipe) pipe.write(Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    await this.current?.stop();
  }

  private spawnRun(): void {
    this.runId++;
    this.written = 0;
    this.lastFrameNumber = null;
    this.killing = false;
    this.runStartedAtMs = performance.now();
    this.lastOutputAtMs = null;
    this.owedSinceMs = null;
    this.slipMs = 0;
    const run = this.runId;
    this.sink.runStarted(run);
    const outputs = this.options.rungs.length;
    let firstOutput = true;
    const current: FfmpegRun = new FfmpegRun(this.options, run, {
      log: this.options.log,
      data: (output, bytes) => {
        if (run !== this.runId) return;
        // The watchdog watches the video: audio flowing says nothing about a frozen video encoder.
        if (output < outputs) {
          this.lastOutputAtMs = performance.now();
          this.owedSinceMs = null;
        }
        this.sink.data(run, output, bytes);
      },
      firstOutput: () => {
        if (firstOutput) this.backoffMs = ORIGIN_CONFIG.encoderRestartMs;
        firstOutput = false;
      },
      closed: () => this.sink.runEnded(run),
      exited: (code, signal, reason) => {
        if (this.current === current) this.current = null;
        if (this.stopping) return;
        this.options.log(`encoder: ffmpeg run ${run} exited (code ${code}, signal ${signal}): ${reason}; restarting in ${this.backoffMs} ms`);
        this.restarts++;
        this.restartTimer = setTimeout(() => this.spawnRun(), this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, ORIGIN_CONFIG.encoderRestartMaxMs);
      },
    });
    this.current = current;
  }

  /** Kills ffmpeg so that it restarts with a new run, as after a crash (corrupt output, tests). */
  restart(reason: string): void {
    if (!this.current || this.killing) return;
    this.options.log(`encoder: restarting ffmpeg: ${reason}`);
    this.killing = true;
    this.current.kill();
  }
}
