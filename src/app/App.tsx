import { memo, useEffect, useState } from 'react';
import type { AnalyzerSession } from '../analyzer/session.ts';
import { ENGINE_CATALOG } from '../player/catalog.ts';
import type { Engine } from '../player/engine.ts';
import { buildChartData } from './charts/chart-data.ts';
import { Charts, type PlayerChartData } from './components/Charts.tsx';
import { AvSyncReadouts, BreakdownReadouts } from './components/BreakdownReadouts.tsx';
import { CodeLocator } from './components/CodeLocator.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { EventLog } from './components/EventLog.tsx';
import { ExportBar } from './components/ExportBar.tsx';
import { currentLatencyMs, Readouts, WindowSelect } from './components/Readouts.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { NetworkPicker } from './components/NetworkPicker.tsx';
import { StreamPicker } from './components/StreamPicker.tsx';
import { MAX_PLAYERS } from './compare-permalink.ts';
import { sessionSummary } from './export.ts';
import { scheduleOf } from './origin-options.ts';
import { fmtMs } from './format.ts';
import { PlayerIdContext } from './player-context.ts';
import { usePlayerStore, type PlayerEntry } from './stores/player-store.ts';
import { useSessionStore } from './stores/session-store.ts';
import { statusOf, WINDOWS, useUiStore } from './stores/ui-store.ts';
import { usePlayback } from './use-playback.ts';
import { useTick } from './use-tick.ts';

type Summary = ReturnType<typeof sessionSummary>;

declare global {
  interface Window {
    /** Automation hook for the headless measurement CLI and the e2e tests: player 1 at the top, every player in `players`. */
    __glassmeter?: {
      session: AnalyzerSession | null;
      engine: Engine | null;
      summary: () => Summary | null;
      players: () => Array<{ label: string; session: AnalyzerSession; engine: Engine | null; summary: Summary }>;
    };
  }
}

/** One colour per player, on every chart and beside its readout row. */
export const PLAYER_COLORS = ['#22d3ee', '#f472b6', '#a3e635', '#fbbf24'] as const;

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

interface LiveEntry {
  player: PlayerEntry;
  session: AnalyzerSession;
  color: string;
}

/** The players that have a session now, in page order, with their colours. */
function useLivePlayers(): LiveEntry[] {
  const players = usePlayerStore((s) => s.players);
  const live = useSessionStore((s) => s.live);
  return players.flatMap((player, i) => (Object.hasOwn(live, player.id) ? [{ player, session: live[player.id]!.session, color: PLAYER_COLORS[i % PLAYER_COLORS.length]! }] : []));
}

function lastLoadTime(session: AnalyzerSession): number {
  for (let i = session.markers.length - 1; i >= 0; i--) {
    const m = session.markers.get(i);
    if (m?.kind === 'load') return m.timeMs;
  }
  return NaN;
}

/** Charts redraw once a second: enough to follow live, and cheap next to video decoding. */
const LiveCharts = memo(function LiveCharts({ entries }: { entries: LiveEntry[] }) {
  useTick(1000);
  const windowId = useUiStore((s) => s.windowId);
  const windowMs = WINDOWS.find((w) => w.id === windowId)?.ms ?? Infinity;
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

/** The big number of one player, with its warnings and status. */
function BigLatency({ session, playerId }: { session: AnalyzerSession; playerId: number }) {
  useTick(250);
  const status = useUiStore((s) => statusOf(s.statuses, playerId).status);
  return (
    <div className="big-latency" aria-live="off">
      <span className="caption">glass-to-glass</span>
      <span className="value">
        <span data-testid="latency-now">{fmtMs(currentLatencyMs(session))}</span>
        <span className="unit">ms</span>
      </span>
      {session.noTimecode && (
        <span className="warning" data-testid="no-timecode">
          no burned-in timecode found: showing engine and program-date-time latency only
        </span>
      )}
      {session.partialTimecode !== null && (
        <span className="warning" data-testid="partial-timecode">
          timecode read in only {Math.round(session.partialTimecode * 100)}% of the last frames: the latency covers those frames only
        </span>
      )}
      {!session.clock.synced && session.clock.error && (
        <span className="warning" data-testid="clock-warning">
          clock not synchronized ({session.clock.error}); latency assumes this machine's clock matches the source's
        </span>
      )}
      <span className="status" data-testid="status">
        {status}
      </span>
    </div>
  );
}

/** Readout rows: one per player (the same readouts as one player has). */
function ReadoutRows({ entries }: { entries: LiveEntry[] }) {
  useTick(250);
  if (entries.length === 1) {
    return (
      <>
        <ErrorBoundary name="The readouts">
          <Readouts session={entries[0]!.session} />
        </ErrorBoundary>
        <ErrorBoundary name="The code locator">
          <CodeLocator session={entries[0]!.session} />
        </ErrorBoundary>
        <ErrorBoundary name="The latency breakdown">
          <BreakdownReadouts session={entries[0]!.session} />
          <AvSyncReadouts session={entries[0]!.session} />
        </ErrorBoundary>
      </>
    );
  }
  return (
    <div className="readout-rows">
      <WindowSelect />
      {entries.map((e) => (
        <ErrorBoundary key={e.player.id} name={`The readouts of ${e.player.label}`}>
          <Readouts session={e.session} label={e.player.label} color={e.color} />
          <CodeLocator session={e.session} />
          <BreakdownReadouts session={e.session} />
        </ErrorBoundary>
      ))}
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

/** One player's video with its own stream, network and status; its header only in the compare view. */
function PlayerTile({ player, index, compare }: { player: PlayerEntry; index: number; compare: boolean }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const { session } = usePlayback(video, player.id);
  const error = useUiStore((s) => statusOf(s.statuses, player.id).error);
  const removePlayer = usePlayerStore((s) => s.removePlayer);
  const setLabel = usePlayerStore((s) => s.setLabel);
  const showSettingsOf = useUiStore((s) => s.showSettingsOf);
  const [draft, setDraft] = useState(player.label);
  useEffect(() => setDraft(player.label), [player.label]);
  const color = PLAYER_COLORS[index % PLAYER_COLORS.length];
  return (
    <section className="tile" data-testid="player-tile" data-player={player.label} style={compare ? { borderColor: color } : undefined}>
      {compare && (
        <div className="tile-header">
          <input
            className="label-input"
            data-testid="label-input"
            aria-label="Player label"
            value={draft}
            style={{ color }}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => setLabel(player.id, draft)}
            onKeyDown={(e) => e.key === 'Enter' && setLabel(player.id, draft)}
          />
          <button data-testid="show-settings" onClick={() => showSettingsOf(player.id)}>
            Settings
          </button>
          <button data-testid="remove-player" onClick={() => removePlayer(player.id)} title="Remove this player">
            Remove
          </button>
          <StreamControls />
        </div>
      )}
      {error && (
        <div className="error" role="alert" data-testid="error-message">
          {error}
        </div>
      )}
      <ErrorBoundary name="The player">
        <video ref={setVideo} muted playsInline autoPlay controls data-testid="video" data-engine={ENGINE_CATALOG[player.engine].label} />
        {session && <BigLatency session={session} playerId={player.id} />}
      </ErrorBoundary>
    </section>
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

  useEffect(() => {
    const live = () => useSessionStore.getState().live;
    const ordered = () => usePlayerStore.getState().players.flatMap((p) => (Object.hasOwn(live(), p.id) ? [{ label: p.label, ...live()[p.id]! }] : []));
    window.__glassmeter = {
      get session() {
        return ordered()[0]?.session ?? null;
      },
      get engine() {
        return ordered()[0]?.engine ?? null;
      },
      summary: () => {
        const one = ordered()[0];
        return one ? sessionSummary(one.session) : null;
      },
      players: () => ordered().map((p) => ({ ...p, summary: sessionSummary(p.session) })),
    };
  }, []);

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

/** The stream and network pickers of one player (the header's, or a compare tile's), each isolated. */
function StreamControls() {
  return (
    <>
      <ErrorBoundary name="The stream picker">
        <StreamPicker />
      </ErrorBoundary>
      <ErrorBoundary name="The network picker">
        <NetworkPicker />
      </ErrorBoundary>
    </>
  );
}
