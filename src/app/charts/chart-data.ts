import { downsampleStore, downsampleSteps } from '../../analyzer/downsample.ts';
import type { AvOffsetSample } from '../../analyzer/av-sync.ts';
import type { SampleStore } from '../../analyzer/sample-store.ts';
import type { FrameSample, Marker, MarkerKind, RequestKind, RequestSample } from '../../analyzer/types.ts';
import { rateAt, type BandwidthSchedule } from '../../shared/network-schedules.ts';

/** Points per line: enough for a 1,500 px wide chart, whatever the window length. */
export const CHART_BUCKETS = 400;
/**
 * Most request dots drawn in one window. Each dot is a component in recharts: 600 of them
 * redrawn every second took most of a 2-core page's main thread, and the frame reader then
 * missed frames. Over the cap, the slowest request of each kind in each stretch of the
 * window is kept (the outliers are what the chart is read for).
 */
export const MAX_REQUEST_POINTS = 240;
export const MAX_MARKERS = 60;
/** Longest request the chart expects (blocking reloads hold up to 18 s; shaped downloads longer). */
const REQUEST_SPAN_MS = 120_000;

export interface SeriesPoint {
  t: number;
  [series: string]: number;
}

export interface ChartData {
  fromT: number;
  toT: number;
  latency: SeriesPoint[];
  /** A/V offset per paired second (ms, positive = audio late), thinned to MAX_REQUEST_POINTS. */
  avOffset: SeriesPoint[];
  /** Latency breakdown per bucket (means over the joined frames): encode, delivery, buffer; g2g on top. */
  breakdown: SeriesPoint[];
  buffer: SeriesPoint[];
  rendition: SeriesPoint[];
  playbackRate: SeriesPoint[];
  throughput: SeriesPoint[];
  requests: Record<'part' | 'segment' | 'playlist' | 'other', SeriesPoint[]>;
  /** The requests that came through a CDN edge (an X-Cache header), by cache status: { t, total, age (s, NaN if none) }. */
  edge: Record<EdgeStatus, SeriesPoint[]>;
  markers: Marker[];
}

/** A CDN edge's answer: from its cache, by waiting on another viewer's fetch of the same object, or from the origin. */
export type EdgeStatus = 'hit' | 'coalesced' | 'miss';

/** The edge status of an X-Cache value; "" (no edge) is null, and pass or anything unknown went to the origin. */
export function edgeStatus(cacheStatus: string): EdgeStatus | null {
  if (cacheStatus === '') return null;
  return cacheStatus === 'hit' || cacheStatus === 'coalesced' ? cacheStatus : 'miss';
}

const displayTime = (s: FrameSample) => s.displayTimeMs;

/** Merges several bucketed series (same buckets) into rows keyed by t, as recharts wants. */
function mergeSeries(series: Record<string, Array<{ t: number; v: number }>>): SeriesPoint[] {
  const rows = new Map<number, SeriesPoint>();
  for (const [name, points] of Object.entries(series)) {
    for (const p of points) {
      let row = rows.get(p.t);
      if (!row) {
        row = { t: p.t };
        rows.set(p.t, row);
      }
      row[name] = p.v;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

function bucketMeans(store: SampleStore<FrameSample>, valueOf: (s: FrameSample) => number, fromT: number, toT: number) {
  return downsampleStore({ store, timeOf: displayTime, valueOf, fromT, toT, buckets: CHART_BUCKETS }).map((b) => ({ t: b.t, v: b.mean }));
}

const REQUEST_GROUPS = 4;

/**
 * At most MAX_REQUEST_POINTS of `inWindow` (sorted by completion), in start order: all of them
 * when they fit, else per stretch of the window (MAX_REQUEST_POINTS / 4 stretches) the slowest
 * request of each group, the newest on a tie.
 */
function slowestPerStretch(inWindow: RequestSample[], fromT: number, toT: number): RequestSample[] {
  const byStart = (a: RequestSample, b: RequestSample) => a.startMs - b.startMs;
  if (inWindow.length <= MAX_REQUEST_POINTS) return [...inWindow].sort(byStart);
  const stretches = MAX_REQUEST_POINTS / REQUEST_GROUPS;
  const span = Math.max(1, toT - fromT);
  const kept = new Map<string, RequestSample>();
  for (const r of inWindow) {
    const stretch = Math.min(stretches - 1, Math.floor(((r.startMs - fromT) / span) * stretches));
    const key = `${stretch}:${requestGroup(r.kind)}`;
    const best = kept.get(key);
    if (!best || r.durationMs >= best.durationMs) kept.set(key, r);
  }
  return [...kept.values()].sort(byStart);
}

function requestGroup(kind: RequestKind): keyof ChartData['requests'] {
  if (kind === 'part' || kind === 'segment' || kind === 'playlist') return kind;
  return 'other';
}

/**
 * Everything the charts draw for the window [fromT, toT], read from the stores in place and
 * bounded in size: the charts cost the same for a minute or for an hour of samples.
 */
export function buildChartData(
  frames: SampleStore<FrameSample>,
  requests: SampleStore<RequestSample>,
  markers: SampleStore<Marker>,
  fromT: number,
  toT: number,
  link: { schedule: BandwidthSchedule; startMs: number } | null = null,
  avOffsets: SampleStore<AvOffsetSample> | null = null,
): ChartData {
  const g2g = downsampleStore({ store: frames, timeOf: displayTime, valueOf: (s) => s.latencyMs, fromT, toT, buckets: CHART_BUCKETS });
  const latency = mergeSeries({
    g2g: g2g.map((b) => ({ t: b.t, v: b.mean })),
    g2gMin: g2g.map((b) => ({ t: b.t, v: b.min })),
    g2gMax: g2g.map((b) => ({ t: b.t, v: b.max })),
    engine: bucketMeans(frames, (s) => s.engineLatencyMs, fromT, toT),
    target: bucketMeans(frames, (s) => s.targetLatencyMs, fromT, toT),
  });
  const part = (valueOf: (b: NonNullable<FrameSample['breakdown']>) => number) => bucketMeans(frames, (s) => (s.breakdown ? valueOf(s.breakdown) : NaN), fromT, toT);
  const breakdown = mergeSeries({
    encode: part((b) => b.encodePackageMs),
    delivery: part((b) => b.deliveryMs),
    buffer: part((b) => b.bufferMs),
    g2g: g2g.map((b) => ({ t: b.t, v: b.mean })),
  });
  // At most one point per second: thinned like the request dots, keeping the newest.
  const avPoints: SeriesPoint[] = [];
  const avTime = (a: AvOffsetSample) => a.timeMs;
  avOffsets?.forEachInRange(avOffsets.indexAtOrAfter(fromT, avTime), avOffsets.indexAfter(toT, avTime), (a) => avPoints.push({ t: a.timeMs, offset: a.offsetMs }));
  const avEvery = Math.max(1, Math.ceil(avPoints.length / MAX_REQUEST_POINTS));
  const avOffset = avPoints.filter((_, i) => (avPoints.length - 1 - i) % avEvery === 0);
  const buffer = mergeSeries({ buffer: bucketMeans(frames, (s) => s.bufferS, fromT, toT) });
  const playbackRate = mergeSeries({ rate: bucketMeans(frames, (s) => s.playbackRate, fromT, toT) });
  const rendition = mergeSeries({
    height: downsampleSteps({ store: frames, timeOf: displayTime, valueOf: (s) => s.renditionHeight, fromT, toT, buckets: CHART_BUCKETS }),
  });

  const byKind: ChartData['requests'] = { part: [], segment: [], playlist: [], other: [] };
  const edge: ChartData['edge'] = { hit: [], coalesced: [], miss: [] };
  const measured: Array<{ t: number; v: number }> = [];
  // Requests are stored as they finish, so the store is sorted by completion, not by start.
  // Anything that started in the window finished after fromT and within REQUEST_SPAN_MS of toT.
  const completion = (r: RequestSample) => r.startMs + (Number.isFinite(r.durationMs) ? r.durationMs : 0);
  const inWindow: RequestSample[] = [];
  requests.forEachInRange(requests.indexAtOrAfter(fromT, completion), requests.indexAfter(toT + REQUEST_SPAN_MS, completion), (r) => {
    if (r.startMs >= fromT && r.startMs <= toT) inWindow.push(r);
  });
  for (const r of slowestPerStretch(inWindow, fromT, toT)) {
    const ttfb = Number.isFinite(r.ttfbMs) ? r.ttfbMs : NaN;
    byKind[requestGroup(r.kind)].push({ t: r.startMs, ttfb, download: r.durationMs - (Number.isFinite(ttfb) ? ttfb : 0), total: r.durationMs });
    const status = edgeStatus(r.cacheStatus);
    if (status) edge[status].push({ t: r.startMs, total: r.durationMs, age: r.ageS });
    // Throughput from media objects that downloaded for long enough to mean something.
    if ((r.kind === 'segment' || r.kind === 'part') && r.durationMs > 20 && r.bytes > 0 && r.status === 200) {
      const transferMs = r.durationMs - (Number.isFinite(ttfb) ? ttfb : 0);
      if (transferMs > 5) measured.push({ t: r.startMs, v: (r.bytes * 8000) / transferMs });
    }
  }
  // The emulated link's rate at each bucket: what the network allowed, to read the estimate against.
  const linkRate: Array<{ t: number; v: number }> = [];
  if (link) {
    const step = (toT - fromT) / CHART_BUCKETS;
    for (let t = Math.max(fromT, link.startMs); t <= toT && step > 0; t += step) {
      linkRate.push({ t, v: rateAt(link.schedule, (t - link.startMs) / 1000) * 1000 });
    }
  }
  const throughput = mergeSeries({
    estimate: bucketMeans(frames, (s) => s.bandwidthEstimateBps, fromT, toT),
    measured,
    link: linkRate,
  });

  const markerTime = (m: Marker) => m.timeMs;
  const shown: Marker[] = [];
  markers.forEachInRange(Math.max(markers.indexAtOrAfter(fromT, markerTime), markers.indexAfter(toT, markerTime) - MAX_MARKERS), markers.indexAfter(toT, markerTime), (m) => shown.push(m));
  return { fromT, toT, latency, avOffset, breakdown, buffer, rendition, playbackRate, throughput, requests: byKind, edge, markers: shown };
}

export const MARKER_COLORS: Record<MarkerKind, string> = {
  settings: '#a855f7',
  'stall-start': '#ef4444',
  'stall-end': '#f97316',
  'switch-requested': '#94a3b8',
  'switch-rendered': '#0ea5e9',
  error: '#dc2626',
  recovered: '#22c55e',
  engine: '#eab308',
  load: '#64748b',
};
