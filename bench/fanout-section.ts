/** The bench's "fanout" section: which rows it measures, with which edges, and its table. */
import { freePort } from '../src/edge/free-port.ts';
import { startEdge, type RunningEdge } from '../src/edge/varnish.ts';
import type { RunningOrigin } from '../src/origin/start-origin.ts';
import { runFanoutRow, type Client, type FanoutRow, type FanoutTarget } from './fanout.ts';
import { startNginxCache, type RunningNginx } from './nginx-cache.ts';

export interface FanoutResult {
  rows: FanoutRow[];
  notes: string[];
}

export async function runFanoutSection(origin: RunningOrigin, counts: number[], rounds: number, log: (m: string) => void): Promise<FanoutResult> {
  const notes: string[] = [];
  const targets: FanoutTarget[] = [{ via: 'origin', baseUrl: origin.baseUrl, pid: null }];
  let varnish: RunningEdge | null = null;
  let nginx: RunningNginx | null = null;
  try {
    try {
      varnish = await startEdge({ originPort: origin.port, port: await freePort() });
      await varnish.waitUntilHealthy();
      targets.push({ via: 'varnish', baseUrl: varnish.baseUrl, pid: varnish.pid });
    } catch (err) {
      notes.push(`Varnish rows skipped: ${(err as Error).message}`);
    }
    nginx = await startNginxCache(origin.port);
    if (nginx) targets.push({ via: 'nginx', baseUrl: nginx.baseUrl, pid: nginx.pid });
    else notes.push('nginx rows skipped: nginx is not installed (apt-get install nginx).');
    const rows: FanoutRow[] = [];
    const plan: Array<{ target: FanoutTarget; client: Client; n: number }> = [
      ...counts.flatMap((n) => targets.map((target) => ({ target, client: 'h2load' as const, n }))),
      // The bench's own Node client beside h2load, at the origin, to show what the client costs.
      { target: targets[0]!, client: 'node' as const, n: 1000 },
    ];
    for (const { target, client, n } of plan) {
      log(`fan-out: ${n} clients (${client}) via ${target.via} x ${rounds} parts`);
      rows.push(await runFanoutRow(origin, target, client, n, rounds));
    }
    return { rows, notes };
  } finally {
    await varnish?.stop();
    await nginx?.stop();
  }
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

export function renderFanout(r: FanoutResult): string[] {
  return [
    'N clients each hold `_HLS_msn/_HLS_part` for the same ll200/720p part five parts ahead (1 s), on loopback; one row per (way in, client, N), each over the same number of parts. Release: response complete at the client - part published in the origin (one clock). Server: written by the origin - published. Origin requests per part: blocking playlist requests the origin answered, per released part (N straight at the origin; one per edge is the goal). CPU: above its idle rate, per released part.',
    '',
    '| via | client | N | responses | non-200 | not held | release p50 (ms) | p99 | max | server p50 / p99 | origin requests per part | origin CPU per part (ms) | origin CPU per released request (µs) | edge CPU per part (ms) | client CPU per part (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.rows.map((x) =>
      [
        x.via,
        x.client,
        x.clients,
        x.responses,
        x.non200,
        x.notHeld,
        cell(x.releaseDelayMs.p50),
        cell(x.releaseDelayMs.p99),
        cell(x.releaseDelayMs.max),
        x.serverReleaseDelayMs ? `${cell(x.serverReleaseDelayMs.p50)} / ${cell(x.serverReleaseDelayMs.p99)}` : '—',
        x.originRequestsPerPart,
        x.originCpuPerPartMs,
        Math.round((x.originCpuPerPartMs * 1000) / x.clients),
        cell(x.edgeCpuPerPartMs),
        x.clientCpuPerPartMs,
      ].join(' | '),
    ).map((line) => `| ${line} |`),
    ...(r.notes.length ? ['', ...r.notes] : []),
  ];
}
