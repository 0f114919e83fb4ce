import type { EngineName } from '../analyzer/types.ts';
import { DASH_PRESETS, DASH_SETTINGS, crossValidateDash } from './dash-settings.ts';
import type { Engine, EngineSettings } from './engine.ts';
import { HLS_PRESETS, HLS_SETTINGS, crossValidateHls } from './hls-settings.ts';
import type { Preset, SettingDef } from './settings-schema.ts';

export interface EngineCatalogEntry {
  name: EngineName;
  label: string;
  settings: readonly SettingDef[];
  presets: readonly Preset[];
  /** Rules between knobs; a message when violated. */
  crossValidate: (settings: EngineSettings) => string | null;
  /** Loaded on demand so the default page stays small. */
  create: (video: HTMLVideoElement, settings: EngineSettings) => Promise<Engine>;
}

export const ENGINE_CATALOG: Partial<Record<EngineName, EngineCatalogEntry>> = {
  hls: {
    name: 'hls',
    label: 'hls.js',
    settings: HLS_SETTINGS,
    presets: HLS_PRESETS,
    crossValidate: crossValidateHls,
    create: async (video, settings) => {
      const { HlsEngine } = await import('./hls-engine.ts');
      if (!HlsEngine.isSupported()) throw new Error('this browser has no Media Source Extensions: hls.js cannot play here');
      return new HlsEngine(video, settings);
    },
  },
  dash: {
    name: 'dash',
    label: 'dash.js',
    settings: DASH_SETTINGS,
    presets: DASH_PRESETS,
    crossValidate: crossValidateDash,
    create: async (video, settings) => {
      const { DashEngine } = await import('./dash-engine.ts');
      if (!DashEngine.isSupported()) throw new Error('this browser has no Media Source Extensions: dash.js cannot play here');
      return new DashEngine(video, settings);
    },
  },
};

export const DEFAULT_ENGINE: EngineName = 'hls';
export const DEFAULT_PRESET = 'lowest';
