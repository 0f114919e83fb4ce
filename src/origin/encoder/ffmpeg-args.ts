import type { Rung } from './ladder.ts';
import { AUDIO_SAMPLE_RATE } from '../source/audio-tone.ts';

export interface LadderArgsOptions {
  sourceWidth: number;
  sourceHeight: number;
  fps: number;
  rungs: Rung[];
  /** ffmpeg 5+ knows `-movflags cmaf`; the 4.1 npm fallback does not. */
  supportsCmafFlag: boolean;
}

export const AUDIO_KBPS = 64;
/** One AAC frame (1024 samples), ms: the audio output's fragment, and how far an audio part may run past its boundary. */
export const AAC_FRAME_MS = (1024 / AUDIO_SAMPLE_RATE) * 1000;

/** File descriptor of the first rung's output pipe. */
export const FIRST_OUTPUT_FD = 4;

// Probing is pointless for raw inputs and would block waiting for data.
const NO_PROBE = ['-probesize', '32', '-analyzeduration', '0'];

const fragmentedMp4 = (fragmentMs: number, cmaf: boolean) => [
  '-f', 'mp4', '-movflags', `+empty_moov+default_base_moof${cmaf ? '+cmaf' : ''}`,
  // The muxer cuts as soon as a fragment holds this much: one video frame, or one AAC frame.
  '-frag_duration', String(Math.floor(fragmentMs * 1000)), '-flush_packets', '1',
];

/**
 * The audio encoder: its own ffmpeg, PCM on stdin, AAC in fragmented MP4 on stdout, one AAC
 * frame per fragment (so an audio part ends at most one AAC frame past its boundary). A separate process because one ffmpeg with
 * audio and video outputs still paces every output by the stream with the lowest timestamp, and
 * AAC's priming and 21 ms frames kept video fragments ~40 ms longer (bench: encoder section).
 */
export function buildAudioArgs(supportsCmafFlag: boolean): string[] {
  return [
    '-hide_banner', '-loglevel', process.env.GM_FFMPEG_LOGLEVEL ?? 'warning', '-nostats', '-nostdin',
    ...NO_PROBE, '-f', 's16le', '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '1', '-i', 'pipe:0',
    '-map', '0:a', '-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '1',
    ...fragmentedMp4(AAC_FRAME_MS, supportsCmafFlag), 'pipe:1',
  ];
}

/**
 * The one ffmpeg command that encodes the video ladder: raw I420 frames on stdin, `split` +
 * `scale` to every rung, x264 zerolatency with a GOP of exactly one second (IDRs aligned across
 * rungs because every rung sees the same frame numbers), and fragmented MP4 with one moof+mdat
 * per video frame on its own pipe per rung. Video only: audio is its own rendition.
 */
export function buildLadderArgs(o: LadderArgsOptions): string[] {
  const gop = Math.round(o.fps);
  const args = ['-hide_banner', '-loglevel', process.env.GM_FFMPEG_LOGLEVEL ?? 'warning', '-nostats', '-nostdin'];
  args.push(...NO_PROBE, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${o.sourceWidth}x${o.sourceHeight}`);
  args.push('-framerate', String(o.fps), '-i', 'pipe:0');
  const splits = o.rungs.map((_, i) => `[s${i}]`).join('');
  const scales = o.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic[v${i}]`).join(';');
  args.push('-filter_complex', `[0:v]split=${o.rungs.length}${splits};${scales}`);
  o.rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    args.push(
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-b:v', `${r.videoKbps}k`, '-maxrate', `${r.videoKbps}k`, '-bufsize', `${r.videoKbps}k`,
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0',
      '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-x264-params', 'scenecut=0:open-gop=0',
    );
    args.push(...fragmentedMp4(1000 / o.fps, o.supportsCmafFlag), `pipe:${FIRST_OUTPUT_FD + i}`);
  });
  return args;
}
