/**
 * nginx as a child in a temp folder of its own (config, pid, logs, temp paths): the bench's
 * comparison servers and the tests' plain static server. Found at /usr/sbin or /usr/bin.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function nginxPath(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (spawnSync(p, ['-v']).status === 0) return p;
  return null;
}

/** nginx's temp folders inside our own dir (the defaults are under /var, not ours to write). */
const tempPaths = (dir: string) => ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k === 'body' ? 'client_body' : k}_temp_path ${dir}/${k};`).join('\n');

export interface RunningNginx {
  baseUrl: string;
  pid: number;
  /** The folder nginx runs in (removed by stop). */
  dir: string;
  stop(): Promise<void>;
}

export interface NginxSpec {
  /** Everything inside http { } after the temp paths, given nginx's folder. */
  http: (dir: string) => string;
  port: number;
  /** Answers 200 once nginx serves. */
  readyPath: string;
  /** Lines before events { } (e.g. worker_rlimit_nofile). */
  main?: string;
  workerConnections?: number;
  /** Files to put in nginx's folder before it starts. */
  prepare?: (dir: string) => void;
}

/** Starts nginx (one worker) and waits until `readyPath` answers; null when nginx is not installed. */
export async function startNginx(spec: NginxSpec): Promise<RunningNginx | null> {
  const nginx = nginxPath();
  if (!nginx) return null;
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-nginx-'));
  // Started as root, nginx serves from unprivileged workers: they must be able to read its folder.
  chmodSync(dir, 0o755);
  spec.prepare?.(dir);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
${spec.main ?? ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${spec.workerConnections ?? 1024}; }
http {
  access_log off;
${tempPaths(dir)}
${spec.http(dir)}
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
  const baseUrl = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await fetch(baseUrl + spec.readyPath).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline || server.exitCode !== null) {
      const log = readFileSync(join(dir, 'error.log'), 'utf8').slice(-800);
      await stop();
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, pid: server.pid ?? 0, dir, stop };
}
