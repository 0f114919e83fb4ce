// Test support for `glassmeter burn`: a live lavfi source with a flash and a beep at the start of
// every second, the CLI as a child process, and A/V sync read back from ffmpeg's own analysis.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFfmpeg } from '../../origin/encoder/find-ffmpeg.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the flash is drawn on a WxH source: a square at the bottom right, clear of GTC1. */
export const flashBox = (w: number, h: number) => ({ x: w - h / 4, y: (3 * h) / 4, size: h / 4 });

/**
 * `burn` arguments for a live lavfi source: testsrc2 at WxH and fps with a white square for the
 * first 100 ms of every second (black otherwise), and a 1 kHz beep over the same 100 ms, in one
 * input (like an SRT or RTMP stream carrying both).
 */
export function flashBeepSource(w: number, h: number, fps: number): string[] {
  const b = flashBox(w, h);
  const box = `x=${b.x}:y=${b.y}:w=${b.size}:h=${b.size}:t=fill`;
  return [
    '--input-format', 'lavfi',
    `testsrc2=s=${w}x${h}:r=${fps},drawbox=${box}:color=black,drawbox=${box}:color=white:enable='lt(mod(t,1),0.1)',realtime[out0];` +
      `aevalsrc='if(lt(mod(t,1),0.1),0.5*sin(2*PI*1000*t),0)':s=48000:c=mono,arealtime[out1]`,
  ];
}

/** `glassmeter burn ARGS` as a child (node + tsx, no npx, so a signal reaches it directly). */
export function spawnBurn(args: string[], stdout: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'src/burn/cli.ts'), 'burn', ...args], { cwd: root, stdio: ['ignore', stdout, 'pipe'] });
}

/** Resolves with the exit code and everything the child wrote to stderr. */
export function exited(child: ChildProcess): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (stderr = (stderr + c).slice(-32 * 1024)));
  return new Promise((r) => child.on('close', (code) => r({ code: code ?? -1, stderr })));
}

/** (pts_time, value of `key`) per frame from the log of one (a)metadata=print filter. */
function metadataTimes(log: string, filter: 'metadata' | 'ametadata', key: string): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  const line = new RegExp(`^\\[Parsed_${filter}_\\d+ @ [^\\]]*\\] (.*)$`);
  let t = NaN;
  for (const raw of log.split('\n')) {
    const body = line.exec(raw)?.[1];
    if (body === undefined) continue;
    const pts = /pts_time:(-?[\d.]+)/.exec(body);
    if (pts) t = Number(pts[1]);
    else if (body.startsWith(`${key}=`)) out.push({ t, v: Number(body.slice(key.length + 1)) });
  }
  return out;
}

/** Times (s) at which `samples` cross from below `threshold` to above it. */
function onsets(samples: { t: number; v: number }[], threshold: number): number[] {
  const times: number[] = [];
  let prev = -Infinity;
  for (const s of samples) {
    if (s.v > threshold && !(prev > threshold)) times.push(s.t);
    prev = s.v;
  }
  return times;
}

/**
 * Flash and beep onsets in a burned stream, on its own timestamps: the flash from the square's
 * mean luma per frame, the beep from the peak level per 1 ms of audio.
 */
export async function flashAndBeep(source: string, w: number, h: number): Promise<{ flashes: number[]; beeps: number[] }> {
  const b = flashBox(w, h);
  const graph =
    `[0:v]crop=${b.size}:${b.size}:${b.x}:${b.y},signalstats,metadata=print:key=lavfi.signalstats.YAVG[vo];` +
    `[0:a]asetnsamples=n=48:p=0,astats=metadata=1:reset=1,ametadata=print:key=lavfi.astats.Overall.Peak_level[ao]`;
  const stderr = await new Promise<string>((res, rej) =>
    execFile(findFfmpeg().path, ['-hide_banner', '-nostdin', '-i', source, '-filter_complex', graph, '-map', '[vo]', '-map', '[ao]', '-f', 'null', '-'], { maxBuffer: 256 * 1024 * 1024 }, (err, _o, e) =>
      err ? rej(new Error(`ffmpeg analysis failed: ${e.slice(-1500)}`)) : res(e),
    ),
  );
  return {
    flashes: onsets(metadataTimes(stderr, 'metadata', 'lavfi.signalstats.YAVG'), 128),
    beeps: onsets(metadataTimes(stderr, 'ametadata', 'lavfi.astats.Overall.Peak_level'), -20),
  };
}
