import { MAX_RECOVERIES, type Engine, type EngineEvent, type EngineSettings, type EngineSnapshot, type Rendition } from './engine.ts';
import shaka, { type ShakaPlayer, type ShakaTrack } from './shaka-lib.ts';
import {
  normalizeDownloadCompleted,
  normalizeDownloadFailed,
  normalizeShakaError,
  renditionOfQuality,
  renditionOfTrack,
  videoRenditions,
  type MediaQualityLike,
  type ShakaContextLike,
  type ShakaRenditions,
  type ShakaRequestLike,
  type ShakaResponseLike,
} from './shaka-normalize.ts';
import { readShakaSettings, shakaConfig, shakaLowLatencyConfig, shakaSettingDef } from './shaka-settings.ts';
import { changedKeys } from './settings-schema.ts';
import { detectStalls } from './stall-detector.ts';
import { releasingVideo, videoReleased } from './video-handoff.ts';

/** getStats() builds a whole report: read it at most this often, not on every frame. */
const STATS_EVERY_MS = 250;

const EMPTY_SNAPSHOT: EngineSnapshot = { latencyS: NaN, targetLatencyS: NaN, playheadDateMs: NaN, rendition: null, bandwidthEstimateBps: NaN };
const NO_RENDITIONS: ShakaRenditions = { renditions: [], videoIds: [] };

const NO_STATS = { at: -Infinity, latencyS: NaN, targetS: NaN, bandwidthBps: NaN };

const lockOf = (settings: EngineSettings) => (typeof settings.levelLock === 'number' && settings.levelLock >= 0 ? settings.levelLock : -1);
const positive = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : NaN);

/** Shaka's events carry their payload as properties of the event object. */
type ShakaEvent = Event & Record<string, unknown>;

shaka.polyfill.installAll();

/** The Shaka Player adapter: one shaka.Player on one video element, events normalised. */
export class ShakaEngine implements Engine {
  readonly name = 'shaka' as const;
  private player: ShakaPlayer | null = null;
  private url: string | null = null;
  private settings: EngineSettings;
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private detachStalls: () => void;
  private list: ShakaRenditions = NO_RENDITIONS;
  /** The rendition on screen ('mediaqualitychanged'), null until the first after a load. */
  private rendered: Rendition | null = null;
  /** The rendition Shaka last chose to fetch. */
  private requested: Rendition | null = null;
  private loaded = false;
  /** The loaded stream is low-latency and played as such (Shaka applied its low-latency overrides). */
  private lowLatency = false;
  /** The MPD's ServiceDescription target (s), read once per load: getManifest() warns on every call. */
  private serviceTargetS = NaN;
  private destroyed = false;
  private lock: number;
  private recoveries = 0;
  private recovering = false;
  private deferred: ReturnType<typeof setTimeout> | null = null;
  private stats = NO_STATS;
  /** Errors already reported: load()'s rejection may repeat one the 'error' event brought. */
  private readonly seenErrors = new WeakSet<object>();

  constructor(
    private readonly video: HTMLVideoElement,
    settings: EngineSettings,
  ) {
    this.settings = { ...settings };
    this.lock = lockOf(settings);
    this.detachStalls = detectStalls(video, (e) => this.emit(e));
  }

  static isSupported(): boolean {
    return shaka.Player.isBrowserSupported();
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(url: string): void {
    if (this.destroyed) return;
    this.url = url;
    this.recoveries = 0;
    this.recovering = false;
    this.create();
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelDeferred();
    this.dropPlayer();
    this.detachStalls();
    this.detachStalls = () => undefined;
    this.listeners.clear();
  }

  applySettings(next: EngineSettings): void {
    const changed = changedKeys(this.settings, next);
    if (changed.length === 0 || this.destroyed) return;
    this.settings = { ...next };
    this.stats = NO_STATS; // the target may have changed
    if (changed.includes('levelLock')) this.lock = lockOf(next);
    const player = this.player;
    const reload = !player || changed.some((k) => shakaSettingDef(k)?.requiresReload === true);
    if (reload) {
      if (this.url) {
        this.recoveries = 0;
        this.recovering = false;
        this.create();
      }
    } else if (player) {
      // Shaka's configure() reaches the running streaming engine and ABR manager.
      player.configure(shakaConfig(next, changed, this.lowLatency));
      this.applyLock();
    }
    this.emit({ type: 'settings-applied', changed, reloaded: reload });
  }

  setRenditionLock(index: number): void {
    this.lock = index >= 0 ? index : -1;
    this.applyLock();
  }

  snapshot(): EngineSnapshot {
    const player = this.player;
    if (!player || !this.loaded) return EMPTY_SNAPSHOT;
    const now = performance.now();
    if (now - this.stats.at >= STATS_EVERY_MS) {
      const stats = player.getStats();
      this.stats = { at: now, latencyS: positive(stats.liveLatency), targetS: this.targetLatency(player), bandwidthBps: positive(stats.estimatedBandwidth) };
    }
    return {
      latencyS: this.stats.latencyS,
      targetLatencyS: this.stats.targetS,
      playheadDateMs: positive(player.getPlayheadTimeAsDate()?.getTime()),
      rendition: this.rendered ?? this.requested,
      bandwidthEstimateBps: this.stats.bandwidthBps,
    };
  }

  effectiveSettings(): Record<string, unknown> {
    const player = this.player;
    if (!player) return {};
    const out: Record<string, unknown> = readShakaSettings(player.getConfiguration(), this.lowLatency);
    out.levelLock = this.lockedVideoId() !== undefined ? this.lock : -1;
    return out;
  }

  renditions(): Rendition[] {
    return this.list.renditions;
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** (getConfiguration() copies the whole configuration: read with the stats.) Live sync's target when it is on; else the MPD's ServiceDescription target, which Shaka then follows; else none. */
  private targetLatency(player: ShakaPlayer): number {
    const liveSync = player.getConfiguration().streaming.liveSync;
    return liveSync.enabled ? positive(liveSync.targetLatency) : this.serviceTargetS;
  }

  private lockedVideoId(): number | undefined {
    return this.lock >= 0 ? this.list.videoIds[this.lock] : undefined;
  }

  private applyLock(): void {
    const player = this.player;
    if (!player || !this.loaded) return; // applied once the stream is loaded
    const videoId = this.lockedVideoId();
    if (videoId === undefined) {
      player.configure({ abr: { enabled: this.settings.abrEnabled !== false } });
      return;
    }
    // Shaka's ABR would override a manual choice; switching without clearing the buffer keeps playing.
    player.configure({ abr: { enabled: false } });
    const tracks = player.getVariantTracks();
    const track = tracks.find((t) => t.videoId === videoId && t.active) ?? tracks.find((t) => t.videoId === videoId);
    if (track && !track.active) player.selectVariantTrack(track, false);
  }

  private refreshRenditions(player: ShakaPlayer): void {
    const next = videoRenditions(player.getVariantTracks());
    const same = next.videoIds.length === this.list.videoIds.length && next.videoIds.every((id, i) => id === this.list.videoIds[i]);
    this.list = next;
    if (!same) this.emit({ type: 'renditions', renditions: next.renditions });
  }

  private cancelDeferred(): void {
    if (this.deferred !== null) clearTimeout(this.deferred);
    this.deferred = null;
  }

  /** Runs after Shaka has finished dispatching the event at hand (never tear a player down inside its own callback). */
  private defer(action: () => void): void {
    this.cancelDeferred();
    this.deferred = setTimeout(() => {
      this.deferred = null;
      action();
    }, 0);
  }

  private dropPlayer(): void {
    const player = this.player;
    // Cleared first: events Shaka fires while unloading are then ignored.
    this.player = null;
    this.loaded = false;
    if (!player) return;
    // A new player (of any engine) attaches only after this one has let go of the element. Shaka
    // pauses by playbackRate 0 while it buffers, and leaves that rate behind when destroyed then.
    const video = this.video;
    const release = player.destroy().finally(() => {
      if (video.playbackRate === 0) video.playbackRate = video.defaultPlaybackRate || 1;
    });
    releasingVideo(video, release);
  }

  private create(): void {
    this.cancelDeferred();
    this.dropPlayer();
    this.list = NO_RENDITIONS;
    this.rendered = null;
    this.requested = null;
    this.lowLatency = false;
    this.serviceTargetS = NaN;
    this.stats = NO_STATS;
    const player = new shaka.Player();
    this.player = player;
    player.configure(shakaConfig(this.settings));
    // 'mediaqualitychanged' (what reached the screen) is only sent with this on.
    player.configure({ streaming: { observeQualityChanges: true } });
    // Shaka applies these over the configuration when the stream turns out to be low-latency.
    player.configurationForLowLatency(shakaLowLatencyConfig(player.getConfigurationForLowLatency(), this.settings));
    const current = () => this.player === player;
    const on = (type: string, handler: (e: ShakaEvent) => void) =>
      player.addEventListener(type, (e: Event) => {
        if (current()) handler(e as ShakaEvent);
      });
    const clock = () => Date.now() - performance.now();
    on('downloadcompleted', (e) => {
      const event = normalizeDownloadCompleted(e.requestType as number, e.request as ShakaRequestLike, e.context as ShakaContextLike | undefined, e.response as ShakaResponseLike, {
        clockOffsetMs: clock(),
        endPerf: performance.now(),
      });
      if (event) this.onRequest(event);
    });
    on('downloadfailed', (e) => {
      const event = normalizeDownloadFailed(e.requestType as number, e.request as ShakaRequestLike, e.context as ShakaContextLike | undefined, e.httpResponseCode as number, {
        clockOffsetMs: clock(),
        endPerf: performance.now(),
      });
      if (event) this.emit(event);
    });
    on('trackschanged', () => this.refreshRenditions(player));
    const onChoice = (e: ShakaEvent) => {
      const rendition = renditionOfTrack(e.newTrack as ShakaTrack | null, this.list);
      if (!rendition || rendition.index === this.requested?.index) return;
      this.requested = rendition;
      this.emit({ type: 'switch-requested', rendition });
    };
    on('adaptation', onChoice);
    on('variantchanged', onChoice);
    on('mediaqualitychanged', (e) => {
      const rendition = renditionOfQuality(e.mediaQuality as MediaQualityLike, this.list);
      if (!rendition || rendition.index === this.rendered?.index) return;
      // The first rendition on screen after a load is not a switch.
      const isSwitch = this.rendered !== null;
      this.rendered = rendition;
      if (isSwitch) this.emit({ type: 'switch-rendered', rendition });
    });
    on('error', (e) => this.onError(player, e.detail));
    const url = this.url;
    if (!url) return;
    void videoReleased(this.video)
      .then(() => {
        if (!current()) return undefined;
        // The previous engine may have left its catch-up rate (hls.js: up to 1.5x); Shaka takes the element's rate as its own.
        this.video.playbackRate = this.video.defaultPlaybackRate || 1;
        return player.attach(this.video);
      })
      .then(() => (current() ? player.load(url) : undefined))
      .then(() => {
        if (!current()) return;
        this.loaded = true;
        const manifest = player.getManifest();
        this.lowLatency = manifest?.isLowLatency === true && player.getConfiguration().streaming.lowLatencyMode;
        this.serviceTargetS = positive(manifest?.serviceDescription?.targetLatency);
        this.refreshRenditions(player);
        this.requested = renditionOfTrack(player.getVariantTracks().find((t) => t.active), this.list);
        if (this.lock >= 0) this.applyLock();
        // Shaka never starts playback; the element's autoplay does not either once the previous
        // engine paused it after its last load() (dash.js's reset does): start it like the others.
        if (this.video.paused) void this.video.play().catch(() => undefined);
      })
      .catch((err: unknown) => {
        if (current()) this.onError(player, err);
      });
  }

  private onRequest(event: Extract<EngineEvent, { type: 'request' }>): void {
    this.emit(event);
    if ((event.kind === 'segment' || event.kind === 'part') && event.status >= 200 && event.status < 300) {
      this.recoveries = 0;
      if (this.recovering) {
        this.recovering = false;
        this.emit({ type: 'recovered', detail: 'media loading again' });
      }
    }
  }

  private onError(player: ShakaPlayer, error: unknown): void {
    if (typeof error === 'object' && error !== null) {
      if (this.seenErrors.has(error)) return;
      this.seenErrors.add(error);
    }
    const { event, recoverable } = normalizeShakaError(error);
    if (!event) return;
    this.emit(event);
    if (!event.fatal) return;
    if (recoverable && this.recoveries < MAX_RECOVERIES) {
      this.recoveries++;
      this.recovering = true;
      this.defer(() => {
        if (this.player === player) this.create();
      });
      return;
    }
    // Nothing left to try: the error's detail says why; snapshots read NaN from here on.
    this.defer(() => {
      if (this.player === player) this.dropPlayer();
    });
  }
}
