import type { AnalyzerSession } from '../analyzer/session.ts';
import { windowStats, type WindowStats } from '../analyzer/stats.ts';
import { WINDOWS, useUiStore } from './stores/ui-store.ts';

/** The selected window's length in ms (Infinity for "All"). */
export function useWindowMs(): number {
  const windowId = useUiStore((s) => s.windowId);
  return WINDOWS.find((w) => w.id === windowId)?.ms ?? Infinity;
}

/** A player's statistics over the last `windowMs` up to now: the breakdown readouts and the compare bars both read them here. */
export function statsOverWindow(session: AnalyzerSession, windowMs: number): WindowStats {
  const now = session.now();
  return windowStats(session.frames, Number.isFinite(windowMs) ? now - windowMs : -Infinity, now);
}
