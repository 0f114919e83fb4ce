// How often the live charts redraw: they share the page's main thread with the frame reader,
// which misses frames when the thread is busy (a missed frame is a frame not measured).

/** Redraw at most this often: enough to follow live. */
const MIN_REDRAW_MS = 1000;
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
