import './dash-no-autocreate.ts';
import { MediaPlayer, supportsMediaSource, type MediaPlayerClass, type MediaPlayerEvent } from 'dashjs';
import type { EngineSettings, EngineSnapshot, Rendition } from './engine.ts';
import { EMPTY_SNAPSHOT, EngineBase } from './engine-base.ts';
import {
  RequestRenditions,
  normalizeDashError,
  normalizeHttpRequest,
  normalizeQualityChange,
  videoRenditions,
  type FragmentRequestLike,
  type HttpRequestLike,
  type RepresentationLike,
  type VideoRenditions,
} from './dash-normalize.ts';
import { DASH_SETTINGS, dashConfig, dashPatch, readDashSettings } from './dash-settings.ts';

const NO_RENDITIONS: VideoRenditions = { renditions: [], ids: [] };

/** dash.js getters throw until a source is playing; here that is simply "unknown". */
function numberOr(read: () => number, fallback = NaN): number {
  try {
    const value = read();
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/** The dash.js adapter: one MediaPlayer on one video element, events normalised. */
export class DashEngine extends EngineBase {
  readonly name = 'dash' as const;
  private player: MediaPlayerClass | null = null;
  private list: VideoRenditions = NO_RENDITIONS;
  private requestRenditions = new RequestRenditions();
  /** Representation id of the video on screen (QUALITY_CHANGE_RENDERED), null until the first. */
  private renderedId: string | null = null;
  private streamStarted = false;

  constructor(video: HTMLVideoElement, settings: EngineSettings) {
    super(video, settings, DASH_SETTINGS);
  }

  static isSupported(): boolean {
    return supportsMediaSource();
  }

  snapshot(): EngineSnapshot {
    const player = this.player;
    if (!player) return EMPTY_SNAPSHOT;
    const latency = numberOr(() => player.getCurrentLiveLatency());
    const target = numberOr(() => player.getTargetLiveDelay());
    // timeAsUTC() = MPD availabilityStartTime + video.currentTime: the wall-clock presentation time at the playhead.
    const utcS = numberOr(() => player.timeAsUTC());
    const kbps = numberOr(() => player.getAverageThroughput('video'));
    return {
      latencyS: latency > 0 ? latency : NaN,
      targetLatencyS: target > 0 ? target : NaN,
      playheadDateMs: utcS > 0 ? utcS * 1000 : NaN,
      // prft: not read here (the adapter does not look at segment bytes); the page says so.
      playheadPrftMs: NaN,
      rendition: this.currentRendition(player),
      bandwidthEstimateBps: kbps > 0 ? kbps * 1000 : NaN,
    };
  }

  effectiveSettings(): Record<string, unknown> {
    const player = this.player;
    if (!player) return {};
    const out: Record<string, unknown> = readDashSettings(player.getSettings());
    out.levelLock = this.lockedId() !== undefined ? this.lock : -1;
    return out;
  }

  renditions(): Rendition[] {
    if (this.list.ids.length === 0) this.refreshRenditions();
    return this.list.renditions;
  }

  /** The representation id of the locked rendition, undefined when automatic or not (yet) listed. */
  private lockedId(): string | undefined {
    return this.lock >= 0 ? this.list.ids[this.lock] : undefined;
  }

  protected applyLive(changed: readonly string[], next: EngineSettings): boolean {
    const player = this.player;
    if (!player) return false;
    // Everything else dash.js reads where it uses it: update the running player.
    player.updateSettings(dashPatch(next, changed, { renditionLocked: this.lockedId() !== undefined }));
    if (changed.includes('levelLock')) this.applyLock();
    return true;
  }

  protected applyLock(): void {
    const player = this.player;
    if (!player || !this.streamStarted) return; // applied on STREAM_INITIALIZED
    const id = this.lockedId();
    if (id !== undefined) {
      // dash.js's ABR would override a manual choice; the switch happens at the next segment, without a flush.
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      player.setRepresentationForTypeById('video', id);
    } else {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: this.settings.autoSwitchBitrate !== false } } } });
    }
  }

  private refreshRenditions(): void {
    const player = this.player;
    if (!player) return;
    try {
      this.list = videoRenditions(player.getRepresentationsByTypeUnfiltered('video'));
    } catch {
      // Streaming not initialised yet: keep what we have.
    }
  }

  private listRepresentation(rep: RepresentationLike | null | undefined): void {
    if (rep && !this.list.ids.includes(rep.id)) this.refreshRenditions();
  }

  private currentRendition(player: MediaPlayerClass): Rendition | null {
    let id = this.renderedId;
    if (id === null) {
      try {
        id = player.getCurrentRepresentationForType('video')?.id ?? null;
      } catch {
        return null;
      }
    }
    const index = id === null ? -1 : this.list.ids.indexOf(id);
    return index >= 0 ? (this.list.renditions[index] ?? null) : null;
  }

  protected teardown(): void {
    const player = this.player;
    // Cleared first: events dash.js fires while resetting are then ignored.
    this.player = null;
    try {
      player?.destroy();
    } catch {
      // dash.js's reset throws "MediaPlayer not initialized!" when initialize() stopped early (no MSE): nothing to free.
    }
  }

  protected create(): void {
    this.teardown();
    this.list = NO_RENDITIONS;
    this.requestRenditions = new RequestRenditions();
    this.renderedId = null;
    this.streamStarted = false;
    const player = MediaPlayer().create();
    this.player = player;
    // The lock is applied once the representations are known (STREAM_INITIALIZED).
    player.updateSettings(dashConfig(this.settings));
    const events = MediaPlayer.events;
    const current = () => this.player === player;
    player.on(events.FRAGMENT_LOADING_STARTED, (e: MediaPlayerEvent) => {
      // The typings lag dash.js 5: its FragmentRequest carries the representation object.
      if (current()) this.requestRenditions.remember((e as MediaPlayerEvent & { request?: FragmentRequestLike }).request);
    });
    player.on(events.METRIC_ADDED, (e) => {
      // MetricType in the typings lacks 'HttpList', the metric of every finished HTTP request.
      if (!current() || (e.metric as string) !== 'HttpList') return;
      this.onHttpRequest(e.value as HttpRequestLike);
    });
    player.on(events.STREAM_INITIALIZED, () => {
      if (!current()) return;
      this.streamStarted = true;
      this.refreshRenditions();
      this.emit({ type: 'renditions', renditions: this.list.renditions });
      if (this.lock >= 0) this.applyLock();
    });
    player.on(events.QUALITY_CHANGE_REQUESTED, (e) => {
      if (!current() || e.mediaType !== 'video') return;
      // The first choice can come before STREAM_INITIALIZED: list the renditions now if need be.
      this.listRepresentation(e.newRepresentation);
      const event = normalizeQualityChange('switch-requested', e, this.list);
      if (event) this.emit(event);
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (e) => {
      if (!current() || e.mediaType !== 'video' || !e.newRepresentation || e.newRepresentation.id === this.renderedId) return;
      // The first rendition on screen after a load is not a switch.
      const isSwitch = this.renderedId !== null;
      this.renderedId = e.newRepresentation.id;
      this.listRepresentation(e.newRepresentation);
      const event = normalizeQualityChange('switch-rendered', e, this.list);
      if (event && isSwitch) this.emit(event);
    });
    player.on(events.ERROR, (e) => {
      if (current()) this.onError(player, (e as { error?: unknown }).error);
    });
    if (this.url) player.initialize(this.video, this.url, true);
  }

  private onHttpRequest(entry: HttpRequestLike): void {
    const height = this.requestRenditions.heightFor(entry.url, entry._stream);
    const event = normalizeHttpRequest(entry, Date.now() - performance.now(), height);
    if (!event) return;
    this.emit(event);
    if (event.kind === 'segment' && event.status >= 200 && event.status < 300) this.mediaLoaded();
  }

  private onError(player: MediaPlayerClass, error: unknown): void {
    const { event, recoverable } = normalizeDashError(error, this.streamStarted);
    this.emit(event);
    this.recreateAfterError(event, recoverable, () => this.player === player);
  }
}
