import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLadder } from '../encoder/ladder.ts';
import { findFfmpeg } from '../encoder/find-ffmpeg.ts';
import { startOrigin, type RunningOrigin } from '../start-origin.ts';

let origin: RunningOrigin;
let base: string;

async function waitForStream(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/live/ll200/720p.m3u8`);
    if (res.ok && (await res.text()).includes('#EXTINF')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('stream did not start');
}

/** GET without fetch's transparent decompression, to see raw headers and bytes. */
function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function preloadHint(playlist: string): { msn: number; part: number; uri: string } {
  const m = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]*?(\d+)\.(\d+)\.m4s)"/.exec(playlist);
  if (!m) throw new Error(`no preload hint in\n${playlist}`);
  return { uri: m[1]!, msn: Number(m[2]), part: Number(m[3]) };
}

beforeAll(async () => {
  const appRoot = mkdtempSync(join(tmpdir(), 'glassmeter-app-'));
  writeFileSync(join(appRoot, 'index.html'), '<!doctype html><title>test app</title>');
  origin = await startOrigin({ rungs: parseLadder('default'), appRoot, port: 0 });
  base = origin.baseUrl;
  await waitForStream();
});

afterAll(async () => {
  await origin?.stop();
});

describe('LL-HLS origin over HTTP (real ffmpeg)', () => {
  it('releases a blocking playlist request within one part duration of the part being published', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const playlist = await (await fetch(`${base}/live/ll200/720p.m3u8`)).text();
      const hint = preloadHint(playlist);
      const res = await fetch(`${base}/live/ll200/720p.m3u8?_HLS_msn=${hint.msn}&_HLS_part=${hint.part}`);
      // The same clock the packager stamps publication with (performance.timeOrigin + now()).
      const receivedAt = performance.timeOrigin + performance.now();
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).toContain(`720p/${hint.msn}.${hint.part}.m4s`);
      const part = origin.pipeline.packager.timeline('ll200', 0)!.segment(hint.msn)!.parts[hint.part]!;
      delays.push(receivedAt - part.publishedAtMs!);
    }
    for (const d of delays) expect(d).toBeLessThan(200);
  });

  it('holds a request for the hinted part and sends it whole once complete', async () => {
    const playlist = await (await fetch(`${base}/live/ll200/480p.m3u8`)).text();
    const hint = preloadHint(playlist);
    const res = await fetch(`${base}/live/ll200/${hint.uri}`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const part = origin.pipeline.packager.timeline('ll200', 1)!.segment(hint.msn)!.parts[hint.part]!;
    expect(part.complete).toBe(true);
    expect(bytes.length).toBe(part.byteLength);
    expect(bytes.toString('latin1', 4, 8)).toBe('moof');
    // A part two ahead of the hint is not hinted: 404.
    const far = await fetch(`${base}/live/ll200/480p/${hint.msn + 1}.${(hint.part + 2) % 5}.m4s`);
    expect(far.status).toBe(404);
  });

  it('ffmpeg plays the default LL-HLS stream for a few seconds without error: video from a rung, audio from its own rendition', async () => {
    const ffmpeg = findFfmpeg().path;
    const args = ['-hide_banner', '-loglevel', 'error', '-i', `${base}/live/master.m3u8`, '-t', '3', '-map', '0:v:0', '-map', '0:a:0', '-f', 'framemd5', '-'];
    const { out, stderr } = await new Promise<{ out: string; stderr: string }>((resolve, reject) => {
      execFile(ffmpeg, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, errText) => (err ? reject(new Error(`${err.message}\n${errText}`)) : resolve({ out: stdout, stderr: errText })));
    });
    expect(stderr.trim()).toBe('');
    const types = [...out.matchAll(/^#media_type (\d+): (\w+)/gm)].map((m) => m[2]);
    expect(types).toEqual(['video', 'audio']);
    const decoded = (stream: number) => out.split('\n').filter((l) => l.startsWith(`${stream},`)).length;
    // 3 s: 90 video frames and ~141 AAC frames (1024 samples at 48 kHz); the demuxer may start a little late.
    expect(decoded(0)).toBeGreaterThanOrEqual(60);
    expect(decoded(1)).toBeGreaterThanOrEqual(90);
    const master = await (await fetch(`${base}/live/ll200/master.m3u8`)).text();
    expect(master).toMatch(/^#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",.*URI="audio.m3u8"$/m);
    const audio = await (await fetch(`${base}/live/ll200/audio.m3u8`)).text();
    expect(audio).toMatch(/#EXT-X-PRELOAD-HINT:TYPE=PART,URI="audio\/\d+\.\d+\.m4s"/);
    expect(audio).toMatch(/#EXT-X-RENDITION-REPORT:URI="720p.m3u8"/);
    expect(await (await fetch(`${base}/live/ll200/720p.m3u8`)).text()).toMatch(/#EXT-X-RENDITION-REPORT:URI="audio.m3u8",LAST-MSN=\d+,LAST-PART=\d+/);
  });

  it('publishes video parts within 80 ms p50 of their last frame being captured, with audio on (no part waits for audio)', async () => {
    const timeline = origin.pipeline.packager.timeline('ll200', 0)!;
    await new Promise((r) => setTimeout(r, 4000));
    const since = Date.now() - 4000;
    const delays = timeline.segments
      .flatMap((s) => s.parts)
      .filter((p) => p.complete && p.publishedAtMs !== null && p.publishedAtMs > since)
      .map((p) => p.publishedAtMs! - p.chunks[p.chunks.length - 1]!.captureTimeMs)
      .sort((a, b) => a - b);
    expect(origin.pipeline.packager.audio?.init?.audioCodec).toMatch(/^mp4a/);
    expect(delays.length).toBeGreaterThanOrEqual(15);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThanOrEqual(80);
  });

  it('sends the headers of a CDN-friendly origin', async () => {
    const playlist = await rawGet('/live/ll200/720p.m3u8', { 'accept-encoding': 'gzip' });
    expect(playlist.status).toBe(200);
    expect(playlist.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers['content-encoding']).toBe('gzip');
    expect(playlist.headers['cache-control']).toBe('public, max-age=1');
    expect(playlist.headers['access-control-allow-origin']).toBe('*');
    expect(String(playlist.headers['access-control-expose-headers'])).toMatch(/Age.*Date|Date.*Age/);
    expect(playlist.headers['timing-allow-origin']).toBe('*');
    const text = (await (await fetch(`${base}/live/ll200/720p.m3u8`)).text());
    const hint = preloadHint(text);
    const blocking = await rawGet(`/live/ll200/720p.m3u8?_HLS_msn=${hint.msn}&_HLS_part=${hint.part}`);
    expect(blocking.headers['cache-control']).toBe('public, max-age=6');

    const segmentUri = /\n(720p\/\d+\.m4s)\n/.exec(text)![1]!;
    const segment = await rawGet(`/live/ll200/${segmentUri}`);
    expect(segment.status).toBe(200);
    expect(segment.headers['content-type']).toBe('video/mp4');
    expect(segment.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(segment.headers['content-length'])).toBe(segment.body.length);
    const etag = String(segment.headers.etag);
    expect((await rawGet(`/live/ll200/${segmentUri}`, { 'if-none-match': etag })).status).toBe(304);
    const head = await rawGet(`/live/ll200/${segmentUri}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(segment.headers['content-length']);

    const initUri = /#EXT-X-MAP:URI="([^"]+)"/.exec(text)![1]!;
    const init = await rawGet(`/live/ll200/${initUri}`);
    expect(init.status).toBe(200);
    expect(init.body.toString('latin1', 4, 8)).toBe('ftyp');
    expect(init.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers bad requests with 400/404 and a short text, never a crash', async () => {
    const cases: Array<[string, number]> = [
      ['/live/ll200/720p.m3u8?_HLS_part=1', 400],
      ['/live/ll200/720p.m3u8?_HLS_msn=abc', 400],
      ['/live/ll200/720p.m3u8?_HLS_msn=999999', 400],
      ['/live/ll200/720p.m3u8?_HLS_skip=maybe', 400],
      ['/live/nope/master.m3u8', 404],
      ['/live/ll200/1080p.m3u8', 404],
      ['/live/ll200/720p/0.99.m4s', 404],
      ['/live/ll200/720p/init-999.mp4', 404],
      ['/live/ll200/720p/%2e%2e/%2e%2e/package.json', 404],
      ['/%2e%2e/%2e%2e/%2e%2e/etc/os-release.txt', 404],
      ['/..%2f..%2f..%2fetc%2fpasswd.txt', 404],
      ['/%E0%A4%A', 400],
    ];
    for (const [path, status] of cases) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(status);
      expect(res.body.toString()).not.toMatch(/at .*\.ts:\d+/);
      expect(res.body.length).toBeLessThan(300);
    }
    // A path without an extension is a client-side route: the app, never the file outside.
    const escaped = await rawGet('/../../../etc/passwd');
    expect(escaped.body.toString()).toContain('test app');
    // The origin still serves after all that.
    expect((await rawGet('/healthz')).status).toBe(200);
  });

  it('serves clock sync, metrics, the profile list and the app', async () => {
    const before = Date.now();
    const iso = await (await fetch(`${base}/time`)).text();
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(iso) - before)).toBeLessThan(1000);
    const json = (await (await fetch(`${base}/time`, { headers: { accept: 'application/json' } })).json()) as { now_ms: number };
    expect(Math.abs(json.now_ms - Date.now())).toBeLessThan(1000);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/glassmeter_http_requests_total\{kind="blocking_playlist",status="200"\} \d+/);
    expect(metrics).toMatch(/glassmeter_parts_published_total [1-9]\d*/);
    expect(metrics).toMatch(/glassmeter_source_frames_produced_total [1-9]\d*/);
    expect(metrics).toContain('glassmeter_ffmpeg_restarts_total 0');

    const profiles = (await (await fetch(`${base}/live/`)).json()) as { profiles: Array<{ name: string; renditions: unknown[] }> };
    expect(profiles.profiles.map((p) => p.name)).toEqual(['ll100', 'll200', 'll500', 'hls2', 'hls6', 'dash-ll', 'dash2']);
    expect(profiles.profiles[0]!.renditions).toHaveLength(4);

    const app = await fetch(`${base}/`);
    expect(await app.text()).toContain('test app');
  });
});

/** Times of a GET: when the headers and first body byte came and when it ended (performance.now()). */
function timedGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; sentAt: number; firstByteAt: number; endAt: number }> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    let firstByteAt = NaN;
    const req = request(`${base}${path}`, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (Number.isNaN(firstByteAt)) firstByteAt = performance.now();
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), sentAt, firstByteAt, endAt: performance.now() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Per stream of an MP4 file: its media type and packet count, as ffmpeg demuxes it. */
function demux(file: string): Promise<{ type: string; packets: number }[]> {
  return new Promise((resolve, reject) => {
    execFile(findFfmpeg().path, ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'framemd5', '-'], { timeout: 30_000 }, (err, out, errText) => {
      if (err || errText.trim()) return reject(new Error(`${err?.message ?? ''}\n${errText}`));
      const types = [...out.matchAll(/^#media_type (\d+): (\w+)/gm)].map((m) => m[2]!);
      resolve(types.map((type, i) => ({ type, packets: out.split('\n').filter((l) => l.startsWith(`${i},`)).length })));
    });
  });
}

/** The open segment of a timeline once it holds at most a third of its frames (waits for the next one otherwise). */
async function freshOpenSegment(timeline: { openSegment: { msn: number; chunks: unknown[] } | null }) {
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    const open = timeline.openSegment;
    if (open && open.chunks.length <= 10) return open;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no freshly opened dash-ll segment within 5 s');
}

describe('LL-DASH origin over HTTP (real ffmpeg)', () => {

  it('streams the live-edge segment with chunked transfer: first bytes long before it is complete, end when complete', async () => {
    const timeline = origin.pipeline.packager.timeline('dash-ll', 0)!;
    for (let i = 0; i < 3; i++) {
      // Ask for a segment that has just opened (at most a third of its frames in), so it cannot
      // complete between choosing it and the request arriving: that race made the response whole.
      const open = await freshOpenSegment(timeline);
      const res = await timedGet(`/live/dash-ll/720p/${open.msn}.m4s`);
      expect(res.status).toBe(200);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      const segment = timeline.segment(open.msn)!;
      expect(segment.complete).toBe(true);
      // One clock for every time below: performance.timeOrigin + performance.now().
      const [sentWall, firstByteWall, endWall] = [res.sentAt, res.firstByteAt, res.endAt].map((t) => performance.timeOrigin + t) as [number, number, number];
      const completedAt = segment.publishedAtMs!;
      // Chunked: the first bytes come in the first quarter of the wait for completion, not at it.
      expect(firstByteWall - sentWall).toBeLessThan((completedAt - sentWall) / 4);
      // The body ends when the segment is complete, not before, and not much after.
      expect(endWall).toBeGreaterThanOrEqual(completedAt - 1);
      expect(endWall - completedAt).toBeLessThan(250);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/glassmeter_dash_segment_requests_total\{outcome="chunked",profile="dash-ll"\} [1-9]/);
  });

  it('serves single-track CMAF: video-only rungs and the audio on its own, each a whole segment of samples', async () => {
    const mpd = await (await fetch(`${base}/live/dash-ll/manifest.mpd`)).text();
    const run = Number(/init-(\d+)\.mp4/.exec(mpd)![1]);
    const msn = origin.pipeline.packager.timeline('dash-ll', 0)!.lastCompleteSegment!.msn;
    const dir = mkdtempSync(join(tmpdir(), 'glassmeter-dash-'));
    for (const rep of ['360p', 'audio']) {
      const init = await rawGet(`/live/dash-ll/${rep}/init-${run}.mp4`);
      const seg = await rawGet(`/live/dash-ll/${rep}/${msn}.m4s`);
      expect([init.status, seg.status]).toEqual([200, 200]);
      expect(seg.headers['content-type']).toBe(rep === 'audio' ? 'audio/mp4' : 'video/mp4');
      const file = join(dir, `${rep}.mp4`);
      writeFileSync(file, Buffer.concat([init.body, seg.body]));
      const streams = await demux(file);
      // 1 s: 30 video frames, or about 47 AAC frames of 1024 samples at 48 kHz.
      if (rep === 'audio') expect(streams).toEqual([{ type: 'audio', packets: expect.toSatisfy((n: number) => n >= 45 && n <= 49) }]);
      else expect(streams).toEqual([{ type: 'video', packets: 30 }]);
    }
  });

  it('holds dash2 requests for the segment being produced until it is complete, and refuses ones far ahead', async () => {
    const timeline = origin.pipeline.packager.timeline('dash2', 0)!;
    const open = timeline.openSegment!;
    const res = await timedGet(`/live/dash2/720p/${open.msn}.m4s`);
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(timeline.segment(open.msn)!.complete).toBe(true);
    const early = await rawGet(`/live/dash2/720p/${open.msn + 3}.m4s`);
    expect(early.status).toBe(404);
    expect(early.body.toString()).toMatch(/not available yet/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/glassmeter_dash_segment_requests_total\{outcome="too_early",profile="dash2"\} [1-9]/);
    expect(metrics).toMatch(/glassmeter_dash_segment_requests_total\{outcome="held",profile="dash2"\} [1-9]/);
  });

  it('lists the DASH profiles with their MPD URLs and serves a well-formed MPD', async () => {
    const { profiles } = (await (await fetch(`${base}/live/`)).json()) as { profiles: { name: string; url: string }[] };
    expect(profiles.filter((p) => p.name.startsWith('dash'))).toEqual([
      expect.objectContaining({ name: 'dash-ll', url: '/live/dash-ll/manifest.mpd' }),
      expect.objectContaining({ name: 'dash2', url: '/live/dash2/manifest.mpd' }),
    ]);
    const res = await rawGet('/live/dash-ll/manifest.mpd', { host: 'viewer.example:8080' });
    expect(res.headers['content-type']).toBe('application/dash+xml');
    expect(res.body.toString()).toContain('value="http://viewer.example:8080/time"');
    expect((await rawGet('/live/dash-ll/720p/1.0.m4s')).status).toBe(404);
    expect((await rawGet('/live/ll200/manifest.mpd')).status).toBe(404);
  });
});

describe('player-chosen hold-back and target latency (URL options)', () => {
  const serverControl = (playlist: string) => /^#EXT-X-SERVER-CONTROL:(.*)$/m.exec(playlist)?.[1] ?? '';

  it('holdback=2 advertises PART-HOLD-BACK 0.4 s on ll200 (0.6 s without), and holdback=4 HOLD-BACK 8 s on hls2', async () => {
    const plain = await (await fetch(`${base}/live/ll200/720p.m3u8`)).text();
    const two = await (await fetch(`${base}/o/holdback=2/live/ll200/720p.m3u8`)).text();
    expect(serverControl(plain)).toContain('PART-HOLD-BACK=0.6,');
    expect(serverControl(two)).toContain('PART-HOLD-BACK=0.4,');
    // A blocking request of the same session gets the same hold-back (cached per hold-back, not shared).
    const hint = preloadHint(two);
    const blocked = await (await fetch(`${base}/o/holdback=2/live/ll200/720p.m3u8?_HLS_msn=${hint.msn}&_HLS_part=${hint.part}`)).text();
    expect(serverControl(blocked)).toContain('PART-HOLD-BACK=0.4,');
    expect(serverControl(await (await fetch(`${base}/live/ll200/720p.m3u8?_HLS_msn=${hint.msn}&_HLS_part=${hint.part}`)).text())).toContain('PART-HOLD-BACK=0.6,');
    expect(serverControl(await (await fetch(`${base}/o/holdback=4/live/hls2/720p.m3u8`)).text())).toBe('HOLD-BACK=8');
  });

  it('target=800 sets the dash-ll ServiceDescription target', async () => {
    const mpd = await (await fetch(`${base}/o/target=800/live/dash-ll/manifest.mpd`)).text();
    expect(mpd).toMatch(/<Latency referenceId="0" target="800" min="533" max="2300"\/>/);
    expect(await (await fetch(`${base}/live/dash-ll/manifest.mpd`)).text()).toMatch(/<Latency referenceId="0" target="1500"/);
  });

  it('answers a bad holdback= or target= with a 400 naming the key', async () => {
    for (const [options, key] of [
      ['holdback=1.5', 'holdback'],
      ['holdback=x', 'holdback'],
      ['target=50', 'target'],
    ] as const) {
      const res = await rawGet(`/o/${options}/live/ll200/720p.m3u8`);
      expect(res.status, options).toBe(400);
      expect(res.body.toString(), options).toContain(key);
    }
  });
});
