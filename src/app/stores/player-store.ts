import { create } from 'zustand';
import type { EngineName } from '../../analyzer/types.ts';
import { DEFAULT_ENGINE, DEFAULT_PRESET, ENGINE_CATALOG, canPlay } from '../../player/catalog.ts';
import type { SettingValue } from '../../player/engine.ts';
import { validateSetting } from '../../player/settings-schema.ts';
import { buildPermalink, parsePermalink, presetSettings, type PlayerState } from '../permalink.ts';
import { engineForUrl } from '../../player/stream-format.ts';
import { streamUrlProblem } from '../origin-options.ts';
import { streamForEngine } from '../stream-kind.ts';

export const DEFAULT_SRC = '/live/ll200/master.m3u8';
const STORAGE_KEY = 'glassmeter.player.v1';

interface PlayerStore extends PlayerState {
  /** Notes about permalink values that were ignored. */
  notices: string[];
  /** Bumped when the stream must be (re)loaded even if src is unchanged. */
  loadToken: number;
  setSrc(src: string): void;
  setEngine(engine: EngineName): void;
  applyPreset(presetId: string): void;
  setSetting(key: string, value: SettingValue): void;
  dismissNotices(): void;
}

/** Why `src` cannot be played here, or null (see streamUrlProblem). */
function srcProblem(src: string): string | null {
  return streamUrlProblem(src, typeof location !== 'undefined' ? location.href : 'http://localhost/');
}

function catalogOf(engine: EngineName) {
  const entry = ENGINE_CATALOG[engine] ?? ENGINE_CATALOG[DEFAULT_ENGINE]!;
  return { settings: entry.settings, presets: entry.presets };
}

function defaultState(): PlayerState {
  return { src: DEFAULT_SRC, engine: DEFAULT_ENGINE, presetId: DEFAULT_PRESET, settings: presetSettings(catalogOf(DEFAULT_ENGINE), DEFAULT_PRESET) };
}

/** The last used state from localStorage, each value re-validated (it may be stale or edited). */
function storedState(): PlayerState {
  const fallback = defaultState();
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
    if (!raw) return fallback;
    const stored = JSON.parse(raw) as Partial<PlayerState>;
    const engine = stored.engine && ENGINE_CATALOG[stored.engine] ? stored.engine : fallback.engine;
    const catalog = catalogOf(engine);
    const presetId = catalog.presets.find((p) => p.id === stored.presetId)?.id ?? null;
    const settings = presetSettings(catalog, presetId);
    for (const def of catalog.settings) {
      const value = stored.settings?.[def.key];
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
  return Object.fromEntries(
    Object.entries(ENGINE_CATALOG).map(([k, v]) => [k, { settings: v.settings, presets: v.presets, crossValidate: v.crossValidate }]),
  );
}

/** The state with `engine`, on its default preset (settings do not carry over between libraries). */
function withEngine(state: PlayerState, engine: EngineName): PlayerState {
  if (engine === state.engine) return state;
  const presetId = catalogOf(engine).presets.some((p) => p.id === DEFAULT_PRESET) ? DEFAULT_PRESET : null;
  return { ...state, engine, presetId, settings: presetSettings(catalogOf(engine), presetId) };
}

function initialState(): { state: PlayerState; notices: string[] } {
  const search = typeof location !== 'undefined' ? location.search : '';
  const parsed = parsePermalink(search, catalogs(), storedState(), srcProblem);
  // A link may name an engine that cannot play its stream: the stream's format wins.
  const needed = engineForUrl(parsed.state.src);
  if (needed && !canPlay(parsed.state.engine, parsed.state.src)) {
    const notice = `${ENGINE_CATALOG[parsed.state.engine]?.label ?? parsed.state.engine} cannot play ${parsed.state.src}; using ${ENGINE_CATALOG[needed]!.label}`;
    return { state: withEngine(parsed.state, needed), notices: [...parsed.notices, notice] };
  }
  return parsed;
}

/** Writes the current state to the address bar (permalink). */
function showPermalink(state: PlayerState): void {
  if (typeof window === 'undefined') return;
  // Page-level keys (not player state) stay in the address bar.
  const here = new URLSearchParams(location.search);
  const kept = ['readPath', 'clock'].map((k) => [k, here.get(k)] as const).filter(([, v]) => v);
  const link = buildPermalink(state, catalogOf(state.engine)) + kept.map(([k, v]) => `&${k}=${encodeURIComponent(v ?? '')}`).join('');
  window.history.replaceState(null, '', `${location.pathname}${link}`);
}

/**
 * Remembers the current state as the last used one (localStorage). Called once a load played
 * without error, so a state that breaks the page is never what a later plain visit restores.
 */
export function saveLastGood(): void {
  const { src, engine, presetId, settings } = usePlayerStore.getState();
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ src, engine, presetId, settings }));
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
function safeInitialState(): { state: PlayerState; notices: string[] } {
  try {
    return initialState();
  } catch (err) {
    return { state: defaultState(), notices: [`the link or the stored state could not be read (${(err as Error).message}); using the defaults`] };
  }
}

const initial = safeInitialState();

export const usePlayerStore = create<PlayerStore>()((set, get) => ({
  ...initial.state,
  notices: initial.notices,
  loadToken: 0,
  // A stream the engine cannot play brings its format's engine along; an engine brings the nearest stream it plays.
  setSrc: (src) => {
    const problem = srcProblem(src);
    if (problem) return set({ notices: [...get().notices, `not loaded: ${problem}`] });
    const needed = engineForUrl(src);
    const next = needed && !canPlay(get().engine, src) ? withEngine(get(), needed) : get();
    set({ ...next, src, loadToken: get().loadToken + 1 });
  },
  setEngine: (engine) => {
    if (engine === get().engine) return;
    set({ ...withEngine(get(), engine), src: streamForEngine(get().src, engine) });
  },
  applyPreset: (presetId) => set({ presetId, settings: presetSettings(catalogOf(get().engine), presetId) }),
  setSetting: (key, value) => set({ settings: { ...get().settings, [key]: value } }),
  dismissNotices: () => set({ notices: [] }),
}));

usePlayerStore.subscribe((state) => showPermalink({ src: state.src, engine: state.engine, presetId: state.presetId, settings: state.settings }));
showPermalink(initial.state);
