import { memo, useEffect, useState } from 'react';
import type { AnalyzerSession } from '../analyzer/session.ts';
import { ENGINE_CATALOG } from '../player/catalog.ts';
import type { Engine } from '../player/engine.ts';
import { buildChartData } from './charts/chart-data.ts';
import { Charts } from './components/Charts.tsx';
import { BreakdownReadouts } from './components/BreakdownReadouts.tsx';
import { CodeLocator } from './components/CodeLocator.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { EventLog } from './components/EventLog.tsx';
import { ExportBar } from './components/ExportBar.tsx';
import { currentLatencyMs, Readouts } from './components/Readouts.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { NetworkPicker } from './components/NetworkPicker.tsx';
import { StreamPicker } from './components/StreamPicker.tsx';
import { sessionSummary } from './export.ts';
import { scheduleOf } from './origin-options.ts';
import { fmtMs } from './format.ts';
import { usePlayerStore } from './stores/player-store.ts';
import { WINDOWS, useUiStore } from './stores/ui-store.ts';
import { usePlayback } from './use-playback.ts';
import { useTick } from './use-tick.ts';

declare global {
  interface Window {
    /** Automation hook for the headless measurement CLI and the e2e tests. */
    __glassmeter?: {
      session: AnalyzerSession | null;
      engine: Engine | null;
      summary: () => ReturnType<typeof sessionSummary> | null;
    };
  }
}

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

/** Charts redraw once a second: enough to follow live, and cheap next to video decoding. */
const LiveCharts = memo(function LiveCharts({ session }: { session: AnalyzerSession }) {
  useTick(1000);
  const src = usePlayerStore((s) => s.src);
  const windowId = useUiStore((s) => s.windowId);
  const windowMs = WINDOWS.find((w) => w.id === windowId)?.ms ?? Infinity;
  const now = session.now();
  const first = session.frames.get(0)?.displayTimeMs ?? now;
  const from = Number.isFinite(windowMs) ? now - windowMs : Math.min(first, now - 30_000);
  // The emulated link's rate, from the schedule and the last load (when the session began).
  const schedule = scheduleOf(src);
  let loadedAt = NaN;
  for (let i = session.markers.length - 1; i >= 0; i--) {
    const m = session.markers.get(i);
    if (m?.kind === 'load') {
      loadedAt = m.timeMs;
      break;
    }
  }
  const link = schedule && Number.isFinite(loadedAt) ? { schedule, startMs: loadedAt } : null;
  return <Charts data={buildChartData(session.frames, session.requests, session.markers, from, now, link)} />;
});

function LiveView({ session }: { session: AnalyzerSession }) {
  useTick(250);
  const status = useUiStore((s) => s.status);
  const latency = currentLatencyMs(session);
  return (
    <>
      <div className="big-latency" aria-live="off">
        <span className="caption">glass-to-glass</span>
        <span className="value">
          <span data-testid="latency-now">{fmtMs(latency)}</span>
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
      <ErrorBoundary name="The readouts">
        <Readouts session={session} />
      </ErrorBoundary>
      <ErrorBoundary name="The code locator">
        <CodeLocator session={session} />
      </ErrorBoundary>
      <ErrorBoundary name="The latency breakdown">
        <BreakdownReadouts session={session} />
      </ErrorBoundary>
      <ErrorBoundary name="The charts">
        <LiveCharts session={session} />
      </ErrorBoundary>
      <div className="bottom">
        <ErrorBoundary name="The event log">
          <EventLog session={session} />
        </ErrorBoundary>
        <ErrorBoundary name="The export bar">
          <ExportBar session={session} />
        </ErrorBoundary>
      </div>
    </>
  );
}

export function App() {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const { session, engine } = usePlayback(video);
  const error = useUiStore((s) => s.error);
  const engineName = usePlayerStore((s) => s.engine);

  useEffect(() => {
    window.__glassmeter = { session, engine, summary: () => (session ? sessionSummary(session) : null) };
  }, [session, engine]);

  return (
    <div className="app">
      <header>
        <h1>
          Glassmeter <small>glass-to-glass latency, frame by frame</small>
        </h1>
        <ErrorBoundary name="The stream picker">
          <StreamPicker />
        </ErrorBoundary>
        <ErrorBoundary name="The network picker">
          <NetworkPicker />
        </ErrorBoundary>
      </header>
      <Notices />
      {error && (
        <div className="error" role="alert" data-testid="error-message">
          {error}
        </div>
      )}
      <main>
        <div className="player-column">
          <ErrorBoundary name="The player">
            <video ref={setVideo} muted playsInline autoPlay controls data-testid="video" data-engine={ENGINE_CATALOG[engineName]?.label} />
            {session && <LiveView session={session} />}
          </ErrorBoundary>
        </div>
        <ErrorBoundary name="The settings panel">
          <SettingsPanel />
        </ErrorBoundary>
      </main>
    </div>
  );
}
