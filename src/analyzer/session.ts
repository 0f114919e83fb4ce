import type { Engine, EngineEvent } from '../player/engine.ts';
import { unwrapGtc1 } from '../timecode/index.ts';
import { AudioTap } from './audio-tap.ts';
import { AvPairer, BeepDetector, FlashDetector, type AvOffsetSample } from './av-sync.ts';
import { FrameJoiner, type Breakdown, type MissReason } from './breakdown.ts';
import { ArrivalIndex, arrivalOf } from './arrival.ts';
import type { ClockSync } from './clock-sync.ts';
import { CodeTracker, type TrackedPlacement } from './code-tracker.ts';
import { FrameReader, type FrameReading, type ReadPath } from './frame-reader.ts';
import { glassToGlassMs, MissedFrameCounter } from './latency-math.ts';
import { ReadCostWindow, type ReadCost } from './read-costs.ts';
import { forwardBufferS, positiveOr } from './frame-context.ts';
import { SessionClock, type ClockChoice } from './session-clock.ts';
import { deliveryOf, inMediaScope, mediaScopeOf, observeResources } from './resource-timing.ts';
import { AV_STORE_CAPACITY, FRAME_STORE_CAPACITY, MARKER_STORE_CAPACITY, REQUEST_STORE_CAPACITY, SampleStore } from './sample-store.ts';
import type { EngineName, FrameSample, Marker, MarkerKind, RequestSample } from './types.ts';

/** Frames without any readable GTC1 before the session says the stream has none. */
const NO_TIMECODE_AFTER_FRAMES = 90;
/** The page warns when fewer than this share of the last PARTIAL_WINDOW frames carried a readable code. */
const PARTIAL_BELOW = 0.95;
const PARTIAL_WINDOW = 300;
/** Recent per-frame read costs kept for the readout and the benchmark. */
const READ_COST_WINDOW = 1000;

/**
 * One measurement session: the stores (kept across engine switches and reloads, so the
 * charts keep their history), the clock sync, and the wiring from the presented frames and
 * the engine's events into samples. Nothing here drops a collected sample.
 */
export class AnalyzerSession {
  readonly frames = new SampleStore<FrameSample>(FRAME_STORE_CAPACITY);
  readonly requests = new SampleStore<RequestSample>(REQUEST_STORE_CAPACITY);
  readonly markers = new SampleStore<Marker>(MARKER_STORE_CAPACITY);
  /** A/V offsets, one per second paired (av-sync.ts). */
  readonly avOffsets = new SampleStore<AvOffsetSample>(AV_STORE_CAPACITY);
  private readonly clocks: SessionClock;
  /** Bumped on every change; the UI re-renders from it on its own schedule. */
  version = 0;
  private engine: Engine | null = null;
  private engineName: EngineName = 'hls';
  private video: HTMLVideoElement | null = null;
  private reader: FrameReader | null = null;
  private detachEngine: (() => void) | null = null;
  private readonly missed = new MissedFrameCounter();
  private framesSeen = 0;
  private framesDecoded = 0;
  private readonly readCosts = new ReadCostWindow(READ_COST_WINDOW);
  private lastReadPath: ReadPath | null = null;
  /** Frames joined to the objects that delivered them (the latency breakdown). */
  readonly joiner = new FrameJoiner();
  /** The engine's parts and segments by media time: the before-arrival join (arrival.ts). */
  private readonly arrivals = new ArrivalIndex();
  private readonly stopResources: () => void;
  private mediaScope: string | null = null; // where this player's media objects sit (resource-timing.ts)
  /** Where GTC1 sits in the frames; kept across reloads and engine switches. */
  readonly codeTracker = new CodeTracker();
  /** Where the last decoded frame's code was, and that frame's size. */
  lastCode: { at: TrackedPlacement; width: number; height: number } | null = null;
  private audioTap: AudioTap | null = null;
  private avWanted = false;
  private beeps = new BeepDetector();
  private flashes = new FlashDetector();
  private readonly pairer = new AvPairer((flashLocalMs, offsetMs) => {
    this.avOffsets.push({ timeMs: this.clock.toOriginTime(flashLocalMs), offsetMs });
    this.version++;
  });

  /**
   * @param clockBaseUrl the stream's URL: its host's /time is the clock, unless `explicitClock`
   *   (the page's ?clock=) names one; without either answering, this app's own origin.
   */
  constructor(clockBaseUrl: string, explicitClock: string | null = null) {
    this.clocks = new SessionClock(clockBaseUrl, explicitClock, () => this.version++);
    this.stopResources = observeResources((entry) => {
      const delivery = deliveryOf(entry, (localMs) => this.clock.toOriginTime(localMs));
      if (delivery?.type === 'object' && inMediaScope(entry.name, this.mediaScope)) this.joiner.addObject(delivery.object);
      else if (delivery?.type === 'foreign') this.joiner.addForeignObject();
    });
  }

  get clock(): ClockSync {
    return this.clocks.sync;
  }

  /** Which clock the latency is on: the /time the sync uses, and why that one. */
  get clockChoice(): ClockChoice {
    return this.clocks.choice;
  }

  /** The stream measured now: its origin's /time is the clock (kept if the same), its folder holds this player's media objects. */
  setStreamUrl(url: string): void {
    this.clocks.setBase(url);
    this.mediaScope = mediaScopeOf(url);
  }

  /** True once enough frames were seen and none carried a readable GTC1. */
  get noTimecode(): boolean {
    return this.framesSeen >= NO_TIMECODE_AFTER_FRAMES && this.framesDecoded === 0;
  }

  /**
   * The share of the last PARTIAL_WINDOW frames whose GTC1 was read, when it is above 0 but below
   * PARTIAL_BELOW (the code is found in only part of the frames); else null.
   */
  get partialTimecode(): number | null {
    const n = this.frames.length;
    if (n < PARTIAL_WINDOW) return null;
    let read = 0;
    this.frames.forEachInRange(n - PARTIAL_WINDOW, n, (s) => {
      if (Number.isFinite(s.captureTimeMs)) read++;
    });
    const share = read / PARTIAL_WINDOW;
    return share > 0 && share < PARTIAL_BELOW ? share : null;
  }

  get readPath(): ReadPath | null {
    return this.lastReadPath;
  }

  /** Recent read costs in ms (read-costs.ts). */
  recentReadCosts(which: 'all' | 'locked' | 'search' = 'all'): number[] {
    return this.readCosts.recent(which);
  }

  lastReads(n: number): ReadCost[] {
    return this.readCosts.last(n);
  }

  /** Readings handed to this session so far (the bench counts new reads with it). */
  get readings(): number {
    return this.framesSeen;
  }

  /** Origin-clock "now". */
  now(): number {
    return this.clock.toOriginTime(performance.timeOrigin + performance.now());
  }

  attach(video: HTMLVideoElement, engine: Engine, readPath: ReadPath = 'webcodecs'): void {
    this.detach();
    this.video = video;
    this.engine = engine;
    this.engineName = engine.name;
    this.missed.reset();
    this.detachEngine = engine.on((event) => this.onEngineEvent(event));
    if (FrameReader.isSupported()) {
      this.reader = new FrameReader(video, (reading) => this.onReading(reading), readPath, this.codeTracker);
      this.reader.start();
    }
    this.flashes = new FlashDetector();
    if (this.avWanted) this.startAvSync();
  }

  /** The audio tap's state, for the page (A/V sync needs audio running); 'off' until asked for. */
  get audioState(): AudioTap['state'] | 'off' {
    return this.audioTap?.state ?? (this.avWanted ? 'unsupported' : 'off');
  }

  /**
   * Starts measuring A/V sync: taps the element's audio (audio-tap.ts). Opt-in, from a click:
   * it re-routes the element's audio, and browsers let audio run only after a user gesture.
   * Stays on across engine switches and reloads.
   */
  startAvSync(): void {
    this.avWanted = true;
    if (!this.video || this.audioTap) return;
    this.beeps = new BeepDetector();
    this.audioTap = new AudioTap(this.video, (samples, startMs, rate) => {
      for (const onset of this.beeps.push(samples, startMs, rate)) this.pairer.addBeep(onset);
    });
    this.version++;
  }

  detach(): void {
    this.reader?.stop();
    this.reader = null;
    this.audioTap?.stop();
    this.audioTap = null;
    this.detachEngine?.();
    this.detachEngine = null;
    this.engine = null;
    this.video = null;
  }

  dispose(): void {
    this.detach();
    this.stopResources();
    this.clocks.stop();
  }

  mark(kind: MarkerKind, label: string): void {
    this.markers.push({ timeMs: this.now(), kind, label, engine: this.engineName });
    this.version++;
  }

  private onReading(reading: FrameReading): void {
    const engine = this.engine;
    const video = this.video;
    if (!engine || !video) return;
    this.framesSeen++;
    this.lastReadPath = reading.path;
    this.readCosts.push({ costMs: reading.costMs, searched: reading.searched });
    const offset = this.clock.offsetMs;
    const displayTimeMs = reading.displayTimeLocalMs + offset;
    let captureTimeMs = NaN;
    if (reading.read.ok) {
      this.framesDecoded++;
      if (reading.placement) this.lastCode = { at: reading.placement, width: reading.width, height: reading.height };
      captureTimeMs = unwrapGtc1(reading.read.t32, displayTimeMs);
    }
    const snap = engine.snapshot();
    const quality = video.getVideoPlaybackQuality?.();
    const sample: FrameSample = {
      displayTimeMs,
      captureTimeMs,
      latencyMs: glassToGlassMs(displayTimeMs, captureTimeMs),
      engineLatencyMs: snap.latencyS * 1000,
      targetLatencyMs: snap.targetLatencyS * 1000,
      pdtLatencyMs: displayTimeMs - snap.playheadDateMs,
      prftLatencyMs: displayTimeMs - snap.playheadPrftMs,
      // A plain media playlist has no declared height or bitrate (the engine reports 0):
      // the height then comes from the frames, and the bitrate is unknown.
      renditionHeight: positiveOr(snap.rendition?.height, reading.height),
      bitrateBps: positiveOr(snap.rendition?.bitrateBps, NaN),
      bufferS: forwardBufferS(video),
      playbackRate: video.playbackRate,
      bandwidthEstimateBps: snap.bandwidthEstimateBps,
      droppedFrames: quality?.droppedVideoFrames ?? NaN,
      missedFrames: (this.missed.update(reading.presentedFrames), this.missed.missed),
      clockOffsetMs: offset,
      clockUncertaintyMs: this.clock.uncertaintyMs,
      engine: engine.name,
    };
    const arrived = Number.isFinite(captureTimeMs) ? this.arrivals.find(sample.renditionHeight, reading.mediaTime) : undefined;
    if (arrived) sample.arrival = arrivalOf(captureTimeMs, displayTimeMs, arrived.receivedMs);
    const flash = this.flashes.push(reading.displayTimeLocalMs, reading.flashLuma, captureTimeMs, video.playbackRate);
    if (flash !== null) this.pairer.addFlash(flash);
    const settle = (result: Breakdown | MissReason) => {
      if (typeof result === 'string') sample.breakdownMiss = result;
      else sample.breakdown = result;
    };
    // The frame's bytes arrived with a part or segment: join it to that object's timing.
    if (this.frames.push(sample)) this.joiner.addFrame({ captureTimeMs, displayTimeMs, videoHeight: reading.height, settle }, displayTimeMs);
    this.version++;
  }

  private onEngineEvent(event: EngineEvent): void {
    const toOrigin = (perfMs: number) => this.clock.toOriginTime(performance.timeOrigin + perfMs);
    switch (event.type) {
      case 'request':
        this.requests.push({
          kind: event.kind,
          url: event.url,
          renditionHeight: event.renditionHeight,
          startMs: Number.isFinite(event.start) ? toOrigin(event.start) : this.now(),
          ttfbMs: event.first - event.start,
          durationMs: event.end - event.start,
          bytes: event.bytes,
          mediaDurationS: event.mediaDurationS,
          status: event.status,
          directives: event.directives,
          cacheStatus: event.cacheStatus ?? '',
          ageS: event.ageS ?? NaN,
          engine: this.engineName,
        });
        if (event.kind === 'part' || event.kind === 'segment') {
          const start = event.mediaStartS ?? NaN;
          this.arrivals.add({ videoHeight: event.renditionHeight, mediaStartS: start, mediaEndS: start + event.mediaDurationS, receivedMs: toOrigin(event.end) });
        }
        break;
      case 'switch-requested':
        this.mark('switch-requested', `${event.rendition.height}p requested`);
        break;
      case 'switch-rendered':
        this.mark('switch-rendered', `${event.rendition.height}p on screen`);
        break;
      case 'stall-start':
        this.mark('stall-start', 'stall');
        break;
      case 'stall-end':
        this.mark('stall-end', `stall ended after ${Math.round(event.durationMs)} ms`);
        break;
      case 'error':
        this.mark('error', `${event.fatal ? 'fatal: ' : ''}${event.detail}`);
        break;
      case 'recovered':
        this.mark('recovered', event.detail);
        break;
      case 'settings-applied':
        this.mark('settings', `${event.changed.join(', ')}${event.reloaded ? ' (player re-created)' : ''}`);
        break;
      case 'renditions':
        break;
    }
    this.version++;
  }
}
