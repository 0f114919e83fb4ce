import type { AnalyzerSession } from '../analyzer/session.ts';
import { usePlayerStore, type PlayerEntry } from './stores/player-store.ts';
import { useSessionStore } from './stores/session-store.ts';

/** One colour per player, on every chart and beside its readout row. */
export const PLAYER_COLORS = ['#22d3ee', '#f472b6', '#a3e635', '#fbbf24'] as const;

export const playerColor = (index: number): string => PLAYER_COLORS[index % PLAYER_COLORS.length]!;

export interface LiveEntry {
  player: PlayerEntry;
  session: AnalyzerSession;
  color: string;
}

/** The players that have a session now, in page order, with their colours. */
export function useLivePlayers(): LiveEntry[] {
  const players = usePlayerStore((s) => s.players);
  const live = useSessionStore((s) => s.live);
  return players.flatMap((player, i) => (Object.hasOwn(live, player.id) ? [{ player, session: live[player.id]!.session, color: playerColor(i) }] : []));
}
