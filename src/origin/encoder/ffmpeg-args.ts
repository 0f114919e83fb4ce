import type { Rung } from './ladder.ts';
import { AUDIO_SAMPLE_RATE } from '../source/audio-tone.ts';

export interface LadderArgsOptions {
  sourceWidth: number;
  sourceHeight: number;
  fps: number;
  audio: boolean;
  rungs: Rung[];
  /** ffmpeg 5+ knows `-movflags cmaf`; the 4.1 npm fallback does not. */
  supportsCmafFlag: boolean;
}

export const AUDIO_KBPS = 64;

/** File descriptor of the child's audio input pipe and of the first rung's output pipe. */
export const AUDIO_INPUT_FD = 3;
export const FIRST_OUTPUT_FD = 4;

/**
 * The one ffmpeg command that encodes the whole ladder: raw I420 frames on stdin (and PCM on
 * fd 3), `split` + `scale` to every rung, x264 zerolatency with a GOP of exactly one second
 * (IDRs aligned across rungs because every rung sees the same frame numbers), and fragmented
 * MP4 with one moof+mdat per video frame on its own pipe per rung.
 */
export function buildLadderArgs(o: LadderArgsOptions): string[] {
  const gop = Math.round(o.fps);
  const args = ['-hide_banner', '-loglevel', process.env.GM_FFMPEG_LOGLEVEL ?? 'warning', '-nostats', '-nostdin'];
  // Probing is pointless for raw inputs and would block: ffmpeg opens inputs one after the
  // other, and probing 5 s of audio while nobody reads the video pipe deadlocks the source.
  const noProbe = ['-probesize', '32', '-analyzeduration', '0'];
  args.push(...noProbe, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${o.sourceWidth}x${o.sourceHeight}`);
  args.push('-framerate', String(o.fps), '-i', 'pipe:0');
  if (o.audio) {
    args.push(...noProbe, '-f', 's16le', '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '1', '-i', `pipe:${AUDIO_INPUT_FD}`);
  }
  const splits = o.rungs.map((_, i) => `[s${i}]`).join('');
  const scales = o.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic[v${i}]`).join(';');
  args.push('-filter_complex', `[0:v]split=${o.rungs.length}${splits};${scales}`);
  const movflags = `+empty_moov+default_base_moof${o.supportsCmafFlag ? '+cmaf' : ''}`;
  o.rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    if (o.audio) args.push('-map', '1:a');
    args.push(
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-b:v', `${r.videoKbps}k`, '-maxrate', `${r.videoKbps}k`, '-bufsize', `${r.videoKbps}k`,
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0',
      '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-x264-params', 'scenecut=0:open-gop=0',
    );
    if (o.audio) args.push('-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '1');
    args.push(
      '-f', 'mp4', '-movflags', movflags,
      // One fragment per video frame: the muxer cuts as soon as a fragment holds one frame interval.
      '-frag_duration', String(Math.floor(1e6 / o.fps)), '-flush_packets', '1',
      `pipe:${FIRST_OUTPUT_FD + i}`,
    );
  });
  return args;
}
