// `glassmeter burn` arguments -> the ffmpeg command it runs (pure: no spawn, no file system).
import { UsageError, usageError } from '../cli/usage-error.ts';
import { parseFlagsAndOperands } from '../cli/flags.ts';
import { gtc1FfmpegFilter } from './gtc1-filter.ts';

// The CLIs share one UsageError (src/cli/usage-error.ts); re-exported for this CLI's callers.
export { UsageError };

export const BURN_USAGE = `Usage: npm run burn -- [options] INPUT OUTPUT     (or: npx glassmeter burn ...)

Reads a live input with ffmpeg, burns GTC1 into every frame with the wall-clock time at which
ffmpeg received it, keeps the audio in sync, encodes (libx264, AAC) and writes OUTPUT.

  INPUT   anything ffmpeg reads live: srt://:9000?mode=listener, udp://@:5000,
          rtmp://0.0.0.0:1935/live/in (with --input-option listen=1), a capture device
          (/dev/video0 with --input-format v4l2), or a lavfi graph with --input-format lavfi
          (end it with realtime / arealtime so it runs at the speed of the clock)
  OUTPUT  a path ending in .m3u8 (HLS: the folder is created), rtmp://..., srt://...,
          udp://..., - (MPEG-TS on stdout, for a pipe into your own ffmpeg), or a file

Options:
  --input-format F      ffmpeg's -f for the input (lavfi, v4l2, alsa, mpegts, flv, ...)
  --input-option K=V    an ffmpeg input option, repeatable (e.g. listen=1, video_size=1280x720)
  --audio-input A       take the audio from a second input (e.g. an ALSA device, or a lavfi
                        graph); both inputs are taken to start at the same moment
  --audio-input-format F  ffmpeg's -f for --audio-input
  --output-format F     ffmpeg's -f for the output (default: hls for .m3u8, flv for rtmp,
                        mpegts for srt, udp and -, else from the file name)
  --size WxH            scale to this size before burning (default: the input's size)
  --gop S               keyframe interval in seconds (default 1; also the HLS segment length)
  --bitrate KBPS        video bitrate (default 3000)
  --preset P            x264 preset (default veryfast; tune zerolatency)
  --no-audio            no audio (needed when the input has none)
  --duration S          stop after S seconds (default: until Ctrl-C)
  --dry-run             print the ffmpeg command and exit
  --help                this text

Each frame is stamped with the wall clock when the first frames arrived plus the input's own
time since then: evenly spaced, audio kept where the input had it. After an interruption of the
input (a stalled network), restart burn: the stamps do not see the gap.
`;

export interface BurnOptions {
  input: string;
  output: string;
  inputFormat: string | null;
  inputOptions: [string, string][];
  /** A second input the audio comes from, instead of the video's input. */
  audioInput: { url: string; format: string | null } | null;
  outputFormat: string | null;
  size: { width: number; height: number } | null;
  gopS: number;
  bitrateKbps: number;
  preset: string;
  audio: boolean;
  durationS: number | null;
  dryRun: boolean;
  help: boolean;
}

const NAME = /^[A-Za-z0-9_]{1,40}$/; // an ffmpeg option or format name

function numberIn(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} ${raw}: a number from ${min} to ${max}`);
  return n;
}

function formatName(flag: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!NAME.test(raw)) throw new UsageError(`--${flag} ${raw}: a format name such as lavfi, v4l2, mpegts`);
  return raw;
}

export function parseBurnArgs(argv: string[]): BurnOptions {
  const { flags: values, operands: positionals } = parseFlagsAndOperands(
    argv,
    {
      'input-format': { type: 'string' },
      'input-option': { type: 'string', multiple: true },
      'audio-input': { type: 'string' },
      'audio-input-format': { type: 'string' },
      'output-format': { type: 'string' },
      size: { type: 'string' },
      gop: { type: 'string' },
      bitrate: { type: 'string' },
      preset: { type: 'string' },
      'no-audio': { type: 'boolean' },
      duration: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usageError,
  );
  const help = values.help === true;
  if (!help && positionals.length !== 2) throw new UsageError(`give INPUT and OUTPUT (got ${positionals.length} argument${positionals.length === 1 ? '' : 's'})`);
  const [input = '', output = ''] = positionals;
  const inputOptions = (values['input-option'] ?? []).map((kv): [string, string] => {
    const eq = kv.indexOf('=');
    const key = eq > 0 ? kv.slice(0, eq) : '';
    if (!NAME.test(key)) throw new UsageError(`--input-option ${kv}: KEY=VALUE with an ffmpeg option name as KEY`);
    return [key, kv.slice(eq + 1)];
  });
  let size: BurnOptions['size'] = null;
  if (values.size !== undefined) {
    const m = /^(\d{2,5})x(\d{2,5})$/.exec(values.size);
    const width = Number(m?.[1]);
    const height = Number(m?.[2]);
    // Even sizes: yuv420p and libx264 need them. 30 cells of at least 4 px.
    if (!m || width % 2 || height % 2 || width < 120 || height < 96 || width > 7680 || height > 4320) {
      throw new UsageError(`--size ${values.size}: WIDTHxHEIGHT, even, from 120x96 to 7680x4320`);
    }
    size = { width, height };
  }
  if (values['audio-input-format'] !== undefined && values['audio-input'] === undefined) throw new UsageError('--audio-input-format needs --audio-input');
  if (values['audio-input'] !== undefined && values['no-audio']) throw new UsageError('--audio-input and --no-audio exclude each other');
  const preset = values.preset ?? 'veryfast';
  if (!/^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$/.test(preset)) throw new UsageError(`--preset ${preset}: an x264 preset (ultrafast ... veryslow)`);
  return {
    input,
    output,
    inputFormat: formatName('input-format', values['input-format']),
    inputOptions,
    audioInput: values['audio-input'] === undefined ? null : { url: values['audio-input'], format: formatName('audio-input-format', values['audio-input-format']) },
    outputFormat: formatName('output-format', values['output-format']),
    size,
    gopS: numberIn('gop', values.gop, 1, 0.1, 60),
    bitrateKbps: numberIn('bitrate', values.bitrate, 3000, 100, 100_000),
    preset,
    audio: values['no-audio'] !== true,
    durationS: values.duration === undefined ? null : numberIn('duration', values.duration, 0, 0.5, 7 * 24 * 3600),
    dryRun: values['dry-run'] === true,
    help,
  };
}

/** The muxer for OUTPUT: named, else by scheme or extension; null lets ffmpeg pick. */
export function outputFormatOf(o: Pick<BurnOptions, 'output' | 'outputFormat'>): string | null {
  if (o.outputFormat) return o.outputFormat;
  if (/\.m3u8$/i.test(o.output)) return 'hls';
  if (/^rtmps?:\/\//i.test(o.output)) return 'flv';
  if (o.output === '-' || /^(srt|udp|rtp|tcp):\/\//i.test(o.output)) return 'mpegts';
  return null;
}

/** Seconds since the epoch at which the graph started, as a timestamp offset in the link's time base. */
const ANCHOR = 'PTS+RTCSTART/1000000/TB';

/**
 * The ffmpeg arguments. Timing: the filter graph starts when the first frames have arrived, and
 * `setpts=PTS+RTCSTART` (RTCSTART: the wall clock at that moment) moves every frame, video and
 * audio alike, onto the wall clock: T = that moment + the input's own time since its start. So
 * the stamps are as evenly spaced as the input's timestamps (no scheduling jitter of ffmpeg's
 * own loop), the audio stays where the input had it, and reordered (B-)frames are fine.
 * -output_ts_offset moves both back by the same `epochS`, so the output starts near 0 (FLV has
 * 32-bit milliseconds).
 */
export function burnFfmpegArgs(o: BurnOptions, epochS: number, fpsMode: '-fps_mode' | '-vsync'): string[] {
  const format = outputFormatOf(o);
  const scale = o.size ? `scale=${o.size.width}:${o.size.height},` : '';
  // AVTB (microseconds) first: in lavfi's 1/fps time base the start time would round to a frame.
  const video = `[0:v]${scale}settb=AVTB,setpts=${ANCHOR}[gtc_in];` + gtc1FfmpegFilter('[gtc_in]', 0);
  const audio = o.audio ? `;[${o.audioInput ? 1 : 0}:a]asetpts=${ANCHOR}[a]` : '';
  const g = o.gopS;
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel', 'info',
    '-stats_period', '5',
    ...(o.inputFormat ? ['-f', o.inputFormat] : []),
    ...o.inputOptions.flatMap(([k, v]) => [`-${k}`, v]),
    '-i', o.input,
    ...(o.audioInput ? [...(o.audioInput.format ? ['-f', o.audioInput.format] : []), '-i', o.audioInput.url] : []),
    '-filter_complex', video + audio,
    '-map', '[v]',
    // One output frame per input frame: no duplicating or dropping to a constant rate.
    fpsMode, 'passthrough',
    '-c:v', 'libx264', '-preset', o.preset, '-tune', 'zerolatency',
    '-b:v', `${o.bitrateKbps}k`, '-maxrate', `${o.bitrateKbps}k`, '-bufsize', `${o.bitrateKbps * g}k`,
    // A keyframe every gop seconds, whatever the frame rate (t is on the wall clock here).
    '-force_key_frames', `expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+${g}))`, '-g', '100000', '-sc_threshold', '0',
    ...(o.audio ? ['-map', '[a]', '-c:a', 'aac', '-b:a', '128k'] : []),
    '-output_ts_offset', `-${epochS}`,
  ];
  if (format === 'hls') args.push('-f', 'hls', '-hls_time', String(g), '-hls_list_size', '10', '-hls_flags', 'delete_segments+independent_segments');
  else if (format) args.push('-f', format);
  if (format === 'flv') args.push('-flvflags', 'no_duration_filesize');
  args.push('-y', o.output === '-' ? 'pipe:1' : o.output);
  return args;
}

/** A command line a user can paste into a POSIX shell. */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
