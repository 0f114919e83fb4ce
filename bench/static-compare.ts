import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../src/edge/free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** nginx's temp folders inside our own dir (the defaults are under /var, not ours to write). */
export const nginxTempPaths = (dir: string) => ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k === 'body' ? 'client_body' : k}_temp_path ${dir}/${k};`).join('\n');

export function nginxPath(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (spawnSync(p, ['-v']).status === 0) return p;
  return null;
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

  const nginx = nginxPath();
  if (!nginx) return { ...base, nginxRps: null, ratio: null, note: 'nginx is not installed (apt-get install nginx-light): comparison skipped' };
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'part.m4s'), bytes, { mode: 0o644 });
  // Started as root, nginx serves from unprivileged workers: they must be able to read the file.
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
${nginxTempPaths(dir)}
  types { video/mp4 m4s; }
  server {
    listen 127.0.0.1:${port};
    root ${dir};
  }
}
`,
  );
  const server = spawn(nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/part.m4s`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8').slice(-500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const nginxResult = await load(`http://127.0.0.1:${port}/part.m4s`, connections, seconds);
    const nginxRps = Math.round(nginxResult.rps);
    return { ...base, nginxRps, ratio: nginxRps ? Number((base.originRps / nginxRps).toFixed(2)) : null, note: null };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
