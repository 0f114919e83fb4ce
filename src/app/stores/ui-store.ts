import { create } from 'zustand';

export const WINDOWS = [
  { id: '30s', label: '30 s', ms: 30_000 },
  { id: '2m', label: '2 min', ms: 120_000 },
  { id: '10m', label: '10 min', ms: 600_000 },
  { id: 'all', label: 'All', ms: Number.POSITIVE_INFINITY },
] as const;

export type PlaybackStatus = 'idle' | 'loading' | 'playing' | 'error';

export interface PlayerStatus {
  status: PlaybackStatus;
  /** Why the stream cannot play, in words a user can act on. */
  error: string | null;
}

const IDLE: PlayerStatus = { status: 'idle', error: null };

interface UiStore {
  windowId: (typeof WINDOWS)[number]['id'];
  /** Per player id. */
  statuses: Record<number, PlayerStatus>;
  /** The player whose settings the panel shows (compare view). */
  settingsPlayerId: number | null;
  setWindow(id: UiStore['windowId']): void;
  setStatus(playerId: number, status: PlaybackStatus, error?: string | null): void;
  showSettingsOf(playerId: number): void;
}

export const statusOf = (statuses: Record<number, PlayerStatus>, id: number): PlayerStatus => (Object.hasOwn(statuses, id) ? statuses[id]! : IDLE);

export const useUiStore = create<UiStore>()((set, get) => ({
  windowId: '2m',
  statuses: {},
  settingsPlayerId: null,
  setWindow: (windowId) => set({ windowId }),
  setStatus: (playerId, status, error = null) => set({ statuses: { ...get().statuses, [playerId]: { status, error } } }),
  showSettingsOf: (settingsPlayerId) => set({ settingsPlayerId }),
}));
