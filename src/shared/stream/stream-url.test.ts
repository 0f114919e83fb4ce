import { describe, expect, it } from 'vitest';
import { joinStreamUrl, splitStreamUrl } from './stream-url.ts';

describe('splitStreamUrl', () => {
  it('splits paths and absolute URLs at the options segment, query kept in the rest', () => {
    expect(splitStreamUrl('/live/ll200/master.m3u8')).toEqual({ prefix: '', options: '', raw: null, rest: '/live/ll200/master.m3u8' });
    expect(splitStreamUrl('http://h:8080/o/net=spike,rtt=50/live/ll100/master.m3u8?x=1')).toEqual({
      prefix: 'http://h:8080',
      options: 'net=spike,rtt=50',
      raw: 'net=spike,rtt=50',
      rest: '/live/ll100/master.m3u8?x=1',
    });
    expect(splitStreamUrl('/o/net%3Dcap800/live')).toEqual({ prefix: '', options: 'net=cap800', raw: 'net%3Dcap800', rest: '/live' });
  });

  it('tells an empty options segment from none, and broken %-encoding from good', () => {
    expect(splitStreamUrl('/o//live/ll200/master.m3u8')).toMatchObject({ options: '', raw: '' });
    expect(splitStreamUrl('/o/%zz/live/ll200/master.m3u8')).toMatchObject({ options: null, raw: '%zz' });
  });

  it('reads options only right before /live, in one path segment', () => {
    expect(splitStreamUrl('https://cdn.example.com/stream/index.m3u8')).toBeNull();
    expect(splitStreamUrl('/o/delay=500/vod/master.m3u8')).toBeNull();
    expect(splitStreamUrl('/o/x/livex/a.m3u8')).toBeNull();
    // Two segments: not options; the whole front is the prefix, as for any foreign /live/ URL.
    expect(splitStreamUrl('/o/a/b/live/ll200/master.m3u8')).toMatchObject({ prefix: '/o/a/b', raw: null });
  });
});

describe('joinStreamUrl', () => {
  it('puts the options back, encoded except for the grammar, and drops an empty segment', () => {
    expect(joinStreamUrl({ prefix: 'http://h', options: 'net=cascade,sid=a_b-1', rest: '/live/ll200/master.m3u8' })).toBe('http://h/o/net=cascade,sid=a_b-1/live/ll200/master.m3u8');
    expect(joinStreamUrl({ prefix: '', options: '', rest: '/live/dash2/manifest.mpd' })).toBe('/live/dash2/manifest.mpd');
    expect(joinStreamUrl({ prefix: '', options: 'a/b c', rest: '/live' })).toBe('/o/a%2Fb%20c/live');
  });

  it('round-trips with splitStreamUrl', () => {
    const parts = { prefix: 'https://x:1', options: 'avoffset=-100,fault=503.any.20-25s', rest: '/live/ll500/master.m3u8' };
    expect(splitStreamUrl(joinStreamUrl(parts))).toEqual({ ...parts, raw: parts.options });
  });
});
