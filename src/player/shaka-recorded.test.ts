import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  normalizeDownloadCompleted,
  normalizeDownloadFailed,
  renditionOfQuality,
  renditionOfTrack,
  videoRenditions,
  type MediaQualityLike,
  type SegmentLike,
  type ShakaContextLike,
  type ShakaRequestLike,
  type ShakaResponseLike,
  type TrackLike,
} from './shaka-normalize.ts';
import { normalizeShakaError } from './shaka-errors.ts';
import { loadShaka } from './testing/shaka-in-node.ts';

/**
 * The normalizer on what a real Shaka Player dispatched in Chromium while it played the origin
 * (recorded by e2e/record-shaka-events.ts into testing/shaka-recorded.json; re-record after a
 * Shaka upgrade, the first test says when). The SegmentReference's methods were recorded as
 * their results: its fields are renamed in Shaka's compiled build, only the methods keep names.
 */
interface RecordedSegment {
  isPartial: boolean;
  getStartTime: number;
  getEndTime: number;
}
interface RecordedEvent {
  type: string;
  clockOffsetMs: number;
  endPerf: number;
  requestType?: number;
  request?: ShakaRequestLike;
  context?: Omit<ShakaContextLike, 'segment'> & { segment?: RecordedSegment };
  response?: ShakaResponseLike;
  httpResponseCode?: number;
  newTrack?: TrackLike;
  mediaQuality?: MediaQualityLike;
}
interface RecordedStream {
  url: string;
  missing: string;
  stats: { liveLatency?: number; estimatedBandwidth?: number };
  variantTracks: TrackLike[];
  isLowLatency?: boolean;
  serviceDescription: { targetLatency?: number } | null;
  loadError: unknown;
  events: RecordedEvent[];
}
const FIXTURE = JSON.parse(readFileSync(new URL('./testing/shaka-recorded.json', import.meta.url), 'utf8')) as {
  shakaVersion: string;
  streams: Record<string, RecordedStream>;
};
const HLS = FIXTURE.streams['/live/ll200/master.m3u8']!;
const DASH = FIXTURE.streams['/live/dash-ll/manifest.mpd']!;

const segmentOf = (s: RecordedSegment | undefined): SegmentLike | undefined =>
  s && { isPartial: () => s.isPartial, getStartTime: () => s.getStartTime, getEndTime: () => s.getEndTime };
const contextOf = (e: RecordedEvent): ShakaContextLike | undefined => e.context && { ...e.context, segment: segmentOf(e.context.segment) };
const ofType = (s: RecordedStream, type: string) => s.events.filter((e) => e.type === type);

/** Every recorded 'downloadcompleted' of a stream, with what the adapter makes of it. */
function completed(s: RecordedStream) {
  return ofType(s, 'downloadcompleted').map((e) => ({
    e,
    n: normalizeDownloadCompleted(e.requestType!, e.request!, contextOf(e), e.response!, { clockOffsetMs: e.clockOffsetMs, endPerf: e.endPerf }),
  }));
}

let shakaVersion: string;
beforeAll(async () => {
  shakaVersion = (await loadShaka()).Player.version;
});

describe('recorded Shaka events', () => {
  it('were recorded with the installed Shaka Player', () => {
    expect(FIXTURE.shakaVersion).toBe(shakaVersion);
  });

  for (const [name, stream] of [
    ['LL-HLS', HLS],
    ['LL-DASH', DASH],
  ] as const) {
    it(`${name}: every completed download becomes a request on the performance clock, start <= first byte <= end`, () => {
      const all = completed(stream);
      expect(all.length).toBeGreaterThan(3);
      for (const { e, n } of all) {
        expect(n, e.response?.uri).not.toBeNull();
        expect(n!.url).toBe(e.response!.uri);
        expect(n!.start).toBe(e.request!.requestStartTime! - e.clockOffsetMs);
        expect(n!.end).toBe(e.endPerf);
        expect(n!.bytes).toBe(e.response!.data!.byteLength);
        expect(n!.bytes).toBeGreaterThan(0);
        expect(n!.status).toBe(200);
        if (Number.isFinite(n!.first)) {
          expect(n!.first).toBeGreaterThanOrEqual(n!.start);
          expect(n!.first).toBeLessThanOrEqual(n!.end);
        }
        // Shaka's own measure of the request agrees with the duration put together here (its
        // stamps are whole Date.now() milliseconds: a few ms either way).
        expect(Math.abs(n!.end - n!.start - e.response!.timeMs!)).toBeLessThanOrEqual(3);
      }
    });
  }

  it('LL-HLS: parts with their rendition and length, blocking playlist reloads with their directives, the master and init segments', () => {
    const reqs = completed(HLS).map(({ n }) => n!);
    const kinds = new Set(reqs.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['init', 'manifest', 'part', 'playlist']));
    const videoParts = reqs.filter((r) => r.kind === 'part' && r.renditionHeight > 0);
    expect(videoParts.length).toBeGreaterThan(0);
    // ll200: parts of about 200 ms (cut on frame boundaries).
    for (const p of videoParts) {
      expect(p.mediaDurationS).toBeGreaterThan(0.1);
      expect(p.mediaDurationS).toBeLessThan(0.4);
    }
    // Blocking playlist reloads, with the delivery directives spelled as the hls.js adapter spells them.
    expect(reqs.filter((r) => r.kind === 'playlist').some((r) => /^_HLS_msn=\d+&_HLS_part=\d+(&_HLS_skip=YES)?$/.test(r.directives))).toBe(true);
    expect(reqs.find((r) => r.kind === 'manifest')?.url).toBe(HLS.url);
    // Audio is its own rendition: its requests carry no video height.
    const audio = completed(HLS).filter(({ e }) => e.context?.stream?.type === 'audio');
    expect(audio.length).toBeGreaterThan(0);
    expect(audio.every(({ n }) => Number.isNaN(n!.renditionHeight))).toBe(true);
  });

  it('LL-DASH: the MPD, init and 1 s media segments with their rendition', () => {
    const reqs = completed(DASH).map(({ n }) => n!);
    expect(reqs.find((r) => r.kind === 'manifest')?.url).toBe(DASH.url);
    expect(reqs.some((r) => r.kind === 'init')).toBe(true);
    const video = reqs.filter((r) => r.kind === 'segment' && r.renditionHeight > 0);
    expect(video.length).toBeGreaterThan(0);
    for (const s of video) expect(s.mediaDurationS).toBeCloseTo(1, 1);
    expect(DASH.serviceDescription?.targetLatency).toBe(1.5);
  });

  for (const [name, stream] of [
    ['LL-HLS', HLS],
    ['LL-DASH', DASH],
  ] as const) {
    it(`${name}: the variants become renditions lowest first; every ABR choice and every picture on screen maps onto them`, () => {
      const list = videoRenditions(stream.variantTracks);
      expect(list.renditions.length).toBeGreaterThan(1);
      const heights = list.renditions.map((r) => r.height);
      expect(heights).toEqual([...heights].sort((a, b) => a - b));
      expect(list.renditions.every((r) => r.height > 0 && r.width > 0 && r.bitrateBps > 0)).toBe(true);
      const choices = [...ofType(stream, 'adaptation'), ...ofType(stream, 'variantchanged')];
      expect(choices.length).toBeGreaterThan(0);
      for (const c of choices) expect(renditionOfTrack(c.newTrack, list)).not.toBeNull();
      const video = ofType(stream, 'mediaqualitychanged').filter((q) => q.mediaQuality?.contentType === 'video');
      expect(video.length).toBeGreaterThan(0);
      for (const q of video) expect(renditionOfQuality(q.mediaQuality, list)?.height).toBe(q.mediaQuality!.height);
      // What the adapter's snapshot reads from getStats() and the manifest.
      expect(stream.stats.liveLatency).toBeGreaterThan(0);
      expect(stream.stats.estimatedBandwidth).toBeGreaterThan(0);
      expect(stream.isLowLatency).toBe(true);
    });

    it(`${name}: a 404 master is a failed request with its status and a fatal, named network error; aborted requests are none`, () => {
      const failed = ofType(stream, 'downloadfailed');
      const normalize = (f: RecordedEvent) =>
        normalizeDownloadFailed(f.requestType!, f.request!, contextOf(f), f.httpResponseCode!, { clockOffsetMs: f.clockOffsetMs, endPerf: f.endPerf });
      // Shaka aborts media requests when ABR switches (error 7001, no HTTP status): not a request the origin answered.
      const aborted = failed.filter((f) => f.httpResponseCode === 0);
      expect(aborted.length).toBeGreaterThan(0);
      for (const f of aborted) expect(normalize(f)).toBeNull();
      const f = failed.find((x) => x.httpResponseCode === 404)!;
      expect(normalize(f)).toMatchObject({ kind: 'manifest', url: stream.missing, status: 404, bytes: 0 });
      expect(normalizeShakaError(stream.loadError)).toEqual({
        event: { type: 'error', fatal: true, code: 'unreachable', status: 404, detail: `HTTP error status (HTTP 404) ${stream.missing} [Shaka 1001 BAD_HTTP_STATUS, NETWORK]` },
        recoverable: true,
      });
    });
  }
});
