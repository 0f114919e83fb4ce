import { useEffect } from 'react';
import type { AnalyzerSession } from '../analyzer/session.ts';
import type { Engine } from '../player/engine.ts';
import { sessionSummary } from './export.ts';
import { usePlayerStore } from './stores/player-store.ts';
import { useSessionStore } from './stores/session-store.ts';

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

/** Installs `window.__glassmeter` once; it reads the stores on every call, so it follows players added and removed. */
export function useAutomationHook(): void {
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
}
