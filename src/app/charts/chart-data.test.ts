import { describe, expect, it } from 'vitest';
import { FRAME_STORE_CAPACITY, MARKER_STORE_CAPACITY, REQUEST_STORE_CAPACITY, SampleStore } from '../../analyzer/sample-store.ts';
import type { FrameSample, Marker, RequestKind, RequestSample } from '../../analyzer/types.ts';
import { CHART_BUCKETS, MAX_MARKERS, MAX_REQUEST_POINTS, buildChartData, edgeStatus, type SeriesPoint } from './chart-data.ts';

const T0 = 1_700_000_000_000;
const FRAME_MS = 1000 / 30;

function frame(displayTimeMs: number, over: Partial<FrameSample> = {}): FrameSample {
  return {
    displayTimeMs,
    captureTimeMs: displayTimeMs - 1500,
    latencyMs: 1500,
    engineLatencyMs: 1400,
    targetLatencyMs: 1200,
    pdtLatencyMs: 1450,
    prftLatencyMs: Number.NaN,
    renditionHeight: 720,
    bitrateBps: 2_500_000,
    bufferS: 1.2,
    playbackRate: 1,
    bandwidthEstimateBps: 8_000_000,
    droppedFrames: 0,
    missedFrames: 0,
    clockOffsetMs: 3,
    clockUncertaintyMs: 1,
    engine: 'hls',
    ...over,
  };
}

function req(startMs: number, over: Partial<RequestSample> = {}): RequestSample {
  return {
    kind: 'part',
    url: `http://o/live/ll200/720p/${startMs}.m4s`,
    renditionHeight: 720,
    startMs,
    ttfbMs: 10,
    durationMs: 60,
    bytes: 50_000,
    mediaDurationS: 0.2,
    status: 200,
    directives: '',
    cacheStatus: '',
    ageS: Number.NaN,
    engine: 'hls',
    ...over,
  };
}

function marker(timeMs: number, label = `m${timeMs}`): Marker {
  return { timeMs, kind: 'stall-start', label, engine: 'hls' };
}

function storeOf<T>(items: T[], capacity: number): SampleStore<T> {
  const store = new SampleStore<T>(capacity);
  for (const item of items) store.push(item);
  return store;
}

const emptyFrames = () => new SampleStore<FrameSample>(FRAME_STORE_CAPACITY);
const emptyRequests = () => new SampleStore<RequestSample>(REQUEST_STORE_CAPACITY);
const emptyMarkers = () => new SampleStore<Marker>(MARKER_STORE_CAPACITY);

const allPoints = (rows: Record<string, SeriesPoint[]>) => Object.values(rows).flat();

describe('buildChartData: frame series', () => {
  // An hour of 30 fps frames: latency ramps 1000 -> 4600 ms, rendition switches every 10 s.
  const HOUR = 3_600_000;
  const frames = emptyFrames();
  for (let i = 0; i * FRAME_MS <= HOUR; i++) {
    const t = T0 + i * FRAME_MS;
    frames.push(frame(t, { latencyMs: 1000 + (t - T0) / 1000, renditionHeight: Math.floor(i / 300) % 2 ? 1080 : 720, bufferS: (i % 30) / 10 }));
  }

  it('reduces an hour of 30 fps frames to at most CHART_BUCKETS rows per series', () => {
    expect(frames.length).toBeGreaterThan(100_000);
    const data = buildChartData(frames, emptyRequests(), emptyMarkers(), T0, T0 + HOUR);
    expect(data.latency.length).toBeGreaterThan(CHART_BUCKETS * 0.9);
    expect(data.latency.length).toBeLessThanOrEqual(CHART_BUCKETS);
    expect(data.buffer.length).toBeLessThanOrEqual(CHART_BUCKETS);
    expect(data.playbackRate.length).toBeLessThanOrEqual(CHART_BUCKETS);
    // 360 switches in the hour: the step series is capped too, and reaches the live edge.
    expect(data.rendition.length).toBeLessThanOrEqual(CHART_BUCKETS);
    expect(data.rendition.length).toBeGreaterThan(CHART_BUCKETS / 2);
    // Only the estimate here (no requests): bucketed as well.
    expect(data.throughput.length).toBeLessThanOrEqual(CHART_BUCKETS);
  });

  it('merges the latency lines into one row per bucket, in time order', () => {
    const data = buildChartData(frames, emptyRequests(), emptyMarkers(), T0, T0 + HOUR);
    const ts = data.latency.map((r) => r.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(new Set(ts).size).toBe(ts.length);
    for (const row of data.latency) {
      expect(Object.keys(row).sort()).toEqual(['engine', 'g2g', 'g2gMax', 'g2gMin', 't', 'target']);
      expect(row.g2gMin).toBeLessThanOrEqual(row.g2g!);
      expect(row.g2g).toBeLessThanOrEqual(row.g2gMax!);
      expect(row.engine).toBe(1400);
      expect(row.target).toBe(1200);
    }
    // The ramp: first bucket near 1000 ms, last near 4600 ms.
    expect(data.latency[0]!.g2gMin).toBe(1000);
    expect(data.latency.at(-1)!.g2gMax).toBeCloseTo(4600, 0);
  });

  it('only uses frames inside the window, with points inside it', () => {
    const from = T0 + 1_000_000;
    const to = T0 + 1_600_000;
    const data = buildChartData(frames, emptyRequests(), emptyMarkers(), from, to);
    expect([data.fromT, data.toT]).toEqual([from, to]);
    for (const row of [...data.latency, ...data.buffer, ...data.playbackRate, ...data.throughput, ...data.rendition]) {
      expect(row.t).toBeGreaterThanOrEqual(from);
      expect(row.t).toBeLessThanOrEqual(to);
    }
    const mins = data.latency.map((r) => r.g2gMin!);
    const maxes = data.latency.map((r) => r.g2gMax!);
    // latencyMs = 1000 + seconds since T0: the window holds 2000..2600 ms only.
    expect(Math.min(...mins)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...maxes)).toBeLessThanOrEqual(2600);
    expect(Math.min(...mins)).toBeLessThan(2001);
    expect(Math.max(...maxes)).toBeGreaterThan(2599);
  });

  it('is empty for a window with no frames, and for a reversed window', () => {
    const after = buildChartData(frames, emptyRequests(), emptyMarkers(), T0 + 2 * HOUR, T0 + 3 * HOUR);
    expect([after.latency, after.buffer, after.rendition, after.playbackRate, after.throughput]).toEqual([[], [], [], [], []]);
    const reversed = buildChartData(frames, emptyRequests(), emptyMarkers(), T0 + 1000, T0);
    expect(reversed.latency).toEqual([]);
  });

  it('skips unknown (NaN) values instead of drawing them', () => {
    const store = storeOf([frame(T0, { latencyMs: NaN, engineLatencyMs: NaN }), frame(T0 + 10, { latencyMs: 900 })], 10);
    const data = buildChartData(store, emptyRequests(), emptyMarkers(), T0, T0 + 10);
    const values = data.latency.flatMap((r) => Object.values(r));
    expect(values.every(Number.isFinite)).toBe(true);
    expect(data.latency.some((r) => r.g2g === 900)).toBe(true);
  });
});

describe('buildChartData: requests', () => {
  it('groups requests by kind (init, manifest and other together), with ttfb/download/total', () => {
    const kinds: RequestKind[] = ['part', 'segment', 'playlist', 'init', 'manifest', 'other'];
    const requests = storeOf(
      kinds.map((kind, i) => req(T0 + i * 100, { kind, ttfbMs: 20, durationMs: 80 })),
      REQUEST_STORE_CAPACITY,
    );
    const data = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + 1000);
    expect(data.requests.part).toEqual([{ t: T0, ttfb: 20, download: 60, total: 80 }]);
    expect(data.requests.segment.map((p) => p.t)).toEqual([T0 + 100]);
    expect(data.requests.playlist.map((p) => p.t)).toEqual([T0 + 200]);
    expect(data.requests.other.map((p) => p.t)).toEqual([T0 + 300, T0 + 400, T0 + 500]);
  });

  it('sorts the requests that came through an edge by cache status, with their Age', () => {
    const requests = storeOf(
      [
        req(T0, { cacheStatus: 'hit', ageS: 2, durationMs: 5 }),
        req(T0 + 10, { kind: 'playlist', cacheStatus: 'coalesced', ageS: 0, durationMs: 190 }),
        req(T0 + 20, { cacheStatus: 'miss', ageS: 0 }),
        req(T0 + 30, { cacheStatus: 'pass' }),
        req(T0 + 40),
      ],
      10,
    );
    const { edge } = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + 1000);
    expect(edge.hit).toEqual([{ t: T0, total: 5, age: 2 }]);
    expect(edge.coalesced).toEqual([{ t: T0 + 10, total: 190, age: 0 }]);
    expect(edge.miss.map((p) => p.t)).toEqual([T0 + 20, T0 + 30]);
    expect(edge.miss[1]!.age).toBeNaN();
    expect(['', 'hit', 'coalesced', 'miss', 'pass', 'stale'].map(edgeStatus)).toEqual([null, 'hit', 'coalesced', 'miss', 'miss', 'miss']);
  });

  it('counts an unknown time to first byte as all download', () => {
    const requests = storeOf([req(T0, { ttfbMs: NaN, durationMs: 70 })], 10);
    const [point] = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + 1).requests.part;
    expect(point!.ttfb).toBeNaN();
    expect([point!.download, point!.total]).toEqual([70, 70]);
  });

  it('keeps only requests that started inside the window (both ends included)', () => {
    const requests = storeOf([T0 - 1, T0, T0 + 500, T0 + 1000, T0 + 1001].map((t) => req(t)), 10);
    const data = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + 1000);
    expect(data.requests.part.map((p) => p.t)).toEqual([T0, T0 + 500, T0 + 1000]);
  });

  it(`caps the points at MAX_REQUEST_POINTS (${MAX_REQUEST_POINTS}), keeping the slowest of each stretch and the newest`, () => {
    const kinds: RequestKind[] = ['part', 'part', 'part', 'playlist', 'segment'];
    const n = 10_007;
    const items = Array.from({ length: n }, (_, i) => req(T0 + i * 10, { kind: kinds[i % kinds.length]! }));
    // One slow part in the middle of the window: the outlier the chart is read for.
    const slow = items[5000]!;
    slow.durationMs = 4000;
    const requests = storeOf(items, REQUEST_STORE_CAPACITY);
    const data = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + n * 10);
    const points = allPoints(data.requests);
    expect(points.length).toBeLessThanOrEqual(MAX_REQUEST_POINTS);
    expect(points.length).toBeGreaterThan(MAX_REQUEST_POINTS / 2);
    const newest = items.at(-1)!;
    expect(data.requests[newest.kind as 'segment'].at(-1)?.t).toBe(newest.startMs);
    // Each point sits in the group of the request it came from.
    const kindAt = new Map(items.map((r) => [r.startMs, r.kind]));
    for (const group of ['part', 'segment', 'playlist'] as const) {
      for (const p of data.requests[group]) expect(kindAt.get(p.t)).toBe(group);
    }
    // Thinned evenly rather than truncated: the window's old half is still represented.
    expect(Math.min(...points.map((p) => p.t))).toBeLessThan(T0 + (n * 10) / 10);
    expect(data.requests.part.find((p) => p.t === slow.startMs)?.total).toBe(4000);
    // In start order, as the chart draws them.
    const ts = data.requests.part.map((p) => p.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('keeps every request when there are at most MAX_REQUEST_POINTS', () => {
    const requests = storeOf(Array.from({ length: MAX_REQUEST_POINTS }, (_, i) => req(T0 + i)), REQUEST_STORE_CAPACITY);
    const data = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + MAX_REQUEST_POINTS);
    expect(data.requests.part).toHaveLength(MAX_REQUEST_POINTS);
  });
});

describe('buildChartData: throughput', () => {
  const measuredOf = (rows: SeriesPoint[]) => rows.filter((r) => 'measured' in r).map((r) => [r.t, r.measured]);

  it('measures bytes over transfer time (after the first byte) for 200 parts and segments only', () => {
    const requests = storeOf(
      [
        req(T0 + 0, { kind: 'part', bytes: 100_000, durationMs: 100, ttfbMs: 20 }), // 100 kB in 80 ms: 10 Mbit/s
        req(T0 + 1, { kind: 'segment', bytes: 1_000_000, durationMs: 500, ttfbMs: NaN }), // 1 MB in 500 ms: 16 Mbit/s
        req(T0 + 2, { kind: 'part', status: 404, bytes: 100_000, durationMs: 100 }),
        req(T0 + 3, { kind: 'part', status: 206, bytes: 100_000, durationMs: 100 }),
        req(T0 + 4, { kind: 'playlist', bytes: 100_000, durationMs: 100 }),
        req(T0 + 5, { kind: 'init', bytes: 100_000, durationMs: 100 }),
        req(T0 + 6, { kind: 'part', bytes: 0, durationMs: 100 }),
        req(T0 + 7, { kind: 'part', bytes: 100_000, durationMs: 20, ttfbMs: 1 }), // too short to mean anything
        req(T0 + 8, { kind: 'part', bytes: 100_000, durationMs: 100, ttfbMs: 96 }), // 4 ms of transfer
        req(T0 + 9, { kind: 'segment', bytes: 100_000, durationMs: NaN, ttfbMs: NaN }), // failed timing
      ],
      REQUEST_STORE_CAPACITY,
    );
    const data = buildChartData(emptyFrames(), requests, emptyMarkers(), T0, T0 + 100);
    expect(measuredOf(data.throughput)).toEqual([
      [T0 + 0, 10_000_000],
      [T0 + 1, 16_000_000],
    ]);
  });

  it('puts the estimate in the frame buckets and the measurements at their request times', () => {
    const frames = storeOf(
      Array.from({ length: 100 }, (_, i) => frame(T0 + i * 10, { bandwidthEstimateBps: 5_000_000 })),
      FRAME_STORE_CAPACITY,
    );
    const requests = storeOf([req(T0 + 333, { bytes: 10_000, durationMs: 50, ttfbMs: 10 })], 10);
    const data = buildChartData(frames, requests, emptyMarkers(), T0, T0 + 990);
    expect(measuredOf(data.throughput)).toEqual([[T0 + 333, 2_000_000]]);
    const estimates = data.throughput.filter((r) => 'estimate' in r);
    expect(estimates.length).toBeGreaterThan(0);
    expect(estimates.length).toBeLessThanOrEqual(CHART_BUCKETS);
    expect(estimates.every((r) => r.estimate === 5_000_000)).toBe(true);
    const ts = data.throughput.map((r) => r.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });
});

describe('buildChartData: markers', () => {
  it(`shows at most MAX_MARKERS (${MAX_MARKERS}), the newest, in order`, () => {
    const all = Array.from({ length: 500 }, (_, i) => marker(T0 + i * 1000));
    const data = buildChartData(emptyFrames(), emptyRequests(), storeOf(all, MARKER_STORE_CAPACITY), T0, T0 + 499_000);
    expect(data.markers).toHaveLength(MAX_MARKERS);
    expect(data.markers).toEqual(all.slice(-MAX_MARKERS));
  });

  it('shows only markers inside the window (both ends included)', () => {
    const all = [T0 - 5, T0, T0 + 10, T0 + 20, T0 + 21].map((t) => marker(t));
    const data = buildChartData(emptyFrames(), emptyRequests(), storeOf(all, 10), T0, T0 + 20);
    expect(data.markers.map((m) => m.timeMs)).toEqual([T0, T0 + 10, T0 + 20]);
  });

  it('caps to the newest inside the window, not the newest overall', () => {
    const inside = Array.from({ length: 100 }, (_, i) => marker(T0 + i));
    const later = Array.from({ length: 100 }, (_, i) => marker(T0 + 10_000 + i));
    const earlier = Array.from({ length: 10 }, (_, i) => marker(T0 - 1000 + i));
    const data = buildChartData(emptyFrames(), emptyRequests(), storeOf([...earlier, ...inside, ...later], MARKER_STORE_CAPACITY), T0, T0 + 99);
    expect(data.markers).toEqual(inside.slice(-MAX_MARKERS));
  });

  it('shows all markers of a window that has fewer than MAX_MARKERS, ignoring older ones', () => {
    const earlier = Array.from({ length: 200 }, (_, i) => marker(T0 - 1000 + i));
    const inside = [marker(T0 + 1), marker(T0 + 2)];
    const data = buildChartData(emptyFrames(), emptyRequests(), storeOf([...earlier, ...inside], MARKER_STORE_CAPACITY), T0, T0 + 10);
    expect(data.markers).toEqual(inside);
  });
});
