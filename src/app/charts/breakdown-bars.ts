// The compare view's stacked bars: where each player's latency goes, side by side on one scale.
// A bar's parts are the player's breakdown readouts (windowStats' medians, one rule for both),
// so the bar says what its readout row says. Medians do not add: the bar's length (the sum of
// the parts' medians) and the glass-to-glass p50 drawn as a tick on it differ by a little, and
// both are shown rather than one forced onto the other.

import type { WindowStats } from '../../analyzer/stats.ts';

export type PartKey = 'encode' | 'delivery' | 'beforeArrival' | 'buffer';

/** Names and colours of the parts, shared with the single player's breakdown chart. */
export const BREAKDOWN_PARTS: Readonly<Record<PartKey, { label: string; color: string }>> = {
  encode: { label: 'encoder + packager', color: '#f97316' },
  delivery: { label: 'delivery', color: '#a78bfa' },
  beforeArrival: { label: 'before arrival', color: '#fb923c' },
  buffer: { label: 'player buffer', color: '#34d399' },
};

/** What a bar needs of a player's window statistics. */
export type BarStats = Pick<WindowStats, 'encodePackageP50Ms' | 'deliveryP50Ms' | 'bufferP50Ms' | 'beforeArrivalP50Ms'> & { latency: Pick<WindowStats['latency'], 'p50'> };

export interface BarPart {
  key: PartKey;
  label: string;
  color: string;
  ms: number;
  /** Length as a fraction of the common scale, 0..1 (a negative median draws nothing). */
  width: number;
}

export interface BreakdownBar {
  label: string;
  color: string;
  /**
   * `origin`: split by the origin's Server-Timing (encoder + packager, delivery, buffer);
   * `arrival`: a stream without it, split at the last byte (before arrival, buffer);
   * `none`: no frame of the window could be split.
   */
  split: 'origin' | 'arrival' | 'none';
  parts: BarPart[];
  /** Sum of the parts' medians (the bar's length), NaN when not split. */
  sumMs: number;
  g2gP50Ms: number;
  /** Where the glass-to-glass p50 tick sits, fraction of the scale; NaN when there is none. */
  g2gAt: number;
}

/** The parts a player's statistics can be split into: the origin's split when it has one. */
export function splitOf(stats: BarStats): { split: BreakdownBar['split']; parts: Array<[PartKey, number]> } {
  const finite = (...xs: number[]) => xs.every(Number.isFinite);
  if (finite(stats.encodePackageP50Ms, stats.deliveryP50Ms, stats.bufferP50Ms)) {
    return { split: 'origin', parts: [['encode', stats.encodePackageP50Ms], ['delivery', stats.deliveryP50Ms], ['buffer', stats.bufferP50Ms]] };
  }
  if (finite(stats.beforeArrivalP50Ms, stats.bufferP50Ms)) return { split: 'arrival', parts: [['beforeArrival', stats.beforeArrivalP50Ms], ['buffer', stats.bufferP50Ms]] };
  return { split: 'none', parts: [] };
}

/**
 * One bar per player, in the order given, on a scale that fits the longest bar or tick, so
 * lengths compare across players.
 */
export function breakdownBars(players: ReadonlyArray<{ label: string; color: string; stats: BarStats }>): BreakdownBar[] {
  const shaped = players.map((p) => {
    const { split, parts } = splitOf(p.stats);
    const sumMs = split === 'none' ? Number.NaN : parts.reduce((sum, [, ms]) => sum + ms, 0);
    return { ...p, split, parts, sumMs };
  });
  const extents = shaped.flatMap((b) => [b.sumMs, b.stats.latency.p50]).filter((v) => Number.isFinite(v) && v > 0);
  const scale = extents.length ? Math.max(...extents) : 1;
  const fraction = (ms: number) => Math.min(1, Math.max(0, ms) / scale);
  return shaped.map((b) => ({
    label: b.label,
    color: b.color,
    split: b.split,
    parts: b.parts.map(([key, ms]) => ({ key, ...BREAKDOWN_PARTS[key], ms, width: fraction(ms) })),
    sumMs: b.sumMs,
    g2gP50Ms: b.stats.latency.p50,
    g2gAt: Number.isFinite(b.stats.latency.p50) ? fraction(b.stats.latency.p50) : Number.NaN,
  }));
}
