import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

export interface FfmpegInfo {
  path: string;
  /** Where it was found: FFMPEG_PATH, PATH or the npm package. */
  origin: 'FFMPEG_PATH' | 'PATH' | 'npm';
  version: string;
  supportsCmafFlag: boolean;
}

export class FfmpegNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `ffmpeg not found (${detail}). Install one: "apt-get install ffmpeg" (Debian/Ubuntu), ` +
        `"brew install ffmpeg" (macOS), or set FFMPEG_PATH to an ffmpeg built with libx264. ` +
        `"npm install" also tries the optional package @ffmpeg-installer/ffmpeg.`,
    );
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'ffmpeg');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function fromNpm(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    return typeof pkg.path === 'string' && isExecutable(pkg.path) ? pkg.path : null;
  } catch {
    return null;
  }
}

function probe(path: string, origin: FfmpegInfo['origin']): FfmpegInfo {
  const banner = execFileSync(path, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
  const version = /ffmpeg version (\S+)/.exec(banner)?.[1] ?? 'unknown';
  const help = execFileSync(path, ['-hide_banner', '-h', 'muxer=mp4'], { encoding: 'utf8', timeout: 10_000 });
  const encoders = execFileSync(path, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000 });
  if (!/\blibx264\b/.test(encoders)) throw new FfmpegNotFoundError(`${path} (${origin}) has no libx264 encoder`);
  return { path, origin, version, supportsCmafFlag: /\bcmaf\b/.test(help) };
}

/** FFMPEG_PATH, then `ffmpeg` on PATH, then the binary shipped by the optional npm package. */
export function findFfmpeg(): FfmpegInfo {
  const explicit = process.env.FFMPEG_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new FfmpegNotFoundError(`FFMPEG_PATH=${explicit} is not an executable file`);
    return probe(explicit, 'FFMPEG_PATH');
  }
  const onPath = fromPath();
  if (onPath) return probe(onPath, 'PATH');
  const npm = fromNpm();
  if (npm) return probe(npm, 'npm');
  throw new FfmpegNotFoundError('not in FFMPEG_PATH, not on PATH, no @ffmpeg-installer/ffmpeg');
}
