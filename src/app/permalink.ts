import type { EngineName } from '../analyzer/types.ts';
import type { EngineSettings } from '../player/engine.ts';
import { defaultSettings, validateSetting, type Preset, type SettingDef } from '../player/settings-schema.ts';
import { parseSearchArea } from '../analyzer/search-area.ts';

export interface EngineCatalog {
  settings: readonly SettingDef[];
  presets: readonly Preset[];
  /** Rules between knobs (the library refuses contradictory ones); a message when violated. */
  crossValidate?: (settings: EngineSettings) => string | null;
}

/** What a page URL (or localStorage) says to play and how. */
export interface PlayerState {
  src: string;
  engine: EngineName;
  presetId: string | null;
  settings: EngineSettings;
}

export interface ParsedPermalink {
  state: PlayerState;
  /** Human-readable notes about values that were ignored (the defaults were used instead). */
  notices: string[];
}

/** Query keys that are not engine settings. */
/**
 * `readPath` (webcodecs|canvas) picks the analyzer's pixel path, for benchmarks; `clock` the /time
 * to sync to; `region` (x,y,width,height@WxH: video pixels of a WxH frame, scaled to the frame that
 * plays; without @WxH, of the first frame) limits player 1's code search.
 */
const RESERVED = new Set(['src', 'engine', 'preset', 'readPath', 'clock', 'region']);

/** The origin of a `?clock=` value when it is an http(s) URL, else null. */
export function clockOriginOf(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Settings of a preset: the engine defaults with the preset's values on top. */
export function presetSettings(catalog: EngineCatalog, presetId: string | null): EngineSettings {
  const base = defaultSettings(catalog.settings);
  const preset = catalog.presets.find((p) => p.id === presetId);
  return preset ? { ...base, ...preset.values } : base;
}

/**
 * Reads `?src=…&engine=…&preset=…&<setting>=<value>…`. Anything invalid falls back to the
 * default and is reported in `notices`, so a bad link still plays.
 */
export function parsePermalink(
  search: string,
  catalogs: Partial<Record<EngineName, EngineCatalog>>,
  fallback: PlayerState,
  srcProblem: (src: string) => string | null = () => null,
): ParsedPermalink {
  const query = new URLSearchParams(search);
  const notices: string[] = [];
  const asked = query.get('src')?.trim() ?? '';
  const problem = asked ? srcProblem(asked) : null;
  if (problem) notices.push(`src ignored: ${problem}; using ${fallback.src}`);
  const clockText = query.get('clock');
  if (clockText && !clockOriginOf(clockText)) notices.push(`clock ignored: "${clockText.slice(0, 100)}" is not an http(s) URL; syncing to the stream host, else this app`);
  const regionText = query.get('region');
  const region = regionText ? parseSearchArea(regionText) : null;
  if (region && 'error' in region) notices.push(`region ignored: ${region.error}; searching the whole frame`);
  const src = asked && !problem ? asked : fallback.src;
  const engineText = query.get('engine');
  const presetText = query.get('preset');
  // Only known setting keys count: a tracking parameter must not reset the last used settings.
  const knownKeys = new Set(Object.values(catalogs).flatMap((c) => c?.settings.map((d) => d.key) ?? []));
  const hasSettings = [...query.keys()].some((k) => knownKeys.has(k));
  // A URL that says nothing about how to play keeps the last used settings.
  if (engineText === null && presetText === null && !hasSettings) return { state: { ...fallback, src }, notices };

  const available = Object.keys(catalogs) as EngineName[];
  let engine = fallback.engine;
  if (engineText !== null) {
    if ((available as string[]).includes(engineText)) engine = engineText as EngineName;
    else notices.push(`engine "${engineText}" is not available (${available.join(', ')}); using ${engine}`);
  }
  const catalog = catalogs[engine];
  if (!catalog) return { state: { ...fallback, src }, notices: [...notices, `engine ${engine} is not available`] };
  let presetId: string | null = null;
  if (presetText !== null) {
    if (catalog.presets.some((p) => p.id === presetText)) presetId = presetText;
    else notices.push(`preset "${presetText}" does not exist for ${engine}; using the defaults`);
  }
  const settings = presetSettings(catalog, presetId);
  for (const [key, raw] of query) {
    if (RESERVED.has(key)) continue;
    const def = catalog.settings.find((d) => d.key === key);
    if (!def) {
      notices.push(`unknown setting "${key}" ignored`);
      continue;
    }
    const result = validateSetting(def, raw);
    if (result.ok) settings[key] = result.value;
    else notices.push(`${result.message}; using ${String(settings[key] ?? 'the default')}`);
  }
  const conflict = catalog.crossValidate?.(settings);
  if (conflict) {
    notices.push(`${conflict}; using the ${presetId ? 'preset' : 'default'} values instead`);
    return { state: { src, engine, presetId, settings: presetSettings(catalog, presetId) }, notices };
  }
  return { state: { src, engine, presetId, settings }, notices };
}

/** The permalink query for a state: preset plus only the settings that differ from it. */
export function buildPermalink(state: PlayerState, catalog: EngineCatalog): string {
  const query = new URLSearchParams();
  query.set('src', state.src);
  query.set('engine', state.engine);
  if (state.presetId) query.set('preset', state.presetId);
  const base = presetSettings(catalog, state.presetId);
  for (const def of catalog.settings) {
    const value = state.settings[def.key];
    if (value === undefined || value === base[def.key]) continue;
    query.set(def.key, value === null ? '' : String(value));
  }
  return `?${query.toString()}`;
}
