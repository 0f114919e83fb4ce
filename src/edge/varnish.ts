/**
 * The CDN edge: varnishd as a child process in front of the origin, with edge/glassmeter.vcl.
 * Used by `npm start -- --edge`, `measure --edge`, the bench and the integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORIGIN_CONFIG } from '../origin/config.ts';
import { isExecutable } from '../origin/encoder/find-ffmpeg.ts';
import { maxHoldMs } from '../origin/hls/blocking.ts';
import { isDash, PROFILES } from '../shared/stream/profiles.ts';

const VCL_TEMPLATE = resolve(dirname(fileURLToPath(import.meta.url)), '../../edge/glassmeter.vcl');

export class VarnishNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `varnishd not found (${detail}). Install Varnish: "apt-get install varnish" (Debian/Ubuntu), ` +
        `"brew install varnish" (macOS), or set VARNISHD_PATH to a varnishd 7.x.`,
    );
  }
}

/** VARNISHD_PATH, else varnishd on PATH (Debian installs it in /usr/sbin, which users' PATH may lack). */
export function findVarnishd(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.VARNISHD_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new VarnishNotFoundError(`VARNISHD_PATH=${explicit} is not executable`);
    return explicit;
  }
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir && isExecutable(join(dir, 'varnishd'))) return join(dir, 'varnishd');
  }
  throw new VarnishNotFoundError('not on PATH, /usr/sbin or /usr/local/sbin, and VARNISHD_PATH is unset');
}

/** The longest time the origin may hold a request, over every profile (ms). */
export function longestHoldMs(): number {
  // Plain HLS holds nothing.
  const hold = (p: (typeof PROFILES)[number]) => (p.kind === 'll-hls' ? maxHoldMs(p) : isDash(p) ? ORIGIN_CONFIG.dashHoldMs(p.segmentMs) : 0);
  return Math.max(...PROFILES.map(hold));
}

/** The VCL with the origin's address and the backend timeouts filled in. */
export function renderVcl(template: string, origin: { host: string; port: number }, holdMs: number): string {
  if (!/^[A-Za-z0-9.\-:]+$/.test(origin.host)) throw new Error(`bad origin host "${origin.host}"`);
  // 5 s past the longest hold: the origin's own 503 must reach the viewer, not an edge timeout.
  const timeout = `${Math.ceil(holdMs / 1000) + 5}s`;
  const filled = template.replaceAll('@ORIGIN_HOST@', origin.host).replaceAll('@ORIGIN_PORT@', String(origin.port)).replaceAll('@HOLD_TIMEOUT@', timeout);
  const left = /@[A-Z_]+@/.exec(filled);
  if (left) throw new Error(`VCL placeholder ${left[0]} not filled`);
  return filled;
}

export interface EdgeOptions {
  originPort: number;
  originHost?: string;
  /** Edge HTTP port (0 is not supported: varnishd would not tell us which it picked). */
  port: number;
  /** Listen address (default 127.0.0.1; "" for all interfaces). */
  host?: string;
  /** Cache size, MB (default 256). */
  storageMb?: number;
  log?: (message: string) => void;
}

export interface RunningEdge {
  port: number;
  baseUrl: string;
  pid: number;
  workDir: string;
  /** Resolves once the edge's health probe has seen the origin ready (it answers 503 before). */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function portAccepts(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect({ port, host }, () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.on('error', () => resolvePort(false));
  });
}

/**
 * Starts varnishd in the foreground (-F) as our child, in its own working directory under the
 * system temp dir, and resolves once it accepts connections. It is stopped by `stop()` and,
 * if this process exits or crashes first, by the exit hook.
 */
export async function startEdge(o: EdgeOptions): Promise<RunningEdge> {
  const varnishd = findVarnishd();
  const log = o.log ?? (() => undefined);
  const listenHost = o.host ?? '127.0.0.1';
  const workDir = mkdtempSync(join(tmpdir(), 'glassmeter-edge-'));
  const vclPath = join(workDir, 'glassmeter.vcl');
  writeFileSync(vclPath, renderVcl(readFileSync(VCL_TEMPLATE, 'utf8'), { host: o.originHost ?? '127.0.0.1', port: o.originPort }, longestHoldMs()));
  const args = [
    '-F',
    '-n', join(workDir, 'varnish'),
    '-a', `${listenHost}:${o.port}`,
    '-f', vclPath,
    '-s', `malloc,${o.storageMb ?? 256}m`,
    // No management port: nothing else talks to this varnishd, and it would need a port of its own.
    '-T', 'none',
    // The temp dir belongs to us; the unix jail would switch to a "varnish" user that cannot read it.
    '-j', 'none',
    // Woken waiters: each finished delivery wakes this many parked requests (default 3, an
    // exponential ramp); a high value releases thousands of coalesced viewers at once.
    '-p', 'rush_exponent=64',
    '-p', 'thread_pool_min=50',
    '-p', 'thread_pool_max=2000',
    // Viewers hold their connections between playlist reloads.
    '-p', 'timeout_idle=65',
  ];
  const child: ChildProcess = spawn(varnishd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const cleanup = () => {
    process.off('exit', killOnExit);
    rmSync(workDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  const probeHost = listenHost === '' || listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost;
  while (!(await portAccepts(o.port, probeHost))) {
    if (!running || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      cleanup();
      throw new Error(`varnishd did not start on port ${o.port}:\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`edge: varnishd ${child.pid} on port ${o.port} in front of the origin on ${o.originPort} (${workDir})`);
  return {
    port: o.port,
    baseUrl: `http://localhost:${o.port}`,
    pid: child.pid ?? 0,
    workDir,
    async waitUntilHealthy(timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!(await fetch(`http://${probeHost}:${o.port}/healthz`).then((r) => r.ok, () => false))) {
        if (Date.now() > until) throw new Error(`the edge on port ${o.port} did not see the origin healthy within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      if (running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}
