/**
 * Blocking fan-out: N LL-HLS clients hold `_HLS_msn/_HLS_part` for the same future part, and
 * one publication releases them all. Measured straight at the origin, through the Varnish edge
 * (edge/glassmeter.vcl) and through nginx with proxy_cache_lock, in one run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseTarget } from '../src/origin/hls/blocking.ts';
import { findProfile } from '../src/shared/stream/profiles.ts';
import type { RunningOrigin } from '../src/origin/start-origin.ts';
import { treeCpuSeconds } from './proc-tree.ts';
import { describe } from './stats.ts';

export type Via = 'origin' | 'varnish' | 'nginx';
export type Client = 'h2load' | 'node';

export interface FanoutRow {
  via: Via;
  client: Client;
  clients: number;
  rounds: number;
  responses: number;
  non200: number;
  /** Requests that reached their server after the part was out (not held; left out of the delays). */
  notHeld: number;
  /** Response complete at the client minus the part's publication in the origin, ms. */
  releaseDelayMs: ReturnType<typeof describe>;
  /** Response written by the origin minus publication (only where the clients talk to the origin). */
  serverReleaseDelayMs: ReturnType<typeof describe> | null;
  /** Blocking playlist requests the origin answered per part: N direct, 1 is the goal behind an edge. */
  originRequestsPerPart: number;
  /** CPU above idle per released part, ms: origin process, edge process tree, client process. */
  originCpuPerPartMs: number;
  edgeCpuPerPartMs: number | null;
  clientCpuPerPartMs: number;
}

export interface FanoutTarget {
  via: Via;
  baseUrl: string;
  /** Process whose tree is the edge (varnishd, nginx master), for its CPU. */
  pid: number | null;
}

const PLAYLIST = '/live/ll200/720p.m3u8';
/** Parts ahead of the preload hint: every client is connected and waiting before it exists. */
const LEAD_PARTS = 5;

async function idleCpuRate(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / (performance.now() - started);
}

/**
 * Runs a client through `sh`, which prints its own /proc stat after the client exits: cutime +
 * cstime there are the CPU the client used (it was waited for), without racing its exit.
 */
async function runMeasuredClient(command: string, args: string[]): Promise<{ stdout: string; cpuS: number }> {
  const child = spawn('sh', ['-c', '"$@"; s=$?; echo; cat /proc/$$/stat; exit $s', 'sh', command, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`${command} exited with ${code}`);
  const lines = out.trimEnd().split('\n');
  const stat = lines.pop() ?? '';
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { stdout: lines.join('\n'), cpuS: (Number(f[13]) + Number(f[14])) / 100 };
}

interface Round {
  msn: number;
  part: number;
  starts: number[];
  arrivals: number[];
  statuses: number[];
}

/** The part LEAD_PARTS after the origin's preload hint, normalised to a part that exists. */
async function futurePart(origin: RunningOrigin): Promise<{ msn: number; part: number }> {
  const body = await (await fetch(`${origin.baseUrl}${PLAYLIST}`)).text();
  const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="[^"]*?(\d+)\.(\d+)\.m4s"/.exec(body);
  if (!hint) throw new Error(`no preload hint:\n${body}`);
  const ahead = Number(hint[2]) + LEAD_PARTS;
  return { msn: Number(hint[1]) + Math.floor(ahead / 5), part: ahead % 5 };
}

/** One round with h2load (C, one thread, one connection and one request per client). */
async function h2loadRound(origin: RunningOrigin, baseUrl: string, clients: number): Promise<{ round: Round; cpuS: number }> {
  const { msn, part } = await futurePart(origin);
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-h2load-'));
  const logFile = join(dir, 'requests.tsv');
  try {
    const url = `${baseUrl}${PLAYLIST}?_HLS_msn=${msn}&_HLS_part=${part}`;
    const { cpuS } = await runMeasuredClient('h2load', ['--h1', '-c', String(clients), '-n', String(clients), '-t', '1', '--log-file', logFile, url]);
    const round: Round = { msn, part, starts: [], arrivals: [], statuses: [] };
    for (const line of readFileSync(logFile, 'utf8').trim().split('\n')) {
      const [startUs, status, durationUs] = line.split('\t').map(Number);
      round.starts.push((startUs ?? NaN) / 1000);
      round.arrivals.push(((startUs ?? NaN) + (durationUs ?? NaN)) / 1000);
      round.statuses.push(status ?? -1);
    }
    // h2load logs only the requests it sent; the missing ones are errors.
    while (round.statuses.length < clients) round.statuses.push(-1);
    return { round, cpuS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's own Node client (bench/blocking-clients.ts): keep-alive connections, all rounds in one process. */
async function nodeRounds(baseUrl: string, clients: number, rounds: number): Promise<{ rounds: Round[]; cpuS: number }> {
  const script = fileURLToPath(new URL('./blocking-clients.ts', import.meta.url));
  const { stdout, cpuS } = await runMeasuredClient(process.execPath, ['--import', 'tsx', script, baseUrl, String(clients), String(rounds)]);
  const parsed = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Omit<Round, 'starts'> & { sentAt: number });
  return { rounds: parsed.map((r) => ({ ...r, starts: r.arrivals.map(() => r.sentAt) })), cpuS };
}

/** Blocking playlist requests the origin answered with 200, as its /metrics says. */
async function blockingAnswered(origin: RunningOrigin): Promise<number> {
  const m = /^glassmeter_http_requests_total\{kind="blocking_playlist",status="200"\} (\d+)$/m.exec(await origin.server.metrics.render());
  return m ? Number(m[1]) : 0;
}

export async function runFanoutRow(origin: RunningOrigin, target: FanoutTarget, client: Client, clients: number, rounds: number): Promise<FanoutRow> {
  // One round not reported, as the Node client does its own: the release path is compiled and
  // the edge's cache warm before the measured parts (in a profiled probe the first of two 1000-client rows had 2.5x the p99 of the second).
  if (client === 'h2load') await h2loadRound(origin, target.baseUrl, clients);
  const baseline = await idleCpuRate(2000);
  origin.server.releaseDelaysMs.clear();
  const requests0 = await blockingAnswered(origin);
  const cpu0 = process.cpuUsage();
  const edge0 = target.pid ? treeCpuSeconds(target.pid) : 0;
  const started = performance.now();
  const done: Round[] = [];
  let clientCpuS = 0;
  if (client === 'node') {
    const r = await nodeRounds(target.baseUrl, clients, rounds);
    done.push(...r.rounds);
    clientCpuS = r.cpuS;
  } else {
    for (let i = 0; i < rounds; i++) {
      const r = await h2loadRound(origin, target.baseUrl, clients);
      done.push(r.round);
      clientCpuS += r.cpuS;
    }
  }
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const profile = findProfile('ll200')!;
  const timeline = origin.pipeline.packager.timeline('ll200', 0)!;
  const delays: number[] = [];
  let responses = 0;
  let non200 = 0;
  let notHeld = 0;
  for (const round of done) {
    const t = normaliseTarget(profile, round.msn, round.part);
    const published = timeline.segment(t.msn)?.parts[t.part ?? 0]?.publishedAtMs;
    round.statuses.forEach((status, i) => {
      responses++;
      if (status !== 200) non200++;
      else if (!published || (round.starts[i] ?? 0) >= published) notHeld++;
      else delays.push((round.arrivals[i] ?? NaN) - published);
    });
  }
  const originCpuMs = Math.max(0, (cpu.user + cpu.system) / 1000 - baseline * elapsedMs);
  const perPart = (ms: number) => Number((ms / rounds).toFixed(1));
  return {
    via: target.via,
    client,
    clients,
    rounds,
    responses,
    non200,
    notHeld,
    releaseDelayMs: describe(delays, 1),
    serverReleaseDelayMs: target.via === 'origin' ? describe(origin.server.releaseDelaysMs.toArray(), 1) : null,
    originRequestsPerPart: Number((((await blockingAnswered(origin)) - requests0) / rounds).toFixed(2)),
    originCpuPerPartMs: perPart(originCpuMs),
    edgeCpuPerPartMs: target.pid ? perPart((treeCpuSeconds(target.pid) - edge0) * 1000) : null,
    clientCpuPerPartMs: perPart(clientCpuS * 1000),
  };
}
