// `glassmeter check URL|FILE`: decodes a sample of a stream (HLS, DASH, a file: whatever ffmpeg
// opens) to luma, finds GTC1 in each frame like the page does, and reports what it found.
import { spawn } from 'node:child_process';
import { findFfmpeg } from '../origin/encoder/find-ffmpeg.ts';
import { gtc1DefaultPlacement, locateGtc1, readGtc1At, yPlaneRegion, type Gtc1Placement } from '../timecode/index.ts';
import { fpsModeFlag } from './burn.ts';
import { CheckStats, formatCheckReport, type CheckReport } from './check-report.ts';
import { UsageError, usageError } from '../cli/usage-error.ts';
import { parseFlagsAndOperands } from '../cli/flags.ts';

export const CHECK_USAGE = `Usage: npm run check -- [options] URL|FILE     (or: npx glassmeter check ...)

Decodes a sample of a stream (HLS or DASH URL, or a file) with ffmpeg, finds GTC1 in every frame
and reports the decode rate, where the code is and at which scale, and the step between the
capture times of consecutive frames. ffmpeg picks the highest-resolution video.

Options:
  --seconds N          how much of the stream to decode (default 10)
  --min-decode-rate P  exit 1 when fewer than P% of the frames decode (default 99)
  --json               print the report as JSON
  --help               this text

Exit codes: 0 decoded; 1 below --min-decode-rate; 2 bad arguments; 3 nothing could be decoded.
`;

export interface CheckOptions {
  source: string;
  seconds: number;
  minDecodeRate: number;
  json: boolean;
  help: boolean;
}

export function parseCheckArgs(argv: string[]): CheckOptions {
  const { flags, operands } = parseFlagsAndOperands(
    argv,
    { seconds: { type: 'string' }, 'min-decode-rate': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    usageError,
  );
  if (flags.help) return { source: '', seconds: 0, minDecodeRate: 0, json: false, help: true };
  if (operands.length !== 1) throw new UsageError(`give one URL or FILE (got ${operands.length === 0 ? 'none' : operands.map((o) => JSON.stringify(o)).join(' ')})`);
  const seconds = Number(flags.seconds ?? 10);
  if (!Number.isFinite(seconds) || seconds < 0.5 || seconds > 3600) throw new UsageError(`--seconds ${flags.seconds}: from 0.5 to 3600`);
  const rate = Number(flags['min-decode-rate'] ?? 99);
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) throw new UsageError(`--min-decode-rate ${flags['min-decode-rate']}: a percentage from 0 to 100`);
  return { source: operands[0] as string, seconds, minDecodeRate: rate / 100, json: flags.json === true, help: false };
}

/** Reads one luma frame: at the last placement that worked, else the default one, else a search. */
class FrameReader {
  private locked: Gtc1Placement | null = null;

  constructor(private readonly stats: CheckStats) {}

  read(frame: Uint8Array, width: number, height: number): void {
    const region = yPlaneRegion(frame, width, height);
    for (const p of [this.locked, gtc1DefaultPlacement(width, height)]) {
      if (!p) continue;
      const r = readGtc1At(region, p);
      if (r.ok) {
        this.locked = p;
        this.stats.decoded(r.t32, p, Date.now());
        return;
      }
    }
    const found = locateGtc1(region);
    if (found) {
      this.locked = found.placement;
      this.stats.decoded(found.read.t32, found.placement, Date.now());
    } else this.stats.failed(this.locked ? 'lost' : 'not-found');
  }
}

const OUTPUT_SIZE = /Output #0[\s\S]*?Video: rawvideo[^\n]*?, (\d{2,5})x(\d{2,5})/;

/** Decodes and reads; the frame size comes from ffmpeg's own description of its output. */
export async function sampleStream(o: CheckOptions): Promise<CheckReport | { error: string }> {
  const ffmpeg = findFfmpeg();
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'info',
    '-i', o.source,
    '-an', '-sn', '-dn',
    '-t', String(o.seconds),
    // One output frame per decoded frame: a constant-rate output would duplicate or drop some.
    fpsModeFlag(ffmpeg.version), 'passthrough',
    '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
  ];
  const child = spawn(ffmpeg.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let size: { width: number; height: number } | null = null;
  let stats: CheckStats | null = null;
  let reader: FrameReader | null = null;
  let frame = new Uint8Array(0);
  let filled = 0;
  const early: Uint8Array[] = []; // bytes that came before ffmpeg said the size

  const feed = (chunk: Uint8Array) => {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(frame.length - filled, chunk.length - off);
      frame.set(chunk.subarray(off, off + n), filled);
      filled += n;
      off += n;
      if (filled === frame.length) {
        reader!.read(frame, size!.width, size!.height);
        filled = 0;
      }
    }
  };
  const start = (): boolean => {
    if (size) return true;
    const m = OUTPUT_SIZE.exec(stderr);
    if (!m) return false;
    size = { width: Number(m[1]), height: Number(m[2]) };
    frame = new Uint8Array(size.width * size.height);
    stats = new CheckStats(size.width, size.height);
    reader = new FrameReader(stats);
    for (const c of early.splice(0)) feed(c);
    return true;
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    stderr = (stderr + c).slice(-64 * 1024); // bounded; the size line comes early
    start();
  });
  child.stdout.on('data', (c: Uint8Array) => {
    if (start()) feed(c);
    else if (early.length < 1024) early.push(c);
  });
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? -1));
  });
  if (!stats) {
    const why = stderr.trim().split('\n').slice(-3).join(' | ');
    return { error: `ffmpeg could not decode ${o.source} (exit ${code}): ${why}` };
  }
  return (stats as CheckStats).report(o.source);
}

export async function runCheck(o: CheckOptions): Promise<number> {
  const r = await sampleStream(o);
  if ('error' in r) {
    console.error(`check: error: ${r.error}`);
    return 3;
  }
  console.log(o.json ? JSON.stringify(r, null, 2) : formatCheckReport(r));
  if (r.frames === 0) return 3;
  if (r.decodeRate < o.minDecodeRate) {
    console.error(`check: GTC1 read in ${(r.decodeRate * 100).toFixed(1)}% of the frames, below --min-decode-rate ${(o.minDecodeRate * 100).toFixed(1)}%`);
    return 1;
  }
  return 0;
}
