import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { normaliseTarget } from '../src/origin/hls/blocking.ts';
import { findProfile } from '../src/origin/profiles.ts';
import type { RunningOrigin } from '../src/origin/start-origin.ts';
import { describe } from './stats.ts';

export interface FanoutResult {
  clients: number;
  rounds: number;
  responses: number;
  non200: number;
  /** Response complete at the client minus the part's publication in the origin, ms. */
  releaseDelayMs: ReturnType<typeof describe>;
  /** Response written by the origin minus the part's publication, ms (no client in it). */
  serverReleaseDelayMs: ReturnType<typeof describe>;
  /** Client-side release delay per round (p50 and max), to see whether outliers are one round. */
  perRound: Array<{ msn: number; part: number; p50: number | null; max: number | null }>;
  /** Origin CPU (user + system) above its idle rate, per round of `clients` held and released requests, ms. */
  originCpuPerRoundMs: number;
}

/** CPU ms per wall ms of this process while nothing but the live pipeline runs. */
async function idleCpuRate(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / (performance.now() - started);
}

/**
 * 1,000 blocking LL-HLS clients on loopback, released by one part publication: how long
 * after the part exists does the last of them have its playlist?
 */
export async function runFanout(origin: RunningOrigin, clients: number, rounds: number): Promise<FanoutResult> {
  const script = fileURLToPath(new URL('./blocking-clients.ts', import.meta.url));
  // The origin process also paints the source frames: subtract what it burns without clients.
  const baseline = await idleCpuRate(3000);
  origin.server.releaseDelaysMs.clear();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script, origin.baseUrl, String(clients), String(rounds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`blocking clients exited with ${code}`);
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - startedAt;
  const profile = findProfile('ll200')!;
  const timeline = origin.pipeline.packager.timeline('ll200', 0)!;
  const delays: number[] = [];
  let responses = 0;
  let non200 = 0;
  const perRound: FanoutResult['perRound'] = [];
  for (const line of out.trim().split('\n')) {
    const round = JSON.parse(line) as { msn: number; part: number; arrivals: number[]; statuses: number[] };
    const target = normaliseTarget(profile, round.msn, round.part);
    const published = timeline.segment(target.msn)?.parts[target.part ?? 0]?.publishedAtMs;
    const roundDelays: number[] = [];
    round.statuses.forEach((status, i) => {
      responses++;
      if (status !== 200) non200++;
      else if (published) roundDelays.push((round.arrivals[i] ?? NaN) - published);
    });
    delays.push(...roundDelays);
    const d = describe(roundDelays, 1);
    perRound.push({ msn: round.msn, part: round.part, p50: d.p50, max: d.max });
  }
  const cpuMs = Math.max(0, (cpu.user + cpu.system) / 1000 - baseline * elapsedMs);
  return {
    clients,
    rounds,
    responses,
    non200,
    releaseDelayMs: describe(delays),
    serverReleaseDelayMs: describe(origin.server.releaseDelaysMs.toArray()),
    perRound,
    originCpuPerRoundMs: Number((cpuMs / rounds).toFixed(1)),
  };
}
