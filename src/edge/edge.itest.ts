import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLadder } from '../origin/encoder/ladder.ts';
import { startOrigin, type RunningOrigin } from '../origin/start-origin.ts';
import { freePort } from './free-port.ts';
import { startEdge, type RunningEdge } from './varnish.ts';

let origin: RunningOrigin;
let edge: RunningEdge;

interface Timed {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sentAt: number;
  firstByteAt: number;
  endAt: number;
  pieces: number;
}

/** A GET on its own connection (no pooling, no decompression), with wall-clock timings. */
function edgeGet(path: string, base = edge.baseUrl): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const sentAt = Date.now();
    let firstByteAt = NaN;
    const req = request(`${base}${path}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (Number.isNaN(firstByteAt)) firstByteAt = Date.now();
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), sentAt, firstByteAt, endAt: Date.now(), pieces: chunks.length }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The origin's own count of requests of one kind and status, from its /metrics. */
async function originCount(kind: string, status = '200'): Promise<number> {
  const text = await (await fetch(`${origin.baseUrl}/metrics`)).text();
  const m = new RegExp(`^glassmeter_http_requests_total\\{kind="${kind}",status="${status}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

function preloadHint(playlist: string): { msn: number; part: number; uri: string } {
  const m = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]*?(\d+)\.(\d+)\.m4s)"/.exec(playlist);
  if (!m) throw new Error(`no preload hint in\n${playlist}`);
  return { uri: m[1]!, msn: Number(m[2]), part: Number(m[3]) };
}

/** The next part of ll200 720p, read from the origin directly (so the edge has not seen it). */
async function nextPart(): Promise<{ msn: number; part: number; uri: string }> {
  return preloadHint(await (await fetch(`${origin.baseUrl}/live/ll200/720p.m3u8`)).text());
}

beforeAll(async () => {
  const appRoot = mkdtempSync(join(tmpdir(), 'glassmeter-app-'));
  writeFileSync(join(appRoot, 'index.html'), '<!doctype html><title>test app</title>');
  origin = await startOrigin({ rungs: parseLadder('default'), appRoot, port: 0 });
  edge = await startEdge({ originPort: origin.port, port: await freePort() });
  await origin.server.waitUntilReady();
  await edge.waitUntilHealthy();
});

afterAll(async () => {
  await edge?.stop();
  await origin?.stop();
});

describe('Varnish edge in front of the origin (real ffmpeg, real varnishd)', () => {
  it('collapses 200 viewers blocked on the next part into one origin request for the playlist and one for the part', async () => {
    const hint = await nextPart();
    const playlistsBefore = await originCount('blocking_playlist');
    const partsBefore = await originCount('part');
    // Each viewer adds its own junk parameter: the edge strips it from the cache key.
    const playlists = await Promise.all(
      Array.from({ length: 200 }, (_, i) => edgeGet(`/live/ll200/720p.m3u8?_HLS_part=${hint.part}&v=${i}&_HLS_msn=${hint.msn}`)),
    );
    expect(playlists.map((r) => r.status)).toEqual(playlists.map(() => 200));
    expect(playlists.every((r) => r.body.toString().includes(`720p/${hint.msn}.${hint.part}.m4s`))).toBe(true);
    const statuses = new Set(playlists.map((r) => r.headers['x-cache']));
    expect(statuses.has('miss')).toBe(true);
    expect(statuses.has('coalesced')).toBe(true);

    const next = preloadHint(playlists[0]!.body.toString());
    const parts = await Promise.all(Array.from({ length: 200 }, (_, i) => edgeGet(`/live/ll200/${next.uri}?session=${i}`)));
    expect(parts.map((r) => r.status)).toEqual(parts.map(() => 200));
    expect(new Set(parts.map((r) => r.body.length)).size).toBe(1);

    expect((await originCount('blocking_playlist')) - playlistsBefore).toBe(1);
    expect((await originCount('part')) - partsBefore).toBe(1);
  });

  it('answers a held part within the part duration + 50 ms of its publication, with Age and the origin headers', async () => {
    const lates: number[] = [];
    for (let i = 0; i < 3; i++) {
      const hint = await nextPart();
      const res = await edgeGet(`/live/ll200/${hint.uri}`);
      expect(res.status).toBe(200);
      const part = origin.pipeline.packager.timeline('ll200', 0)!.segment(hint.msn)!.parts[hint.part]!;
      expect(res.body.length).toBe(part.byteLength);
      lates.push(res.endAt - part.publishedAtMs!);
      expect(res.headers['x-cache']).toBe('miss');
      expect(res.headers.age).toBe('0');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.etag).toMatch(/^"/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/\bAge\b.*\bX-Cache\b/);
      const again = await edgeGet(`/live/ll200/${hint.uri}`);
      expect(again.headers['x-cache']).toBe('hit');
      expect(again.body.equals(res.body)).toBe(true);
      // The origin's Server-Timing (capture times of the part's frames) passes unchanged, hit or miss.
      expect(res.headers['server-timing']).toBeTruthy();
      expect(again.headers['server-timing']).toBe(res.headers['server-timing']);
    }
    for (const late of lates) expect(late).toBeLessThan(200 + 50);
  });

  it('streams a dash-ll live-edge segment chunked to every viewer: first bytes within one chunk of the request', async () => {
    const chunkMs = 1000 / 30;
    const ttfbs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const timeline = origin.pipeline.packager.timeline('dash-ll', 0)!;
      // A segment just begun (at most 5 of its frames in): one picked near its end completed
      // before the second viewer's request, which the edge then answered whole with a length (CI, 2026-12-02).
      let open = timeline.openSegment;
      for (const deadline = Date.now() + 3000; !(open && open.chunks.length <= 5) && Date.now() < deadline; open = timeline.openSegment) {
        await new Promise((r) => setTimeout(r, 5));
      }
      if (!open || open.chunks.length > 5) throw new Error('no dash-ll segment began within 3 s');
      // Two viewers: the first makes the edge fetch, the second joins the object being streamed.
      const first = edgeGet(`/live/dash-ll/720p/${open.msn}.m4s`);
      await new Promise((r) => setTimeout(r, 100));
      const [a, b] = await Promise.all([first, edgeGet(`/live/dash-ll/720p/${open.msn}.m4s`)]);
      for (const res of [a, b]) {
        expect(res.status).toBe(200);
        expect(res.headers['content-length']).toBeUndefined();
        expect(res.pieces).toBeGreaterThan(3);
      }
      expect(b.body.equals(a.body)).toBe(true);
      expect(b.headers['x-cache']).not.toBe('miss');
      const segment = timeline.segment(open.msn)!;
      expect(segment.complete).toBe(true);
      // Both bodies end with the segment, not a whole segment later.
      for (const res of [a, b]) expect(res.endAt - segment.publishedAtMs!).toBeLessThan(250);
      ttfbs.push(a.firstByteAt - a.sentAt, b.firstByteAt - b.sentAt);
    }
    ttfbs.sort((x, y) => x - y);
    expect(ttfbs[Math.floor(ttfbs.length / 2)]).toBeLessThan(chunkMs + 10);
  });

  it('keeps one cache object per real object whatever the query string, and errors of blocking requests only briefly', async () => {
    const hint = await nextPart();
    const partsBefore = await originCount('part');
    const variants = [`?a=1`, `?b=2&c=3`, `?_HLS_foo=1`, `?${'x'.repeat(500)}=1`, '?', `?_hls_msn=1`];
    for (const q of variants) expect((await edgeGet(`/live/ll200/${hint.uri}${q}`)).status).toBe(200);
    expect((await originCount('part')) - partsBefore).toBe(1);

    // Leading zeros and parameter order name the same playlist.
    const h2 = await nextPart();
    const before = await originCount('blocking_playlist');
    await edgeGet(`/live/ll200/720p.m3u8?_HLS_msn=${h2.msn}&_HLS_part=${h2.part}`);
    const same = await edgeGet(`/live/ll200/720p.m3u8?_HLS_part=0${h2.part}&_HLS_msn=00${h2.msn}`);
    expect(same.headers['x-cache']).toBe('hit');
    expect((await originCount('blocking_playlist')) - before).toBe(1);

    // A request too far ahead is refused by the origin (400); the edge asks again a part later.
    const far = `/live/ll200/720p.m3u8?_HLS_msn=${h2.msn + 50}`;
    const errorsBefore = await originCount('blocking_playlist', '400');
    expect((await edgeGet(far)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect((await edgeGet(far)).status).toBe(400);
    expect((await originCount('blocking_playlist', '400')) - errorsBefore).toBe(2);
    // Malformed directives are never stored: the origin names the key every time.
    const bad = await edgeGet('/live/ll200/720p.m3u8?_HLS_msn=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toContain('_HLS_msn');
    expect(bad.headers['x-cache']).toBe('pass');
  });

  it('passes the clock, metrics and health through uncached', async () => {
    const a = await edgeGet('/time');
    await new Promise((r) => setTimeout(r, 20));
    const b = await edgeGet('/time');
    expect(a.body.toString()).not.toBe(b.body.toString());
    for (const path of ['/time', '/metrics', '/healthz']) expect((await edgeGet(path)).headers['x-cache']).toBe('pass');
  });

  it("tells the page the edge's port in GET /live/ once it is set, as npm start -- --edge does", async () => {
    const edgeOf = async () => ((await (await fetch(`${origin.baseUrl}/live/`)).json()) as { edge: unknown }).edge;
    expect(await edgeOf()).toBeNull();
    origin.server.setEdgePort(edge.port);
    try {
      expect(await edgeOf()).toEqual({ port: edge.port });
    } finally {
      origin.server.setEdgePort(null);
    }
  });
});
