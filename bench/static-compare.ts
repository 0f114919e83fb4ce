import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { freePort } from '../src/edge/free-port.ts';
import { join } from 'node:path';
import { startNginx } from './nginx.ts';
import { fileURLToPath } from 'node:url';
import type { RunningOrigin } from '../src/origin/start-origin.ts';

export interface StaticCompareResult {
  objectBytes: number;
  connections: number;
  seconds: number;
  originRps: number;
  nginxRps: number | null;
  /** origin / nginx requests per second, measured in the same run. */
  ratio: number | null;
  note: string | null;
}

async function load(url: string, connections: number, seconds: number): Promise<{ rps: number; errors: number }> {
  const script = fileURLToPath(new URL('./http-load.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(connections), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out) as { rps: number; errors: number };
}

/**
 * Part-serving throughput: the origin serving one published part vs nginx (one worker, like
 * the single Node process) serving the same bytes as a static file, with the same client.
 */
export async function runStaticCompare(origin: RunningOrigin, connections: number, seconds: number): Promise<StaticCompareResult> {
  const timeline = origin.pipeline.packager.timeline('ll200', 0)!;
  const segment = timeline.lastCompleteSegment;
  const part = segment?.parts[0];
  if (!segment || !part) throw new Error('no complete part to serve');
  const bytes = Buffer.concat(part.chunks.map((c) => c.bytes));
  const originUrl = `${origin.baseUrl}/live/ll200/720p/${part.msn}.${part.index}.m4s`;
  const originResult = await load(originUrl, connections, seconds);
  const base = { objectBytes: bytes.length, connections, seconds, originRps: Math.round(originResult.rps) };

  const port = await freePort();
  const nginx = await startNginx({
    port,
    readyPath: '/part.m4s',
    prepare: (dir) => writeFileSync(join(dir, 'part.m4s'), bytes, { mode: 0o644 }),
    http: (dir) => `  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { video/mp4 m4s; }
  server {
    listen 127.0.0.1:${port};
    root ${dir};
  }`,
  });
  if (!nginx) return { ...base, nginxRps: null, ratio: null, note: 'nginx is not installed (apt-get install nginx-light): comparison skipped' };
  try {
    const nginxResult = await load(`${nginx.baseUrl}/part.m4s`, connections, seconds);
    const nginxRps = Math.round(nginxResult.rps);
    return { ...base, nginxRps, ratio: nginxRps ? Number((base.originRps / nginxRps).toFixed(2)) : null, note: null };
  } finally {
    await nginx.stop();
  }
}
