import { create } from 'zustand';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import type { Engine } from '../../player/engine.ts';

export interface LivePlayer {
  session: AnalyzerSession;
  engine: Engine | null;
}

/**
 * The running analyzer session (and engine) of each player, by player id, so the shared parts
 * of the page (readout rows, overlaid charts, exports) see every player. At most MAX_PLAYERS
 * entries: a player removes its own when it goes.
 */
interface SessionStore {
  live: Record<number, LivePlayer>;
  put(id: number, player: LivePlayer | null): void;
}

export const useSessionStore = create<SessionStore>()((set, get) => ({
  live: {},
  put: (id, player) => {
    const live = { ...get().live };
    if (player) live[id] = player;
    else delete live[id];
    set({ live });
  },
}));
