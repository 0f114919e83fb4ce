import type { EngineEvent, EngineSettings, EngineSnapshot, Rendition } from './engine.ts';
import { EMPTY_SNAPSHOT, EngineBase } from './engine-base.ts';
import { normalizeShakaError } from './shaka-errors.ts';
import shaka, { type ShakaPlayer, type ShakaTrack } from './shaka-lib.ts';
import {
  normalizeDownloadCompleted,
  normalizeDownloadFailed,
  renditionOfQuality,
  renditionOfTrack,
  videoRenditions,
  type MediaQualityLike,
  type ShakaContextLike,
  type ShakaRenditions,
  type ShakaRequestLike,
  type ShakaResponseLike,
} from './shaka-normalize.ts';
import { SHAKA_SETTINGS, readShakaSettings, shakaConfig, shakaLowLatencyConfig } from './shaka-settings.ts';
import { releasingVideo, videoReleased } from './video-handoff.ts';

/** getStats() builds a whole report: read it at most this often, not on every frame. */
const STATS_EVERY_MS = 250;

const NO_RENDITIONS: ShakaRenditions = { renditions: [], videoIds: [] };

const NO_STATS = { at: -Infinity, latencyS: NaN, targetS: NaN, bandwidthBps: NaN };

const positive = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : NaN);

/** Shaka's events carry their payload as properties of the event object. */
type ShakaEvent = Event & Record<string, unknown>;

shaka.polyfill.installAll();

/** The Shaka Player adapter: one shaka.Player on one video element, events normalised. */
export class ShakaEngine extends EngineBase {
  readonly name = 'shaka' as const;
  private player: ShakaPlayer | null = null;
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
  private stats = NO_STATS;
  /** Errors already reported: load()'s rejection may repeat one the 'error' event brought. */
  private readonly seenErrors = new WeakSet<object>();

  constructor(video: HTMLVideoElement, settings: EngineSettings) {
    super(video, settings, SHAKA_SETTINGS);
  }

  static isSupported(): boolean {
    return shaka.Player.isBrowserSupported();
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
      // prft: not read here (the adapter does not look at segment bytes); the page says so.
      playheadPrftMs: NaN,
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

  protected applyLive(changed: readonly string[], next: EngineSettings): boolean {
    this.stats = NO_STATS; // the target may have changed
    const player = this.player;
    if (!player) return false;
    // Shaka's configure() reaches the running streaming engine and ABR manager.
    player.configure(shakaConfig(next, changed, this.lowLatency));
    this.applyLock();
    return true;
  }

  /** (getConfiguration() copies the whole configuration: read with the stats.) Live sync's target when it is on; else the MPD's ServiceDescription target, which Shaka then follows; else none. */
  private targetLatency(player: ShakaPlayer): number {
    const liveSync = player.getConfiguration().streaming.liveSync;
    return liveSync.enabled ? positive(liveSync.targetLatency) : this.serviceTargetS;
  }

  private lockedVideoId(): number | undefined {
    return this.lock >= 0 ? this.list.videoIds[this.lock] : undefined;
  }

  protected applyLock(): void {
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

  protected teardown(): void {
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

  protected create(): void {
    this.teardown();
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
    if ((event.kind === 'segment' || event.kind === 'part') && event.status >= 200 && event.status < 300) this.mediaLoaded();
  }

  private onError(player: ShakaPlayer, error: unknown): void {
    if (typeof error === 'object' && error !== null) {
      if (this.seenErrors.has(error)) return;
      this.seenErrors.add(error);
    }
    const { event, recoverable } = normalizeShakaError(error, this.loaded);
    if (!event) return;
    this.emit(event);
    this.recreateAfterError(event, recoverable, () => this.player === player);
  }
}
