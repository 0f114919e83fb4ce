import type { LiveEntry } from '../live-players.ts';
import { useTick } from '../use-tick.ts';
import { statsOverWindow, useWindowMs } from '../window-stats.ts';
import { BreakdownBars } from './BreakdownBars.tsx';
import { AvSyncReadouts, BreakdownReadouts } from './BreakdownReadouts.tsx';
import { CodeLocator } from './CodeLocator.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Readouts, WindowSelect } from './Readouts.tsx';

/**
 * Readout rows: one per player (the same readouts as one player has), and in the compare view
 * each player's breakdown as a stacked bar below them, drawn from the same statistics as the
 * player's breakdown readouts, so a bar always shows what its row shows.
 */
export function ReadoutRows({ entries }: { entries: LiveEntry[] }) {
  useTick(250);
  const windowMs = useWindowMs();
  if (entries.length === 1) {
    return (
      <>
        <ErrorBoundary name="The readouts">
          <Readouts session={entries[0]!.session} />
        </ErrorBoundary>
        <ErrorBoundary name="The code locator">
          <CodeLocator session={entries[0]!.session} first />
        </ErrorBoundary>
        <ErrorBoundary name="The latency breakdown">
          <BreakdownReadouts session={entries[0]!.session} />
          <AvSyncReadouts session={entries[0]!.session} />
        </ErrorBoundary>
      </>
    );
  }
  const stats = entries.map((e) => statsOverWindow(e.session, windowMs));
  return (
    <div className="readout-rows">
      <WindowSelect />
      {entries.map((e, i) => (
        <ErrorBoundary key={e.player.id} name={`The readouts of ${e.player.label}`}>
          <div className="player-row" data-testid="player-row" data-player={e.player.label}>
            <Readouts session={e.session} label={e.player.label} color={e.color} />
            <CodeLocator session={e.session} first={i === 0} />
            <BreakdownReadouts session={e.session} stats={stats[i]} />
          </div>
        </ErrorBoundary>
      ))}
      <ErrorBoundary name="The breakdown bars">
        <BreakdownBars players={entries.map((e, i) => ({ label: e.player.label, color: e.color, stats: stats[i]! }))} />
      </ErrorBoundary>
    </div>
  );
}
