import { create } from 'zustand';

export const WINDOWS = [
  { id: '30s', label: '30 s', ms: 30_000 },
  { id: '2m', label: '2 min', ms: 120_000 },
  { id: '10m', label: '10 min', ms: 600_000 },
  { id: 'all', label: 'All', ms: Number.POSITIVE_INFINITY },
] as const;

export type PlaybackStatus = 'idle' | 'loading' | 'playing' | 'error';

interface UiStore {
  windowId: (typeof WINDOWS)[number]['id'];
  status: PlaybackStatus;
  /** Why the stream cannot play, in words a user can act on. */
  error: string | null;
  setWindow(id: UiStore['windowId']): void;
  setStatus(status: PlaybackStatus, error?: string | null): void;
}

export const useUiStore = create<UiStore>()((set) => ({
  windowId: '2m',
  status: 'idle',
  error: null,
  setWindow: (windowId) => set({ windowId }),
  setStatus: (status, error = null) => set({ status, error }),
}));
