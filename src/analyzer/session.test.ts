import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine, EngineEvent, EngineSnapshot, Rendition } from '../player/engine.ts';
import type { FrameReading } from './frame-reader.ts';
import type { AnalyzerSession as AnalyzerSessionClass } from './session.ts';

/**
 * Node has no requestVideoFrameCallback, so the frame reader is replaced by one the test drives:
 * each reading goes through the session's real path (clock offset, unwrap, missed frames,
 * rendition fallback) into its real stores. The clock is the real ClockSync against a fetch that
 * answers like the origin's /time, on a frozen performance clock, so the offset is exact.
 */
const readers: FakeReader[] = [];
class FakeReader {
  running = false;
  constructor(
    readonly video: HTMLVideoElement,
    readonly onReading: (reading: FrameReading) => void,
  ) {
    readers.push(this);
  }
  static isSupported(): boolean {
    return true;
  }
  start(): void {
    this.running = true;
  }
  stop(): void {
    this.running = false;
  }
}
vi.mock('./frame-reader.ts', () => ({ FrameReader: FakeReader }));

const { AnalyzerSession } = await import('./session.ts');

/** The origin's clock runs this far ahead of ours. */
const ORIGIN_AHEAD_MS = 5000;
/** performance.now() while a test runs (frozen: a probe's round trip is then exactly 0). */
const PERF_NOW = 10_000;
const TWO32 = 2 ** 32;

let session: AnalyzerSessionClass | null = null;
let originCount = 0;

beforeEach(() => {
  readers.length = 0;
  vi.spyOn(performance, 'now').mockReturnValue(PERF_NOW);
  vi.stubGlobal('fetch', async (url: string) => {
    if (!/\/time\?format=json&probe=\d+$/.test(url)) throw new Error(`unexpected fetch ${url}`);
    return Response.json({ now_ms: performance.timeOrigin + performance.now() + ORIGIN_AHEAD_MS });
  });
});

afterEach(() => {
  session?.dispose();
  session = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** A new session synced with a new origin (a fresh origin each time: no clock is shared between tests). */
async function syncedSession(): Promise<AnalyzerSessionClass> {
  session = new AnalyzerSession(`http://origin-${++originCount}.test:8080/live/ll200/master.m3u8`);
  await session.clock.syncOnce();
  return session;
}

/** Just what the session reads from a <video>. */
function fakeVideo(): HTMLVideoElement {
  const buffered = { length: 1, start: () => 10, end: () => 11.5 };
  return {
    currentTime: 10.25,
    buffered,
    playbackRate: 1.02,
    getVideoPlaybackQuality: () => ({ droppedVideoFrames: 3 }),
  } as unknown as HTMLVideoElement;
}

const RENDITION_720: Rendition = { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 };

/** An engine whose snapshot the test sets and whose events it emits. */
function fakeEngine(snapshot: Partial<EngineSnapshot> = {}) {
  const listeners = new Set<(e: EngineEvent) => void>();
  const engine = {
    name: 'hls',
    snap: { latencyS: 1.2, targetLatencyS: 1, playheadDateMs: NaN, playheadPrftMs: NaN, rendition: RENDITION_720, bandwidthEstimateBps: 4e6, ...snapshot },
    snapshot(): EngineSnapshot {
      return this.snap;
    },
    on(listener: (e: EngineEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: EngineEvent) {
      for (const l of listeners) l(event);
    },
    listenerCount: () => listeners.size,
  };
  return engine as typeof engine & Engine;
}

function reading(overrides: Partial<FrameReading> & { captureMs?: number } = {}): FrameReading {
  const { captureMs, ...rest } = overrides;
  return {
    displayTimeLocalMs: 1_800_000_000_000,
    presentedFrames: 1,
    mediaTime: 10.25,
    width: 640,
    height: 360,
    read: captureMs === undefined ? { ok: false, reason: 'no-code' } : { ok: true, t32: captureMs % TWO32, crc: 0, margin: 100, white: 235, black: 16 },
    placement: null,
    searched: false,
    flashLuma: NaN,
    costMs: 0.3,
    path: 'webcodecs',
    ...rest,
  };
}

/** The i-th stored item; a missing one fails the test here rather than as an undefined later. */
function nth<T>(store: { get(i: number): T | undefined }, i: number): T {
  const item = store.get(i);
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

function attached(engine = fakeEngine()) {
  const s = session as AnalyzerSessionClass;
  s.attach(fakeVideo(), engine);
  const reader = readers.at(-1);
  if (!reader) throw new Error('attach() started no frame reader');
  return { engine, reader, feed: (r: FrameReading) => reader.onReading(r) };
}

describe('AnalyzerSession clock', () => {
  it('takes the offset from the origin /time of the stream, with the uncertainty of the round trip', async () => {
    const s = await syncedSession();
    expect(s.clock.offsetMs).toBeCloseTo(ORIGIN_AHEAD_MS, 6);
    expect(s.clock.uncertaintyMs).toBe(0);
    expect(s.now()).toBeCloseTo(performance.timeOrigin + PERF_NOW + ORIGIN_AHEAD_MS, 6);
  });
});

describe('AnalyzerSession frames', () => {
  it('computes glass-to-glass latency from the display time on the origin clock and the GTC1 capture time', async () => {
    const s = await syncedSession();
    const { feed } = attached();
    const local = 1_800_000_000_000.25;
    const captureMs = 1_800_000_003_766; // 1234.25 ms before the display time on the origin clock
    feed(reading({ displayTimeLocalMs: local, captureMs }));
    const frame = nth(s.frames, 0);
    expect(frame.displayTimeMs).toBeCloseTo(local + ORIGIN_AHEAD_MS, 6);
    expect(frame.captureTimeMs).toBe(captureMs);
    expect(frame.latencyMs).toBeCloseTo(1234.25, 3);
    expect(frame.clockOffsetMs).toBeCloseTo(ORIGIN_AHEAD_MS, 6);
    expect(frame.clockUncertaintyMs).toBe(0);
    expect(s.noTimecode).toBe(false);
  });

  it('unwraps the 32-bit timecode to the epoch nearest the display time, across a wrap', async () => {
    const s = await syncedSession();
    const { feed } = attached();
    // A 2^32 ms boundary between capture and display: t32 is near 2^32, the display just past it.
    const wrap = 419 * TWO32;
    const captureMs = wrap - 700;
    feed(reading({ displayTimeLocalMs: wrap + 800 - ORIGIN_AHEAD_MS, captureMs, presentedFrames: 1 }));
    feed(reading({ displayTimeLocalMs: wrap + 900 - ORIGIN_AHEAD_MS, captureMs: wrap + 150, presentedFrames: 2 }));
    expect(nth(s.frames, 0).captureTimeMs).toBe(captureMs);
    expect(nth(s.frames, 0).latencyMs).toBeCloseTo(1500, 3);
    expect(nth(s.frames, 1).captureTimeMs).toBe(wrap + 150);
    expect(nth(s.frames, 1).latencyMs).toBeCloseTo(750, 3);
  });

  it('keeps frames without a readable code as NaN latency and says so after 90 of them', async () => {
    const s = await syncedSession();
    const { feed } = attached();
    for (let i = 1; i <= 89; i++) feed(reading({ presentedFrames: i }));
    expect(s.noTimecode).toBe(false);
    feed(reading({ presentedFrames: 90 }));
    expect(s.noTimecode).toBe(true);
    expect(s.frames.length).toBe(90);
    expect(nth(s.frames, 0).captureTimeMs).toBeNaN();
    expect(nth(s.frames, 0).latencyMs).toBeNaN();
  });

  it('counts missed frames cumulatively from presentedFrames gaps, from a new baseline on every attach', async () => {
    const s = await syncedSession();
    let { feed } = attached();
    for (const n of [10, 11, 14, 15, 20]) feed(reading({ presentedFrames: n }));
    expect([...s.frames].map((f) => f.missedFrames)).toEqual([0, 0, 2, 2, 6]);
    // A new engine on the same element restarts presentedFrames' meaning.
    ({ feed } = attached());
    for (const n of [3, 5]) feed(reading({ presentedFrames: n }));
    expect([...s.frames].slice(5).map((f) => f.missedFrames)).toEqual([0, 1]);
  });

  it("takes the rendition from the engine, and the frame's own height when the engine names none", async () => {
    const s = await syncedSession();
    const engine = fakeEngine();
    const { feed } = attached(engine);
    feed(reading({ height: 360, presentedFrames: 1 }));
    engine.snap = { ...engine.snap, rendition: null };
    feed(reading({ height: 360, presentedFrames: 2 }));
    expect(nth(s.frames, 0)).toMatchObject({ renditionHeight: 720, bitrateBps: 2_500_000 });
    expect(nth(s.frames, 1).renditionHeight).toBe(360);
    expect(nth(s.frames, 1).bitrateBps).toBeNaN();
  });

  it("records the engine's view beside the measurement, in ms, with PDT latency on the origin clock", async () => {
    const s = await syncedSession();
    const local = 1_800_000_000_000;
    const { feed } = attached(fakeEngine({ latencyS: 1.25, targetLatencyS: 1.5, playheadDateMs: local + ORIGIN_AHEAD_MS - 1400 }));
    feed(reading({ displayTimeLocalMs: local }));
    expect(nth(s.frames, 0)).toMatchObject({ engineLatencyMs: 1250, targetLatencyMs: 1500, bufferS: 1.25, playbackRate: 1.02, droppedFrames: 3, engine: 'hls' });
    expect(nth(s.frames, 0).pdtLatencyMs).toBeCloseTo(1400, 3);
    expect(s.readPath).toBe('webcodecs');
    expect(s.recentReadCosts()).toEqual([0.3]);
  });

  it('keeps the cost of frames searched whole apart from reads at the tracked place', async () => {
    const s = await syncedSession();
    const { feed } = attached();
    feed(reading({ costMs: 0.2 }));
    feed(reading({ costMs: 9, searched: true }));
    feed(reading({ costMs: 0.4 }));
    expect(s.recentReadCosts()).toEqual([0.2, 9, 0.4]);
    expect(s.recentReadCosts('locked')).toEqual([0.2, 0.4]);
    expect(s.recentReadCosts('search')).toEqual([9]);
    expect(s.readings).toBe(3);
  });

  it('stops the reader and ignores the engine after detach', async () => {
    const s = await syncedSession();
    const { engine, reader } = attached();
    expect(reader.running).toBe(true);
    s.detach();
    expect(reader.running).toBe(false);
    expect(engine.listenerCount()).toBe(0);
    reader.onReading(reading({ captureMs: 1 }));
    expect(s.frames.length).toBe(0);
  });
});

describe('AnalyzerSession engine events', () => {
  it('joins a frame by media time to the part that carried it: before arrival and buffer add up to its latency (another origin)', async () => {
    const s = await syncedSession();
    const { engine, feed } = attached();
    const part = (mediaStartS: number, end: number, renditionHeight = 720) =>
      engine.emit({ type: 'request', kind: 'part', url: 'https://cdn.test/v/12.3.m4s', renditionHeight, start: end - 100, first: end - 50, end, bytes: 1, mediaDurationS: 0.2, mediaStartS, status: 200, directives: '' });
    part(10.0, 2000);
    part(10.2, 2200);
    part(10.2, 2300, NaN); // the audio part of the same media time: never joined to a frame
    const local = 1_800_000_000_000;
    const captureMs = local + ORIGIN_AHEAD_MS - 1500;
    feed(reading({ displayTimeLocalMs: local, captureMs, mediaTime: 10.25 }));
    const frame = nth(s.frames, 0);
    const receivedMs = performance.timeOrigin + 2200 + ORIGIN_AHEAD_MS;
    expect(frame.arrival?.receivedMs).toBeCloseTo(receivedMs, 6);
    expect(frame.arrival!.beforeArrivalMs + frame.arrival!.bufferMs).toBeCloseTo(frame.latencyMs, 6);
    expect(frame.arrival!.beforeArrivalMs).toBeCloseTo(receivedMs - captureMs, 6);
    // A frame outside every part's media range, or without a timecode, is not joined.
    feed(reading({ displayTimeLocalMs: local + 33, captureMs: captureMs + 33, mediaTime: 11 }));
    feed(reading({ displayTimeLocalMs: local + 66, mediaTime: 10.05 }));
    expect(nth(s.frames, 1).arrival).toBeUndefined();
    expect(nth(s.frames, 2).arrival).toBeUndefined();
  });

  it('stores requests with their start on the origin clock, and marks the rest', async () => {
    const s = await syncedSession();
    const { engine } = attached();
    engine.emit({
      type: 'request',
      kind: 'part',
      url: 'http://origin.test/live/ll200/720p/12.3.m4s',
      renditionHeight: 720,
      start: 2000,
      first: 2040.5,
      end: 2190,
      bytes: 60_000,
      mediaDurationS: 0.2,
      status: 200,
      directives: '',
    });
    engine.emit({ type: 'stall-start' });
    engine.emit({ type: 'stall-end', durationMs: 812.4 });
    engine.emit({ type: 'switch-rendered', rendition: RENDITION_720 });
    engine.emit({ type: 'error', fatal: true, code: 'network', detail: 'levelLoadError' });
    const request = nth(s.requests, 0);
    expect(request.startMs).toBeCloseTo(performance.timeOrigin + 2000 + ORIGIN_AHEAD_MS, 6);
    expect(request).toMatchObject({ kind: 'part', ttfbMs: 40.5, durationMs: 190, bytes: 60_000, engine: 'hls' });
    expect([...s.markers].map((m) => [m.kind, m.label])).toEqual([
      ['stall-start', 'stall'],
      ['stall-end', 'stall ended after 812 ms'],
      ['switch-rendered', '720p on screen'],
      ['error', 'fatal: levelLoadError'],
    ]);
    expect(nth(s.markers, 0).timeMs).toBeCloseTo(s.now(), 6);
  });
});
