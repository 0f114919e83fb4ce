import type { EngineSettings, SettingValue } from './engine.ts';
import { getPath, setPath, type Nested, type Preset, type SettingDef } from './settings-schema.ts';

/** A Shaka Player knob: a flat key for the UI and permalinks, and where Shaka's configuration keeps it. */
export interface ShakaSettingDef extends SettingDef {
  /** Dotted paths in Shaka's configuration (retry knobs set the manifest's and the media's alike); empty for knobs the adapter applies itself. */
  paths: readonly string[];
  /**
   * Shaka replaces this knob with its low-latency value when it loads a low-latency stream in
   * lowLatencyMode (Player.getConfigurationForLowLatency). Such a knob defaults to null here,
   * Shaka's choice: `plain` for other streams, `lowLatency` for low-latency ones; a number set
   * here wins on both.
   */
  shakaChoice?: { plain: number; lowLatency: number };
  /** Nullable numbers that Shaka holds as Infinity when unset (the ABR restrictions). */
  unsetInfinity?: boolean;
}

const RETRY = (key: string) => [`streaming.retryParameters.${key}`, `manifest.retryParameters.${key}`];

/**
 * The Shaka Player 5.2 knobs that matter for live latency, buffering, stalls and ABR, with Shaka's
 * defaults (the unit test compares each one with a real Shaka player's getConfiguration() and
 * getConfigurationForLowLatency()). Shaka's configure() reaches a running player for all of them
 * but those marked requiresReload, which Shaka reads only when it loads a stream:
 * - lowLatencyMode: the low-latency overrides are applied once, at load;
 * - defaultPresentationDelay and the manifest knobs: read when the live edge is first placed.
 * The recovery knobs are live: the playhead and the streaming engine hold the player's own
 * streaming configuration, which configure() changes in place, and read them at each use.
 */
export const SHAKA_SETTINGS: readonly ShakaSettingDef[] = [
  // Live sync
  { group: 'Live sync', key: 'lowLatencyMode', paths: ['streaming.lowLatencyMode'], label: 'Low-latency mode', type: 'boolean', default: true, requiresReload: true, help: 'Play low-latency streams as such: LL-HLS parts and preload hints, chunked LL-DASH, and the low-latency overrides of the knobs marked “low latency” below. Applies on (re)load.' },
  { group: 'Live sync', key: 'liveSyncEnabled', paths: ['streaming.liveSync.enabled'], label: 'Live sync', type: 'boolean', default: false, help: 'Change the playback rate to hold Target latency. Off: no catch-up unless the MPD has a ServiceDescription (its target and rates then apply).' },
  { group: 'Live sync', key: 'liveSyncTargetLatency', paths: ['streaming.liveSync.targetLatency'], label: 'Target latency', type: 'number', default: 0.5, min: 0, max: 60, step: 0.1, unit: 's', help: 'Latency live sync aims for, measured by Shaka from the end of the seek range (its liveLatency).' },
  { group: 'Live sync', key: 'liveSyncTolerance', paths: ['streaming.liveSync.targetLatencyTolerance'], label: 'Tolerance', type: 'number', default: 0.5, min: 0, max: 30, step: 0.05, unit: 's', help: 'Speed up above target + tolerance, slow down below target − tolerance, play at 1x in between.' },
  { group: 'Live sync', key: 'liveSyncMaxRate', paths: ['streaming.liveSync.maxPlaybackRate'], label: 'Fastest rate', type: 'number', default: 1.1, min: 1, max: 4, step: 0.01, help: 'Playback rate while behind the target by more than the tolerance.' },
  { group: 'Live sync', key: 'liveSyncMinRate', paths: ['streaming.liveSync.minPlaybackRate'], label: 'Slowest rate', type: 'number', default: 0.95, min: 0.1, max: 1, step: 0.01, help: 'Playback rate while ahead of the target by more than the tolerance (and in panic mode).' },
  { group: 'Live sync', key: 'liveSyncPanicMode', paths: ['streaming.liveSync.panicMode'], label: 'Panic mode', type: 'boolean', default: false, help: 'After a stall, play at the slowest rate for Panic threshold seconds to rebuild the buffer.' },
  { group: 'Live sync', key: 'liveSyncPanicThreshold', paths: ['streaming.liveSync.panicThreshold'], label: 'Panic threshold', type: 'number', default: 60, min: 0, max: 600, step: 1, unit: 's', help: 'How long panic mode lasts after a stall.' },
  { group: 'Live sync', key: 'defaultPresentationDelay', paths: ['manifest.defaultPresentationDelay'], label: 'Presentation delay', type: 'number', default: 0, min: 0, max: 120, step: 0.1, unit: 's', requiresReload: true, help: 'How far behind the live edge to start. 0: Shaka decides (LL-HLS: PART-HOLD-BACK; HLS: 3 target durations; DASH: @suggestedPresentationDelay, else 1.5 × minBufferTime). Applies on (re)load.' },
  // Buffer
  { group: 'Buffer', key: 'rebufferingGoal', paths: ['streaming.rebufferingGoal'], label: 'Rebuffering goal', type: 'number', default: 0, min: 0, max: 60, step: 0.1, unit: 's', help: 'Media needed ahead of the playhead to start or resume after a stall. 0: the manifest’s minBufferTime (DASH) or none.' },
  { group: 'Buffer', key: 'bufferingGoal', paths: ['streaming.bufferingGoal'], label: 'Buffering goal', type: 'number', default: 10, min: 0, max: 600, step: 0.5, unit: 's', help: 'Forward buffer Shaka fetches up to (on live streams the live edge comes first).' },
  { group: 'Buffer', key: 'bufferBehind', paths: ['streaming.bufferBehind'], label: 'Back buffer', type: 'number', default: 30, min: 0, max: 3600, step: 1, unit: 's', help: 'Played media kept behind the playhead.' },
  { group: 'Buffer', key: 'segmentPrefetchLimit', paths: ['streaming.segmentPrefetchLimit'], shakaChoice: { plain: 1, lowLatency: 2 }, label: 'Segment prefetch (low latency)', type: 'number', nullable: true, default: null, min: 0, max: 10, step: 1, integer: true, help: 'Segments (LL-HLS: parts) fetched ahead of the one being appended; 0 fetches one at a time. Empty: 1, or 2 on low-latency streams.' },
  { group: 'Buffer', key: 'inaccurateManifestTolerance', paths: ['streaming.inaccurateManifestTolerance'], shakaChoice: { plain: 2, lowLatency: 0 }, label: 'Inaccurate manifest tolerance (low latency)', type: 'number', nullable: true, default: null, min: 0, max: 10, step: 0.1, unit: 's', help: 'How far segment times may be off the manifest’s; Shaka starts that much earlier to be safe. Empty: 2 s, or 0 on low-latency streams.' },
  { group: 'Buffer', key: 'updateIntervalSeconds', paths: ['streaming.updateIntervalSeconds'], shakaChoice: { plain: 1, lowLatency: 0.1 }, label: 'Update interval (low latency)', type: 'number', nullable: true, default: null, min: 0.05, max: 10, step: 0.05, unit: 's', help: 'How often the streaming loop checks whether to fetch. Empty: 1 s, or 0.1 s on low-latency streams.' },
  { group: 'Buffer', key: 'stallEnabled', paths: ['streaming.stallEnabled'], label: 'Stall detection', type: 'boolean', default: true, help: 'Nudge the playhead when playback is stuck with media buffered.' },
  { group: 'Buffer', key: 'stallThreshold', paths: ['streaming.stallThreshold'], label: 'Stall threshold', type: 'number', default: 1, min: 0.1, max: 10, step: 0.1, unit: 's', help: 'How long the playhead may stand still with media buffered before Shaka calls it stuck.' },
  { group: 'Buffer', key: 'gapDetectionThreshold', paths: ['streaming.gapDetectionThreshold'], label: 'Gap jump threshold', type: 'number', default: 0.5, min: 0, max: 10, step: 0.1, unit: 's', help: 'Jump over holes in the buffer up to this long.' },
  // ABR
  { group: 'ABR', key: 'abrEnabled', paths: ['abr.enabled'], label: 'Automatic switching', type: 'boolean', default: true, help: 'Let Shaka’s ABR pick the rendition; off keeps the current one. A rendition lock turns it off while locked.' },
  { group: 'ABR', key: 'levelLock', paths: [], label: 'Lock rendition', type: 'number', default: -1, min: -1, max: 20, step: 1, integer: true, help: 'Manual rendition lock: -1 is automatic, otherwise the rendition index (0 = lowest).' },
  { group: 'ABR', key: 'defaultBandwidthEstimate', paths: ['abr.defaultBandwidthEstimate'], label: 'Start bandwidth', type: 'number', default: 1_000_000, min: 1000, max: 1_000_000_000, step: 1000, unit: 'bit/s', help: 'Bandwidth assumed until 128 kB have been measured; picks the first rendition.' },
  { group: 'ABR', key: 'useNetworkInformation', paths: ['abr.useNetworkInformation'], label: 'Use Network Information', type: 'boolean', default: true, help: 'Take the browser’s navigator.connection.downlink into the estimate. It reports the machine’s real link, not an emulated one: off for emulated networks.' },
  { group: 'ABR', key: 'bandwidthUpgradeTarget', paths: ['abr.bandwidthUpgradeTarget'], label: 'Upgrade target', type: 'number', default: 0.85, min: 0.05, max: 1, step: 0.05, help: 'Switch up when a rendition needs at most this fraction of the estimate.' },
  { group: 'ABR', key: 'bandwidthDowngradeTarget', paths: ['abr.bandwidthDowngradeTarget'], label: 'Downgrade target', type: 'number', default: 0.95, min: 0.05, max: 1, step: 0.05, help: 'Switch down when the current rendition needs more than this fraction of the estimate.' },
  { group: 'ABR', key: 'switchInterval', paths: ['abr.switchInterval'], label: 'Switch interval', type: 'number', default: 8, min: 0, max: 120, step: 0.5, unit: 's', help: 'Least time between two ABR switches.' },
  { group: 'ABR', key: 'abrFastHalfLife', paths: ['abr.advanced.fastHalfLife'], label: 'Fast half-life', type: 'number', default: 2, min: 0.1, max: 30, step: 0.1, unit: 's', help: 'Half-life of the fast bandwidth average (reacts to drops).' },
  { group: 'ABR', key: 'abrSlowHalfLife', paths: ['abr.advanced.slowHalfLife'], label: 'Slow half-life', type: 'number', default: 5, min: 0.1, max: 60, step: 0.1, unit: 's', help: 'Half-life of the slow bandwidth average; the estimate is the lower of the two.' },
  { group: 'ABR', key: 'minBandwidth', paths: ['abr.restrictions.minBandwidth'], label: 'Min bandwidth', type: 'number', default: 0, min: 0, max: 1_000_000_000, step: 1000, unit: 'bit/s', help: 'Never pick a rendition below this bandwidth.' },
  { group: 'ABR', key: 'maxBandwidth', paths: ['abr.restrictions.maxBandwidth'], unsetInfinity: true, label: 'Max bandwidth', type: 'number', nullable: true, default: null, min: 1000, max: 1_000_000_000, step: 1000, unit: 'bit/s', help: 'Never pick a rendition above this bandwidth. Empty: no limit.' },
  { group: 'ABR', key: 'maxHeight', paths: ['abr.restrictions.maxHeight'], unsetInfinity: true, label: 'Max height', type: 'number', nullable: true, default: null, min: 1, max: 10_000, step: 1, integer: true, unit: 'px', help: 'Never pick a rendition taller than this. Empty: no limit.' },
  { group: 'ABR', key: 'restrictToElementSize', paths: ['abr.restrictToElementSize'], label: 'Cap to player size', type: 'boolean', default: false, help: 'Never pick a rendition larger than the video element.' },
  // Retries (manifest and media alike)
  { group: 'Retries', key: 'retryMaxAttempts', paths: RETRY('maxAttempts'), label: 'Attempts', type: 'number', default: 2, min: 1, max: 20, step: 1, integer: true, help: 'Tries per request (manifest, playlist and media) before it fails.' },
  { group: 'Retries', key: 'retryBaseDelay', paths: RETRY('baseDelay'), shakaChoice: { plain: 1000, lowLatency: 100 }, label: 'Retry delay (low latency)', type: 'number', nullable: true, default: null, min: 0, max: 60_000, step: 50, unit: 'ms', help: 'Wait before the first retry (doubles each time). Empty: 1000 ms, or 100 ms on low-latency streams.' },
  { group: 'Retries', key: 'retryTimeout', paths: RETRY('timeout'), label: 'Request timeout', type: 'number', default: 30_000, min: 0, max: 120_000, step: 500, unit: 'ms', help: 'Give a request up after this long (0: never). A chunked LL-DASH segment takes its whole duration.' },
  { group: 'Retries', key: 'retryStallTimeout', paths: RETRY('stallTimeout'), label: 'Stall timeout', type: 'number', default: 5000, min: 0, max: 120_000, step: 500, unit: 'ms', help: 'Give a request up when no byte arrived for this long (0: never).' },
  // Recovery: what Shaka does after media requests fail or the live window has passed the playhead
  { group: 'Recovery', key: 'returnToEndOfLiveWindow', paths: ['streaming.returnToEndOfLiveWindowWhenOutside'], label: 'Back to live edge when outside', type: 'boolean', default: false, help: 'When the live window’s start has passed the playhead (after stalls or failed segments), jump back to the live edge; off, Shaka jumps only just inside the window’s start and stays that far behind live.' },
  { group: 'Recovery', key: 'maxDisabledTime', paths: ['streaming.maxDisabledTime'], shakaChoice: { plain: 30, lowLatency: 1 }, label: 'Disable failing rendition (low latency)', type: 'number', nullable: true, default: null, min: 0, max: 600, step: 1, unit: 's', help: 'After a segment or playlist request fails (HTTP error, not a timeout), leave that rendition out for this long and switch to another (automatic switching only); 0: never. Empty: 30 s, or 1 s on low-latency streams.' },
  // Manifest
  { group: 'Manifest', key: 'hlsLiveSegmentsDelay', paths: ['manifest.hls.liveSegmentsDelay'], label: 'HLS start segments', type: 'number', default: 3, min: 0, max: 20, step: 1, integer: true, requiresReload: true, help: 'HLS without parts: start this many segments behind the live edge. Applies on (re)load.' },
  { group: 'Manifest', key: 'dashIgnoreSuggestedPresentationDelay', paths: ['manifest.dash.ignoreSuggestedPresentationDelay'], label: 'Ignore suggestedPresentationDelay', type: 'boolean', default: false, requiresReload: true, help: 'DASH: do not start @suggestedPresentationDelay behind the live edge. Applies on (re)load.' },
  { group: 'Manifest', key: 'dashIgnoreMinBufferTime', paths: ['manifest.dash.ignoreMinBufferTime'], label: 'Ignore minBufferTime', type: 'boolean', default: false, requiresReload: true, help: 'DASH: do not use the MPD’s @minBufferTime as the rebuffering goal. Applies on (re)load.' },
];

const DEF_BY_KEY = new Map(SHAKA_SETTINGS.map((d) => [d.key, d]));

export function shakaSettingDef(key: string): ShakaSettingDef | undefined {
  return DEF_BY_KEY.get(key);
}

export const SHAKA_PRESETS: readonly Preset[] = [
  {
    id: 'lowest',
    name: 'Lowest latency',
    // 0.75 s, not 1 s: the lowest median with no stall on ll200 and dash-ll (docs/benchmarks.md, Shaka presets).
    description: 'Live sync on at 0.75 s (±0.25 s), catch-up 0.95-1.25x, fetches parts two ahead; ABR off the browser’s Network Information; retries after 100 ms; back to the live edge when it falls out of the window.',
    values: {
      liveSyncEnabled: true,
      liveSyncTargetLatency: 0.75,
      liveSyncTolerance: 0.25,
      liveSyncMaxRate: 1.25,
      useNetworkInformation: false,
      bufferBehind: 10,
      // Fallen out of the live window (a long stall on a slow link), rejoin at the live edge, not
      // at the window's start: under intra-cascade Shaka otherwise sat ~60 s behind for good.
      returnToEndOfLiveWindow: true,
    },
  },
  {
    id: 'balanced',
    name: 'Balanced',
    description: 'Live sync on at 2 s (±0.5 s), gentle catch-up (0.97-1.1x), panic mode after stalls; ABR off the browser’s Network Information; back to the live edge when it falls out of the window.',
    values: {
      liveSyncEnabled: true,
      liveSyncTargetLatency: 2,
      liveSyncMinRate: 0.97,
      liveSyncPanicMode: true,
      liveSyncPanicThreshold: 10,
      useNetworkInformation: false,
      returnToEndOfLiveWindow: true,
    },
  },
  { id: 'defaults', name: 'Shaka defaults', description: 'Exactly what Shaka Player does out of the box (low-latency mode on, no live sync unless the MPD asks for it).', values: {} },
];

const isNumber = (v: SettingValue | undefined): v is number => typeof v === 'number';

/** Rules between knobs: a message when the combination would not do what it seems to. */
export function crossValidateShaka(s: EngineSettings): string | null {
  const min = s.liveSyncMinRate;
  const max = s.liveSyncMaxRate;
  if (isNumber(min) && isNumber(max) && min > max) return 'The slowest live sync rate must not be above the fastest';
  if (isNumber(s.minBandwidth) && isNumber(s.maxBandwidth) && s.minBandwidth > s.maxBandwidth) return 'Min bandwidth must not be above Max bandwidth';
  if (isNumber(s.bandwidthUpgradeTarget) && isNumber(s.bandwidthDowngradeTarget) && s.bandwidthUpgradeTarget > s.bandwidthDowngradeTarget) {
    return 'The upgrade target must not be above the downgrade target: Shaka would switch up and straight back down';
  }
  if (isNumber(s.rebufferingGoal) && isNumber(s.bufferingGoal) && s.bufferingGoal > 0 && s.rebufferingGoal > s.bufferingGoal) {
    return 'The rebuffering goal must not be above the buffering goal: Shaka would never fetch enough to resume';
  }
  return null;
}

/** Our value of a knob as Shaka wants it, for a stream that is (or is not) low-latency. */
export function toShakaValue(def: ShakaSettingDef, value: SettingValue, lowLatency = false): unknown {
  if (value !== null) return value;
  if (def.unsetInfinity) return Infinity;
  if (def.shakaChoice) return lowLatency ? def.shakaChoice.lowLatency : def.shakaChoice.plain;
  return def.default;
}

/** Shaka's value of a knob as our settings hold it (the inverse of toShakaValue). */
export function fromShakaValue(def: ShakaSettingDef, raw: unknown): SettingValue {
  if (def.unsetInfinity && raw === Infinity) return null;
  return typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'string' ? raw : null;
}


const valueOf = (settings: EngineSettings, def: ShakaSettingDef): SettingValue => (settings[def.key] === undefined ? def.default : settings[def.key]!);

/**
 * The configure() object for the given knobs. Knobs with a low-latency override take their plain
 * value here; the low-latency one goes through shakaLowLatencyConfig.
 */
export function shakaConfig(settings: EngineSettings, keys: Iterable<string> = DEF_BY_KEY.keys(), lowLatency = false): Nested {
  const config: Nested = {};
  for (const key of keys) {
    const def = DEF_BY_KEY.get(key);
    if (!def) continue;
    for (const path of def.paths) setPath(config, path, toShakaValue(def, valueOf(settings, def), lowLatency));
  }
  return config;
}

/**
 * Shaka's low-latency overrides (what getConfigurationForLowLatency returns) with the knobs the
 * user set on top: Shaka applies this object when it loads a low-latency stream, after (and over)
 * the player's configuration, so a value set here must be set in both.
 */
export function shakaLowLatencyConfig(shakaOverrides: object, settings: EngineSettings): Nested {
  const config = structuredClone(shakaOverrides) as Nested;
  for (const def of SHAKA_SETTINGS) {
    if (!def.shakaChoice) continue;
    const value = valueOf(settings, def);
    if (value !== null) for (const path of def.paths) setPath(config, path, value);
  }
  return config;
}

/** The knobs as a Shaka configuration holds them, in our keys and values (null where Shaka holds its own choice). */
export function readShakaSettings(config: unknown, lowLatency = false): EngineSettings {
  const out: EngineSettings = {};
  for (const def of SHAKA_SETTINGS) {
    const path = def.paths[0];
    if (!path) continue;
    const raw = getPath(config, path);
    const choice = def.shakaChoice ? (lowLatency ? def.shakaChoice.lowLatency : def.shakaChoice.plain) : undefined;
    out[def.key] = choice !== undefined && raw === choice ? null : fromShakaValue(def, raw);
  }
  return out;
}
