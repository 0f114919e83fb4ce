import { describe, expect, it } from 'vitest';
import { parseMeasureArgs, UsageError } from './measure-options.ts';

describe('measure options: --clock and --min-decode-rate', () => {
  it('defaults to no explicit clock and 95%', () => {
    const o = parseMeasureArgs([]);
    expect(o.clock).toBeNull();
    expect(o.minDecodeRate).toBeCloseTo(0.95, 9);
  });

  it('takes the origin of --clock and a percentage', () => {
    const o = parseMeasureArgs(['--clock', 'http://gm.example:8080/clock?w=1920', '--min-decode-rate', '99.5']);
    expect(o.clock).toBe('http://gm.example:8080');
    expect(o.minDecodeRate).toBeCloseTo(0.995, 9);
  });

  it('refuses a bad --clock or --min-decode-rate, naming the flag', () => {
    expect(() => parseMeasureArgs(['--clock', 'ftp://x'])).toThrow(UsageError);
    expect(() => parseMeasureArgs(['--clock', 'ftp://x'])).toThrow(/--clock/);
    expect(() => parseMeasureArgs(['--min-decode-rate', '101'])).toThrow(/--min-decode-rate/);
    expect(() => parseMeasureArgs(['--min-decode-rate', '-1'])).toThrow(/--min-decode-rate/);
  });
});

describe('parseMeasureArgs --engine', () => {
  it('takes every engine of the catalog; Shaka plays HLS and DASH profiles and URLs alike', () => {
    expect(parseMeasureArgs(['--engine', 'shaka'])).toMatchObject({ engine: 'shaka', profile: 'll200', preset: 'lowest' });
    expect(parseMeasureArgs(['--engine', 'shaka', '--profile', 'dash-ll'])).toMatchObject({ engine: 'shaka', profile: 'dash-ll' });
    expect(parseMeasureArgs(['--engine', 'shaka', '--url', 'http://cdn.test/live/manifest.mpd']).engine).toBe('shaka');
    expect(parseMeasureArgs(['--engine', 'shaka', '--preset', 'defaults', '--set', 'liveSyncTargetLatency=0.8']).settings).toEqual({ liveSyncTargetLatency: 0.8 });
  });

  it('keeps the stream’s own engine when none is named, and refuses an engine that cannot play the stream', () => {
    expect(parseMeasureArgs(['--profile', 'dash-ll']).engine).toBe('dash');
    expect(parseMeasureArgs([]).engine).toBe('hls');
    expect(() => parseMeasureArgs(['--engine', 'hls', '--profile', 'dash-ll'])).toThrow(/cannot play profile dash-ll: it is DASH/);
    expect(() => parseMeasureArgs(['--engine', 'dash', '--url', 'http://cdn.test/a.m3u8'])).toThrow(UsageError);
    expect(() => parseMeasureArgs(['--engine', 'vlc'])).toThrow('--engine vlc: use hls, dash, shaka');
    expect(() => parseMeasureArgs(['--engine', 'toString'])).toThrow(UsageError);
    expect(() => parseMeasureArgs(['--engine', 'shaka', '--preset', 'lolp'])).toThrow(/not a Shaka Player preset/);
    expect(() => parseMeasureArgs(['--engine', 'shaka', '--set', 'liveDelay=1'])).toThrow(/unknown Shaka Player setting/);
  });
});
