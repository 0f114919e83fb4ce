import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerTimingHeader, readObjectTiming, type ObjectTiming } from '../../shared/server-timing.ts';
import { parseLadder } from '../encoder/ladder.ts';
import { findChild } from '../isobmff/box-reader.ts';
import { parseInit, parseMoof } from '../isobmff/mp4-info.ts';
import { startOrigin, type RunningOrigin } from '../start-origin.ts';

let origin: RunningOrigin;
let base: string;

beforeAll(async () => {
  const appRoot = mkdtempSync(join(tmpdir(), 'glassmeter-app-'));
  writeFileSync(join(appRoot, 'index.html'), '<!doctype html><title>test app</title>');
  origin = await startOrigin({ rungs: parseLadder('twitch'), appRoot, port: 0 });
  base = origin.baseUrl;
  // Wait for a few complete segments, so the 500 ms delayed view has some too.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = await (await fetch(`${base}/live/ll200/master.m3u8`)).text().catch(() => '');
    if (text && (origin.pipeline.packager.timeline('ll200', 0)?.segments.filter((s) => s.complete).length ?? 0) >= 3) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('stream did not start');
});

afterAll(async () => {
  await origin?.stop();
});

/** GET: status, the parsed Server-Timing, the headers a page needs to read it. */
async function timed(path: string): Promise<{ status: number; timing: ObjectTiming | null; headers: Headers }> {
  const res = await fetch(`${base}${path}`);
  await res.arrayBuffer();
  return { status: res.status, timing: readObjectTiming(parseServerTimingHeader(res.headers.get('server-timing') ?? '')), headers: res.headers };
}

const playlist = async (path: string) => (await fetch(`${base}${path}`)).text();

describe('Server-Timing on every media object (real ffmpeg)', () => {
  it('HLS segments, parts and inits say capture range, availability and hold; the first capture is the PDT exactly', async () => {
    const text = await playlist('/live/ll200/720p.m3u8');
    const m = /#EXT-X-PROGRAM-DATE-TIME:([^\n]+)\n(?:#[^\n]*\n)*?#EXTINF:[^\n]*\n(720p\/(\d+)\.m4s)/.exec(text);
    if (!m) throw new Error(`no segment with PDT in\n${text}`);
    const pdtMs = Date.parse(m[1]!);
    const seg = await timed(`/live/ll200/${m[2]}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('timing-allow-origin')).toBe('*');
    expect(seg.headers.get('access-control-expose-headers')).toMatch(/Server-Timing/);
    const t = seg.timing!;
    expect(t.captureFirstMs).toBe(pdtMs);
    expect(t.videoHeight).toBe(720);
    // ll200 segments are 1 s of 30 fps frames: the last one starts 29 frame intervals later.
    expect(t.captureLastMs! - t.captureFirstMs!).toBeGreaterThanOrEqual(965);
    expect(t.captureLastMs! - t.captureFirstMs!).toBeLessThanOrEqual(968);
    expect(t.availableMs!).toBeGreaterThan(t.captureLastMs!);
    const segment = origin.pipeline.packager.timeline('ll200', 0)!.segment(Number(m[3]))!;
    expect(t.availableMs).toBeCloseTo(segment.publishedAtMs!, 2);
    expect(t.delayMs).toBe(0);

    // The first part of the same segment starts with the same frame.
    const part0 = await timed(`/live/ll200/720p/${m[3]}.0.m4s`);
    expect(part0.timing!.captureFirstMs).toBe(pdtMs);
    expect(part0.timing!.availableMs).toBeCloseTo(segment.parts[0]!.publishedAtMs!, 2);

    // The hinted part is held until it is published: hold > 0, availability after arrival.
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)"/.exec(await playlist('/live/ll200/720p.m3u8'))![1]!;
    const sentAt = performance.timeOrigin + performance.now();
    const held = await timed(`/live/ll200/${hint}`);
    expect(held.status).toBe(200);
    expect(held.timing!.holdMs).toBeGreaterThan(0);
    expect(held.timing!.availableMs!).toBeGreaterThan(sentAt);

    const init = await timed(`/live/ll200/${/#EXT-X-MAP:URI="([^"]+)"/.exec(text)![1]}`);
    expect(init.status).toBe(200);
    expect(init.timing!.availableMs).toBeGreaterThan(0);
    expect(init.timing!.captureFirstMs).toBeNull();
  });

  it('DASH: the first capture is the ProducerReferenceTime exactly; a streamed segment says its packaging time instead', async () => {
    const mpd = await playlist('/live/dash-ll/manifest.mpd');
    const prt = /<ProducerReferenceTime[^>]*wallClockTime="([^"]+)"[^>]*presentationTime="(\d+)"/.exec(mpd)!;
    const lastPeriod = mpd.slice(mpd.lastIndexOf('<Period'));
    const startNumber = Number(/startNumber="(\d+)"/.exec(lastPeriod)![1]);
    const msn = startNumber + Math.round(Number(prt[2]) / 1000);
    const video = await timed(`/live/dash-ll/720p/${msn}.m4s`);
    expect(video.status).toBe(200);
    expect(video.timing!.captureFirstMs).toBe(Date.parse(prt[1]!));
    expect(video.timing!.videoHeight).toBe(720);
    const audio = await timed(`/live/dash-ll/audio/${msn}.m4s`);
    // The audio segment starts with the first AAC frame (21.33 ms) at or after the video's boundary.
    expect(audio.timing!.captureFirstMs! - Date.parse(prt[1]!)).toBeGreaterThanOrEqual(0);
    expect(audio.timing!.captureFirstMs! - Date.parse(prt[1]!)).toBeLessThan(1024 / 48 + 1);
    expect(audio.timing!.videoHeight).toBeNull();

    // The live edge is streamed while produced: no gm-avail yet, a packaging time instead.
    const open = origin.pipeline.packager.timeline('dash-ll', 0)!.openSegment!;
    const streamed = await timed(`/live/dash-ll/720p/${open.msn}.m4s`);
    expect(streamed.timing!.availableMs).toBeNull();
    expect(streamed.timing!.packagingMs!).toBeGreaterThan(0);
    expect(streamed.timing!.packagingMs!).toBeLessThan(2000);
    expect(streamed.timing!.captureLastMs! - streamed.timing!.captureFirstMs!).toBeCloseTo(29 * (1000 / 30), 0);

    const run = /init-(\d+)\.mp4/.exec(mpd)![1];
    expect((await timed(`/live/dash-ll/720p/init-${run}.mp4`)).timing!.availableMs).toBeGreaterThan(0);
    expect((await timed(`/live/dash2/audio/init-${run}.mp4`)).timing!.availableMs).toBeGreaterThan(0);
  });

  it('delay= moves the availability time by exactly that much, and nothing else', async () => {
    const timeline = origin.pipeline.packager.timeline('ll200', 0)!;
    const complete = timeline.segments.filter((s) => s.complete);
    // Old enough to be visible through a 500 ms delayed view.
    const msn = complete[complete.length - 2]!.msn;
    const plain = (await timed(`/live/ll200/720p/${msn}.m4s`)).timing!;
    const delayed = (await timed(`/o/delay=500/live/ll200/720p/${msn}.m4s`)).timing!;
    expect(delayed.delayMs).toBe(500);
    expect(delayed.availableMs! - plain.availableMs!).toBeCloseTo(500, 2);
    expect(delayed.captureFirstMs).toBe(plain.captureFirstMs);
    expect(delayed.captureLastMs).toBe(plain.captureLastMs);
    const dashMsn = origin.pipeline.packager.timeline('dash2', 0)!.lastCompleteSegment!.msn - 1;
    const dashPlain = (await timed(`/live/dash2/720p/${dashMsn}.m4s`)).timing!;
    const dashDelayed = (await timed(`/o/delay=500/live/dash2/720p/${dashMsn}.m4s`)).timing!;
    expect(dashDelayed.availableMs! - dashPlain.availableMs!).toBeCloseTo(500, 2);
    expect(dashDelayed.captureFirstMs).toBe(dashPlain.captureFirstMs);
  });
});

/** Decode time of each track in an object's first fragment, by track id. */
async function firstDecodeTimes(initPath: string, path: string): Promise<Map<number, number>> {
  const init = parseInit(Buffer.from(await (await fetch(`${base}${initPath}`)).arrayBuffer()));
  const bytes = Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer());
  const moof = findChild(bytes, 0, bytes.length, 'moof')!;
  return new Map(parseMoof(bytes.subarray(moof.start, moof.end), init).tracks.map((t) => [t.id, t.baseDecodeTime]));
}

describe('avoffset= (real ffmpeg)', () => {
  it('moves the audio decode times by exactly that much, in the HLS audio rendition and in DASH audio, and leaves the video alone', async () => {
    const rung = origin.pipeline.packager.rungs[0]!;
    const audio = origin.pipeline.packager.audio!;
    const audioTimeline = audio.timelines.get('ll200')!;
    const init = audio.inits.get(audioTimeline.lastCompleteSegment!.run)!;
    const msn = audioTimeline.lastCompleteSegment!.msn - 1;
    const initPath = `/live/ll200/audio/init-${init.run}.mp4`;
    const plain = await firstDecodeTimes(initPath, `/live/ll200/audio/${msn}.m4s`);
    const late = await firstDecodeTimes(initPath, `/o/avoffset=200/live/ll200/audio/${msn}.m4s`);
    const ticks = (200 * init.audioTimescale!) / 1000;
    expect(late.get(init.audioTrackId!)! - plain.get(init.audioTrackId!)!).toBe(ticks);
    const videoInit = rung.inits.get(init.run)!;
    const videoInitPath = `/live/ll200/${rung.rung.name}/init-${init.run}.mp4`;
    const videoPlain = await firstDecodeTimes(videoInitPath, `/live/ll200/${rung.rung.name}/${msn}.m4s`);
    const videoLate = await firstDecodeTimes(videoInitPath, `/o/avoffset=200/live/ll200/${rung.rung.name}/${msn}.m4s`);
    expect(videoLate.get(videoInit.videoTrackId!)).toBe(videoPlain.get(videoInit.videoTrackId!));

    const dashMsn = rung.timelines.get('dash2')!.lastCompleteSegment!.msn;
    const dashInit = `/live/dash2/audio/init-${init.run}.mp4`;
    const dashPlain = await firstDecodeTimes(dashInit, `/live/dash2/audio/${dashMsn}.m4s`);
    const dashEarly = await firstDecodeTimes(dashInit, `/o/avoffset=-100/live/dash2/audio/${dashMsn}.m4s`);
    expect([...dashEarly.values()][0]! - [...dashPlain.values()][0]!).toBe(-ticks / 2);
    expect((await fetch(`${base}/o/avoffset=5000/live/ll200/master.m3u8`)).status).toBe(400);
  });
});
