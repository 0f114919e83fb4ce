import Hls, { type ErrorData, type HlsConfig } from 'hls.js';
import type { EngineSettings, EngineSnapshot, Rendition, SettingValue } from './engine.ts';
import { EMPTY_SNAPSHOT, EngineBase } from './engine-base.ts';
import { normalizeError, normalizeFragLoaded, normalizePlaylistLoaded, renditionOf } from './hls-normalize.ts';
import { HLS_SETTINGS } from './hls-settings.ts';
import { PrftAnchors } from './prft-anchors.ts';
import { findPrfts, type Prft } from '../shared/prft.ts';
import { getPath, setPath, type Nested } from './settings-schema.ts';

/** Knobs the adapter applies itself instead of copying into hls.config. */
const RUNTIME_KEYS = new Set(['targetLatency', 'levelLock']);

/**
 * Sets a knob inside a load policy on a copy of the policy (hls.js may share the policy objects
 * with its DefaultConfig, which must not change under other players).
 */
function setPolicyValue(config: Nested, path: string, value: SettingValue, defaults: Nested): void {
  const [policyName, ...rest] = path.split('.');
  const current = config[policyName!] ?? defaults[policyName!];
  const copy = JSON.parse(JSON.stringify(current ?? {})) as Nested;
  setPath(copy, rest.join('.'), value === null ? getPath(defaults, path) : value);
  config[policyName!] = copy;
}

/**
 * The hls.js config for a settings object, with only what differs from hls.js's defaults:
 * hls.js treats some keys as "user-set" merely by being present (a liveSyncDurationCount in
 * the config overrides PART-HOLD-BACK even at its default value).
 */
export function toHlsConfig(settings: EngineSettings): Partial<HlsConfig> {
  const config: Nested = {};
  const defaults = Hls.DefaultConfig as unknown as Nested;
  for (const def of HLS_SETTINGS) {
    const value = settings[def.key];
    if (RUNTIME_KEYS.has(def.key) || value === null || value === undefined || value === def.default) continue;
    if (def.path) setPolicyValue(config, def.path, value, defaults);
    else config[def.key] = value;
  }
  // hls.js throws unless liveSyncDurationCount is in the config whenever liveMaxLatencyDurationCount is.
  if ('liveMaxLatencyDurationCount' in config && !('liveSyncDurationCount' in config)) {
    config.liveSyncDurationCount = settings.liveSyncDurationCount ?? 3;
  }
  return config as Partial<HlsConfig>;
}

/** Fatal errors a new try cannot fix: the multivariant playlist never loaded, or names codecs this browser lacks. */
const FINAL_DETAILS = new Set<string>([
  Hls.ErrorDetails.MANIFEST_LOAD_ERROR,
  Hls.ErrorDetails.MANIFEST_LOAD_TIMEOUT,
  Hls.ErrorDetails.MANIFEST_PARSING_ERROR,
  Hls.ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR,
]);

/** The hls.js adapter: one Hls instance on one video element, events normalised. */
export class HlsEngine extends EngineBase {
  readonly name = 'hls' as const;
  private hls: Hls | null = null;
  private renderedLevel = -1;
  /** prft boxes of loaded main fragments until they are buffered (hls.js knows their true start then); at most a few in flight. */
  private pendingPrft = new Map<string, Prft[]>();
  private readonly prft = new PrftAnchors();

  constructor(video: HTMLVideoElement, settings: EngineSettings) {
    super(video, settings, HLS_SETTINGS);
  }

  static isSupported(): boolean {
    return Hls.isSupported();
  }

  snapshot(): EngineSnapshot {
    const hls = this.hls;
    if (!hls) return EMPTY_SNAPSHOT;
    const latency = hls.latency;
    const target = hls.targetLatency;
    return {
      latencyS: latency > 0 ? latency : NaN,
      targetLatencyS: typeof target === 'number' && target > 0 ? target : NaN,
      playheadDateMs: hls.playingDate?.getTime() ?? NaN,
      playheadPrftMs: this.prft.wallAt(this.video.currentTime),
      rendition: renditionOf(hls.levels, this.renderedLevel >= 0 ? this.renderedLevel : hls.currentLevel),
      bandwidthEstimateBps: hls.bandwidthEstimate,
    };
  }

  effectiveSettings(): Record<string, unknown> {
    const hls = this.hls;
    if (!hls) return {};
    const config = hls.config as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const def of HLS_SETTINGS) if (!RUNTIME_KEYS.has(def.key)) out[def.key] = def.path ? getPath(config, def.path) : config[def.key];
    out.targetLatency = hls.targetLatency;
    out.levelLock = hls.autoLevelEnabled ? -1 : hls.nextLoadLevel;
    return out;
  }

  renditions(): Rendition[] {
    const levels = this.hls?.levels ?? [];
    return levels.map((_, i) => renditionOf(levels, i)).filter((r): r is Rendition => r !== null);
  }

  protected applyLive(changed: readonly string[], next: EngineSettings): boolean {
    const hls = this.hls;
    // Unsetting a target latency cannot be undone live.
    if (!hls || (changed.includes('targetLatency') && next.targetLatency === null)) return false;
    const config = hls.config as unknown as Nested;
    const defaults = Hls.DefaultConfig as unknown as Nested;
    for (const key of changed) {
      const value = next[key];
      const path = HLS_SETTINGS.find((d) => d.key === key)?.path;
      if (path) setPolicyValue(config, path, value ?? null, defaults);
      else if (key === 'lowLatencyMode') hls.lowLatencyMode = value === true;
      else if (key === 'capLevelToPlayerSize') hls.capLevelToPlayerSize = value === true;
      else if (key === 'abrEwmaDefaultEstimate' && typeof value === 'number') hls.bandwidthEstimate = value;
      else if (key === 'targetLatency' && typeof value === 'number') hls.targetLatency = value;
      else if (key === 'levelLock') this.applyLock();
      else config[key] = value === null ? defaults[key] : value;
    }
    return true;
  }

  protected applyLock(): void {
    const hls = this.hls;
    if (!hls) return;
    // nextLevel switches at the next fragment without flushing the buffer (no self-made stall).
    hls.nextLevel = this.lock >= 0 && this.lock < hls.levels.length ? this.lock : -1;
  }

  private keepPrft(key: string, payload: ArrayBuffer): void {
    // hls.js may have handed the bytes to a demux worker already (a detached buffer reads as 0
    // bytes): then there is no prft to read, which must not break hls.js's own event handling.
    if (payload.byteLength === 0) return;
    const prfts = findPrfts(new Uint8Array(payload));
    if (prfts.length === 0) return;
    this.pendingPrft.set(key, prfts);
    if (this.pendingPrft.size > 16) this.pendingPrft.delete(this.pendingPrft.keys().next().value!);
  }

  protected teardown(): void {
    this.hls?.destroy();
    this.hls = null;
  }

  protected create(): void {
    this.teardown();
    this.renderedLevel = -1;
    this.pendingPrft.clear();
    this.prft.clear();
    const hls = new Hls({ ...toHlsConfig(this.settings), enableWorker: true });
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_LOADED, (_e, data) => {
      this.emit(normalizePlaylistLoaded('manifest', data.url, data.stats, null, hls.levels, null, data.networkDetails));
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.emit({ type: 'renditions', renditions: this.renditions() });
      if (this.lock >= 0) this.applyLock();
      if (typeof this.settings.targetLatency === 'number') hls.targetLatency = this.settings.targetLatency;
      void this.video.play().catch(() => undefined);
    });
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      this.emit(normalizePlaylistLoaded('playlist', data.details.url, data.stats, data.level, hls.levels, data.deliveryDirectives, data.networkDetails));
    });
    hls.on(Hls.Events.FRAG_LOADED, (_e, data) => {
      this.emit(normalizeFragLoaded(data.frag, data.part, hls.levels, data.networkDetails));
      this.mediaLoaded();
      // Main fragments only, whole ones only (an LL-HLS part has no prft of its own to map).
      if (data.frag.type === 'main' && !data.part) this.keepPrft(`${data.frag.level}/${String(data.frag.sn)}`, data.payload);
    });
    hls.on(Hls.Events.FRAG_BUFFERED, (_e, data) => {
      if (data.frag.type !== 'main') return;
      const key = `${data.frag.level}/${String(data.frag.sn)}`;
      const prfts = this.pendingPrft.get(key);
      this.pendingPrft.delete(key);
      if (prfts) this.prft.add(data.frag.start, data.frag.duration, prfts);
    });
    hls.on(Hls.Events.LEVEL_SWITCHING, (_e, data) => {
      const r = renditionOf(hls.levels, data.level);
      if (r) this.emit({ type: 'switch-requested', rendition: r });
    });
    hls.on(Hls.Events.FRAG_CHANGED, (_e, data) => {
      if (data.frag.level === this.renderedLevel) return;
      // The first rendition on screen after a load is not a switch.
      const isSwitch = this.renderedLevel >= 0;
      this.renderedLevel = data.frag.level;
      const r = renditionOf(hls.levels, data.frag.level);
      if (r && isSwitch) this.emit({ type: 'switch-rendered', rendition: r });
    });
    hls.on(Hls.Events.ERROR, (_e, data) => this.onError(hls, data));
    hls.attachMedia(this.video);
    if (this.url) hls.loadSource(this.url);
  }

  private onError(hls: Hls, data: ErrorData): void {
    const events = normalizeError(data, hls.levels);
    for (const event of events) this.emit(event);
    const current = () => this.hls === hls;
    this.afterError(
      events[0],
      !FINAL_DETAILS.has(data.details),
      // hls.js recovers a media error in place. It stops loading on a fatal network error (an
      // audio playlist it may not retry, all renditions failing): load again.
      () => {
        if (!current()) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
        else hls.startLoad();
      },
      () => {
        if (current()) this.teardown();
      },
    );
  }
}
