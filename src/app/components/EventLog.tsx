import type { AnalyzerSession } from '../../analyzer/session.ts';
import type { Marker } from '../../analyzer/types.ts';
import { MARKER_COLORS } from '../charts/chart-data.ts';
import { fmtClock } from '../format.ts';

const SHOWN = 40;

/** The newest markers of every player as text (what the vertical lines on the charts mean), with the player when there are several. */
export function EventLog({ players }: { players: ReadonlyArray<{ label: string; session: AnalyzerSession }> }) {
  const items: Array<{ m: Marker; player: string; key: string }> = [];
  for (const { label, session } of players) {
    const n = session.markers.length;
    for (let i = n - 1; i >= Math.max(0, n - SHOWN); i--) {
      const m = session.markers.get(i);
      if (m) items.push({ m, player: label, key: `${label}-${i}` });
    }
  }
  items.sort((a, b) => b.m.timeMs - a.m.timeMs);
  const several = players.length > 1;
  return (
    <section className="event-log" aria-label="Events">
      <h3>Events</h3>
      <ol data-testid="event-log">
        {items.slice(0, SHOWN).map(({ m, player, key }) => (
          <li key={key} data-kind={m.kind} data-player={player}>
            <span className="dot" style={{ background: MARKER_COLORS[m.kind] }} />
            <time>{fmtClock(m.timeMs)}</time> {several && <i>{player}</i>} <b>{m.kind}</b> {m.label}
          </li>
        ))}
      </ol>
    </section>
  );
}
