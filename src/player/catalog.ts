import type { EngineName } from '../analyzer/types.ts';
import { ENGINE_IDS, isEngineId } from '../shared/stream/engines.ts';
import { DASH_PRESETS, DASH_SETTINGS, crossValidateDash } from './dash-settings.ts';
import type { Engine, EngineSettings } from './engine.ts';
import { HLS_PRESETS, HLS_SETTINGS, crossValidateHls } from './hls-settings.ts';
import type { Preset, SettingDef } from './settings-schema.ts';
import { SHAKA_PRESETS, SHAKA_SETTINGS, crossValidateShaka } from './shaka-settings.ts';
import { formatOfUrl, type StreamFormat } from './stream-format.ts';
import { videoReleased } from './video-handoff.ts';

export interface EngineCatalogEntry {
  name: EngineName;
  label: string;
  /** The npm package that plays (its version goes into reports). */
  library: string;
  /** The stream formats it plays. */
  formats: readonly StreamFormat[];
  settings: readonly SettingDef[];
  presets: readonly Preset[];
  /** Rules between knobs; a message when violated. */
  crossValidate: (settings: EngineSettings) => string | null;
  /** Loaded on demand so the default page stays small; resolves once the element is free of the previous engine. */
  create: (video: HTMLVideoElement, settings: EngineSettings) => Promise<Engine>;
}

/** An adapter class, as its chunk exports it. */
interface Adapter {
  new (video: HTMLVideoElement, settings: EngineSettings): Engine;
  isSupported(): boolean;
}

/** `create` for an adapter in its own chunk: loaded on first use, refused with `unsupported` where the browser lacks what it needs. */
function lazy(load: () => Promise<Adapter>, unsupported: string): EngineCatalogEntry['create'] {
  return async (video, settings) => {
    const [AdapterClass] = await Promise.all([load(), videoReleased(video)]);
    if (!AdapterClass.isSupported()) throw new Error(unsupported);
    return new AdapterClass(video, settings);
  };
}

/** Every engine, in the order the page and the CLI list them. */
export const ENGINE_CATALOG: Record<EngineName, EngineCatalogEntry> = {
  hls: {
    name: 'hls',
    label: 'hls.js',
    library: 'hls.js',
    formats: ['hls'],
    settings: HLS_SETTINGS,
    presets: HLS_PRESETS,
    crossValidate: crossValidateHls,
    create: lazy(async () => (await import('./hls-engine.ts')).HlsEngine, 'this browser has no Media Source Extensions: hls.js cannot play here'),
  },
  dash: {
    name: 'dash',
    label: 'dash.js',
    library: 'dashjs',
    formats: ['dash'],
    settings: DASH_SETTINGS,
    presets: DASH_PRESETS,
    crossValidate: crossValidateDash,
    create: lazy(async () => (await import('./dash-engine.ts')).DashEngine, 'this browser has no Media Source Extensions: dash.js cannot play here'),
  },
  shaka: {
    name: 'shaka',
    label: 'Shaka Player',
    library: 'shaka-player',
    formats: ['hls', 'dash'],
    settings: SHAKA_SETTINGS,
    presets: SHAKA_PRESETS,
    crossValidate: crossValidateShaka,
    create: lazy(async () => (await import('./shaka-engine.ts')).ShakaEngine, 'this browser lacks what Shaka Player needs (Media Source Extensions): it cannot play here'),
  },
};

export const ENGINE_NAMES: readonly EngineName[] = ENGINE_IDS;

export const isEngineName = isEngineId;

/** Whether the engine plays the stream; true when the URL does not tell its format (let the engine try). */
export function canPlay(engine: EngineName, src: string): boolean {
  const format = formatOfUrl(src);
  return format === null || ENGINE_CATALOG[engine].formats.includes(format);
}

export const DEFAULT_ENGINE: EngineName = 'hls';
export const DEFAULT_PRESET = 'lowest';
