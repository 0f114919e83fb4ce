import Hls, { type ErrorData, type HlsConfig } from 'hls.js';
import { MAX_RECOVERIES, recoveryDelayMs, type Engine, type EngineEvent, type EngineSettings, type EngineSnapshot, type Rendition, type SettingValue } from './engine.ts';
import { normalizeError, normalizeFragLoaded, normalizePlaylistLoaded, renditionOf } from './hls-normalize.ts';
import { HLS_SETTINGS } from './hls-settings.ts';
import { changedKeys, getPath, setPath, type Nested } from './settings-schema.ts';
import { detectStalls } from './stall-detector.ts';

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

/** The hls.js adapter: one Hls instance on one video element, events normalised. */
export class HlsEngine implements Engine {
  readonly name = 'hls' as const;
  private hls: Hls | null = null;
  private url: string | null = null;
  private settings: EngineSettings;
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private detachStalls: () => void;
  private renderedLevel = -1;
  private recoveries = 0;
  private recovering = false;
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    settings: EngineSettings,
  ) {
    this.settings = { ...settings };
    this.detachStalls = detectStalls(video, (e) => this.emit(e));
  }

  static isSupported(): boolean {
    return Hls.isSupported();
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(url: string): void {
    this.url = url;
    this.create();
  }

  destroy(): void {
    this.cancelRecovery();
    this.hls?.destroy();
    this.hls = null;
    this.detachStalls();
    this.detachStalls = () => undefined;
    this.listeners.clear();
  }

  applySettings(next: EngineSettings): void {
    const changed = changedKeys(this.settings, next);
    if (changed.length === 0) return;
    this.settings = { ...next };
    const hls = this.hls;
    // startLevel only matters at start; unsetting a target latency cannot be undone live.
    const reload =
      !hls ||
      changed.some((k) => HLS_SETTINGS.find((d) => d.key === k)?.requiresReload) ||
      (changed.includes('targetLatency') && next.targetLatency === null);
    if (reload) {
      if (this.url) this.create();
    } else if (hls) {
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
        else if (key === 'levelLock') this.setRenditionLock(typeof value === 'number' ? value : -1);
        else config[key] = value === null ? defaults[key] : value;
      }
    }
    this.emit({ type: 'settings-applied', changed, reloaded: reload });
  }

  setRenditionLock(index: number): void {
    const hls = this.hls;
    if (!hls) return;
    // nextLevel switches at the next fragment without flushing the buffer (no self-made stall).
    hls.nextLevel = index >= 0 && index < hls.levels.length ? index : -1;
  }

  snapshot(): EngineSnapshot {
    const hls = this.hls;
    if (!hls) return { latencyS: NaN, targetLatencyS: NaN, playheadDateMs: NaN, rendition: null, bandwidthEstimateBps: NaN };
    const latency = hls.latency;
    const target = hls.targetLatency;
    return {
      latencyS: latency > 0 ? latency : NaN,
      targetLatencyS: typeof target === 'number' && target > 0 ? target : NaN,
      playheadDateMs: hls.playingDate?.getTime() ?? NaN,
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

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private cancelRecovery(): void {
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
  }

  private create(): void {
    this.cancelRecovery();
    this.hls?.destroy();
    this.renderedLevel = -1;
    this.recoveries = 0;
    const hls = new Hls({ ...toHlsConfig(this.settings), enableWorker: true });
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_LOADED, (_e, data) => {
      this.emit(normalizePlaylistLoaded('manifest', data.url, data.stats, null, hls.levels, null, data.networkDetails));
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.emit({ type: 'renditions', renditions: this.renditions() });
      const lock = this.settings.levelLock;
      if (typeof lock === 'number' && lock >= 0) this.setRenditionLock(lock);
      if (typeof this.settings.targetLatency === 'number') hls.targetLatency = this.settings.targetLatency;
      void this.video.play().catch(() => undefined);
    });
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      this.emit(normalizePlaylistLoaded('playlist', data.details.url, data.stats, data.level, hls.levels, data.deliveryDirectives, data.networkDetails));
    });
    hls.on(Hls.Events.FRAG_LOADED, (_e, data) => {
      this.emit(normalizeFragLoaded(data.frag, data.part, hls.levels, data.networkDetails));
      if (this.recovering) {
        this.recovering = false;
        this.emit({ type: 'recovered', detail: 'media loading again' });
      }
      this.recoveries = 0;
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
    for (const event of normalizeError(data, hls.levels)) this.emit(event);
    if (!data.fatal) return;
    // The manifest never loaded: nothing to recover, the UI says why.
    const unrecoverable =
      data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR ||
      data.details === Hls.ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
      data.details === Hls.ErrorDetails.MANIFEST_PARSING_ERROR ||
      data.details === Hls.ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR ||
      this.recoveries >= MAX_RECOVERIES;
    if (unrecoverable) {
      this.cancelRecovery();
      hls.destroy();
      if (this.hls === hls) this.hls = null;
      return;
    }
    this.recoveries++;
    this.recovering = true;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      hls.recoverMediaError();
      return;
    }
    // hls.js stops loading on a fatal network error (an audio playlist it may not retry, all
    // renditions failing): load again, backing off, so an outage does not use up every try at once.
    this.cancelRecovery();
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      if (this.hls === hls) hls.startLoad();
    }, recoveryDelayMs(this.recoveries));
  }
}
