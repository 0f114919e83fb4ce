import { performance } from 'node:perf_hooks';
import { audioForFrame } from './audio-tone.ts';
import { FramePacer } from './frame-pacer.ts';
import { TestPatternPainter } from './test-pattern.ts';

export interface SourceFrame {
  frameNumber: number;
  captureTimeMs: number;
  /** I420 picture; valid until `release()` is called. */
  video: Uint8Array;
  /** Mono s16le PCM covering exactly this frame's duration, or null with audio off. */
  audio: Int16Array | null;
  /** Returns the picture buffer to the pool; the consumer calls it once the bytes are written. */
  release: () => void;
}

export interface LiveSourceOptions {
  width: number;
  height: number;
  fps: number;
  audio: boolean;
  label: string;
  /** Picture buffers in flight at once; when all are taken the frame is dropped, not queued. */
  poolSize?: number;
}

export interface LiveSourceStats {
  produced: number;
  /** Frames skipped because the source itself woke up late. */
  skippedLate: number;
  /** Frames dropped because the consumer still held every buffer (encoder behind). */
  droppedBackpressure: number;
}

/**
 * The live test source: paints a frame when the wall clock says so and hands it to one
 * consumer. Memory is bounded by the buffer pool, never by how far behind the consumer is.
 */
export class LiveSource {
  private readonly painter: TestPatternPainter;
  private readonly free: Uint8Array[] = [];
  private pacer: FramePacer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private produced = 0;
  private droppedBackpressure = 0;
  private consumer: ((frame: SourceFrame) => void) | null = null;

  constructor(readonly options: LiveSourceOptions) {
    this.painter = new TestPatternPainter(options.width, options.height, options.label);
    const poolSize = options.poolSize ?? 4;
    for (let i = 0; i < poolSize; i++) this.free.push(new Uint8Array(this.painter.layout.frameSize));
  }

  get frameSize(): number {
    return this.painter.layout.frameSize;
  }

  get stats(): LiveSourceStats {
    return {
      produced: this.produced,
      skippedLate: this.pacer?.skipped ?? 0,
      droppedBackpressure: this.droppedBackpressure,
    };
  }

  /** Capture time of a frame number (exact, from the schedule). */
  captureTimeMs(frameNumber: number): number {
    if (!this.pacer) throw new Error('source not started');
    return this.pacer.captureTimeMs(frameNumber);
  }

  onFrame(consumer: (frame: SourceFrame) => void): void {
    this.consumer = consumer;
  }

  /** Starts at the next whole wall-clock second, so frame 0, IDRs and flashes line up with seconds. */
  start(): void {
    if (this.pacer) return;
    const nowWall = Date.now();
    const nowPerf = performance.now();
    const startWall = Math.ceil((nowWall + 1) / 1000) * 1000;
    this.pacer = new FramePacer(this.options.fps, nowPerf + (startWall - nowWall), startWall);
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pacer = null;
  }

  private schedule(): void {
    const pacer = this.pacer;
    if (!pacer) return;
    this.timer = setTimeout(() => this.tick(), pacer.msUntilNext(performance.now()));
  }

  private tick(): void {
    const pacer = this.pacer;
    if (!pacer) return;
    const frameNumber = pacer.take(performance.now());
    if (frameNumber !== null) this.emit(frameNumber, pacer.captureTimeMs(frameNumber));
    this.schedule();
  }

  private emit(frameNumber: number, captureTimeMs: number): void {
    const buffer = this.free.pop();
    if (!buffer || !this.consumer) {
      if (buffer) this.free.push(buffer);
      this.droppedBackpressure++;
      return;
    }
    this.painter.paint(buffer, frameNumber, captureTimeMs);
    this.produced++;
    let released = false;
    this.consumer({
      frameNumber,
      captureTimeMs,
      video: buffer,
      audio: this.options.audio ? audioForFrame(frameNumber, this.options.fps, captureTimeMs) : null,
      release: () => {
        if (released) return;
        released = true;
        this.free.push(buffer);
      },
    });
  }
}
