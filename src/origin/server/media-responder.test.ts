import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../shared/stream/profiles.ts';
import { parseLadder } from '../encoder/ladder.ts';
import { PLAIN_SESSION } from '../netem/middleware.ts';
import { Packager } from '../packager/packager.ts';
import { fakeInit, SyntheticStream } from '../packager/test-support/synthetic-stream.ts';
import { handleLive } from './live-routes.ts';
import { Metrics } from './metrics.ts';
import { PlaylistCache } from './playlist-cache.ts';
import { RecentValues } from './recent-values.ts';
import type { StreamContext } from './request-scope.ts';

/**
 * The /live/ routes of both protocols over the one media responder, on a real HTTP server and
 * a real Packager fed synthetic chunks (no ffmpeg): the same status for an object that left the
 * window, init segments, ETag/304, and a hold that cannot wait (pool of 0 waiters) answered 503.
 */
let server: Server;
let base: string;
let packager: Packager;
const metrics = new Metrics();

beforeAll(async () => {
  // No waiter may be held: every request that would wait shows the hold's 503 at once.
  packager = new Packager({ rungs: parseLadder('640x360@600'), audio: false, profiles: PROFILES, fps: 30, windowMs: 1, maxWaiters: 0, lookup: () => null, onCorruptStream: () => undefined, log: () => undefined });
  const state = packager.rungs[0]!;
  const source = new SyntheticStream(...state.timelines.values());
  // Run 1 for 12 s, then run 2 for 6 s and 10 frames: run 1 has left every window (4 s for 1 s segments).
  source.run = 1;
  source.frames(360);
  source.restart();
  source.frames(190);
  // What the packager keeps once run 1 has no media in any window: run 2's init only.
  state.inits.set(2, fakeInit({ run: 2, bytes: Buffer.from('init-two'), audioTrackId: null, audioCodec: null, createdAtMs: Date.now() }));
  const stream: StreamContext = { packager, fps: 30, metrics, playlists: new PlaylistCache(), releaseDelaysMs: new RecentValues(10), edgePort: null };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    const scope = { req, res, url, signal: new AbortController().signal, stream, session: PLAIN_SESSION, arrivedAtMs: Date.now() };
    void handleLive(scope, url.pathname.slice('/live/'.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const timeline = (profile: string) => packager.timeline(profile, 0)!;

describe('media responder', () => {
  it('answers 410 for a segment, part or init segment that has left the window, in HLS and DASH alike', async () => {
    for (const path of ['/ll200/360p/0.m4s', '/ll200/360p/0.0.m4s', '/dash-ll/360p/0.m4s', '/dash2/360p/0.m4s', '/ll200/360p/init-1.mp4', '/dash-ll/360p/init-1.mp4']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(410);
      expect(await res.text(), path).toMatch(/has left the window/);
    }
    expect(timeline('ll200').firstMsn).toBeGreaterThan(0);
  });

  it('answers 404 for what is not there yet', async () => {
    const open = timeline('ll200').openSegment!;
    for (const path of [`/ll200/360p/${open.msn}.m4s`, `/ll200/360p/${open.msn}.3.m4s`, '/ll200/360p/init-3.mp4', '/dash-ll/360p/init-3.mp4', `/dash2/360p/${timeline('dash2').openSegment!.msn + 2}.m4s`]) {
      expect((await fetch(base + path)).status, path).toBe(404);
    }
  });

  it('serves init segments and complete objects with an ETag, and 304 for a matching If-None-Match', async () => {
    const hlsSegment = timeline('ll200').lastCompleteSegment!.msn;
    const dashSegment = timeline('dash-ll').lastCompleteSegment!.msn;
    for (const path of ['/ll200/360p/init-2.mp4', '/dash-ll/360p/init-2.mp4', `/ll200/360p/${hlsSegment}.m4s`, `/ll200/360p/${hlsSegment}.2.m4s`, `/dash-ll/360p/${dashSegment}.m4s`]) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length')), path).toBe(body.length);
      expect(res.headers.get('cache-control'), path).toMatch(/immutable/);
      expect(res.headers.get('server-timing'), path).toBeTruthy();
      const etag = res.headers.get('etag')!;
      expect(etag, path).toMatch(/^".+"$/);
      expect((await fetch(base + path, { headers: { 'if-none-match': etag } })).status, path).toBe(304);
    }
    expect(await (await fetch(`${base}/ll200/360p/init-2.mp4`)).text()).toBe('init-two');
  });

  it('answers 503 + Retry-After when a request would be held and the waiter pool is full, in every held route', async () => {
    const hinted = timeline('ll200').nextPartPosition();
    const open = timeline('ll200').openSegment!;
    for (const path of [`/ll200/360p/${hinted.msn}.${hinted.index}.m4s`, `/ll200/360p.m3u8?_HLS_msn=${open.msn}&_HLS_part=${hinted.index}`, `/dash2/360p/${timeline('dash2').openSegment!.msn}.m4s`]) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after'), path).toBe('1');
      expect(await res.text(), path).toMatch(/too many waiting requests/);
    }
    expect(await metrics.render()).toMatch(/glassmeter_dash_segment_requests_total\{outcome="aborted",profile="dash2"\} 1/);
  });
});
