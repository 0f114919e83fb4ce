import { describe, expect, it } from 'vitest';
import { ENGINE_CATALOG, ENGINE_NAMES, canPlay, isEngineName } from './catalog.ts';

describe('engine catalog', () => {
  it('lists every engine under its own name, each with presets that include lowest and defaults', () => {
    expect(ENGINE_NAMES).toEqual(['hls', 'dash', 'shaka']);
    for (const name of ENGINE_NAMES) {
      expect(ENGINE_CATALOG[name].name).toBe(name);
      expect(ENGINE_CATALOG[name].presets.map((p) => p.id)).toEqual(expect.arrayContaining(['lowest', 'defaults']));
    }
  });

  it('knows who plays what: hls.js HLS, dash.js DASH, Shaka both; an unknown format is left to the engine', () => {
    expect(canPlay('hls', '/live/ll200/master.m3u8')).toBe(true);
    expect(canPlay('hls', '/live/dash-ll/manifest.mpd')).toBe(false);
    expect(canPlay('dash', '/live/ll200/master.m3u8')).toBe(false);
    expect(canPlay('shaka', '/live/ll200/master.m3u8')).toBe(true);
    expect(canPlay('shaka', '/live/dash-ll/manifest.mpd?x=1')).toBe(true);
    expect(canPlay('dash', 'https://cdn.test/play?id=1')).toBe(true);
  });

  it('takes only its own names, not inherited properties', () => {
    expect(isEngineName('shaka')).toBe(true);
    expect(isEngineName('constructor')).toBe(false);
    expect(isEngineName('Shaka')).toBe(false);
  });
});
