import type { AnalyzerSession } from '../../analyzer/session.ts';
import { MARKER_COLORS } from '../charts/chart-data.ts';
import { fmtClock } from '../format.ts';

const SHOWN = 40;

/** The newest markers as text: what the vertical lines on the charts mean. */
export function EventLog({ session }: { session: AnalyzerSession }) {
  const n = session.markers.length;
  const items = [];
  for (let i = n - 1; i >= Math.max(0, n - SHOWN); i--) {
    const m = session.markers.get(i);
    if (m) items.push({ m, i });
  }
  return (
    <section className="event-log" aria-label="Events">
      <h3>Events</h3>
      <ol data-testid="event-log">
        {items.map(({ m, i }) => (
          <li key={i} data-kind={m.kind}>
            <span className="dot" style={{ background: MARKER_COLORS[m.kind] }} />
            <time>{fmtClock(m.timeMs)}</time> <b>{m.kind}</b> {m.label}
          </li>
        ))}
      </ol>
    </section>
  );
}
