import { createContext, useContext } from 'react';
import { usePlayerStore, type PlayerEntry } from './stores/player-store.ts';

/** Which player a component belongs to: pickers and the settings panel work on one player each. */
export const PlayerIdContext = createContext<number | null>(null);

export function usePlayerId(): number {
  const id = useContext(PlayerIdContext);
  if (id === null) throw new Error('usePlayerId outside a PlayerIdContext');
  return id;
}

/** A value of this component's player (undefined once the player is removed). */
export function usePlayer<T>(select: (player: PlayerEntry) => T): T | undefined {
  const id = usePlayerId();
  return usePlayerStore((s) => {
    const player = s.players.find((p) => p.id === id);
    return player ? select(player) : undefined;
  });
}
