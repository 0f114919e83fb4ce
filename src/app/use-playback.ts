import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReadPath } from '../analyzer/frame-reader.ts';
import { AnalyzerSession } from '../analyzer/session.ts';
import { ENGINE_CATALOG } from '../player/catalog.ts';
import type { Engine } from '../player/engine.ts';
import { formatOfUrl } from '../player/stream-format.ts';
import { fatalMessage } from './fatal-message.ts';
import { clockOriginOf } from './permalink.ts';
import { saveLastGood, usePlayerStore, type PlayerEntry } from './stores/player-store.ts';
import { regionFromUrl } from './stores/region-store.ts';
import { useSessionStore } from './stores/session-store.ts';
import { statusOf, useUiStore, type PlaybackStatus } from './stores/ui-store.ts';

/**
 * `?clock=<url>`: the Glassmeter (or any server answering /time) whose clock stamped the frames.
 * Only its origin is used; anything but an http(s) URL is ignored (the permalink notices say so).
 */
function clockFromUrl(): string | null {
  const raw = new URLSearchParams(location.search).get('clock');
  return raw ? clockOriginOf(raw) : null;
}

/** `?readPath=canvas` forces the analyzer's canvas fallback (benchmarks compare the two paths). */
function readPathFromUrl(): ReadPath {
  return new URLSearchParams(location.search).get('readPath') === 'canvas' ? 'canvas' : 'webcodecs';
}

/** Resolves the stream URL against the page, so "/live/..." works as typed; the page itself if it does not parse (the store validates first). */
function absoluteUrl(src: string): string {
  try {
    return new URL(src, location.href).toString();
  } catch {
    return location.href;
  }
}

/**
 * Owns the engine and the analyzer session for a video element. The session lives as long as
 * the page (its history survives engine switches and reloads); the engine is re-created when
 * the engine, the stream or a reload-only setting changes.
 */
export function usePlayback(video: HTMLVideoElement | null, playerId: number): { session: AnalyzerSession | null; engine: Engine | null } {
  const player = (s: { players: PlayerEntry[] }) => s.players.find((p) => p.id === playerId);
  const engineName = usePlayerStore((s) => player(s)?.engine ?? 'hls');
  const src = usePlayerStore((s) => player(s)?.src ?? '');
  const loadToken = usePlayerStore((s) => player(s)?.loadToken ?? 0);
  const settings = usePlayerStore((s) => player(s)?.settings);
  const setStatusOf = useUiStore((s) => s.setStatus);
  const setStatus = useCallback((status: PlaybackStatus, error: string | null = null) => setStatusOf(playerId, status, error), [setStatusOf, playerId]);
  const putLive = useSessionStore((s) => s.put);
  const [session, setSession] = useState<AnalyzerSession | null>(null);
  const [engine, setEngine] = useState<Engine | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const lastEngine = useRef<string | null>(null);

  useEffect(() => {
    const players = usePlayerStore.getState().players;
    const created = new AnalyzerSession(absoluteUrl(players.find((p) => p.id === playerId)?.src ?? '/'), clockFromUrl());
    // The link's search area is player 1's (scaled from its frame size, checked against the first frame's).
    if (players[0]?.id === playerId) created.codeTracker.setSearchArea(regionFromUrl());
    setSession(created);
    return () => created.dispose();
  }, [playerId]);

  useEffect(() => {
    if (!session) return;
    putLive(playerId, { session, engine });
    return () => putLive(playerId, null);
  }, [session, engine, playerId, putLive]);

  useEffect(() => {
    if (!video || !session) return;
    const entry = ENGINE_CATALOG[engineName];
    let cancelled = false;
    let current: Engine | null = null;
    const url = absoluteUrl(src);
    setStatus('loading');
    session.setStreamUrl(url);
    const onPlaying = () => {
      if (statusOf(useUiStore.getState().statuses, playerId).status === 'error') return;
      setStatus('playing');
      saveLastGood();
    };
    video.addEventListener('playing', onPlaying);
    entry
      .create(video, settingsRef.current ?? {})
      .then((e) => {
        if (cancelled) {
          e.destroy();
          return;
        }
        current = e;
        const format = formatOfUrl(url) ?? (entry.formats.length === 1 ? (entry.formats[0] ?? null) : null);
        e.on('error', (error) => {
          if (error.fatal) setStatus('error', fatalMessage(error, url, format));
        });
        e.on('recovered', () => setStatus('playing'));
        session.attach(video, e, readPathFromUrl());
        // The session's history stays; the switch is marked on every chart.
        if (lastEngine.current !== null && lastEngine.current !== entry.label) session.mark('engine', `engine: ${lastEngine.current} → ${entry.label}`);
        lastEngine.current = entry.label;
        session.mark('load', `${entry.label} loading ${url}`);
        e.load(url);
        setEngine(e);
      })
      .catch((err: Error) => setStatus('error', err.message));
    return () => {
      cancelled = true;
      video.removeEventListener('playing', onPlaying);
      current?.destroy();
      session.detach();
      setEngine(null);
    };
  }, [video, session, engineName, src, loadToken, setStatus, playerId]);

  useEffect(() => {
    // hls.js throws on contradictory knobs; the settings panel shows the problem instead.
    // On an engine switch this runs once more with the old, already destroyed engine and the new
    // engine's settings: those are not its own (and would make it re-create its player).
    const entry = ENGINE_CATALOG[engineName];
    if (engine && settings && engine.name === engineName && !entry.crossValidate(settings)) engine.applySettings(settings);
  }, [engine, engineName, settings]);

  return { session, engine };
}
