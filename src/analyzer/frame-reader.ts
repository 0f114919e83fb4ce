import { gtc1ReadRect, readGtc1, type Gtc1Read, type Gtc1Rect } from '../timecode/index.ts';

export type ReadPath = 'webcodecs' | 'canvas';

/** What the reader learned about one presented frame. */
export interface FrameReading {
  /** performance.timeOrigin + expectedDisplayTime: local wall clock, ms. */
  displayTimeLocalMs: number;
  presentedFrames: number;
  mediaTime: number;
  width: number;
  height: number;
  read: Gtc1Read;
  /** Milliseconds spent reading the strip (copy + decode of the cells). */
  costMs: number;
  path: ReadPath;
}

const RGBA_FORMATS = new Set(['RGBA', 'RGBX', 'BGRA', 'BGRX']);

/**
 * Reads the GTC1 strip of every frame the browser presents. requestVideoFrameCallback gives
 * the display time; the strip's rows are copied from the frame's luma plane with WebCodecs
 * (`new VideoFrame(video)` + `copyTo({ rect })`, a few hundred microseconds), with a small
 * canvas of just the strip as the fallback where WebCodecs cannot copy the frame.
 */
export class FrameReader {
  private handle: number | null = null;
  private running = false;
  private path: ReadPath;
  private canvas: HTMLCanvasElement | null = null;
  private context: CanvasRenderingContext2D | null = null;
  private scratch: Uint8Array = new Uint8Array(0);
  private scratchBusy = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onReading: (reading: FrameReading) => void,
    preferred: ReadPath = 'webcodecs',
  ) {
    this.path = preferred === 'webcodecs' && typeof VideoFrame === 'function' ? 'webcodecs' : 'canvas';
  }

  static isSupported(): boolean {
    return typeof HTMLVideoElement !== 'undefined' && 'requestVideoFrameCallback' in HTMLVideoElement.prototype;
  }

  get readPath(): ReadPath {
    return this.path;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) this.video.cancelVideoFrameCallback(this.handle);
    this.handle = null;
  }

  private schedule(): void {
    this.handle = this.video.requestVideoFrameCallback((_now, metadata) => {
      if (!this.running) return;
      this.schedule();
      void this.readFrame(metadata);
    });
  }

  private async readFrame(metadata: VideoFrameCallbackMetadata): Promise<void> {
    const width = metadata.width;
    const height = metadata.height;
    const rect = gtc1ReadRect(width, height);
    const started = performance.now();
    let read: Gtc1Read;
    if (!rect) {
      read = { ok: false, reason: 'no-geometry' };
    } else if (this.path === 'webcodecs') {
      try {
        read = await this.readWithWebCodecs(rect, width, height);
      } catch {
        // Some frames (e.g. GPU-only ones) cannot be copied: fall back for good.
        this.path = 'canvas';
        read = this.readWithCanvas(rect, width, height);
      }
    } else {
      read = this.readWithCanvas(rect, width, height);
    }
    const costMs = performance.now() - started;
    this.onReading({
      displayTimeLocalMs: performance.timeOrigin + metadata.expectedDisplayTime,
      presentedFrames: metadata.presentedFrames,
      mediaTime: metadata.mediaTime,
      width,
      height,
      read,
      costMs,
      path: this.path,
    });
  }

  private async readWithWebCodecs(rect: Gtc1Rect, width: number, height: number): Promise<Gtc1Read> {
    const frame = new VideoFrame(this.video);
    try {
      const format = frame.format;
      if (format === null) throw new Error('frame has no CPU-readable format');
      const visible = frame.visibleRect;
      const copyRect = { x: rect.x + (visible?.x ?? 0), y: rect.y + (visible?.y ?? 0), width: rect.width, height: rect.height };
      const size = frame.allocationSize({ rect: copyRect });
      // Reuse one buffer unless a previous copy is still in flight.
      const usesScratch = !this.scratchBusy;
      if (usesScratch && this.scratch.length < size) this.scratch = new Uint8Array(size);
      const buffer = usesScratch ? this.scratch : new Uint8Array(size);
      if (usesScratch) this.scratchBusy = true;
      try {
        const layout = await frame.copyTo(buffer, { rect: copyRect });
        const luma = layout[0];
        if (!luma) throw new Error('no planes');
        const rgba = RGBA_FORMATS.has(format);
        return readGtc1({
          frameWidth: width,
          frameHeight: height,
          data: buffer.subarray(luma.offset),
          originX: rect.x,
          originY: rect.y,
          regionWidth: rect.width,
          regionHeight: rect.height,
          stride: luma.stride,
          format: rgba ? 'rgba' : 'y',
        });
      } finally {
        if (usesScratch) this.scratchBusy = false;
      }
    } finally {
      frame.close();
    }
  }

  private readWithCanvas(rect: Gtc1Rect, width: number, height: number): Gtc1Read {
    if (!this.canvas || !this.context) {
      this.canvas = document.createElement('canvas');
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    const canvas = this.canvas;
    const ctx = this.context;
    if (!ctx) return { ok: false, reason: 'no-code' };
    if (canvas.width !== rect.width || canvas.height !== rect.height) {
      canvas.width = rect.width;
      canvas.height = rect.height;
    }
    // Source coordinates are in the video's intrinsic pixels, which equal the frame's.
    ctx.drawImage(this.video, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
    const image = ctx.getImageData(0, 0, rect.width, rect.height);
    return readGtc1({
      frameWidth: width,
      frameHeight: height,
      data: image.data,
      originX: rect.x,
      originY: rect.y,
      regionWidth: rect.width,
      regionHeight: rect.height,
      stride: rect.width * 4,
      format: 'rgba',
    });
  }
}
