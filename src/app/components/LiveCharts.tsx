import { memo, useEffect, useRef } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { buildChartData } from '../charts/chart-data.ts';
import { redrawIntervalMs } from '../charts/redraw-budget.ts';
import type { LiveEntry } from '../live-players.ts';
import { scheduleOf } from '../origin-options.ts';
import { useTick } from '../use-tick.ts';
import { useWindowMs } from '../window-stats.ts';
import { Charts, type PlayerChartData } from './Charts.tsx';

function lastLoadTime(session: AnalyzerSession): number {
  for (let i = session.markers.length - 1; i >= 0; i--) {
    const m = session.markers.get(i);
    if (m?.kind === 'load') return m.timeMs;
  }
  return NaN;
}

export const LiveCharts = memo(function LiveCharts({ entries }: { entries: LiveEntry[] }) {
  const cost = useRef(0);
  const renderStarted = performance.now();
  useEffect(() => {
    // Runs after React's commit and the library's own effects have been queued: the task after
    // them ends the redraw.
    const id = setTimeout(() => {
      cost.current = performance.now() - renderStarted;
    }, 0);
    return () => clearTimeout(id);
  });
  useTick(redrawIntervalMs(cost.current));
  const windowMs = useWindowMs();
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
  return <Charts players={players} />;
});
