// How often the live charts redraw: they share the page's main thread with the frame reader,
// which misses frames when the thread is busy (a missed frame is a frame not measured).

/** Redraw at most this often: enough to follow live. */
export const MIN_REDRAW_MS = 1000;
const MAX_REDRAW_MS = 5000;
/** Share of the page's main thread the charts may take: the frame reader needs the rest. */
const REDRAW_BUDGET = 0.1;

/**
 * The time between redraws: once a second, or less often when a redraw (render, commit and
 * the chart library's effects, up to the next task) costs more than REDRAW_BUDGET of it.
 * In half-second steps, so the interval does not restart on every redraw.
 */
export function redrawIntervalMs(lastRedrawCostMs: number): number {
  const wanted = Math.ceil(lastRedrawCostMs / REDRAW_BUDGET / 500) * 500;
  return Math.min(MAX_REDRAW_MS, Math.max(MIN_REDRAW_MS, Number.isFinite(wanted) ? wanted : MIN_REDRAW_MS));
}

/**
 * The charts of one redraw draw one after the other, this far apart, each in a task of its own:
 * all eight in one task held the main thread for 0.4-0.9 s every 5 s on a 2-core machine, long
 * enough for hls.js on ll100 to miss its part requests and stall (docs/benchmarks.md).
 */
export const CHART_STAGGER_MS = 40;

/** The order the charts draw in, by their ids; a chart not listed draws last. */
export const CHART_ORDER = ['latency', 'breakdown', 'av-offset', 'buffer', 'rendition', 'fetch', 'throughput', 'rate'] as const;

/** How long after a redraw starts the chart with this id draws. */
export function chartDelayMs(id: string): number {
  const slot = (CHART_ORDER as readonly string[]).indexOf(id);
  return (slot < 0 ? CHART_ORDER.length : slot) * CHART_STAGGER_MS;
}
