import { useEffect, useState } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { ENGINE_CATALOG } from '../../player/catalog.ts';
import { fmtMs } from '../format.ts';
import { playerColor } from '../live-players.ts';
import { usePlayerStore, type PlayerEntry } from '../stores/player-store.ts';
import { statusOf, useUiStore } from '../stores/ui-store.ts';
import { usePlayback } from '../use-playback.ts';
import { useTick } from '../use-tick.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { NetworkPicker } from './NetworkPicker.tsx';
import { RegionOverlay } from './RegionOverlay.tsx';
import { currentLatencyMs } from './Readouts.tsx';
import { StreamPicker } from './StreamPicker.tsx';

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

/** One player's video with its own stream, network and status; its header only in the compare view. */
export function PlayerTile({ player, index, compare }: { player: PlayerEntry; index: number; compare: boolean }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const { session } = usePlayback(video, player.id);
  const error = useUiStore((s) => statusOf(s.statuses, player.id).error);
  const removePlayer = usePlayerStore((s) => s.removePlayer);
  const setLabel = usePlayerStore((s) => s.setLabel);
  const showSettingsOf = useUiStore((s) => s.showSettingsOf);
  const [draft, setDraft] = useState(player.label);
  useEffect(() => setDraft(player.label), [player.label]);
  const color = playerColor(index);
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
        <div className="video-wrap">
          <video ref={setVideo} muted playsInline autoPlay controls data-testid="video" data-engine={ENGINE_CATALOG[player.engine].label} />
          {session && video && <RegionOverlay session={session} video={video} first={index === 0} />}
        </div>
        {session && <BigLatency session={session} playerId={player.id} />}
      </ErrorBoundary>
    </section>
  );
}

/** The stream and network pickers of one player (the header's, or a compare tile's), each isolated. */
export function StreamControls() {
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
