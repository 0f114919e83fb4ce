import { create } from 'zustand';
import type { EngineName } from '../../analyzer/types.ts';
import { DEFAULT_ENGINE, DEFAULT_PRESET, ENGINE_CATALOG, canPlay, isEngineName } from '../../player/catalog.ts';
import type { SettingValue } from '../../player/engine.ts';
import { validateSetting } from '../../player/settings-schema.ts';
import { buildComparePermalink, cleanLabel, defaultLabel, MAX_PLAYERS, parseComparePermalink, type ComparePlayerState } from '../compare-permalink.ts';
import { presetSettings, type PlayerState } from '../permalink.ts';
import { engineForUrl } from '../../player/stream-format.ts';
import { streamUrlProblem } from '../origin-options.ts';
import { streamForEngine } from '../stream-kind.ts';

export const DEFAULT_SRC = '/live/ll200/master.m3u8';
const STORAGE_KEY = 'glassmeter.player.v1';

/** One player of the page: what it plays, how, and its label. `id` is stable while it lives. */
export interface PlayerEntry extends ComparePlayerState {
  id: number;
  /** Bumped when the stream must be (re)loaded even if src is unchanged. */
  loadToken: number;
}

interface PlayerStore {
  players: PlayerEntry[];
  /** Notes about permalink values that were ignored. */
  notices: string[];
  setSrc(id: number, src: string): void;
  setEngine(id: number, engine: EngineName): void;
  applyPreset(id: number, presetId: string): void;
  setSetting(id: number, key: string, value: SettingValue): void;
  setLabel(id: number, label: string): void;
  /** Adds a player playing what the last one plays (a comparison starts from the same setup). */
  addPlayer(): void;
  removePlayer(id: number): void;
  dismissNotices(): void;
}

/** Why `src` cannot be played here, or null (see streamUrlProblem). */
function srcProblem(src: string): string | null {
  return streamUrlProblem(src, typeof location !== 'undefined' ? location.href : 'http://localhost/');
}

export function catalogOf(engine: EngineName) {
  const entry = ENGINE_CATALOG[engine];
  return { settings: entry.settings, presets: entry.presets, crossValidate: entry.crossValidate };
}

function defaultState(): PlayerState {
  return { src: DEFAULT_SRC, engine: DEFAULT_ENGINE, presetId: DEFAULT_PRESET, settings: presetSettings(catalogOf(DEFAULT_ENGINE), DEFAULT_PRESET) };
}

/** The last used state of player 1 from localStorage, each value re-validated (it may be stale or edited). */
function storedState(): PlayerState {
  const fallback = defaultState();
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
    if (!raw) return fallback;
    const stored = JSON.parse(raw) as Partial<PlayerState>;
    const engine = typeof stored.engine === 'string' && isEngineName(stored.engine) ? stored.engine : fallback.engine;
    const catalog = catalogOf(engine);
    const presetId = catalog.presets.find((p) => p.id === stored.presetId)?.id ?? null;
    const settings = presetSettings(catalog, presetId);
    for (const def of catalog.settings) {
      const value = stored.settings && Object.hasOwn(stored.settings, def.key) ? stored.settings[def.key] : undefined;
      if (value === undefined) continue;
      const result = validateSetting(def, value);
      if (result.ok) settings[def.key] = result.value;
    }
    const src = typeof stored.src === 'string' && stored.src && !srcProblem(stored.src) ? stored.src : fallback.src;
    return { src, engine, presetId, settings };
  } catch {
    return fallback;
  }
}

function catalogs() {
  return Object.fromEntries(Object.entries(ENGINE_CATALOG).map(([k, v]) => [k, { settings: v.settings, presets: v.presets, crossValidate: v.crossValidate }]));
}

/** The state with `engine`, on its default preset (settings do not carry over between libraries). */
function withEngine<T extends PlayerState>(state: T, engine: EngineName): T {
  if (engine === state.engine) return state;
  const presetId = catalogOf(engine).presets.some((p) => p.id === DEFAULT_PRESET) ? DEFAULT_PRESET : null;
  return { ...state, engine, presetId, settings: presetSettings(catalogOf(engine), presetId) };
}

let nextId = 1;

function initialState(): { players: PlayerEntry[]; notices: string[] } {
  const search = typeof location !== 'undefined' ? location.search : '';
  const parsed = parseComparePermalink(search, catalogs(), storedState(), defaultState(), srcProblem);
  const notices = [...parsed.notices];
  const players = parsed.players.map((player) => {
    // A link may name an engine that cannot play its stream: the stream's format wins.
    const needed = engineForUrl(player.src);
    let state: ComparePlayerState = player;
    if (needed && !canPlay(player.engine, player.src)) {
      notices.push(`${ENGINE_CATALOG[player.engine].label} cannot play ${player.src}; using ${ENGINE_CATALOG[needed].label}`);
      state = withEngine(player, needed);
    }
    return { ...state, id: nextId++, loadToken: 0 };
  });
  return { players, notices };
}

/** Writes every player's state to the address bar (permalink). */
function showPermalink(players: readonly PlayerEntry[]): void {
  if (typeof window === 'undefined' || players.length === 0) return;
  // Page-level keys (not player state) stay in the address bar.
  const here = new URLSearchParams(location.search);
  const kept = ['readPath', 'clock', 'region'].map((k) => [k, here.get(k)] as const).filter(([, v]) => v);
  const link = buildComparePermalink(players, catalogOf) + kept.map(([k, v]) => `&${k}=${encodeURIComponent(v ?? '')}`).join('');
  window.history.replaceState(null, '', `${location.pathname}${link}`);
}

/**
 * Remembers player 1's state as the last used one (localStorage). Called once a load played
 * without error, so a state that breaks the page is never what a later plain visit restores.
 */
export function saveLastGood(): void {
  const first = usePlayerStore.getState().players[0];
  if (!first) return;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ src: first.src, engine: first.engine, presetId: first.presetId, settings: first.settings }));
  } catch {
    // Private mode or full storage: the permalink still carries everything.
  }
}

/** "Reset to defaults": forget the stored state and reload the page without its query. */
export function resetToDefaults(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage unavailable: nothing stored to forget.
  }
  location.assign(location.pathname);
}

/** Nothing in a link or in storage may stop the page from starting: the defaults, with a notice. */
function safeInitialState(): { players: PlayerEntry[]; notices: string[] } {
  try {
    return initialState();
  } catch (err) {
    return { players: [{ ...defaultState(), label: defaultLabel(0), id: nextId++, loadToken: 0 }], notices: [`the link or the stored state could not be read (${(err as Error).message}); using the defaults`] };
  }
}

const initial = safeInitialState();

export const usePlayerStore = create<PlayerStore>()((set, get) => {
  const update = (id: number, change: (p: PlayerEntry) => PlayerEntry) => set({ players: get().players.map((p) => (p.id === id ? change(p) : p)) });
  return {
    players: initial.players,
    notices: initial.notices,
    // A stream the engine cannot play brings its format's engine along; an engine brings the nearest stream it plays.
    setSrc: (id, src) => {
      const problem = srcProblem(src);
      if (problem) return set({ notices: [...get().notices, `not loaded: ${problem}`] });
      update(id, (p) => {
        const needed = engineForUrl(src);
        const next = needed && !canPlay(p.engine, src) ? withEngine(p, needed) : p;
        return { ...next, src, loadToken: p.loadToken + 1 };
      });
    },
    setEngine: (id, engine) => update(id, (p) => (engine === p.engine ? p : { ...withEngine(p, engine), src: streamForEngine(p.src, engine) })),
    applyPreset: (id, presetId) => update(id, (p) => ({ ...p, presetId, settings: presetSettings(catalogOf(p.engine), presetId) })),
    setSetting: (id, key, value) => update(id, (p) => ({ ...p, settings: { ...p.settings, [key]: value } })),
    setLabel: (id, label) => update(id, (p) => ({ ...p, label: cleanLabel(label, get().players.indexOf(p)) })),
    addPlayer: () => {
      const players = get().players;
      if (players.length >= MAX_PLAYERS) return;
      const last = players[players.length - 1] ?? { ...defaultState(), label: defaultLabel(0), id: 0, loadToken: 0 };
      const used = new Set(players.map((p) => p.label));
      let n = players.length;
      while (used.has(defaultLabel(n))) n++;
      set({ players: [...players, { ...last, settings: { ...last.settings }, label: defaultLabel(n), id: nextId++, loadToken: 0 }] });
    },
    removePlayer: (id) => {
      const players = get().players;
      if (players.length > 1) set({ players: players.filter((p) => p.id !== id) });
    },
    dismissNotices: () => set({ notices: [] }),
  };
});

usePlayerStore.subscribe((state, previous) => {
  if (state.players !== previous.players) showPermalink(state.players);
});
showPermalink(initial.players);
