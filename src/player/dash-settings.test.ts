import type { MediaPlayerClass } from 'dashjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineSettings } from './engine.ts';
import {
  DASH_PRESETS,
  DASH_SETTINGS,
  QUALITY_RULE_KEYS,
  crossValidateDash,
  dashConfig,
  dashPatch,
  dashSettingDef,
  fromDashValue,
  readDashSettings,
  toDashValue,
} from './dash-settings.ts';
import { changedKeys, defaultSettings, getPath, validateSetting } from './settings-schema.ts';
import { loadDashjs } from './testing/dashjs-in-node.ts';

// The real dash.js 5.2.1 (see testing/dashjs-in-node.ts): defaults and paths are checked against it.
let dashjs: Awaited<ReturnType<typeof loadDashjs>>;
beforeAll(async () => {
  dashjs = await loadDashjs();
});
afterEach(() => vi.restoreAllMocks());

const DEFAULTS = defaultSettings(DASH_SETTINGS);
const ADAPTER_ONLY = ['levelLock'];
const withDefaults = (s: EngineSettings): EngineSettings => ({ ...DEFAULTS, ...s });

/** A fresh dash.js player, with dash.js's own complaints (unknown setting paths) collected. */
function freshPlayer(): { player: MediaPlayerClass; complaints: string[] } {
  const complaints: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void complaints.push(args.map(String).join(' ')));
  return { player: dashjs.MediaPlayer().create(), complaints };
}

/** Our settings as a player holds them, without the adapter-only knobs. */
function held(player: MediaPlayerClass): EngineSettings {
  return readDashSettings(player.getSettings());
}

function withoutAdapterOnly(s: EngineSettings): EngineSettings {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !ADAPTER_ONLY.includes(k)));
}

describe('DASH_SETTINGS', () => {
  it('has unique keys', () => {
    const keys = DASH_SETTINGS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps every knob but the adapter-only ones to a real dash.js setting', () => {
    const dashDefaults = dashjs.MediaPlayer().create().getSettings();
    for (const def of DASH_SETTINGS) {
      if (ADAPTER_ONLY.includes(def.key)) {
        expect(def.path, def.key).toBeNull();
        continue;
      }
      expect(def.path, def.key).toMatch(/^streaming\./);
      const raw = getPath(dashDefaults, def.path!);
      expect(raw, `${def.key} -> ${def.path}`).not.toBeUndefined();
      expect(typeof raw === 'object' && raw !== null, `${def.path} is a leaf`).toBe(false);
    }
  });

  it('uses dash.js’s own defaults (NaN, -1 and null for "not set" are null or auto here)', () => {
    const dashDefaults = dashjs.MediaPlayer().create().getSettings();
    for (const def of DASH_SETTINGS) {
      if (!def.path) continue;
      const raw = getPath(dashDefaults, def.path);
      expect(def.default, def.key).toStrictEqual(fromDashValue(def, raw));
      // ...and our default goes back to exactly dash.js's value (NaN stays NaN, not null).
      expect(Object.is(toDashValue(def, def.default), raw), `${def.key}: ${String(toDashValue(def, def.default))} vs ${String(raw)}`).toBe(true);
    }
  });

  it('offers exactly dash.js’s catch-up modes and throughput averages, and its working chunked download-time modes', () => {
    // Constants is exported at runtime but missing from dash.js's typings.
    const C = (dashjs as unknown as { Constants: unknown }).Constants as {
      LIVE_CATCHUP_MODE_DEFAULT: string;
      LIVE_CATCHUP_MODE_LOLP: string;
      LIVE_CATCHUP_MODE_STEP: string;
      THROUGHPUT_CALCULATION_MODES: Record<string, string>;
      LOW_LATENCY_DOWNLOAD_TIME_CALCULATION_MODE: Record<string, string>;
    };
    expect(dashSettingDef('catchupMode')?.choices).toEqual([C.LIVE_CATCHUP_MODE_DEFAULT, C.LIVE_CATCHUP_MODE_LOLP, C.LIVE_CATCHUP_MODE_STEP]);
    expect(dashSettingDef('averageCalculationMode')?.choices).toEqual(Object.values(C.THROUGHPUT_CALCULATION_MODES));
    const ll = C.LOW_LATENCY_DOWNLOAD_TIME_CALCULATION_MODE;
    // AAST exists as a constant, but dash.js 5.2.1's FetchLoader computes no download time for it.
    expect(dashSettingDef('lowLatencyDownloadTimeCalculationMode')?.choices).toEqual([ll.MOOF_PARSING, ll.DOWNLOADED_DATA]);
    expect(ll.AAST).toBe('lowLatencyDownloadTimeCalculationModeAast');
  });

  it('has self-consistent definitions: each default passes its own validation', () => {
    for (const def of DASH_SETTINGS) {
      expect(validateSetting(def, def.default), def.key).toEqual({ ok: true, value: def.default });
      if (def.default === null) expect(def.nullable, def.key).toBe(true);
      if (def.type === 'choice') expect(def.choices?.length, def.key).toBeGreaterThan(1);
      if (def.type === 'number') expect(def.min! < def.max!, def.key).toBe(true);
      if (def.triState) expect(def.choices).toEqual(['auto', 'on', 'off']);
      if (def.unset !== undefined) expect(def.nullable, def.key).toBe(true);
    }
  });

  it('re-creates the player only for the knobs dash.js reads when a stream starts', () => {
    expect(DASH_SETTINGS.filter((d) => d.requiresReload).map((d) => d.key)).toEqual([
      'applyServiceDescription',
      'initialBitrate',
      'ewmaFastHalfLife',
      'ewmaSlowHalfLife',
      'lastBitrateCaching',
      'throughputRule',
      'bolaRule',
    ]);
  });

  it('takes only whole rendition indices for the lock, -1 meaning automatic', () => {
    const lock = dashSettingDef('levelLock')!;
    expect(lock.default).toBe(-1);
    expect(validateSetting(lock, '0.5').ok).toBe(false);
    expect(validateSetting(lock, '2')).toEqual({ ok: true, value: 2 });
  });

  it('the defaults pass the cross-checks', () => {
    expect(crossValidateDash(DEFAULTS)).toBeNull();
  });
});

describe('toDashValue / fromDashValue', () => {
  it('map "not set" to dash.js’s own marker and back', () => {
    const liveDelay = dashSettingDef('liveDelay')!;
    expect(toDashValue(liveDelay, null)).toBeNaN();
    expect(toDashValue(liveDelay, 1.2)).toBe(1.2);
    expect(fromDashValue(liveDelay, NaN)).toBeNull();
    expect(fromDashValue(liveDelay, 1.2)).toBe(1.2);

    const maxBitrate = dashSettingDef('maxBitrate')!;
    expect(toDashValue(maxBitrate, null)).toBe(-1);
    expect(fromDashValue(maxBitrate, -1)).toBeNull();
    expect(fromDashValue(maxBitrate, 3000)).toBe(3000);
  });

  it('map auto/on/off to dash.js’s null/true/false and back', () => {
    const catchup = dashSettingDef('catchupEnabled')!;
    expect([toDashValue(catchup, 'auto'), toDashValue(catchup, 'on'), toDashValue(catchup, 'off')]).toEqual([null, true, false]);
    expect([fromDashValue(catchup, null), fromDashValue(catchup, true), fromDashValue(catchup, false)]).toEqual(['auto', 'on', 'off']);
  });
});

describe('dashConfig and dashPatch, applied to a real dash.js player', () => {
  it('the defaults give an empty config: a fresh player keeps dash.js’s own', () => {
    expect(dashConfig(DEFAULTS)).toEqual({});
  });

  it('a config holds only the knobs that differ, at their dash.js paths', () => {
    expect(dashConfig(withDefaults({ liveDelay: 1, catchupEnabled: 'off', maxBitrate: 3000, loLPRule: true, levelLock: 2 }))).toEqual({
      streaming: {
        delay: { liveDelay: 1 },
        liveCatchup: { enabled: false },
        abr: { maxBitrate: { video: 3000 }, rules: { loLPRule: { active: true } } },
      },
    });
  });

  it('a locked rendition keeps dash.js from switching, whatever autoSwitchBitrate says', () => {
    expect(getPath(dashConfig(DEFAULTS, { renditionLocked: true }), 'streaming.abr.autoSwitchBitrate.video')).toBe(false);
    expect(getPath(dashPatch(DEFAULTS, ['autoSwitchBitrate'], { renditionLocked: true }), 'streaming.abr.autoSwitchBitrate.video')).toBe(false);
    // Unlocking puts the knob's own value back.
    expect(getPath(dashPatch(DEFAULTS, ['levelLock']), 'streaming.abr.autoSwitchBitrate.video')).toBe(true);
  });

  it('a change to one delay knob sends all three, so dash.js recomputes its target latency', () => {
    expect(dashPatch(withDefaults({ useSuggestedPresentationDelay: false }), ['useSuggestedPresentationDelay'])).toEqual({
      streaming: { delay: { liveDelay: NaN, liveDelayFragmentCount: NaN, useSuggestedPresentationDelay: false } },
    });
  });

  it('dash.js accepts every knob at a non-default value, reports it back as set, and takes the defaults back', () => {
    const { player, complaints } = freshPlayer();
    const changed: EngineSettings = {};
    for (const def of DASH_SETTINGS) {
      if (!def.path) continue;
      if (def.type === 'boolean') changed[def.key] = !def.default;
      else if (def.type === 'choice') changed[def.key] = def.choices!.find((c) => c !== def.default)!;
      else changed[def.key] = def.max!;
    }
    player.updateSettings(dashConfig(withDefaults(changed)));
    expect(complaints).toEqual([]);
    expect(held(player)).toEqual(changed);

    // Back to "not set" too: NaN, -1 and null reach dash.js, not our null.
    player.updateSettings(dashPatch(DEFAULTS, Object.keys(changed)));
    expect(complaints).toEqual([]);
    expect(held(player)).toEqual(withoutAdapterOnly(DEFAULTS));
    expect(player.getSettings().streaming?.liveCatchup?.enabled).toBeNull();
    expect(player.getSettings().streaming?.delay?.liveDelay).toBeNaN();
    expect(player.getSettings().streaming?.abr?.maxBitrate?.video).toBe(-1);
  });

  for (const preset of DASH_PRESETS) {
    it(`preset "${preset.name}" lands in dash.js as meant, and switching back to the defaults undoes it`, () => {
      const { player, complaints } = freshPlayer();
      const applied = withDefaults(preset.values);
      player.updateSettings(dashConfig(applied));
      expect(complaints).toEqual([]);
      expect(held(player)).toEqual(withoutAdapterOnly(applied));

      // What the engine sends a running player when the user picks "dash.js defaults" again.
      player.updateSettings(dashPatch(DEFAULTS, changedKeys(applied, DEFAULTS)));
      expect(held(player)).toEqual(withoutAdapterOnly(DEFAULTS));
    });
  }
});

describe('DASH_PRESETS', () => {
  it('has the required presets, with unique ids', () => {
    expect(DASH_PRESETS.map((p) => [p.id, p.name])).toEqual([
      ['lowest', 'Lowest latency'],
      ['balanced', 'Balanced'],
      ['lolp', 'LoL+'],
      ['defaults', 'dash.js defaults'],
    ]);
  });

  it('"dash.js defaults" changes nothing', () => {
    expect(DASH_PRESETS.find((p) => p.id === 'defaults')?.values).toEqual({});
  });

  for (const preset of DASH_PRESETS) {
    it(`"${preset.name}" uses only known keys with valid values that differ from the defaults, and passes the cross-checks`, () => {
      for (const [key, value] of Object.entries(preset.values)) {
        const def = dashSettingDef(key);
        expect(def, `${preset.id}.${key}`).toBeDefined();
        expect(validateSetting(def!, value), `${preset.id}.${key}`).toEqual({ ok: true, value });
        expect(value, `${preset.id}.${key} repeats the default`).not.toBe(def!.default);
      }
      expect(crossValidateDash(withDefaults(preset.values))).toBeNull();
    });
  }

  it('"Lowest latency" aims at 0.6 s and leaves the catch-up rates to the MPD (0.96-1.04x)', () => {
    const lowest = DASH_PRESETS.find((p) => p.id === 'lowest')!.values;
    expect(lowest.liveDelay).toBe(0.6);
    expect(lowest).not.toHaveProperty('catchupRateMin');
    expect(lowest).not.toHaveProperty('catchupRateMax');
    expect(lowest).not.toHaveProperty('applyServiceDescription');
  });

  it('"LoL+" is LoLP catch-up with the LoL+ rule as the only rendition rule', () => {
    const lolp = withDefaults(DASH_PRESETS.find((p) => p.id === 'lolp')!.values);
    expect(lolp.catchupMode).toBe('liveCatchupModeLoLP');
    expect(QUALITY_RULE_KEYS.filter((k) => lolp[k] === true)).toEqual(['loLPRule']);
    expect(lolp.abandonRequestsRule).toBe(false);
  });

  it('only the LoL+ presets re-create the player (it swaps the throughput and BOLA rules)', () => {
    const reloading = DASH_PRESETS.filter((p) => Object.keys(p.values).some((k) => dashSettingDef(k)?.requiresReload)).map((p) => p.id);
    expect(reloading).toEqual(['balanced', 'lolp']);
  });
});

describe('crossValidateDash', () => {
  it('refuses a target latency in seconds and in segments at once (dash.js would ignore the count)', () => {
    expect(crossValidateDash(withDefaults({ liveDelay: 1.5, liveDelayFragmentCount: 2 }))).toMatch(/not both: dash.js uses the seconds/);
    expect(crossValidateDash(withDefaults({ liveDelay: 1.5 }))).toBeNull();
    expect(crossValidateDash(withDefaults({ liveDelayFragmentCount: 2 }))).toBeNull();
  });

  it('wants both catch-up rates or neither (one alone drops the MPD’s other rate)', () => {
    expect(crossValidateDash(withDefaults({ catchupRateMax: 0.1 }))).toMatch(/both catch-up rates or neither/);
    expect(crossValidateDash(withDefaults({ catchupRateMin: -0.1 }))).toMatch(/both catch-up rates or neither/);
    expect(crossValidateDash(withDefaults({ catchupRateMin: -0.1, catchupRateMax: 0.1 }))).toBeNull();
  });

  it('wants the slowest rate below the fastest', () => {
    expect(crossValidateDash(withDefaults({ catchupRateMin: 0, catchupRateMax: 0 }))).toMatch(/slowest catch-up rate must be below the fastest/);
    expect(crossValidateDash(withDefaults({ catchupRateMin: 0, catchupRateMax: 0.01 }))).toBeNull();
  });

  it('wants min bitrate not above max bitrate', () => {
    expect(crossValidateDash(withDefaults({ minBitrate: 3000, maxBitrate: 1000 }))).toMatch(/Min bitrate must not be above Max bitrate/);
    expect(crossValidateDash(withDefaults({ minBitrate: 1000, maxBitrate: 1000 }))).toBeNull();
    expect(crossValidateDash(withDefaults({ minBitrate: 3000 }))).toBeNull();
  });

  it('refuses turning every rendition rule off (dash.js would quietly bring back BOLA and Throughput)', () => {
    const allOff = Object.fromEntries(QUALITY_RULE_KEYS.map((k) => [k, false]));
    expect(crossValidateDash(withDefaults(allOff))).toMatch(/at least one rendition rule/);
    expect(crossValidateDash(withDefaults({ ...allOff, droppedFramesRule: true }))).toBeNull();
    // The abandon rule does not choose renditions: it does not count.
    expect(crossValidateDash(withDefaults({ ...allOff, abandonRequestsRule: true }))).toMatch(/at least one rendition rule/);
  });

  it('accepts partial settings objects (missing keys are at their defaults)', () => {
    expect(crossValidateDash({})).toBeNull();
  });
});
