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
    create: async (video, settings) => {
      const [{ HlsEngine }] = await Promise.all([import('./hls-engine.ts'), videoReleased(video)]);
      if (!HlsEngine.isSupported()) throw new Error('this browser has no Media Source Extensions: hls.js cannot play here');
      return new HlsEngine(video, settings);
    },
  },
  dash: {
    name: 'dash',
    label: 'dash.js',
    library: 'dashjs',
    formats: ['dash'],
    settings: DASH_SETTINGS,
    presets: DASH_PRESETS,
    crossValidate: crossValidateDash,
    create: async (video, settings) => {
      const [{ DashEngine }] = await Promise.all([import('./dash-engine.ts'), videoReleased(video)]);
      if (!DashEngine.isSupported()) throw new Error('this browser has no Media Source Extensions: dash.js cannot play here');
      return new DashEngine(video, settings);
    },
  },
  shaka: {
    name: 'shaka',
    label: 'Shaka Player',
    library: 'shaka-player',
    formats: ['hls', 'dash'],
    settings: SHAKA_SETTINGS,
    presets: SHAKA_PRESETS,
    crossValidate: crossValidateShaka,
    create: async (video, settings) => {
      const [{ ShakaEngine }] = await Promise.all([import('./shaka-engine.ts'), videoReleased(video)]);
      if (!ShakaEngine.isSupported()) throw new Error('this browser lacks what Shaka Player needs (Media Source Extensions): it cannot play here');
      return new ShakaEngine(video, settings);
    },
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
