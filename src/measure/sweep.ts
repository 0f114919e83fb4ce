import { parseCompareSpec, type CompareSpec } from './compare-spec.ts';
import { UsageError } from '../cli/usage-error.ts';

/** One `--sweep key=v1,v2,…` axis. */
export interface SweepAxis {
  key: string;
  values: string[];
}

/** Most configurations one sweep may run: each takes a browser run of --seconds plus warm-up. */
export const MAX_SWEEP_CONFIGS = 64;

export function parseSweep(text: string): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--sweep ${text}: expected key=v1,v2,…`);
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw new UsageError(`--sweep ${text}: no values`);
  return { key: text.slice(0, eq).trim(), values };
}

/** Every combination of the axes' values (the first axis varies slowest), bounded. */
export function expandGrid(axes: readonly SweepAxis[]): Array<Record<string, string>> {
  const keys = axes.map((a) => a.key);
  if (new Set(keys).size !== keys.length) throw new UsageError('--sweep: a key is swept twice');
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_SWEEP_CONFIGS) throw new UsageError(`--sweep: ${size} configurations; at most ${MAX_SWEEP_CONFIGS}`);
  let grid: Array<Record<string, string>> = [{}];
  for (const axis of axes) grid = grid.flatMap((config) => axis.values.map((v) => ({ ...config, [axis.key]: v })));
  return axes.length === 0 ? [] : grid;
}

/** One configuration of a sweep: the swept values and the player that plays them. */
export interface SweepConfig {
  config: Record<string, string>;
  spec: CompareSpec;
}

/**
 * The grid as players: each configuration is the base (the command's stream, preset and --set,
 * as `--compare` spec pairs) with the swept keys put over it, then parsed and validated as a
 * `--compare` spec, so a sweep may vary any spec key or engine setting and a bad one is named.
 */
export function sweepConfigs(base: ReadonlyMap<string, string>, axes: readonly SweepAxis[]): SweepConfig[] {
  for (const axis of axes) if (axis.key === 'label') throw new UsageError('--sweep: label is not a setting (the sweep labels each configuration)');
  return expandGrid(axes).map((config, i) => {
    const pairs = new Map(base);
    for (const [k, v] of Object.entries(config)) pairs.set(k, v);
    const spec = parseCompareSpec([...pairs].map(([k, v]) => `${k}=${v}`).join(','), i, '--sweep');
    return { config, spec: { ...spec, label: Object.entries(config).map(([k, v]) => `${k}=${v}`).join(' ') } };
  });
}

export interface TradeOffPoint {
  label: string;
  /** Glass-to-glass p50, ms. */
  latencyMs: number;
  /** Total stalled time, ms. */
  stalledMs: number;
}

/**
 * The configurations no other one beats on both latency and stalled time (lower is better on
 * both), sorted by latency: the trade-off a user chooses from.
 */
export function paretoFront<T extends TradeOffPoint>(points: readonly T[]): T[] {
  const valid = points.filter((p) => Number.isFinite(p.latencyMs) && Number.isFinite(p.stalledMs));
  const dominated = (p: T) => valid.some((q) => q !== p && q.latencyMs <= p.latencyMs && q.stalledMs <= p.stalledMs && (q.latencyMs < p.latencyMs || q.stalledMs < p.stalledMs));
  return valid.filter((p) => !dominated(p)).sort((a, b) => a.latencyMs - b.latencyMs || a.stalledMs - b.stalledMs);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SVG plot: glass-to-glass p50 (x) against stalled time (y), one dot per configuration, the front drawn and labelled. */
export function tradeOffSvg(points: readonly TradeOffPoint[], title: string): string {
  const W = 640;
  const H = 420;
  const M = { l: 64, r: 16, t: 32, b: 48 };
  const valid = points.filter((p) => Number.isFinite(p.latencyMs) && Number.isFinite(p.stalledMs));
  const maxX = Math.max(1, ...valid.map((p) => p.latencyMs)) * 1.1;
  const maxY = Math.max(1, ...valid.map((p) => p.stalledMs)) * 1.1;
  const x = (v: number) => M.l + (v / maxX) * (W - M.l - M.r);
  const y = (v: number) => H - M.b - (v / maxY) * (H - M.t - M.b);
  const front = paretoFront(valid);
  const dots = valid.map((p) => `<circle cx="${x(p.latencyMs).toFixed(1)}" cy="${y(p.stalledMs).toFixed(1)}" r="4" fill="${front.includes(p) ? '#0ea5e9' : '#94a3b8'}"><title>${esc(p.label)}</title></circle>`);
  const path = front.map((p, i) => `${i ? 'L' : 'M'}${x(p.latencyMs).toFixed(1)},${y(p.stalledMs).toFixed(1)}`).join(' ');
  const labels = front.map((p) => `<text x="${(x(p.latencyMs) + 6).toFixed(1)}" y="${(y(p.stalledMs) - 6).toFixed(1)}" font-size="11">${esc(p.label)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<text x="${M.l}" y="20" font-size="13">${esc(title)}</text>`,
    `<line x1="${M.l}" y1="${H - M.b}" x2="${W - M.r}" y2="${H - M.b}" stroke="#333"/>`,
    `<line x1="${M.l}" y1="${M.t}" x2="${M.l}" y2="${H - M.b}" stroke="#333"/>`,
    `<text x="${(W / 2).toFixed(0)}" y="${H - 12}" font-size="12" text-anchor="middle">glass-to-glass p50 (ms), 0 to ${Math.round(maxX)}</text>`,
    `<text x="16" y="${(H / 2).toFixed(0)}" font-size="12" transform="rotate(-90 16 ${(H / 2).toFixed(0)})" text-anchor="middle">stalled (ms), 0 to ${Math.round(maxY)}</text>`,
    front.length > 1 ? `<path d="${path}" fill="none" stroke="#0ea5e9" stroke-width="1.5"/>` : '',
    ...dots,
    ...labels,
    '</svg>',
  ].join('\n');
}
