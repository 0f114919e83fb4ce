import Hls, { type HlsConfig } from 'hls.js';
import { describe, expect, it } from 'vitest';
import type { EngineSettings } from './engine.ts';
import { HLS_PRESETS, HLS_SETTINGS, crossValidateHls } from './hls-settings.ts';
import { defaultSettings, getPath, validateSetting } from './settings-schema.ts';

/** Knobs the adapter applies itself (hls.targetLatency, hls.nextLevel): hls.js has no config for them. */
const ADAPTER_ONLY = ['targetLatency', 'levelLock'];
const hlsDefaults = Hls.DefaultConfig as unknown as Record<string, unknown>;
const DEFAULTS = defaultSettings(HLS_SETTINGS);

/** Whether hls.js accepts a user config at construction (it throws on illegal combinations). */
function hlsAccepts(config: Partial<HlsConfig>): string | null {
  try {
    new Hls(config).destroy();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('HLS_SETTINGS', () => {
  it('has unique keys', () => {
    const keys = HLS_SETTINGS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names only real hls.js config keys, apart from the adapter-only ones', () => {
    for (const def of HLS_SETTINGS) {
      const known = def.path ? typeof getPath(hlsDefaults, def.path) === 'number' : def.key in hlsDefaults;
      expect(known, def.key).toBe(!ADAPTER_ONLY.includes(def.key));
    }
    for (const key of ADAPTER_ONLY) expect(HLS_SETTINGS.some((d) => d.key === key), key).toBe(true);
  });

  it('uses hls.js’s own defaults (undefined and Infinity are null here)', () => {
    for (const def of HLS_SETTINGS) {
      if (ADAPTER_ONLY.includes(def.key)) continue;
      const hlsDefault = def.path ? getPath(hlsDefaults, def.path) : hlsDefaults[def.key];
      const expected = hlsDefault === undefined || hlsDefault === Infinity ? null : hlsDefault;
      expect(def.default, def.key).toStrictEqual(expected);
    }
  });

  it('has adapter-only defaults that mean "leave hls.js alone"', () => {
    expect(DEFAULTS.targetLatency).toBeNull();
    expect(DEFAULTS.levelLock).toBe(-1);
  });

  it('has self-consistent definitions: each default passes its own validation', () => {
    for (const def of HLS_SETTINGS) {
      expect(validateSetting(def, def.default), def.key).toEqual({ ok: true, value: def.default });
      if (def.default === null) expect(def.nullable, def.key).toBe(true);
      if (def.type === 'choice') expect(def.choices?.length, def.key).toBeGreaterThan(1);
      if (def.type === 'number') expect(def.min! < def.max!, def.key).toBe(true);
    }
  });

  it('re-creates the player only for startLevel', () => {
    expect(HLS_SETTINGS.filter((d) => d.requiresReload).map((d) => d.key)).toEqual(['startLevel']);
  });

  it('takes only whole level indices (a fractional level index breaks hls.js’s level setter)', () => {
    const levelLock = HLS_SETTINGS.find((d) => d.key === 'levelLock')!;
    const startLevel = HLS_SETTINGS.find((d) => d.key === 'startLevel')!;
    expect(validateSetting(levelLock, '0.5').ok).toBe(false);
    expect(validateSetting(startLevel, '1.5').ok).toBe(false);
    expect(validateSetting(levelLock, '2')).toEqual({ ok: true, value: 2 });
  });

  it('the defaults are a config hls.js accepts', () => {
    expect(crossValidateHls(DEFAULTS)).toBeNull();
  });
});

describe('HLS_PRESETS', () => {
  it('has the four required presets by name, with unique ids', () => {
    const names = HLS_PRESETS.map((p) => p.name);
    for (const name of ['Lowest latency', 'Balanced', 'Smooth (stall-averse)', 'hls.js defaults']) expect(names).toContain(name);
    const ids = HLS_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('"hls.js defaults" changes nothing', () => {
    expect(HLS_PRESETS.find((p) => p.name === 'hls.js defaults')?.values).toEqual({});
  });

  for (const preset of HLS_PRESETS) {
    describe(preset.name, () => {
      it('uses only known keys with values that pass validation', () => {
        for (const [key, value] of Object.entries(preset.values)) {
          const def = HLS_SETTINGS.find((d) => d.key === key);
          expect(def, `${preset.id}.${key}`).toBeDefined();
          expect(validateSetting(def!, value), `${preset.id}.${key}`).toEqual({ ok: true, value });
        }
      });

      it('passes the cross-checks, and hls.js accepts its values', () => {
        expect(crossValidateHls({ ...DEFAULTS, ...preset.values })).toBeNull();
        const config = Object.fromEntries(Object.entries(preset.values).filter(([k, v]) => v !== null && !ADAPTER_ONLY.includes(k) && !HLS_SETTINGS.find((d) => d.key === k)?.path));
        expect(hlsAccepts(config as Partial<HlsConfig>)).toBeNull();
      });
    });
  }

  it('the non-default presets each change something', () => {
    for (const preset of HLS_PRESETS.filter((p) => p.id !== 'defaults')) {
      const changed = Object.entries(preset.values).filter(([k, v]) => DEFAULTS[k] !== v);
      expect(changed.length, preset.id).toBeGreaterThan(0);
    }
  });
});

describe('crossValidateHls', () => {
  const withDefaults = (s: EngineSettings) => ({ ...DEFAULTS, ...s });

  it('accepts a sync duration alone, or with a larger max latency', () => {
    expect(crossValidateHls(withDefaults({ liveSyncDuration: 1.5 }))).toBeNull();
    expect(crossValidateHls(withDefaults({ liveSyncDuration: 1.5, liveMaxLatencyDuration: 5 }))).toBeNull();
    expect(hlsAccepts({ liveSyncDuration: 1.5, liveMaxLatencyDuration: 5 })).toBeNull();
  });

  it('needs a sync duration for a max latency (as hls.js does)', () => {
    expect(crossValidateHls(withDefaults({ liveMaxLatencyDuration: 5 }))).toBe('Max latency needs Live sync duration to be set too');
    expect(hlsAccepts({ liveMaxLatencyDuration: 5 })).toMatch(/liveMaxLatencyDuration/);
  });

  it('needs the max latency to exceed the sync duration (as hls.js does)', () => {
    for (const max of [1.5, 1]) {
      expect(crossValidateHls(withDefaults({ liveSyncDuration: 1.5, liveMaxLatencyDuration: max }))).toBe('Max latency must be greater than Live sync duration');
      expect(hlsAccepts({ liveSyncDuration: 1.5, liveMaxLatencyDuration: max })).toMatch(/must be greater than/);
    }
    expect(crossValidateHls(withDefaults({ liveSyncDuration: 1.5, liveMaxLatencyDuration: 1.6 }))).toBeNull();
  });

  it('needs the max latency count to exceed the sync count (as hls.js does)', () => {
    for (const maxCount of [3, 2]) {
      expect(crossValidateHls(withDefaults({ liveSyncDurationCount: 3, liveMaxLatencyDurationCount: maxCount }))).toBe('Max latency count must be greater than Live sync count');
      expect(hlsAccepts({ liveSyncDurationCount: 3, liveMaxLatencyDurationCount: maxCount })).toMatch(/must be greater than/);
    }
    expect(crossValidateHls(withDefaults({ liveSyncDurationCount: 3, liveMaxLatencyDurationCount: 4 }))).toBeNull();
    expect(hlsAccepts({ liveSyncDurationCount: 3, liveMaxLatencyDurationCount: 4 })).toBeNull();
  });

  it('refuses mixing counts with durations (hls.js throws "don\'t mix up")', () => {
    const mixes: EngineSettings[] = [
      { liveSyncDuration: 1.5, liveSyncDurationCount: 4 },
      { liveSyncDuration: 1.5, liveMaxLatencyDuration: 5, liveMaxLatencyDurationCount: 10 },
      { liveMaxLatencyDurationCount: 10, liveSyncDuration: 2 },
    ];
    for (const mix of mixes) {
      expect(crossValidateHls(withDefaults(mix)), JSON.stringify(mix)).toMatch(/not both/);
      expect(hlsAccepts(mix as Partial<HlsConfig>), JSON.stringify(mix)).toMatch(/don't mix up/);
    }
    // The sync count at its default is not passed to hls.js, so it does not count as set.
    expect(crossValidateHls(withDefaults({ liveSyncDuration: 1.5, liveSyncDurationCount: 3 }))).toBeNull();
    // Settings without the optional keys at all (e.g. partial objects) are fine too.
    expect(crossValidateHls({})).toBeNull();
  });
});

describe('load-policy knobs', () => {
  it('reach hls.js inside a copy of its policy, leaving the shared defaults alone', async () => {
    const { toHlsConfig } = await import('./hls-engine.ts');
    const before = JSON.stringify(Hls.DefaultConfig.fragLoadPolicy);
    const hls = new Hls(toHlsConfig({ ...DEFAULTS, fragTtfbTimeoutMs: 1500, fragTimeoutRetries: 1, playlistLoadTimeoutMs: 4000 }));
    expect(hls.config.fragLoadPolicy.default.maxTimeToFirstByteMs).toBe(1500);
    expect(hls.config.fragLoadPolicy.default.timeoutRetry?.maxNumRetry).toBe(1);
    expect(hls.config.fragLoadPolicy.default.maxLoadTimeMs).toBe(120_000);
    expect(hls.config.playlistLoadPolicy.default.maxLoadTimeMs).toBe(4000);
    expect(JSON.stringify(Hls.DefaultConfig.fragLoadPolicy)).toBe(before);
    hls.destroy();
  });
});
