import { execFile } from 'node:child_process';
import { findFfmpeg } from '../encoder/find-ffmpeg.ts';

/** Helpers for integration tests and benchmarks that check media with the real ffmpeg. */
const ffmpeg = () => findFfmpeg().path;

function run(cmd: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.toString().slice(-2000)}`));
      else resolve(stdout);
    });
    if (input) child.stdin?.end(input);
  });
}

/** Decodes MP4 bytes (init + media) to raw 8-bit luma frames. */
export async function decodeLuma(mp4: Buffer, width: number, height: number): Promise<Uint8Array[]> {
  const raw = await run(ffmpeg(), ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], mp4);
  const size = width * height;
  const frames: Uint8Array[] = [];
  for (let off = 0; off + size <= raw.length; off += size) frames.push(new Uint8Array(raw.buffer, raw.byteOffset + off, size));
  return frames;
}

/** Picture types (I/P/B) of every decoded video frame, via ffmpeg's showinfo filter. */
export async function pictureTypes(mp4: Buffer): Promise<string[]> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      ffmpeg(),
      ['-hide_banner', '-i', 'pipe:0', '-vf', 'showinfo', '-f', 'null', '-'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(err) : resolve(stderr)),
    );
    child.stdin?.end(mp4);
  });
  return [...out.matchAll(/iskey:(\d).*?type:([IPB])/g)].map((m) => (m[1] === '1' ? `${m[2]}key` : m[2] ?? '?'));
}
