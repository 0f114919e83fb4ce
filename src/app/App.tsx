import { useAutomationHook } from './automation.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { EventLog } from './components/EventLog.tsx';
import { ExportBar } from './components/ExportBar.tsx';
import { LiveCharts } from './components/LiveCharts.tsx';
import { PlayerTile, StreamControls } from './components/PlayerTile.tsx';
import { ReadoutRows } from './components/ReadoutRows.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { MAX_PLAYERS } from './compare-permalink.ts';
import { type LiveEntry, useLivePlayers } from './live-players.ts';
import { PlayerIdContext } from './player-context.ts';
import { usePlayerStore } from './stores/player-store.ts';
import { useUiStore } from './stores/ui-store.ts';
import { useTick } from './use-tick.ts';

function Notices() {
  const notices = usePlayerStore((s) => s.notices);
  const dismiss = usePlayerStore((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="notice">
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button onClick={dismiss}>Dismiss</button>
    </div>
  );
}

function Bottom({ entries }: { entries: LiveEntry[] }) {
  useTick(500);
  return (
    <div className="bottom">
      <ErrorBoundary name="The event log">
        <EventLog players={entries.map((e) => ({ label: e.player.label, session: e.session }))} />
      </ErrorBoundary>
      <ErrorBoundary name="The export bar">
        <ExportBar />
      </ErrorBoundary>
    </div>
  );
}

export function App() {
  const players = usePlayerStore((s) => s.players);
  const addPlayer = usePlayerStore((s) => s.addPlayer);
  const settingsPlayerId = useUiStore((s) => s.settingsPlayerId);
  const entries = useLivePlayers();
  const compare = players.length > 1;
  const first = players[0]!;
  const settingsId = players.some((p) => p.id === settingsPlayerId) ? settingsPlayerId! : first.id;

  useAutomationHook();

  return (
    <div className="app">
      <header>
        <h1>
          Glassmeter <small>glass-to-glass latency, frame by frame</small>
        </h1>
        {!compare && (
          <PlayerIdContext.Provider value={first.id}>
            <StreamControls />
          </PlayerIdContext.Provider>
        )}
        <button data-testid="add-player" onClick={addPlayer} disabled={players.length >= MAX_PLAYERS} title="Compare: another player on the same live frames (up to four)">
          Add player
        </button>
      </header>
      <Notices />
      <main>
        <div className="player-column">
          <div className="tiles" data-count={players.length}>
            {players.map((player, index) => (
              <PlayerIdContext.Provider key={player.id} value={player.id}>
                <PlayerTile player={player} index={index} compare={compare} />
              </PlayerIdContext.Provider>
            ))}
          </div>
          {entries.length > 0 && (
            <>
              <ReadoutRows entries={entries} />
              <ErrorBoundary name="The charts">
                <LiveCharts entries={entries} />
              </ErrorBoundary>
              <Bottom entries={entries} />
            </>
          )}
        </div>
        <PlayerIdContext.Provider value={settingsId}>
          <ErrorBoundary name="The settings panel">
            <SettingsPanel />
          </ErrorBoundary>
        </PlayerIdContext.Provider>
      </main>
    </div>
  );
}
