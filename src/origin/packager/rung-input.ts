import { performance } from 'node:perf_hooks';
import { BoxStreamReader } from '../isobmff/box-reader.ts';
import type { Chunk, InitSegment } from './chunk.ts';
import { parseInit, parseMoof, type InitInfo } from '../isobmff/mp4-info.ts';

export interface FrameLookup {
  (run: number, frameInRun: number): { captureTimeMs: number; frameNumber: number } | null;
}

/**
 * Turns one encoder output's fragmented-MP4 byte stream (one encoder run) into an init segment
 * and a series of chunks, each stamped with its frame's capture time. A rung's output is video
 * only; the audio output is audio only, and its chunks are placed on the video frame clock
 * (audio time t is frame t × fps of the same run).
 */
export class RungInput {
  private readonly reader = new BoxStreamReader();
  private initBoxes: Buffer[] = [];
  private info: InitInfo | null = null;
  private pendingMoof: Buffer | null = null;
  private lastChunk: Chunk | null = null;
  init: InitSegment | null = null;

  constructor(
    readonly run: number,
    private readonly fps: number,
    private readonly lookup: FrameLookup,
    private readonly onInit: (init: InitSegment) => void,
    private readonly onChunk: (chunk: Chunk) => void,
  ) {}

  push(bytes: Buffer): void {
    for (const box of this.reader.push(bytes)) {
      switch (box.type) {
        case 'ftyp':
          this.initBoxes = [Buffer.from(box.bytes)];
          break;
        case 'moov':
          this.initBoxes.push(Buffer.from(box.bytes));
          this.setInit(Buffer.concat(this.initBoxes));
          break;
        case 'moof':
          this.pendingMoof = box.bytes;
          break;
        case 'mdat':
          if (this.pendingMoof && this.info) this.emitChunk(this.pendingMoof, box.bytes);
          this.pendingMoof = null;
          break;
        default:
          // styp/sidx/free/mfra carry nothing a player needs from a live chunk.
          break;
      }
    }
  }

  private setInit(bytes: Buffer): void {
    const info = parseInit(bytes);
    this.info = info;
    const video = info.tracks.find((t) => t.kind === 'video');
    const audio = info.tracks.find((t) => t.kind === 'audio');
    if (!video && !audio) throw new Error('encoder output has neither a video nor an audio track');
    this.init = {
      run: this.run,
      bytes,
      videoCodec: video?.codec ?? null,
      audioCodec: audio?.codec ?? null,
      videoTrackId: video?.id ?? null,
      audioTrackId: audio?.id ?? null,
      videoTimescale: video?.timescale ?? null,
      audioTimescale: audio?.timescale ?? null,
      audioSampleRate: audio?.sampleRate ?? null,
      audioChannels: audio?.channels ?? null,
      width: video?.width ?? 0,
      height: video?.height ?? 0,
      createdAtMs: Date.now(),
    };
    this.onInit(this.init);
  }

  private emitChunk(moof: Buffer, mdat: Buffer): void {
    const info = this.info;
    if (!info) return;
    const fragment = parseMoof(moof, info);
    // The output's one track: video for a rung, audio for the audio output.
    const trackInfo = info.tracks.find((t) => t.kind === 'video') ?? info.tracks.find((t) => t.kind === 'audio');
    const track = fragment.tracks.find((t) => t.id === trackInfo?.id);
    if (!trackInfo || !track || track.sampleCount === 0) return;
    const isVideo = trackInfo.kind === 'video';
    const framePosition = (track.baseDecodeTime * this.fps) / trackInfo.timescale;
    const frameInRun = isVideo ? Math.round(framePosition) : Math.floor(framePosition + 1e-9);
    const known = this.lookup(this.run, frameInRun);
    const frameMs = 1000 / this.fps;
    const durationMs = (track.duration * 1000) / trackInfo.timescale || frameMs;
    // The lookup only misses if ffmpeg emitted a frame we never wrote; extrapolate then.
    const frameCaptureMs = known?.captureTimeMs ?? (this.lastChunk ? this.lastChunk.captureTimeMs + (this.lastChunk.frames ?? 1) * frameMs : Date.now());
    const chunk: Chunk = {
      run: this.run,
      frameInRun,
      frameNumber: known?.frameNumber ?? (this.lastChunk ? this.lastChunk.frameNumber + 1 : 0),
      // Audio starts inside a frame interval: its capture time is that frame's plus the offset.
      captureTimeMs: isVideo || !known ? frameCaptureMs : frameCaptureMs + (framePosition - frameInRun) * frameMs,
      durationMs,
      frames: isVideo ? 1 : durationMs / frameMs,
      // Every AAC frame decodes on its own.
      keyframe: isVideo ? track.startsWithSync : true,
      bytes: Buffer.concat([moof, mdat]),
      // Sub-millisecond wall clock: release delays of blocked requests are measured against it.
      publishedAtMs: performance.timeOrigin + performance.now(),
    };
    this.lastChunk = chunk;
    this.onChunk(chunk);
  }
}
