import { gtc1PlacementRect, locateGtc1, readGtc1At, type Gtc1Read, type Gtc1Rect, type LumaRegion } from '../timecode/index.ts';
import { CodeTracker, type TrackedPlacement } from './code-tracker.ts';
import { flashLumaOf, flashPatch } from './flash-square.ts';

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
  /** Where the code was read (null: not read on this frame). */
  placement: TrackedPlacement | null;
  /** True when this frame was searched whole (the costly path). */
  searched: boolean;
  /** Mean luma of the test source's flash square (flash-square.ts), NaN when not read. */
  flashLuma: number;
  /** Milliseconds spent reading the strip (copy + decode of the cells) and the flash square. */
  costMs: number;
  path: ReadPath;
}

const RGBA_FORMATS = new Set(['RGBA', 'RGBX', 'BGRA', 'BGRX']);

/**
 * Reads the GTC1 strip of every frame the browser presents. requestVideoFrameCallback gives
 * the display time; the strip's rows are copied from the frame's luma plane with WebCodecs
 * (`new VideoFrame(video)` + `copyTo({ rect })`, a few hundred microseconds), with a small
 * canvas of just the strip as the fallback where WebCodecs cannot copy the frame. Where the
 * strip is comes from the CodeTracker: the default place, else a whole-frame search
 * (locateGtc1), then locked. Every read goes through withPixels(frame, rect, use): one copy
 * of one rectangle of the frame grabbed in the callback. All reads of one callback use that one
 * frame: the copies are asynchronous, and by the time the first resolves the element may show
 * the next frame, whose flash square would then be paired with this frame's timecode.
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
    /** Where the code is: locked after the first read, searched for when lost. */
    private readonly tracker: CodeTracker = new CodeTracker(),
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

  /** The frame the element shows now, for WebCodecs copies; null on the canvas path or when it cannot be grabbed. */
  private grabFrame(): VideoFrame | null {
    if (this.path !== 'webcodecs') return null;
    try {
      return new VideoFrame(this.video);
    } catch {
      this.path = 'canvas';
      return null;
    }
  }

  private async readFrame(metadata: VideoFrameCallbackMetadata): Promise<void> {
    // Grabbed before the first await: the frame this callback's metadata describes.
    const frame = this.grabFrame();
    try {
      await this.readFrameFrom(frame, metadata);
    } finally {
      frame?.close();
    }
  }

  private async readFrameFrom(frame: VideoFrame | null, metadata: VideoFrameCallbackMetadata): Promise<void> {
    const width = metadata.width;
    const height = metadata.height;
    const started = performance.now();
    this.tracker.seeFrame(width, height);
    const tracked = this.tracker.placementFor(width, height);
    const rect = tracked ? gtc1PlacementRect(tracked.placement, width, height) : null;
    let read: Gtc1Read = { ok: false, reason: 'no-geometry' };
    let where: TrackedPlacement | null = null;
    let searched = false;
    const forced = this.tracker.takeForcedSearch();
    if (tracked && rect && !forced) {
      read = await this.withPixels(frame, rect, width, height, (region) => readGtc1At(region, tracked.placement));
      if (read.ok) {
        where = tracked;
        this.tracker.hit(tracked, width, height);
      } else this.tracker.miss();
    }
    if (forced || (!read.ok && this.tracker.shouldSearch(started))) {
      // Nothing at the tracked place: look at the whole frame (rate-limited, a few ms).
      searched = true;
      const full = { x: 0, y: 0, width: width - (width & 1), height: height - (height & 1) };
      const within = this.tracker.searchAreaFor(width, height);
      const found = full.width > 0 && full.height > 0 ? await this.withPixels(frame, full, width, height, (region) => locateGtc1(region, within)) : null;
      this.tracker.searched(started, found?.placement ?? null, width, height);
      if (found) {
        read = found.read;
        where = this.tracker.current;
      }
    }
    // The flash square (A/V sync): one more small read, a cell of pixels.
    const patch = flashPatch(width, height);
    const flashLuma = patch ? await this.withPixels(frame, patch, width, height, flashLumaOf).catch(() => NaN) : NaN;
    const costMs = performance.now() - started;
    this.onReading({
      displayTimeLocalMs: performance.timeOrigin + metadata.expectedDisplayTime,
      presentedFrames: metadata.presentedFrames,
      mediaTime: metadata.mediaTime,
      width,
      height,
      read,
      placement: where,
      searched,
      flashLuma,
      costMs,
      path: this.path,
    });
  }

  /** Copies `rect` of `frame` (luma; RGBA on the canvas path, of the element when there is no frame) and hands it to `use`. */
  private async withPixels<T>(frame: VideoFrame | null, rect: Gtc1Rect, width: number, height: number, use: (region: LumaRegion) => T): Promise<T> {
    if (frame && this.path === 'webcodecs') {
      try {
        return await this.withWebCodecs(frame, rect, width, height, use);
      } catch {
        // Some frames (e.g. GPU-only ones) cannot be copied: fall back for good.
        this.path = 'canvas';
      }
    }
    return use(this.copyWithCanvas(frame ?? this.video, rect, width, height));
  }

  private async withWebCodecs<T>(frame: VideoFrame, rect: Gtc1Rect, width: number, height: number, use: (region: LumaRegion) => T): Promise<T> {
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
      return use({
        frameWidth: width,
        frameHeight: height,
        data: buffer.subarray(luma.offset),
        originX: rect.x,
        originY: rect.y,
        regionWidth: rect.width,
        regionHeight: rect.height,
        stride: luma.stride,
        format: RGBA_FORMATS.has(format) ? 'rgba' : 'y',
      });
    } finally {
      if (usesScratch) this.scratchBusy = false;
    }
  }

  private copyWithCanvas(source: VideoFrame | HTMLVideoElement, rect: Gtc1Rect, width: number, height: number): LumaRegion {
    if (!this.canvas || !this.context) {
      this.canvas = document.createElement('canvas');
      this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    const canvas = this.canvas;
    const ctx = this.context;
    if (canvas.width !== rect.width || canvas.height !== rect.height) {
      canvas.width = rect.width;
      canvas.height = rect.height;
    }
    // Source coordinates are in the video's intrinsic pixels, which equal the frame's.
    ctx?.drawImage(source, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
    const data = ctx ? ctx.getImageData(0, 0, rect.width, rect.height).data : new Uint8ClampedArray(0);
    return {
      frameWidth: width,
      frameHeight: height,
      data,
      originX: rect.x,
      originY: rect.y,
      regionWidth: rect.width,
      regionHeight: rect.height,
      stride: rect.width * 4,
      format: 'rgba',
    };
  }
}
