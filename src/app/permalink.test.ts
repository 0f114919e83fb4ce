import { describe, expect, it } from 'vitest';
import { crossValidateHls, HLS_PRESETS, HLS_SETTINGS } from '../player/hls-settings.ts';
import { defaultSettings } from '../player/settings-schema.ts';
import { buildPermalink, parsePermalink, presetSettings, type EngineCatalog, type PlayerState } from './permalink.ts';

// Built from the hls.js tables directly: catalog.ts would work too, but this keeps the test
// independent of how engines are loaded.
const HLS: EngineCatalog = { settings: HLS_SETTINGS, presets: HLS_PRESETS };
const CATALOGS = { hls: HLS };
const DEFAULTS = defaultSettings(HLS_SETTINGS);
const LOWEST = HLS_PRESETS.find((p) => p.id === 'lowest')!;
const BALANCED = HLS_PRESETS.find((p) => p.id === 'balanced')!;

/** A "last used" state that differs from the defaults everywhere a test could look. */
const FALLBACK: PlayerState = {
  src: '/live/ll200/master.m3u8',
  engine: 'hls',
  presetId: 'smooth',
  settings: { ...presetSettings(HLS, 'smooth'), maxBufferLength: 12 },
};

describe('presetSettings', () => {
  it('lays the preset values over the engine defaults', () => {
    expect(presetSettings(HLS, 'lowest')).toEqual({ ...DEFAULTS, ...LOWEST.values });
    expect(presetSettings(HLS, 'lowest').maxBufferLength).toBe(4);
    expect(presetSettings(HLS, 'lowest').liveSyncDurationCount).toBe(3);
  });

  it('is the defaults for no preset, an unknown preset and the defaults preset', () => {
    expect(presetSettings(HLS, null)).toEqual(DEFAULTS);
    expect(presetSettings(HLS, 'nope')).toEqual(DEFAULTS);
    expect(presetSettings(HLS, 'defaults')).toEqual(DEFAULTS);
  });

  it('returns a fresh object each time (callers modify it)', () => {
    const a = presetSettings(HLS, 'balanced');
    a.maxBufferLength = 999;
    expect(presetSettings(HLS, 'balanced').maxBufferLength).toBe(10);
    expect(DEFAULTS.maxBufferLength).toBe(30);
  });
});

describe('parsePermalink', () => {
  it('ignores a src the checker refuses, with a notice, and keeps the fallback', () => {
    const { state, notices } = parsePermalink('?src=bad', CATALOGS, FALLBACK, (src) => (src === 'bad' ? 'no good' : null));
    expect(state.src).toBe(FALLBACK.src);
    expect(notices).toEqual([`src ignored: no good; using ${FALLBACK.src}`]);
  });
  it('applies a preset named in the link', () => {
    const { state, notices } = parsePermalink('?src=/live/ll100/master.m3u8&engine=hls&preset=lowest', CATALOGS, FALLBACK);
    expect(notices).toEqual([]);
    expect(state).toEqual({ src: '/live/ll100/master.m3u8', engine: 'hls', presetId: 'lowest', settings: { ...DEFAULTS, ...LOWEST.values } });
  });

  it('lets explicit settings override the preset, parsed to their types', () => {
    const { state, notices } = parsePermalink(
      '?src=/live/ll100/master.m3u8&engine=hls&preset=lowest&maxBufferLength=8&abrMaxWithRealBitrate=false&liveSyncMode=buffered&backBufferLength=',
      CATALOGS,
      FALLBACK,
    );
    expect(notices).toEqual([]);
    expect(state.presetId).toBe('lowest');
    expect(state.settings).toEqual({
      ...DEFAULTS,
      ...LOWEST.values,
      maxBufferLength: 8,
      abrMaxWithRealBitrate: false,
      liveSyncMode: 'buffered',
      backBufferLength: null,
    });
  });

  it('starts from the defaults, not the fallback, when the link has settings but no preset', () => {
    const { state, notices } = parsePermalink('?maxBufferHole=0.3', CATALOGS, FALLBACK);
    expect(notices).toEqual([]);
    expect(state).toEqual({ src: FALLBACK.src, engine: 'hls', presetId: null, settings: { ...DEFAULTS, maxBufferHole: 0.3 } });
  });

  it('keeps the fallback state when the link says nothing about how to play (only src changes)', () => {
    expect(parsePermalink('?src=/o/net=cascade/live/ll100/master.m3u8', CATALOGS, FALLBACK)).toEqual({
      state: { ...FALLBACK, src: '/o/net=cascade/live/ll100/master.m3u8' },
      notices: [],
    });
    expect(parsePermalink('', CATALOGS, FALLBACK)).toEqual({ state: FALLBACK, notices: [] });
    expect(parsePermalink('?src=%20%20', CATALOGS, FALLBACK).state.src).toBe(FALLBACK.src);
  });

  it('does not let the parsed state share the fallback’s settings object', () => {
    const { state } = parsePermalink('?preset=balanced', CATALOGS, FALLBACK);
    expect(state.settings).not.toBe(FALLBACK.settings);
    expect(FALLBACK.settings.maxBufferLength).toBe(12);
  });

  it('reports a bad value and keeps the preset’s value for it', () => {
    const { state, notices } = parsePermalink('?engine=hls&preset=balanced&maxBufferLength=lots&lowLatencyMode=maybe&liveSyncMode=far', CATALOGS, FALLBACK);
    expect(state.settings).toEqual({ ...DEFAULTS, ...BALANCED.values });
    expect(notices).toEqual([
      'maxBufferLength must be a number; using 10',
      'lowLatencyMode must be true or false; using true',
      'liveSyncMode must be one of edge, buffered; using edge',
    ]);
  });

  it('reports out-of-range values and a fractional level', () => {
    const { state, notices } = parsePermalink('?engine=hls&maxLiveSyncPlaybackRate=3&levelLock=0.5&liveSyncDuration=-1', CATALOGS, FALLBACK);
    expect(state.settings).toEqual(DEFAULTS);
    expect(notices).toEqual([
      'maxLiveSyncPlaybackRate must be at most 2; using 1',
      'levelLock must be a whole number; using -1',
      'liveSyncDuration must be at least 0; using the default',
    ]);
  });

  it('ignores unknown settings with a notice', () => {
    const { state, notices } = parsePermalink('?engine=hls&preset=lowest&turbo=1&maxBufferLength=5', CATALOGS, FALLBACK);
    expect(notices).toEqual(['unknown setting "turbo" ignored']);
    expect(state.settings).toEqual({ ...DEFAULTS, ...LOWEST.values, maxBufferLength: 5 });
    expect(state.settings).not.toHaveProperty('turbo');
  });

  it('keeps the last used settings when the only extra keys are not settings (tracking parameters)', () => {
    const { state } = parsePermalink('?src=/live/ll500/master.m3u8&utm_source=mail', CATALOGS, FALLBACK);
    expect(state).toEqual({ ...FALLBACK, src: '/live/ll500/master.m3u8' });
  });

  it('replaces contradictory settings with the preset values, with a notice', () => {
    const withRules: EngineCatalog = { ...HLS, crossValidate: crossValidateHls };
    const { state, notices } = parsePermalink('?engine=hls&preset=balanced&liveSyncDuration=5&liveMaxLatencyDuration=3', { hls: withRules }, FALLBACK);
    expect(notices).toEqual([expect.stringMatching(/Max latency must be greater than Live sync duration; using the preset values instead/)]);
    expect(state.settings).toEqual({ ...DEFAULTS, ...BALANCED.values });
  });

  it('falls back to the defaults for an unknown preset', () => {
    const { state, notices } = parsePermalink('?engine=hls&preset=fastest', CATALOGS, FALLBACK);
    expect(notices).toEqual(['preset "fastest" does not exist for hls; using the defaults']);
    expect(state.presetId).toBeNull();
    expect(state.settings).toEqual(DEFAULTS);
  });

  it('keeps the fallback engine for an unknown engine, and still reads the rest', () => {
    const { state, notices } = parsePermalink('?src=/live/ll100/master.m3u8&engine=shaka&preset=balanced', CATALOGS, FALLBACK);
    expect(notices).toEqual(['engine "shaka" is not available (hls); using hls']);
    expect(state).toEqual({ src: '/live/ll100/master.m3u8', engine: 'hls', presetId: 'balanced', settings: { ...DEFAULTS, ...BALANCED.values } });
  });

  it('keeps the whole fallback when the fallback engine itself is not available', () => {
    const dashFallback: PlayerState = { ...FALLBACK, engine: 'dash' };
    const { state, notices } = parsePermalink('?src=/x.m3u8&engine=dash&preset=lowest', CATALOGS, dashFallback);
    expect(state).toEqual({ ...dashFallback, src: '/x.m3u8' });
    expect(notices).toEqual(['engine "dash" is not available (hls); using dash', 'engine dash is not available']);
  });

  it('reads the last of repeated keys', () => {
    expect(parsePermalink('?engine=hls&maxBufferLength=5&maxBufferLength=6', CATALOGS, FALLBACK).state.settings.maxBufferLength).toBe(6);
  });
});

describe('buildPermalink', () => {
  it('writes src, engine and preset, and only settings that differ from the preset', () => {
    const state: PlayerState = {
      src: '/o/net=cascade,delay=500/live/ll200/master.m3u8',
      engine: 'hls',
      presetId: 'lowest',
      // maxBufferLength and backBufferLength equal the preset; lowLatencyMode equals it too.
      settings: { ...presetSettings(HLS, 'lowest'), maxBufferHole: 0.3, abrMaxWithRealBitrate: false },
    };
    const query = new URLSearchParams(buildPermalink(state, HLS));
    expect([...query.keys()]).toEqual(['src', 'engine', 'preset', 'maxBufferHole', 'abrMaxWithRealBitrate']);
    expect(query.get('src')).toBe(state.src);
    expect(query.get('maxBufferHole')).toBe('0.3');
    expect(query.get('abrMaxWithRealBitrate')).toBe('false');
  });

  it('writes nothing but src and engine for the defaults without a preset', () => {
    expect(buildPermalink({ src: '/live/ll200/master.m3u8', engine: 'hls', presetId: null, settings: DEFAULTS }, HLS)).toBe('?src=%2Flive%2Fll200%2Fmaster.m3u8&engine=hls');
  });

  it('writes a cleared nullable setting as an empty value', () => {
    const link = buildPermalink({ src: '/s', engine: 'hls', presetId: 'balanced', settings: { ...presetSettings(HLS, 'balanced'), backBufferLength: null } }, HLS);
    expect(new URLSearchParams(link).get('backBufferLength')).toBe('');
  });

  it('leaves out keys the catalog does not know', () => {
    const link = buildPermalink({ src: '/s', engine: 'hls', presetId: null, settings: { ...DEFAULTS, turbo: 1 } }, HLS);
    expect(new URLSearchParams(link).has('turbo')).toBe(false);
  });
});

describe('permalink round trip', () => {
  const states: PlayerState[] = [
    { src: '/live/ll100/master.m3u8', engine: 'hls', presetId: 'lowest', settings: presetSettings(HLS, 'lowest') },
    { src: '/live/ll100/master.m3u8', engine: 'hls', presetId: null, settings: DEFAULTS },
    {
      src: 'https://example.com/o/net=cascade,delay=500/live/ll200/master.m3u8?token=a&b=c',
      engine: 'hls',
      presetId: 'balanced',
      settings: {
        ...presetSettings(HLS, 'balanced'),
        liveSyncDuration: null,
        liveMaxLatencyDuration: null,
        targetLatency: 0.7,
        maxBufferHole: 0.15,
        liveSyncMode: 'buffered',
        capLevelToPlayerSize: true,
        startLevel: 2,
        levelLock: 1,
        abrEwmaDefaultEstimate: 1_230_000,
      },
    },
    { src: '/live/ll200/master.m3u8', engine: 'hls', presetId: 'smooth', settings: { ...presetSettings(HLS, 'smooth'), lowLatencyMode: false, abrBandWidthUpFactor: 0.55 } },
  ];

  for (const state of states) {
    it(`restores ${state.presetId ?? 'no preset'} exactly`, () => {
      // A fallback that differs in every field, so nothing can leak through from it.
      const other: PlayerState = { src: '/elsewhere.m3u8', engine: 'hls', presetId: 'defaults', settings: { ...DEFAULTS, maxBufferLength: 77 } };
      const parsed = parsePermalink(buildPermalink(state, HLS), CATALOGS, other);
      expect(parsed.notices).toEqual([]);
      expect(parsed.state).toEqual(state);
    });
  }

  it('every preset survives a round trip', () => {
    for (const preset of HLS_PRESETS) {
      const state: PlayerState = { src: '/live/ll100/master.m3u8', engine: 'hls', presetId: preset.id, settings: presetSettings(HLS, preset.id) };
      const link = buildPermalink(state, HLS);
      expect(link, preset.id).toBe(`?src=%2Flive%2Fll100%2Fmaster.m3u8&engine=hls&preset=${preset.id}`);
      expect(parsePermalink(link, CATALOGS, FALLBACK).state).toEqual(state);
    }
  });
});

describe('?clock=', () => {
  it('keeps the origin of an http(s) URL and refuses anything else', async () => {
    const { clockOriginOf } = await import('./permalink.ts');
    expect(clockOriginOf('https://gm.example:8443/some/path?x=1')).toBe('https://gm.example:8443');
    expect(clockOriginOf('javascript:alert(1)')).toBeNull();
    expect(clockOriginOf('not a url')).toBeNull();
  });
});

describe('?region=', () => {
  it('is a page key (no setting, no reset of the last used state); a bad one is a notice naming the field', () => {
    const good = parsePermalink('?region=900,500,380,220', CATALOGS, FALLBACK);
    expect(good).toEqual({ state: FALLBACK, notices: [] });
    expect(parsePermalink('?region=900%2C500%2C380%2C220%401280x720', CATALOGS, FALLBACK)).toEqual({ state: FALLBACK, notices: [] });
    expect(parsePermalink('?region=900,500,380,220@1280x720', CATALOGS, FALLBACK)).toEqual({ state: FALLBACK, notices: [] });
    for (const size of ['0x0', 'abc', '20000x720']) {
      expect(parsePermalink(`?region=900,500,380,220@${size}`, CATALOGS, FALLBACK).notices).toEqual([
        'region ignored: search area: the frame size after @ must be WIDTHxHEIGHT, integers from 1 to 16384; searching the whole frame',
      ]);
    }
    const bad = parsePermalink('?engine=hls&region=900,500,__proto__,220', CATALOGS, FALLBACK);
    expect(bad.notices).toEqual(['region ignored: search area: width must be an integer from 1 to 16384; searching the whole frame']);
    expect(bad.state.engine).toBe('hls');
  });
});
