import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { csvLine } from '../analyzer/csv.ts';
import type { MeasurementSummary } from '../analyzer/summary.ts';
import { jsonNumbers } from '../shared/json-numbers.ts';
import { runCompare } from './compare-run.ts';
import { paretoFront, tradeOffSvg, type SweepAxis, type SweepConfig } from './sweep.ts';

export interface SweptConfig extends SweepConfig {
  summary: MeasurementSummary;
  onFront: boolean;
  /** Why the configuration measured nothing (compare-run's measuredNothingNote); null when it measured. */
  note: string | null;
}

/**
 * Plays the grid `concurrent` configurations at a time, each group on one page (the compare
 * machinery: same frames, one clock sync), each group with its own warm-up.
 */
export async function runSweep(
  browser: Browser,
  baseUrl: string,
  configs: readonly SweepConfig[],
  opts: { concurrent: number; warmup: number; seconds: number; log: (line: string) => void },
): Promise<SweptConfig[]> {
  const measured: Array<{ summary: MeasurementSummary; note: string | null }> = [];
  for (let i = 0; i < configs.length; i += opts.concurrent) {
    const group = configs.slice(i, i + opts.concurrent);
    opts.log(`sweep ${i + 1}${group.length > 1 ? `-${i + group.length}` : ''} of ${configs.length}: ${group.map((c) => c.spec.label).join(' | ')}`);
    const players = await runCompare(browser, baseUrl, group.map((c) => c.spec), opts.warmup, opts.seconds);
    for (const p of players) {
      measured.push({ summary: p.summary, note: p.note });
      if (p.note) opts.log(`  ${p.label}: ${p.note}`);
    }
  }
  const points = configs.map((c, i) => ({ label: c.spec.label, latencyMs: measured[i]!.summary.latencyMs.p50, stalledMs: measured[i]!.summary.stalls.totalMs, index: i }));
  const front = new Set(paretoFront(points).map((p) => p.index));
  return configs.map((c, i) => ({ ...c, ...measured[i]!, onFront: front.has(i) }));
}

const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : null);

/** One row per configuration: the swept values, then the measured ones, then why it measured nothing (table and CSV alike). */
function rows(axes: readonly SweepAxis[], swept: readonly SweptConfig[]): { head: string[]; body: Array<Array<string | number | null>> } {
  const head = [...axes.map((a) => a.key), 'frames', 'decoded', 'g2g_p50_ms', 'g2g_p95_ms', 'engine_p50_ms', 'stalls', 'stalled_ms', 'switches', 'pareto', 'note'];
  const body = swept.map((c) => {
    const s = c.summary;
    return [
      ...axes.map((a) => c.config[a.key] ?? ''),
      s.frames,
      s.framesDecoded,
      round(s.latencyMs.p50),
      round(s.latencyMs.p95),
      round(s.engineLatencyP50Ms),
      s.stalls.count,
      round(s.stalls.totalMs),
      s.renditionSwitches,
      c.onFront ? 'front' : '',
      c.note ?? '',
    ];
  });
  return { head, body };
}

/**
 * The printed table: a column per swept key and measured value; `front` marks the Pareto front,
 * and a last `note` column (only when a configuration has one) says why one measured nothing.
 */
export function sweepTable(axes: readonly SweepAxis[], swept: readonly SweptConfig[]): string {
  const { head, body } = rows(axes, swept);
  const noted = swept.some((c) => c.note);
  const last = noted ? head.length : head.length - 1;
  const cells = [head, ...body.map((r) => r.map((v) => (v === null ? '—' : String(v))))].map((r) => r.slice(0, last));
  const widths = head.slice(0, last).map((_, col) => Math.max(...cells.map((r) => r[col]!.length)));
  const cell = (v: string, col: number) => (col === head.length - 1 ? v : col < axes.length ? v.padEnd(widths[col]!) : v.padStart(widths[col]!));
  return cells.map((r) => r.map(cell).join('  ').trimEnd()).join('\n');
}


/** Writes sweep.csv, sweep.json and sweep.svg into `dir`; returns their paths. */
export function writeSweep(dir: string, axes: readonly SweepAxis[], swept: readonly SweptConfig[], meta: Record<string, unknown>): string[] {
  mkdirSync(dir, { recursive: true });
  const { head, body } = rows(axes, swept);
  const csv = join(dir, 'sweep.csv');
  writeFileSync(csv, [head, ...body].map((r) => csvLine(r)).join(''));
  const json = join(dir, 'sweep.json');
  const report = {
    ...meta,
    axes,
    configs: swept.map((c) => ({ label: c.spec.label, config: c.config, spec: c.spec, onFront: c.onFront, summary: c.summary, note: c.note })),
    front: swept.filter((c) => c.onFront).map((c) => c.spec.label),
  };
  writeFileSync(json, JSON.stringify(report, jsonNumbers, 2) + '\n');
  const svg = join(dir, 'sweep.svg');
  const title = `Sweep of ${axes.map((a) => a.key).join(' x ')}: glass-to-glass p50 against stalled time`;
  writeFileSync(svg, tradeOffSvg(swept.map((c) => ({ label: c.spec.label, latencyMs: c.summary.latencyMs.p50, stalledMs: c.summary.stalls.totalMs })), title) + '\n');
  return [csv, json, svg];
}
