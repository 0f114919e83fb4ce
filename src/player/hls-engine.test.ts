import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AttrList,
  ErrorDetails,
  ErrorTypes,
  Fragment,
  HlsUrlParameters,
  Level,
  LevelDetails,
  Part,
  PlaylistLevelType,
  type ErrorData,
  type HlsConfig,
  type HlsListeners,
  type LevelSwitchingData,
  type MediaFragment,
} from 'hls.js';
import type { EngineEvent } from './engine.ts';
import { recoveryDelayMs } from './recovery.ts';
import { loadStats } from './testing/hls-payloads.ts';

/**
 * A fake hls.js: the real Events, ErrorTypes, ErrorDetails and DefaultConfig, and an instance
 * that records what the adapter calls and lets the test emit hls.js events. Every payload below
 * is typed by hls.js's own HlsListeners and built from its classes (Fragment, Part, Level,
 * LevelDetails, LoadStats), with the fields hls.js 1.7 fills, so a change in hls.js's event
 * shapes fails the typecheck here.
 */
const { FakeHls } = await vi.hoisted(async () => {
  const real = (await vi.importActual<typeof import('hls.js')>('hls.js')).default;
  type Listener = (event: string, data: unknown) => void;
  class FakeHls {
    static readonly Events = real.Events;
    static readonly ErrorTypes = real.ErrorTypes;
    static readonly ErrorDetails = real.ErrorDetails;
    static readonly DefaultConfig = real.DefaultConfig;
    static readonly instances: FakeHls[] = [];
    static isSupported(): boolean {
      return true;
    }

    readonly config: HlsConfig;
    readonly calls: string[] = [];
    private readonly listeners = new Map<string, Listener[]>();
    levels: InstanceType<typeof import('hls.js').Level>[] = [];
    latency = 0;
    targetLatency: number | null = null;
    playingDate: Date | null = null;
    currentLevel = -1;
    bandwidthEstimate = 500_000;
    nextLevel = -1;
    autoLevelEnabled = true;
    nextLoadLevel = 0;
    lowLatencyMode = true;
    capLevelToPlayerSize = false;
    destroyed = false;

    constructor(readonly userConfig: Partial<HlsConfig>) {
      // hls.js merges the user's config over its defaults.
      this.config = { ...real.DefaultConfig, ...userConfig } as HlsConfig;
      FakeHls.instances.push(this);
    }
    on(event: string, listener: Listener): void {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    }
    trigger<E extends keyof HlsListeners>(event: E, data: Parameters<HlsListeners[E]>[1]): void {
      if (this.destroyed) throw new Error(`${event} on a destroyed hls.js`);
      for (const listener of this.listeners.get(event) ?? []) listener(event, data);
    }
    attachMedia(): void {
      this.calls.push('attachMedia');
    }
    loadSource(url: string): void {
      this.calls.push(`loadSource ${url}`);
    }
    startLoad(): void {
      this.calls.push('startLoad');
    }
    recoverMediaError(): void {
      this.calls.push('recoverMediaError');
    }
    destroy(): void {
      this.calls.push('destroy');
      this.destroyed = true;
      this.listeners.clear();
    }
  }
  return { FakeHls };
});
vi.mock('hls.js', async (importOriginal) => ({ ...(await importOriginal<typeof import('hls.js')>()), default: FakeHls, Hls: FakeHls }));

const { HlsEngine, toHlsConfig } = await import('./hls-engine.ts');
type FakeHlsInstance = InstanceType<typeof FakeHls>;

const MASTER_URL = 'http://localhost:8080/live/ll200/master.m3u8';
const PLAYLIST_URL = 'http://localhost:8080/live/ll200/720p.m3u8';

/** The three renditions as hls.js parses them from the multivariant playlist. */
const LEVELS = [
  [360, 640, 700_000],
  [480, 854, 1_200_000],
  [720, 1280, 2_500_000],
].map(([height, width, bitrate], i) => new Level({ attrs: new AttrList(''), bitrate: bitrate as number, height, width, name: `${height}p`, url: `${height}p.m3u8`, id: i }));

function mediaFragment(sn: number, level: number): MediaFragment {
  const frag = new Fragment(PlaylistLevelType.MAIN, PLAYLIST_URL) as MediaFragment;
  frag.sn = sn;
  frag.level = level;
  frag.duration = 1;
  frag.relurl = `${sn}.m4s`;
  return frag;
}

/** LEVEL_SWITCHING's payload, copied from the level as hls.js's level controller does. */
function levelSwitching(index: number): LevelSwitchingData {
  const level = LEVELS[index] as Level;
  return {
    level: index,
    attrs: level.attrs,
    details: level.details,
    bitrate: level.bitrate,
    averageBitrate: level.averageBitrate,
    maxBitrate: level.maxBitrate,
    realBitrate: level.realBitrate,
    width: level.width,
    height: level.height,
    codecSet: level.codecSet,
    audioCodec: level.audioCodec,
    videoCodec: level.videoCodec,
    audioGroups: level.audioGroups,
    subtitleGroups: level.subtitleGroups,
    loaded: level.loaded,
    loadError: level.loadError,
    fragmentError: level.fragmentError,
    name: level.name,
    id: level.id,
    uri: level.uri,
    url: level.url,
    urlId: 0,
    audioGroupIds: level.audioGroupIds,
    textGroupIds: level.textGroupIds,
  };
}

function fatal(type: ErrorTypes, details: ErrorDetails): ErrorData {
  return { type, details, fatal: true, error: new Error(details) };
}

let engine: InstanceType<typeof HlsEngine> | null = null;
afterEach(() => {
  vi.useRealTimers();
  engine?.destroy();
  engine = null;
  FakeHls.instances.length = 0;
});

/** An engine loaded on a fake <video>, its events, and the hls.js instance it made. */
function loaded(settings = {}) {
  const video = Object.assign(new EventTarget(), { play: vi.fn(async () => undefined) }) as unknown as HTMLVideoElement & { play: ReturnType<typeof vi.fn> };
  engine = new HlsEngine(video, settings);
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  engine.load(MASTER_URL);
  return { engine, events, video, hls: current() };
}

function current(): FakeHlsInstance {
  const hls = FakeHls.instances.at(-1);
  if (!hls) throw new Error('no hls.js instance');
  return hls;
}

/** Takes the manifest through MANIFEST_PARSED, as hls.js does once the levels are known. */
function parsed(hls: FakeHlsInstance): void {
  hls.levels = LEVELS;
  hls.trigger(FakeHls.Events.MANIFEST_PARSED, {
    levels: LEVELS,
    audioTracks: [],
    subtitleTracks: [],
    iframeVariants: [],
    sessionData: null,
    sessionKeys: null,
    firstLevel: 0,
    stats: loadStats(1, 2, 3, 100),
    audio: true,
    video: true,
    altAudio: false,
  });
}

const types = (events: EngineEvent[]) => events.map((e) => e.type);

describe('HlsEngine loading', () => {
  it('creates hls.js with only the non-default settings and the worker on, attaches, then loads', () => {
    const { hls } = loaded({ maxBufferHole: 0.5, maxBufferLength: 30, startLevel: null, targetLatency: 2 });
    expect(hls.userConfig).toEqual({ maxBufferHole: 0.5, enableWorker: true });
    expect(toHlsConfig({ maxBufferHole: 0.5 })).toEqual({ maxBufferHole: 0.5 });
    expect(hls.calls).toEqual(['attachMedia', `loadSource ${MASTER_URL}`]);
  });

  it('reports the multivariant playlist, then the renditions, and starts playback with the lock and target applied', () => {
    const { events, hls, video } = loaded({ levelLock: 1, targetLatency: 1.5 });
    hls.trigger(FakeHls.Events.MANIFEST_LOADED, {
      audioTracks: [],
      contentSteering: null,
      iframeVariants: [],
      levels: [],
      networkDetails: null,
      sessionData: null,
      sessionKeys: null,
      startTimeOffset: null,
      stats: loadStats(10, 25, 30, 812),
      url: MASTER_URL,
      variableList: null,
    });
    parsed(hls);
    expect(events[0]).toMatchObject({ type: 'request', kind: 'manifest', url: MASTER_URL, start: 10, first: 25, end: 30, bytes: 812 });
    expect(events[1]).toEqual({
      type: 'renditions',
      renditions: [
        { index: 0, height: 360, width: 640, bitrateBps: 700_000 },
        { index: 1, height: 480, width: 854, bitrateBps: 1_200_000 },
        { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 },
      ],
    });
    expect(hls.nextLevel).toBe(1);
    expect(hls.targetLatency).toBe(1.5);
    expect(video.play).toHaveBeenCalledOnce();
  });

  it('reports playlist reloads with their directives and parts with their rendition', () => {
    const { events, hls } = loaded();
    parsed(hls);
    hls.trigger(FakeHls.Events.LEVEL_LOADED, {
      details: new LevelDetails(PLAYLIST_URL),
      id: 2,
      level: 2,
      levelInfo: LEVELS[2] as Level,
      networkDetails: null,
      stats: loadStats(100, 400, 401, 2048),
      deliveryDirectives: new HlsUrlParameters(12, 3),
    });
    const frag = mediaFragment(12, 2);
    const part = new Part(new AttrList('DURATION=0.2,URI="12.3.m4s",INDEPENDENT=YES'), frag, PLAYLIST_URL, 3);
    part.stats = loadStats(400, 420, 480, 51_000);
    hls.trigger(FakeHls.Events.FRAG_LOADED, { frag, part, payload: new ArrayBuffer(0), networkDetails: null });
    const [playlist, partRequest] = events.filter((e) => e.type === 'request');
    expect(playlist).toMatchObject({ kind: 'playlist', url: PLAYLIST_URL, renditionHeight: 720, directives: '_HLS_msn=12&_HLS_part=3' });
    expect(partRequest).toMatchObject({ kind: 'part', renditionHeight: 720, start: 400, end: 480, bytes: 51_000 });
  });
});

describe('HlsEngine renditions', () => {
  it('reports a requested switch, and a rendered one only when a new level reaches the screen after the first', () => {
    const { engine, events, hls } = loaded();
    parsed(hls);
    hls.currentLevel = 0;
    hls.trigger(FakeHls.Events.FRAG_CHANGED, { frag: mediaFragment(1, 0), previousFrag: null });
    hls.trigger(FakeHls.Events.LEVEL_SWITCHING, levelSwitching(2));
    hls.trigger(FakeHls.Events.FRAG_CHANGED, { frag: mediaFragment(2, 0), previousFrag: null });
    // hls.js's currentLevel moves when loading switches; the snapshot follows what is on screen.
    hls.currentLevel = 2;
    expect(engine.snapshot().rendition?.height).toBe(360);
    hls.trigger(FakeHls.Events.FRAG_CHANGED, { frag: mediaFragment(3, 2), previousFrag: null });
    expect(events.slice(1)).toEqual([
      { type: 'switch-requested', rendition: { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 } },
      { type: 'switch-rendered', rendition: { index: 2, height: 720, width: 1280, bitrateBps: 2_500_000 } },
    ]);
    expect(engine.snapshot().rendition?.height).toBe(720);
  });

  it("reads the snapshot from hls.js's getters, NaN where hls.js knows nothing yet", () => {
    const { engine, hls } = loaded();
    expect(engine.snapshot()).toMatchObject({ latencyS: NaN, targetLatencyS: NaN, playheadDateMs: NaN, rendition: null });
    parsed(hls);
    hls.latency = 1.25;
    hls.targetLatency = 1;
    hls.playingDate = new Date(1_800_000_000_000);
    hls.currentLevel = 1;
    hls.bandwidthEstimate = 3e6;
    expect(engine.snapshot()).toEqual({
      latencyS: 1.25,
      targetLatencyS: 1,
      playheadDateMs: 1_800_000_000_000,
      playheadPrftMs: NaN, // no segment with prft loaded
      rendition: { index: 1, height: 480, width: 854, bitrateBps: 1_200_000 },
      bandwidthEstimateBps: 3e6,
    });
  });
});

describe('HlsEngine errors', () => {
  it('passes a non-fatal error on without touching hls.js', () => {
    const { events, hls } = loaded();
    hls.trigger(FakeHls.Events.ERROR, { type: ErrorTypes.MEDIA_ERROR, details: ErrorDetails.BUFFER_STALLED_ERROR, fatal: false, error: new Error('stall') });
    expect(events).toEqual([{ type: 'error', fatal: false, code: 'media', detail: 'bufferStalledError: stall' }]);
    expect(hls.calls).toEqual(['attachMedia', `loadSource ${MASTER_URL}`]);
  });

  it('recovers a fatal media error with recoverMediaError and a network one with startLoad, then says when media loads again', () => {
    const { events, hls } = loaded();
    parsed(hls);
    vi.useFakeTimers();
    hls.trigger(FakeHls.Events.ERROR, fatal(ErrorTypes.MEDIA_ERROR, ErrorDetails.BUFFER_APPEND_ERROR));
    hls.trigger(FakeHls.Events.ERROR, fatal(ErrorTypes.NETWORK_ERROR, ErrorDetails.LEVEL_LOAD_ERROR));
    vi.advanceTimersByTime(recoveryDelayMs(2));
    expect(hls.calls.slice(2)).toEqual(['recoverMediaError', 'startLoad']);
    hls.trigger(FakeHls.Events.FRAG_LOADED, { frag: mediaFragment(5, 0), part: null, payload: new ArrayBuffer(0), networkDetails: null });
    hls.trigger(FakeHls.Events.FRAG_LOADED, { frag: mediaFragment(6, 0), part: null, payload: new ArrayBuffer(0), networkDetails: null });
    expect(types(events).slice(1)).toEqual(['error', 'error', 'request', 'recovered', 'request']);
    expect(events.find((e) => e.type === 'recovered')).toEqual({ type: 'recovered', detail: 'media loading again' });
  });

  it('gives up after five recoveries in a row without media, and counts afresh once media loads', () => {
    const { engine, hls } = loaded();
    parsed(hls);
    vi.useFakeTimers();
    const fail = () => hls.trigger(FakeHls.Events.ERROR, fatal(ErrorTypes.NETWORK_ERROR, ErrorDetails.FRAG_LOAD_ERROR));
    const failAndWait = (n: number) => {
      fail();
      vi.advanceTimersByTime(recoveryDelayMs(n));
    };
    for (let i = 1; i <= 5; i++) failAndWait(i);
    hls.trigger(FakeHls.Events.FRAG_LOADED, { frag: mediaFragment(5, 0), part: null, payload: new ArrayBuffer(0), networkDetails: null });
    for (let i = 1; i <= 5; i++) failAndWait(i);
    expect(hls.calls.filter((c) => c === 'startLoad')).toHaveLength(10);
    expect(hls.destroyed).toBe(false);
    fail();
    expect(hls.calls.at(-1)).toBe('destroy');
    expect(engine.snapshot().latencyS).toBeNaN();
    expect(engine.renditions()).toEqual([]);
  });

  it('backs off between network recoveries (at once, then 1, 2, 4 s), so an outage does not use them all up at once', () => {
    const { hls } = loaded();
    parsed(hls);
    vi.useFakeTimers();
    const startLoads = () => hls.calls.filter((c) => c === 'startLoad').length;
    // hls.js gives up on an audio playlist that keeps failing (no alternate): a fatal network error.
    const fail = () => hls.trigger(FakeHls.Events.ERROR, fatal(ErrorTypes.NETWORK_ERROR, ErrorDetails.AUDIO_TRACK_LOAD_ERROR));
    fail();
    vi.advanceTimersByTime(0);
    expect(startLoads()).toBe(1);
    fail();
    vi.advanceTimersByTime(999);
    expect(startLoads()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(startLoads()).toBe(2);
    fail();
    vi.advanceTimersByTime(1999);
    expect(startLoads()).toBe(2);
    vi.advanceTimersByTime(1);
    expect(startLoads()).toBe(3);
    expect(hls.destroyed).toBe(false);
    expect([1, 2, 3, 4, 5, 6].map(recoveryDelayMs)).toEqual([0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('does not try to recover when the multivariant playlist never loaded', () => {
    const { events, hls } = loaded();
    hls.trigger(FakeHls.Events.ERROR, fatal(ErrorTypes.NETWORK_ERROR, ErrorDetails.MANIFEST_LOAD_ERROR));
    expect(hls.calls.slice(2)).toEqual(['destroy']);
    expect(events).toEqual([{ type: 'error', fatal: true, code: 'unreachable', detail: 'manifestLoadError: manifestLoadError' }]);
  });
});

describe('HlsEngine settings', () => {
  it('changes a live knob on the running hls.js, and re-creates it for a knob that only applies on load', () => {
    const { engine, events, hls } = loaded({ maxBufferHole: 0.1, startLevel: null, fragTtfbTimeoutMs: 10_000 });
    parsed(hls);
    engine.applySettings({ maxBufferHole: 0.3, startLevel: null, fragTtfbTimeoutMs: 2000 });
    expect(FakeHls.instances).toHaveLength(1);
    expect(hls.config.maxBufferHole).toBe(0.3);
    expect(hls.config.fragLoadPolicy.default.maxTimeToFirstByteMs).toBe(2000);
    // The policy is changed on a copy: hls.js's defaults stay as they were.
    expect(FakeHls.DefaultConfig.fragLoadPolicy.default.maxTimeToFirstByteMs).toBe(10_000);
    engine.applySettings({ maxBufferHole: 0.3, startLevel: 2, fragTtfbTimeoutMs: 2000 });
    expect(FakeHls.instances).toHaveLength(2);
    expect(hls.calls.at(-1)).toBe('destroy');
    expect(current().userConfig).toMatchObject({ startLevel: 2, maxBufferHole: 0.3 });
    expect(current().calls).toEqual(['attachMedia', `loadSource ${MASTER_URL}`]);
    expect(events.filter((e) => e.type === 'settings-applied')).toEqual([
      { type: 'settings-applied', changed: ['maxBufferHole', 'fragTtfbTimeoutMs'], reloaded: false },
      { type: 'settings-applied', changed: ['startLevel'], reloaded: true },
    ]);
  });

  it('sets a new target latency live, re-creates hls.js to unset it, and ignores a call without changes', () => {
    const { engine, events, hls } = loaded({ targetLatency: 2 });
    parsed(hls);
    engine.applySettings({ targetLatency: 1 });
    expect(hls.targetLatency).toBe(1);
    engine.applySettings({ targetLatency: 1 });
    engine.applySettings({ targetLatency: null });
    expect(FakeHls.instances).toHaveLength(2);
    expect(types(events).filter((t) => t === 'settings-applied')).toHaveLength(2);
  });

  it('stops reporting after destroy', () => {
    const { engine: e, events, hls } = loaded();
    e.destroy();
    engine = null;
    expect(hls.destroyed).toBe(true);
    e.applySettings({ maxBufferHole: 1 });
    expect(events).toEqual([]);
  });
});
