import { describe, expect, it } from 'vitest';
import { parseCompareSpec } from './compare-spec.ts';
import { UsageError } from './measure-options.ts';
import { expandGrid, MAX_SWEEP_CONFIGS, paretoFront, parseSweep, tradeOffSvg } from './sweep.ts';

describe('parseCompareSpec', () => {
  it('reads engine, profile, options (with ; for the origin\'s commas), preset, settings and label', () => {
    expect(parseCompareSpec('engine=hls,profile=ll200,options=net=cascade;delay=500,preset=balanced,maxLiveSyncPlaybackRate=1.2,label=bal', 0)).toEqual({
      label: 'bal',
      engine: 'hls',
      profile: 'll200',
      url: null,
      options: 'net=cascade,delay=500',
      preset: 'balanced',
      settings: { maxLiveSyncPlaybackRate: 1.2 },
    });
  });

  it('defaults: the stream decides the engine, preset lowest, label P<n>', () => {
    expect(parseCompareSpec('profile=dash-ll', 1)).toMatchObject({ engine: 'dash', profile: 'dash-ll', preset: 'lowest', label: 'P2', settings: {} });
    expect(parseCompareSpec('', 0)).toMatchObject({ engine: 'hls', profile: 'll200' });
  });

  it('names the bad key in a clear error', () => {
    const bad: Array<[string, RegExp]> = [
      ['profile=ll200,maxBufferLenght=4', /unknown key "maxBufferLenght"/],
      ['engine=vlc', /engine "vlc"/],
      ['profile=ll999', /profile "ll999"/],
      ['preset=fastest', /preset "fastest"/],
      ['maxBufferLength=-1', /maxBufferLength must be at least/],
      ['options=net=dialup', /options:/],
      ['profile=ll200,url=http://x/a.m3u8', /exclude/],
      ['engine=dash,profile=ll200', /cannot play/],
      ['profile', /not key=value/],
      ['preset=lowest,preset=balanced', /preset given twice/],
    ];
    for (const [spec, message] of bad) expect(() => parseCompareSpec(spec, 0), spec).toThrow(message);
    expect(() => parseCompareSpec('engine=vlc', 0)).toThrow(UsageError);
  });
});

describe('sweep grid', () => {
  it('expands every combination, the first axis slowest', () => {
    const grid = expandGrid([parseSweep('liveSyncDuration=1,1.5'), parseSweep('maxLiveSyncPlaybackRate=1.1,1.5,2')]);
    expect(grid).toHaveLength(6);
    expect(grid[0]).toEqual({ liveSyncDuration: '1', maxLiveSyncPlaybackRate: '1.1' });
    expect(grid[5]).toEqual({ liveSyncDuration: '1.5', maxLiveSyncPlaybackRate: '2' });
  });

  it('refuses empty axes, a key swept twice, and grids over the bound', () => {
    expect(() => parseSweep('liveSyncDuration=')).toThrow(/no values/);
    expect(() => parseSweep('nothing')).toThrow(/key=v1/);
    expect(() => expandGrid([parseSweep('a=1,2'), parseSweep('a=3')])).toThrow(/twice/);
    const big = Array.from({ length: MAX_SWEEP_CONFIGS + 1 }, (_, i) => String(i)).join(',');
    expect(() => expandGrid([parseSweep(`a=${big}`)])).toThrow(/at most/);
  });
});

describe('paretoFront', () => {
  const p = (label: string, latencyMs: number, stalledMs: number) => ({ label, latencyMs, stalledMs });
  it('keeps the configurations nothing beats on both axes, sorted by latency', () => {
    const points = [p('a', 1000, 5000), p('b', 1500, 0), p('c', 1200, 6000), p('d', 1100, 1000), p('e', 2000, 0), p('f', NaN, 0)];
    expect(paretoFront(points).map((x) => x.label)).toEqual(['a', 'd', 'b']);
  });
  it('keeps ties that are equal on both axes', () => {
    expect(paretoFront([p('a', 1000, 0), p('b', 1000, 0)]).map((x) => x.label)).toEqual(['a', 'b']);
  });
  it('draws an SVG with one dot per configuration and the front labelled', () => {
    const svg = tradeOffSvg([p('x<1', 1000, 5000), p('y', 1500, 0), p('z', 1600, 100)], 'sweep & test');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('x&lt;1');
    expect(svg).toContain('<path d="M');
    expect(svg).toContain('sweep &amp; test');
  });
});
