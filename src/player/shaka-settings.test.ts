import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineSettings } from './engine.ts';
import { presetSettings } from '../app/permalink.ts';
import { defaultSettings, getPath, validateSetting } from './settings-schema.ts';
import {
  SHAKA_PRESETS,
  SHAKA_SETTINGS,
  crossValidateShaka,
  fromShakaValue,
  readShakaSettings,
  shakaConfig,
  shakaLowLatencyConfig,
  toShakaValue,
} from './shaka-settings.ts';
import { loadShaka } from './testing/shaka-in-node.ts';

// The real Shaka Player (see testing/shaka-in-node.ts): defaults and paths are checked against it.
let shaka: Awaited<ReturnType<typeof loadShaka>>;
beforeAll(async () => {
  shaka = await loadShaka();
});

const fresh = () => new shaka.Player();
const DEFAULTS = defaultSettings(SHAKA_SETTINGS);
const ADAPTER_ONLY = ['levelLock'];

describe('SHAKA_SETTINGS', () => {
  it('has unique keys, and every knob but the adapter-only ones maps to real leaves of Shaka’s configuration', () => {
    const keys = SHAKA_SETTINGS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    const config = fresh().getConfiguration();
    for (const def of SHAKA_SETTINGS) {
      if (ADAPTER_ONLY.includes(def.key)) {
        expect(def.paths, def.key).toEqual([]);
        continue;
      }
      expect(def.paths.length, def.key).toBeGreaterThan(0);
      for (const path of def.paths) {
        const raw = getPath(config, path);
        expect(raw, `${def.key} -> ${path}`).not.toBeUndefined();
        expect(typeof raw === 'object' && raw !== null, `${path} is a leaf`).toBe(false);
      }
    }
  });

  it('uses Shaka’s own defaults (Infinity for "no limit" is null here)', () => {
    const config = fresh().getConfiguration();
    for (const def of SHAKA_SETTINGS) {
      for (const path of def.paths) {
        const raw = getPath(config, path);
        // Our default, as Shaka gets it for a stream that is not low-latency, is exactly Shaka's value.
        expect(toShakaValue(def, def.default), `${def.key} (${path})`).toStrictEqual(raw);
        if (!def.shakaChoice) expect(def.default, def.key).toStrictEqual(fromShakaValue(def, raw));
        expect(typeof raw === 'number' ? 'number' : typeof raw, def.key).toBe(def.type === 'boolean' ? 'boolean' : 'number');
      }
    }
  });

  it('marks as reload exactly the knobs Shaka reads only at load (the recovery ones it reads at each use)', () => {
    expect(SHAKA_SETTINGS.filter((d) => d.requiresReload).map((d) => d.key)).toEqual([
      'lowLatencyMode',
      'defaultPresentationDelay',
      'hlsLiveSegmentsDelay',
      'dashIgnoreSuggestedPresentationDelay',
      'dashIgnoreMinBufferTime',
    ]);
  });

  it('knows exactly which knobs Shaka overrides on low-latency streams, and their low-latency values', () => {
    const overrides = fresh().getConfigurationForLowLatency();
    const overridden = SHAKA_SETTINGS.filter((d) => d.paths.some((p) => getPath(overrides, p) !== undefined));
    expect(overridden.map((d) => d.key).sort()).toEqual(SHAKA_SETTINGS.filter((d) => d.shakaChoice).map((d) => d.key).sort());
    for (const def of overridden) {
      for (const path of def.paths) expect(getPath(overrides, path), `${def.key} (${path})`).toBe(def.shakaChoice!.lowLatency);
      expect(def.default, `${def.key} defaults to Shaka's choice`).toBeNull();
      expect(def.nullable, def.key).toBe(true);
    }
  });

  it('has defaults and preset values that pass their own validation, and help for every knob', () => {
    for (const def of SHAKA_SETTINGS) {
      expect(validateSetting(def, def.default), def.key).toEqual({ ok: true, value: def.default });
      expect(def.help.length, def.key).toBeGreaterThan(20);
    }
    for (const preset of SHAKA_PRESETS) {
      for (const [key, value] of Object.entries(preset.values)) {
        const def = SHAKA_SETTINGS.find((d) => d.key === key);
        expect(def, `${preset.id}.${key}`).toBeDefined();
        expect(validateSetting(def!, value), `${preset.id}.${key}`).toEqual({ ok: true, value });
        expect(value, `${preset.id}.${key} differs from the default`).not.toBe(def!.default);
      }
      expect(crossValidateShaka(presetSettings({ settings: SHAKA_SETTINGS, presets: SHAKA_PRESETS }, preset.id)), preset.id).toBeNull();
    }
    expect(SHAKA_PRESETS.map((p) => p.id)).toEqual(['lowest', 'balanced', 'defaults']);
    expect(SHAKA_PRESETS.find((p) => p.id === 'defaults')!.values).toEqual({});
  });
});

describe('shakaConfig', () => {
  it('is accepted by a real Shaka player and read back unchanged, for the defaults and every preset', () => {
    for (const preset of [null, ...SHAKA_PRESETS.map((p) => p.id)]) {
      const settings = presetSettings({ settings: SHAKA_SETTINGS, presets: SHAKA_PRESETS }, preset);
      const player = fresh();
      // configure() returns false when any key is unknown or of the wrong type.
      expect(player.configure(shakaConfig(settings)), String(preset)).toBe(true);
      const held = readShakaSettings(player.getConfiguration());
      for (const def of SHAKA_SETTINGS) if (!ADAPTER_ONLY.includes(def.key)) expect(held[def.key], `${String(preset)}: ${def.key}`).toStrictEqual(settings[def.key]);
    }
  });

  it('sets a retry knob for the manifest and the media alike, and only the knobs asked for', () => {
    const player = fresh();
    const config = shakaConfig({ ...DEFAULTS, retryMaxAttempts: 5, retryTimeout: 4000 }, ['retryMaxAttempts']);
    expect(config).toEqual({ streaming: { retryParameters: { maxAttempts: 5 } }, manifest: { retryParameters: { maxAttempts: 5 } } });
    expect(player.configure(config)).toBe(true);
    const held = player.getConfiguration();
    expect(held.streaming.retryParameters.maxAttempts).toBe(5);
    expect(held.manifest.retryParameters.maxAttempts).toBe(5);
    expect(held.streaming.retryParameters.timeout).toBe(30_000);
  });

  it('gives an unset limit to Shaka as Infinity and a set one as the number', () => {
    const player = fresh();
    player.configure(shakaConfig({ ...DEFAULTS, maxHeight: 360, maxBandwidth: null }));
    expect(player.getConfiguration().abr.restrictions.maxHeight).toBe(360);
    expect(player.getConfiguration().abr.restrictions.maxBandwidth).toBe(Infinity);
    expect(readShakaSettings(player.getConfiguration())).toMatchObject({ maxHeight: 360, maxBandwidth: null });
  });
});

describe('shakaLowLatencyConfig', () => {
  it('keeps Shaka’s low-latency values for knobs left to Shaka, and puts set ones over them', () => {
    const overrides = fresh().getConfigurationForLowLatency();
    expect(shakaLowLatencyConfig(overrides, DEFAULTS)).toEqual(overrides);
    const set: EngineSettings = { ...DEFAULTS, segmentPrefetchLimit: 0, retryBaseDelay: 250 };
    const merged = shakaLowLatencyConfig(overrides, set);
    expect(getPath(merged, 'streaming.segmentPrefetchLimit')).toBe(0);
    expect(getPath(merged, 'streaming.retryParameters.baseDelay')).toBe(250);
    expect(getPath(merged, 'manifest.retryParameters.baseDelay')).toBe(250);
    expect(getPath(merged, 'streaming.updateIntervalSeconds')).toBe(0.1);
    // Shaka's own object is not changed, and a player takes the merged one.
    expect(getPath(overrides, 'streaming.segmentPrefetchLimit')).toBe(2);
    const player = fresh();
    player.configurationForLowLatency(merged);
    expect(player.getConfigurationForLowLatency()).toEqual(merged);
    // What Shaka does on a low-latency load: configure() with that object, over the settings.
    player.configure(shakaConfig(set));
    player.configure(merged);
    expect(readShakaSettings(player.getConfiguration(), true)).toMatchObject({ segmentPrefetchLimit: 0, retryBaseDelay: 250, updateIntervalSeconds: null, inaccurateManifestTolerance: null });
  });
});

describe('crossValidateShaka', () => {
  it('accepts the defaults and names each contradiction', () => {
    expect(crossValidateShaka(DEFAULTS)).toBeNull();
    expect(crossValidateShaka({ ...DEFAULTS, liveSyncMinRate: 1, liveSyncMaxRate: 0.9 })).toMatch(/slowest live sync rate/);
    expect(crossValidateShaka({ ...DEFAULTS, minBandwidth: 2e6, maxBandwidth: 1e6 })).toMatch(/Min bandwidth/);
    expect(crossValidateShaka({ ...DEFAULTS, bandwidthUpgradeTarget: 1, bandwidthDowngradeTarget: 0.5 })).toMatch(/upgrade target/);
    expect(crossValidateShaka({ ...DEFAULTS, rebufferingGoal: 12, bufferingGoal: 10 })).toMatch(/rebuffering goal/);
  });
});
