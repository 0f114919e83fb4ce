import { memo, useMemo, useRef } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { buildChartData } from '../charts/chart-data.ts';
import { redrawIntervalMs } from '../charts/redraw-budget.ts';
import type { LiveEntry } from '../live-players.ts';
import { scheduleOf } from '../origin-options.ts';
import { useTick } from '../use-tick.ts';
import { useWindowMs } from '../window-stats.ts';
import { Charts, type PlayerChartData } from './Charts.tsx';
import { RedrawCostContext, type RedrawCostSink } from './redraw-cost.ts';

function lastLoadTime(session: AnalyzerSession): number {
  for (let i = session.markers.length - 1; i >= 0; i--) {
    const m = session.markers.get(i);
    if (m?.kind === 'load') return m.timeMs;
  }
  return NaN;
}

export const LiveCharts = memo(function LiveCharts({ entries }: { entries: LiveEntry[] }) {
  // Each chart draws in its own task (Charts.tsx) and reports its cost: a redraw costs their sum.
  const costs = useRef(new Map<string, number>());
  const sink = useMemo<RedrawCostSink>(() => ({ report: (chartId, ms) => void costs.current.set(chartId, ms) }), []);
  let redrawCost = 0;
  for (const ms of costs.current.values()) redrawCost += ms;
  useTick(redrawIntervalMs(redrawCost));
  const windowMs = useWindowMs();
  const dataStarted = performance.now();
  const now = entries[0]!.session.now();
  const first = Math.min(...entries.map((e) => e.session.frames.get(0)?.displayTimeMs ?? now));
  const from = Number.isFinite(windowMs) ? now - windowMs : Math.min(first, now - 30_000);
  const players: PlayerChartData[] = entries.map(({ player, session, color }) => {
    // The emulated link's rate, from the schedule and the last load (when the session began).
    const schedule = scheduleOf(player.src);
    const loadedAt = lastLoadTime(session);
    const link = schedule && Number.isFinite(loadedAt) ? { schedule, startMs: loadedAt } : null;
    return { label: player.label, color, data: buildChartData(session.frames, session.requests, session.markers, from, now, link, session.avOffsets) };
  });
  sink.report('chart data', performance.now() - dataStarted);
  return (
    <RedrawCostContext.Provider value={sink}>
      <Charts players={players} />
    </RedrawCostContext.Provider>
  );
});
