// `glassmeter burn`: runs the ffmpeg command burnFfmpegArgs builds, says what it is doing, and
// turns ffmpeg's failures into one clear line naming the input or the output.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { findFfmpeg } from '../origin/encoder/find-ffmpeg.ts';
import { burnFfmpegArgs, outputFormatOf, shellQuote, type BurnOptions } from './burn-options.ts';

const log = (line: string) => process.stderr.write(`burn: ${line}\n`);
const TAIL_LINES = 20; // ffmpeg's last lines, kept to explain a failure

/** -fps_mode came with ffmpeg 5.1; older ones only have -vsync (a git build is taken as new). */
export function fpsModeFlag(version: string): '-fps_mode' | '-vsync' {
  const m = /^n?(\d+)\.(\d+)/.exec(version);
  if (!m) return '-fps_mode';
  const major = Number(m[1]);
  return major > 5 || (major === 5 && Number(m[2]) >= 1) ? '-fps_mode' : '-vsync';
}

/** ffmpeg's stderr lines that are noise for someone watching a live burn. */
const QUIET = /^\s*(Opening '|frame=|Press \[q\]|\[hls @[^\]]*\] Opening)/;

export async function runBurn(o: BurnOptions): Promise<number> {
  const ffmpeg = findFfmpeg();
  const epochS = Math.floor(Date.now() / 1000);
  const args = burnFfmpegArgs(o, epochS, fpsModeFlag(ffmpeg.version));
  const format = outputFormatOf(o) ?? 'by file name';
  log(`reading ${o.input}${o.inputFormat ? ` (${o.inputFormat})` : ''}; stamping each frame with the wall clock when ffmpeg receives it`);
  log(`writing ${o.output === '-' ? 'stdout' : o.output} (${format}${format === 'hls' ? `, ${o.gopS} s segments` : ''}); libx264 ${o.preset}, ${o.bitrateKbps} kbit/s, keyframe every ${o.gopS} s${o.audio ? ', audio AAC if the input has any' : ', no audio'}${o.size ? `, scaled to ${o.size.width}x${o.size.height}` : ''}`);
  log(`${ffmpeg.path} ${shellQuote(args)}`);
  if (o.dryRun) return 0;
  if (format === 'hls') {
    try {
      mkdirSync(dirname(o.output), { recursive: true });
    } catch (err) {
      log(`error: cannot create the output folder ${dirname(o.output)}: ${(err as Error).message}`);
      return 1;
    }
  }

  const child = spawn(ffmpeg.path, args, { stdio: ['ignore', o.output === '-' ? 'inherit' : 'ignore', 'pipe'] });
  const tail: string[] = [];
  let sawInput = false;
  let sawOutput = false;
  let frames = 0;
  let stopping = false;
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/[\r\n]/);
    pending = lines.pop() ?? '';
    if (pending.length > 4096) pending = pending.slice(-4096); // a line that never ends stays bounded
    for (const line of lines) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (/^Input #0/.test(line)) {
        sawInput = true;
        log('input opened');
      }
      if (/^Output #0/.test(line)) sawOutput = true;
      const f = /frame=\s*(\d+).*?fps=\s*([\d.]+)/.exec(line);
      if (f) {
        frames = Number(f[1]);
        log(`${frames} frames burned (${f[2]} fps)`);
      } else if (!QUIET.test(line) && /error|invalid|failed|refused|denied|no such|not found|cannot|unable/i.test(line)) log(`ffmpeg: ${line.trim()}`);
    }
  });
  const waiting = setTimeout(() => {
    if (!sawInput) log(`waiting for the input (${o.input}) to send something...`);
  }, 5000);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping (ffmpeg finishes the output)');
    child.kill('SIGINT');
  };
  const timer = o.durationS !== null ? setTimeout(stop, o.durationS * 1000) : null;
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await new Promise<number>((resolve) => {
    child.on('error', (err) => {
      log(`error: cannot run ${ffmpeg.path}: ${err.message}`);
      resolve(-1);
    });
    child.on('close', (c) => resolve(c ?? -1));
  });
  clearTimeout(waiting);
  if (timer) clearTimeout(timer);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  // ffmpeg exits 255 when it stops on a signal: that is our own stop.
  if ((code === 0 || stopping) && sawOutput) {
    log(`done: ${frames} frames burned`);
    return 0;
  }
  const why = tail.filter((l) => !QUIET.test(l)).slice(-3).join(' | ');
  if (o.audio && tail.some((l) => /Stream specifier ':a'.*matches no streams/.test(l))) log(`error: the input has no audio stream: add --no-audio`);
  else if (!sawInput) log(`error: ffmpeg could not read the input ${o.input}: ${why}`);
  else if (!sawOutput) log(`error: ffmpeg could not write the output ${o.output}: ${why}`);
  else log(`error: ffmpeg stopped (exit ${code}) after ${frames} frames: ${why}`);
  return 1;
}
