// Node helper for burning GTC1 into your own stream with plain ffmpeg, and for checking the result.
// The only Node-dependent file of src/timecode (the rest must stay browser-safe): do not re-export it
// from index.ts.
//
//   npx tsx src/timecode/burn-example.ts filter 1280 720 [--base MS | --wallclock]
//   npx tsx src/timecode/burn-example.ts burn in.mp4 out.mp4 [--base MS]
//   npx tsx src/timecode/burn-example.ts check out.mp4
//
// ffmpeg is taken from FFMPEG_PATH, else `ffmpeg` on PATH.

import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gtc1Geometry, unwrapGtc1 } from './gtc1.ts';
import { readGtc1FromYPlane } from './gtc1-read.ts';

/**
 * ffmpeg `geq` expression drawing GTC1 at one pixel per cell into a 30x4 image (one cell of quiet
 * zone around the 28x2 cells). T is the frame's timestamp in seconds; capture time =
 * baseMs + round(T * 1000). The CRC is computed bit by bit in registers 3..5, so geq must run
 * single-threaded (ffmpeg 4.1 shares the st()/ld() registers between slice threads).
 */
export function gtc1GeqExpression(baseMs: number): string {
  if (!Number.isSafeInteger(baseMs)) throw new RangeError(`baseMs must be an integer, got ${baseMs}`);
  return [
    'st(0,X-1)', // cell index i
    'st(1,Y-1)', // row r
    `st(2,mod(${baseMs}+round(T*1000),4294967296))`, // T mod 2^32
    'st(3,65535)', // crc
    'st(4,31)', // bit of T being fed, MSB first
    'while(gte(ld(4),0),' +
      'st(5,mod(floor(ld(3)/32768)+mod(floor(ld(2)/pow(2,ld(4))),2),2));' +
      'st(3,mod(ld(3)*2,65536));' +
      'st(3,ld(3)+ld(5)*(4129-2*bitand(ld(3),4129)));' + // crc ^= 0x1021 without bitxor
      'st(4,ld(4)-1))',
    'st(6,49-24*ld(1)-ld(0))', // position in the 48-bit word
    'st(7,if(gte(ld(6),16),mod(floor(ld(2)/pow(2,ld(6)-16)),2),mod(floor(ld(3)/pow(2,ld(6))),2)))',
    'if(between(ld(0),0,27)*between(ld(1),0,1),' +
      'if(eq(ld(0),0)+eq(ld(0),27),16,if(eq(ld(0),1)+eq(ld(0),26),235,16+219*ld(7))),128)',
  ].join(';');
}

/**
 * A -filter_complex graph that burns GTC1 into input `[0:v]` of a width x height stream and
 * labels the result `[v]` (yuv420p). The tiny 30x4 image is scaled by the cell size with
 * nearest-neighbour, cropped to the quiet zone and overlaid in yuv444 so odd offsets stay exact.
 */
export function gtc1FfmpegFilter(width: number, height: number, baseMs: number): string {
  const g = gtc1Geometry(width, height);
  if (!g) throw new RangeError(`${width}x${height} cannot carry GTC1 (narrower than 30 cells)`);
  const c = g.cell;
  const q = g.quiet.x0;
  return (
    `[0:v]split[gtc_main][gtc_t];` +
    `[gtc_t]scale=30:4,format=yuv444p,geq=threads=1:lum='${gtc1GeqExpression(baseMs)}':cb=128:cr=128,` +
    `scale=${30 * c}:${4 * c}:flags=neighbor,crop=${29 * c}:${3 * c}:${q}:${q}[gtc_strip];` +
    `[gtc_main][gtc_strip]overlay=${q}:${q}:format=yuv444,format=yuv420p[v]`
  );
}

function ffmpegPath(): string {
  return process.env.FFMPEG_PATH ?? 'ffmpeg';
}

function probeSize(file: string): { width: number; height: number } {
  const r = spawnSync(ffmpegPath(), ['-hide_banner', '-i', file], { encoding: 'utf8' });
  const m = /Stream #.*Video:.*?(\d{2,5})x(\d{2,5})/.exec(r.stderr ?? '');
  if (!m) throw new Error(`cannot find a video stream in ${file}:\n${r.stderr ?? r.error?.message ?? ''}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

function burn(input: string, output: string, baseMs: number | undefined, wallclock: boolean): number {
  const { width, height } = probeSize(input);
  const base = wallclock ? 0 : (baseMs ?? Date.now());
  const args = [
    '-hide_banner',
    '-y',
    ...(wallclock ? ['-use_wallclock_as_timestamps', '1'] : []),
    '-i',
    input,
    ...(wallclock ? ['-copyts'] : []),
    '-filter_complex',
    gtc1FfmpegFilter(width, height, base),
    '-map',
    '[v]',
    '-map',
    '0:a?',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-c:a',
    'copy',
    output,
  ];
  console.error(`base ${base} ms; ${ffmpegPath()} ${args.map((a) => (/[\s;'[\]]/.test(a) ? `"${a}"` : a)).join(' ')}`);
  const r = spawnSync(ffmpegPath(), args, { stdio: 'inherit' });
  return r.status ?? 1;
}

/** Decodes every frame to luma and reads it; exit status 1 when any frame does not decode. */
async function check(file: string): Promise<number> {
  const { width, height } = probeSize(file);
  const frame = new Uint8Array(width * height);
  let filled = 0;
  let frames = 0;
  let first: number | null = null;
  let last: number | null = null;
  let minStep = Infinity;
  let maxStep = -Infinity;
  let minMargin = Infinity;
  const failures = new Map<string, number>();

  const onFrame = (): void => {
    const read = readGtc1FromYPlane(frame, width, height);
    frames++;
    if (!read.ok) {
      failures.set(read.reason, (failures.get(read.reason) ?? 0) + 1);
      return;
    }
    const ms = unwrapGtc1(read.t32, last ?? Date.now());
    if (last !== null) {
      minStep = Math.min(minStep, ms - last);
      maxStep = Math.max(maxStep, ms - last);
    }
    first ??= ms;
    last = ms;
    minMargin = Math.min(minMargin, read.margin);
  };

  const proc = spawn(ffmpegPath(), ['-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const chunk of proc.stdout as AsyncIterable<Uint8Array>) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frame.length - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frame.length) {
        onFrame();
        filled = 0;
      }
    }
  }
  const status = await new Promise<number>((resolve) => proc.on('close', (code) => resolve(code ?? 1)));

  const bad = [...failures.values()].reduce((a, b) => a + b, 0);
  console.log(`${file}: ${width}x${height}, ${frames} frames, ${frames - bad} decoded`);
  if (bad > 0) console.log(`  failures: ${[...failures].map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (first !== null && last !== null) {
    console.log(`  first T ${new Date(first).toISOString()}, last T ${new Date(last).toISOString()}`);
    if (frames - bad > 1) console.log(`  step between decoded frames: ${minStep}..${maxStep} ms`);
    console.log(`  min margin ${minMargin.toFixed(3)}`);
  }
  return status === 0 && bad === 0 && frames > 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { base: { type: 'string' }, wallclock: { type: 'boolean', default: false } },
  });
  const [command, a, b] = positionals;
  const baseMs = values.base === undefined ? undefined : Number(values.base);
  if (command === 'filter' && a && b) {
    console.log(gtc1FfmpegFilter(Number(a), Number(b), values.wallclock ? 0 : (baseMs ?? Date.now())));
    return 0;
  }
  if (command === 'burn' && a && b) return burn(a, b, baseMs, values.wallclock);
  if (command === 'check' && a) return check(a);
  console.error(
    'usage: burn-example.ts filter WIDTH HEIGHT [--base MS | --wallclock]\n' +
      '       burn-example.ts burn IN OUT [--base MS | --wallclock]\n' +
      '       burn-example.ts check FILE',
  );
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
