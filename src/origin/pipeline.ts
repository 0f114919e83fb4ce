import { LadderEncoder } from './encoder/ladder-encoder.ts';
import type { Rung } from './encoder/ladder.ts';
import { findFfmpeg, type FfmpegInfo } from './encoder/find-ffmpeg.ts';
import { Packager } from './packager/packager.ts';
import { PROFILES, type LatencyProfile } from '../shared/stream/profiles.ts';
import { LiveSource } from './source/live-source.ts';

export interface PipelineOptions {
  rungs: Rung[];
  fps: number;
  audio: boolean;
  windowMs: number;
  maxWaiters: number;
  profiles?: readonly LatencyProfile[];
  ffmpeg?: FfmpegInfo;
  log: (message: string) => void;
}

/**
 * source -> encoder -> packager, wired left to right. The source paints at the top rung's
 * size; ffmpeg scales down for the other rungs.
 */
export class Pipeline {
  readonly source: LiveSource;
  readonly encoder: LadderEncoder;
  readonly packager: Packager;
  readonly ffmpeg: FfmpegInfo;

  constructor(readonly options: PipelineOptions) {
    const top = options.rungs[0];
    if (!top) throw new Error('the ladder has no rungs');
    this.ffmpeg = options.ffmpeg ?? findFfmpeg();
    this.source = new LiveSource({
      width: top.width,
      height: top.height,
      fps: options.fps,
      audio: options.audio,
      label: 'GLASSMETER',
    });
    this.packager = new Packager({
      rungs: options.rungs,
      audio: options.audio,
      profiles: options.profiles ?? PROFILES,
      fps: options.fps,
      windowMs: options.windowMs,
      maxWaiters: options.maxWaiters,
      lookup: (run, k) => this.encoder.frameInfo(run, k),
      onCorruptStream: (reason) => this.encoder.restart(reason),
      log: options.log,
    });
    this.encoder = new LadderEncoder(
      {
        ffmpeg: this.ffmpeg,
        rungs: options.rungs,
        sourceWidth: top.width,
        sourceHeight: top.height,
        fps: options.fps,
        audio: options.audio,
        log: options.log,
      },
      this.packager,
    );
    this.source.onFrame((frame) => this.encoder.writeFrame(frame));
  }

  start(): void {
    this.encoder.start();
    this.source.start();
  }

  async stop(): Promise<void> {
    this.source.stop();
    this.packager.releaseWaiters();
    await this.encoder.stop();
  }
}
