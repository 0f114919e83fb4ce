import { describe, expect, it } from 'vitest';
import { applyNetwork, buildOptions, NO_NETWORK, parseNetwork, scheduleOf, splitStreamUrl, streamUrlProblem } from './origin-options.ts';

describe('origin options in the page', () => {
  it('splits origin URLs with and without options, and leaves other URLs alone', () => {
    expect(splitStreamUrl('/live/ll200/master.m3u8')).toEqual({ prefix: '', options: '', rest: '/live/ll200/master.m3u8' });
    expect(splitStreamUrl('http://h:8080/o/net=spike,rtt=50/live/ll100/master.m3u8')).toEqual({
      prefix: 'http://h:8080',
      options: 'net=spike,rtt=50',
      rest: '/live/ll100/master.m3u8',
    });
    expect(splitStreamUrl('https://cdn.example.com/stream/index.m3u8')).toBeNull();
  });

  it('builds options with a session id only where the session matters', () => {
    expect(buildOptions(NO_NETWORK, 's1')).toBe('');
    expect(buildOptions({ ...NO_NETWORK, delayMs: 500 }, 's1')).toBe('delay=500');
    expect(buildOptions({ net: 'cascade', rttMs: 80, delayMs: 0, fault: '404.part.every5' }, 's1')).toBe('net=cascade,rtt=80,fault=404.part.every5,sid=s1');
  });

  it('applies, replaces and removes the network on a stream URL', () => {
    const withNet = applyNetwork('/live/ll200/master.m3u8', { ...NO_NETWORK, net: 'cap800' }, 'x');
    expect(withNet).toBe('/o/net=cap800,sid=x/live/ll200/master.m3u8');
    expect(applyNetwork(withNet!, { ...NO_NETWORK, delayMs: 250 }, 'x')).toBe('/o/delay=250/live/ll200/master.m3u8');
    expect(applyNetwork(withNet!, NO_NETWORK, 'x')).toBe('/live/ll200/master.m3u8');
    expect(applyNetwork('https://elsewhere/x.m3u8', NO_NETWORK, 'x')).toBeNull();
    // Options the network picker does not own survive a network change.
    expect(applyNetwork('/o/holdback=2,net=spike,sid=x/live/ll200/master.m3u8', { ...NO_NETWORK, rttMs: 40 }, 'x')).toBe('/o/holdback=2,rtt=40/live/ll200/master.m3u8');
    expect(applyNetwork('/o/target=800/live/dash-ll/manifest.mpd', NO_NETWORK, 'x')).toBe('/o/target=800/live/dash-ll/manifest.mpd');
  });

  it('reads the choice and the schedule back from a URL', () => {
    expect(parseNetwork('net=spike,rtt=40,delay=500,fault=503.any.20-25s,sid=q')).toEqual({ net: 'spike', rttMs: 40, delayMs: 500, fault: '503.any.20-25s' });
    expect(scheduleOf('/o/net=cascade,sid=q/live/ll200/master.m3u8')?.steps[0]).toEqual({ kbps: 1200, seconds: 30 });
    expect(scheduleOf('/live/ll200/master.m3u8')).toBeNull();
    expect(parseNetwork('rtt=oops')).toEqual(NO_NETWORK);
  });
});

describe('streamUrlProblem', () => {
  const base = 'http://localhost:8080/';
  it.each(['/live/ll200/master.m3u8', 'https://cdn.example.com/a.m3u8', '/o/net=cascade,rtt=50/live/ll200/master.m3u8', '/o/net%3Dcap800/live/dash-ll/manifest.mpd', '/o/holdback=2/live/ll200/master.m3u8', '/o/target=800/live/dash-ll/manifest.mpd'])('accepts %s', (src) => {
    expect(streamUrlProblem(src, base)).toBeNull();
  });
  it.each([
    ['/o/%zz/live/ll200/master.m3u8', /%-encoding/],
    ['http://[::1', /not a valid URL/],
    ['/o/net=constructor/live/ll200/master.m3u8', /net=constructor/],
    ['/o/net=__proto__/live/ll200/master.m3u8', /net=__proto__/],
    ['/o/toString=1/live/ll200/master.m3u8', /unknown URL option "toString"/],
    // The origin's own parser: what it would answer 400 to, the page refuses with the same words.
    ['/o/rtt=fast/live/ll200/master.m3u8', /rtt must be a whole number/],
    ['/o/fault=404.part/live/ll200/master.m3u8', /bad fault/],
    ['/o//live/ll200/master.m3u8', /empty URL options/],
    ['javascript:alert(1)', /javascript:/],
    ['/' + 'a'.repeat(3000), /2048/],
  ])('refuses %s', (src, message) => {
    expect(streamUrlProblem(src, base)).toMatch(message);
  });
  it('splitStreamUrl gives null for undecodable options instead of throwing', () => {
    expect(splitStreamUrl('/o/%zz/live/ll200/master.m3u8')).toBeNull();
  });
});
