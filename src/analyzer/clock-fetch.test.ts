import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchTimeFromOrigin } from './clock-fetch.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchTimeFromOrigin', () => {
  type FetchCall = { url: string; init: RequestInit };

  function fakeFetch(respond: () => Response) {
    const calls: FetchCall[] = [];
    const fetch = (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(respond());
    };
    return { calls, fetch };
  }

  it('GETs /time?format=json at the origin of the base URL, uncached', async () => {
    const f = fakeFetch(() => Response.json({ now_ms: 1_773_578_096_789, iso: '2026-03-15T12:34:56.789Z' }));
    const now = await fetchTimeFromOrigin('http://localhost:8080/o/net=3g/live/ll200/master.m3u8', { fetch: f.fetch });
    expect(now).toBe(1_773_578_096_789);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.url).toMatch(/^http:\/\/localhost:8080\/time\?format=json&probe=\d+$/);
    expect(f.calls[0]?.init.cache).toBe('no-store');
    expect(f.calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('fails clearly on a non-200 status, bad JSON or a missing now_ms', async () => {
    const base = 'http://origin:8080/live/master.m3u8';
    await expect(fetchTimeFromOrigin(base, fakeFetch(() => new Response('nope', { status: 503 })))).rejects.toThrow(/HTTP 503/);
    await expect(fetchTimeFromOrigin(base, fakeFetch(() => new Response('2026-03-15T12:34:56.789Z')))).rejects.toThrow(/did not return JSON/);
    await expect(fetchTimeFromOrigin(base, fakeFetch(() => Response.json({ now: 5 })))).rejects.toThrow(/numeric now_ms/);
    await expect(fetchTimeFromOrigin(base, fakeFetch(() => Response.json({ now_ms: '5' })))).rejects.toThrow(/numeric now_ms/);
    await expect(fetchTimeFromOrigin(base, fakeFetch(() => Response.json(null)))).rejects.toThrow(/numeric now_ms/);
  });

  it('wraps network errors and unusable base URLs', async () => {
    const fetch = () => Promise.reject(new TypeError('fetch failed'));
    await expect(fetchTimeFromOrigin('http://origin/', { fetch })).rejects.toThrow(/clock sync: GET http:\/\/origin\/time\?format=json&probe=\d+ failed: fetch failed/);
    // No page to resolve a relative URL against in Node.
    await expect(fetchTimeFromOrigin('/live/master.m3u8', { fetch })).rejects.toThrow(/cannot tell the origin/);
  });

  it('resolves a relative URL against the page', async () => {
    vi.stubGlobal('location', { href: 'https://player.example:8443/index.html' });
    const f = fakeFetch(() => Response.json({ now_ms: 1 }));
    await fetchTimeFromOrigin('/o/delay=500/live/master.m3u8', { fetch: f.fetch });
    expect(f.calls[0]?.url).toMatch(/^https:\/\/player.example:8443\/time\?format=json&probe=\d+$/);
  });
});

describe('fetchTimeFromOrigin: now_s', () => {
  it('reads seconds (nginx $msec) as well as milliseconds', async () => {
    const fetch = async () => Response.json({ now_s: 1764600000.123 });
    const got = await fetchTimeFromOrigin('http://nginx.example/', { fetch });
    const ms = typeof got === 'number' ? got : got.serverMs;
    expect(ms).toBeCloseTo(1764600000123, 3);
  });
});
