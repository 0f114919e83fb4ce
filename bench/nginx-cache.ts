/**
 * nginx with proxy_cache_lock in front of the origin: the fan-out bench's comparison edge. A
 * request that finds the cache locked re-checks on a timer (ngx_http_file_cache.c), instead of
 * being woken when the response arrives; this is what the bench measures.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/edge/free-port.ts';
import { nginxPath, nginxTempPaths } from './static-compare.ts';

export interface RunningNginx {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startNginxCache(originPort: number): Promise<RunningNginx | null> {
  const nginx = nginxPath();
  if (!nginx) return null;
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-nginx-cache-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  // Same intent as edge/glassmeter.vcl: key on the path and the delivery directives, lock
  // identical misses onto one origin request, never give up before the origin's hold ends.
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 12000; }
http {
  access_log off;
${nginxTempPaths(dir)}
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=gm:10m max_size=256m inactive=10m use_temp_path=off;
  upstream origin { server 127.0.0.1:${originPort}; keepalive 32; }
  server {
    listen 127.0.0.1:${port} backlog=8192;
    location /live/ {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache gm;
      proxy_cache_key "$uri?_HLS_msn=$arg__HLS_msn&_HLS_part=$arg__HLS_part&_HLS_skip=$arg__HLS_skip";
      proxy_cache_lock on;
      proxy_cache_lock_timeout 15s;
      proxy_cache_lock_age 15s;
      proxy_read_timeout 15s;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`,
  );
  const server = spawn(nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/live/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      const log = readFileSync(join(dir, 'error.log'), 'utf8').slice(-500);
      await stop();
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl: `http://127.0.0.1:${port}`, pid: server.pid ?? 0, stop };
}
