import type { MediaPlayerSettingClass } from 'dashjs';
import type { EngineSettings, SettingValue } from './engine.ts';
import { getPath, setPath, type Nested, type Preset, type SettingDef } from './settings-schema.ts';

/** A dash.js knob: a flat key for the UI and permalinks, and where dash.js keeps it. */
export interface DashSettingDef extends SettingDef {
  /** Dotted path in dash.js's settings object, or null for knobs the adapter applies itself. */
  path: string | null;
  /** Nullable numbers: the dash.js value that means "not set" (NaN unless given; the bitrates use -1). */
  unset?: number;
  /** An auto/on/off choice for a dash.js boolean whose null means "dash.js decides". */
  triState?: boolean;
}

const TRI_STATE = ['auto', 'on', 'off'];

const CATCHUP_MODES = ['liveCatchupModeDefault', 'liveCatchupModeLoLP', 'liveCatchupModeStep'];

const THROUGHPUT_MODES = [
  'throughputCalculationModeEwma',
  'throughputCalculationModeZlema',
  'throughputCalculationModeArithmeticMean',
  'throughputCalculationModeByteSizeWeightedArithmeticMean',
  'throughputCalculationModeDateWeightedArithmeticMean',
  'throughputCalculationModeHarmonicMean',
  'throughputCalculationModeByteSizeWeightedHarmonicMean',
  'throughputCalculationModeDateWeightedHarmonicMean',
];

// dash.js 5.2.1 also defines lowLatencyDownloadTimeCalculationModeAast, but its FetchLoader
// implements only these two: with Aast a chunked download yields no throughput sample at all.
const LL_DOWNLOAD_TIME_MODES = ['lowLatencyDownloadTimeCalculationModeMoofParsing', 'lowLatencyDownloadTimeCalculationModeDownloadedData'];

/** The ABR rules that choose a rendition (abandonRequestsRule only aborts downloads). */
export const QUALITY_RULE_KEYS = ['throughputRule', 'bolaRule', 'insufficientBufferRule', 'switchHistoryRule', 'droppedFramesRule', 'l2ARule', 'loLPRule'] as const;

function rule(key: string, label: string, active: boolean, help: string, requiresReload = false): DashSettingDef {
  return { group: 'ABR rules', key, label, type: 'boolean', default: active, path: `streaming.abr.rules.${key}.active`, help, ...(requiresReload ? { requiresReload } : {}) };
}

/**
 * The dash.js knobs that matter for live latency and ABR, with dash.js 5.2.1's defaults (the unit
 * test compares each one with a real dash.js player's getSettings()). dash.js reads most of them
 * where it uses them, so updateSettings() applies them to a running player. Marked
 * requiresReload, because dash.js reads them only when a stream starts:
 * - applyServiceDescription: the MPD's ServiceDescription is copied when the MPD is applied and
 *   never removed again;
 * - initialBitrate, lastBitrateCaching: only the first rendition choice reads them;
 * - ewma half-lives: copied once when the throughput model is created;
 * - throughputRule, bolaRule: which of the two is in use is latched per stream (unless both are
 *   on), so switching them live can leave neither in use.
 */
export const DASH_SETTINGS: readonly DashSettingDef[] = [
  // Live sync
  { group: 'Live sync', key: 'liveDelay', path: 'streaming.delay.liveDelay', label: 'Target latency', type: 'number', nullable: true, default: null, min: 0.1, max: 60, step: 0.1, unit: 's', help: 'dash.js’s target latency (its liveDelay, read back by getTargetLiveDelay). Wins over the count below and over the MPD’s ServiceDescription. Empty: the count, else the ServiceDescription target, else @suggestedPresentationDelay, else 4 segments.' },
  { group: 'Live sync', key: 'liveDelayFragmentCount', path: 'streaming.delay.liveDelayFragmentCount', label: 'Target latency count', type: 'number', nullable: true, default: null, min: 0, max: 20, step: 0.5, unit: 'segments', help: 'Target latency in segment durations; ignored when Target latency is set. Empty: not used.' },
  { group: 'Live sync', key: 'useSuggestedPresentationDelay', path: 'streaming.delay.useSuggestedPresentationDelay', label: 'Use suggestedPresentationDelay', type: 'boolean', default: true, help: 'Use the MPD’s @suggestedPresentationDelay when no setting and no ServiceDescription sets the target.' },
  { group: 'Live sync', key: 'applyServiceDescription', path: 'streaming.applyServiceDescription', label: 'Use ServiceDescription', type: 'boolean', default: true, requiresReload: true, help: 'Take the latency target, max drift and catch-up rates from the MPD’s ServiceDescription. Read when the MPD is applied: changing it re-creates the player.' },
  // Catch-up
  { group: 'Catch-up', key: 'catchupEnabled', path: 'streaming.liveCatchup.enabled', triState: true, label: 'Catch-up', type: 'choice', choices: TRI_STATE, default: 'auto', help: 'Change the playback rate to hold the target latency. auto: on for low-latency (chunked) streams, off otherwise.' },
  { group: 'Catch-up', key: 'catchupMode', path: 'streaming.liveCatchup.mode', label: 'Catch-up mode', type: 'choice', choices: CATCHUP_MODES, default: 'liveCatchupModeDefault', help: 'Default: rate from the latency error. LoLP (LoL+): also slows down while the buffer is below Min buffer. Step: changes the rate only outside a window around the target.' },
  { group: 'Catch-up', key: 'catchupRateMin', path: 'streaming.liveCatchup.playbackRate.min', label: 'Slowest rate (change)', type: 'number', nullable: true, default: null, min: -0.5, max: 0, step: 0.01, help: 'Lowest catch-up rate as a change from 1 (-0.04 plays at 0.96x). Empty: the MPD’s ServiceDescription, else -0.5. Setting either rate makes dash.js ignore both MPD rates.' },
  { group: 'Catch-up', key: 'catchupRateMax', path: 'streaming.liveCatchup.playbackRate.max', label: 'Fastest rate (change)', type: 'number', nullable: true, default: null, min: 0, max: 1, step: 0.01, help: 'Highest catch-up rate as a change from 1 (0.04 plays at 1.04x). Empty: the MPD’s ServiceDescription, else 0.5.' },
  { group: 'Catch-up', key: 'maxDrift', path: 'streaming.liveCatchup.maxDrift', label: 'Max drift', type: 'number', nullable: true, default: null, min: 0, max: 60, step: 0.1, unit: 's', help: 'Seek back to the target when the latency exceeds it by more than this; 0 never seeks. Empty: the ServiceDescription’s Latency@max − target + 0.5 s, else 12 s.' },
  { group: 'Catch-up', key: 'playbackBufferMin', path: 'streaming.liveCatchup.playbackBufferMin', label: 'Min buffer (LoLP)', type: 'number', default: 0.5, min: 0, max: 10, step: 0.05, unit: 's', help: 'LoLP mode only: below this forward buffer, slow down instead of catching up.' },
  // Buffer
  { group: 'Buffer', key: 'lowLatencyStallThreshold', path: 'streaming.buffer.lowLatencyStallThreshold', label: 'Empty threshold (low latency)', type: 'number', default: 0.3, min: 0, max: 5, step: 0.05, unit: 's', help: 'Low-latency streams: forward buffer at or below which dash.js calls the buffer empty (catch-up then holds rate 1 until the buffer is back above half the target).' },
  { group: 'Buffer', key: 'stallThreshold', path: 'streaming.buffer.stallThreshold', label: 'Empty threshold', type: 'number', default: 0.3, min: 0, max: 5, step: 0.05, unit: 's', help: 'The same for other streams.' },
  { group: 'Buffer', key: 'bufferTimeDefault', path: 'streaming.buffer.bufferTimeDefault', label: 'Buffer target', type: 'number', default: 18, min: 1, max: 600, step: 1, unit: 's', help: 'Forward buffer dash.js aims for below the top rendition; on live streams never more than the target latency.' },
  { group: 'Buffer', key: 'bufferTimeAtTopQuality', path: 'streaming.buffer.bufferTimeAtTopQuality', label: 'Buffer target at top', type: 'number', default: 30, min: 1, max: 600, step: 1, unit: 's', help: 'Forward buffer dash.js aims for at the top rendition.' },
  { group: 'Buffer', key: 'bufferToKeep', path: 'streaming.buffer.bufferToKeep', label: 'Back buffer', type: 'number', default: 20, min: 0, max: 3600, step: 1, unit: 's', help: 'Played media kept behind the playhead.' },
  { group: 'Buffer', key: 'fastSwitchEnabled', path: 'streaming.buffer.fastSwitchEnabled', triState: true, label: 'Fast switch', type: 'choice', choices: TRI_STATE, default: 'auto', help: 'On a switch up, replace media already buffered at the lower quality. auto: off for low-latency streams, on otherwise.' },
  { group: 'Buffer', key: 'jumpGaps', path: 'streaming.gaps.jumpGaps', label: 'Jump gaps', type: 'boolean', default: true, help: 'Jump over holes in the buffer instead of stalling at them.' },
  { group: 'Buffer', key: 'smallGapLimit', path: 'streaming.gaps.smallGapLimit', label: 'Small gap limit', type: 'number', default: 1.5, min: 0, max: 10, step: 0.1, unit: 's', help: 'Holes up to this long count as small gaps.' },
  { group: 'Buffer', key: 'jumpLargeGaps', path: 'streaming.gaps.jumpLargeGaps', label: 'Jump large gaps', type: 'boolean', default: true, help: 'Also jump holes longer than the small gap limit.' },
  { group: 'Buffer', key: 'gapThreshold', path: 'streaming.gaps.threshold', label: 'Gap threshold', type: 'number', default: 0.3, min: 0, max: 5, step: 0.05, unit: 's', help: 'A stop this close to the end of a buffered range counts as being at a gap.' },
  { group: 'Stalls', key: 'enableStallFix', path: 'streaming.gaps.enableStallFix', label: 'Stall fix', type: 'boolean', default: false, help: 'On a stall with data buffered ahead, seek forward by the stall seek below.' },
  { group: 'Stalls', key: 'stallSeek', path: 'streaming.gaps.stallSeek', label: 'Stall seek', type: 'number', default: 0.1, min: 0, max: 2, step: 0.05, unit: 's', help: 'How far the stall fix seeks forward.' },
  { group: 'Loading', key: 'schedulingTimeout', path: 'streaming.scheduling.defaultTimeout', label: 'Scheduling interval', type: 'number', default: 500, min: 0, max: 5000, step: 50, integer: true, unit: 'ms', help: 'How often dash.js checks whether to request the next segment (other streams).' },
  { group: 'Loading', key: 'lowLatencySchedulingTimeout', path: 'streaming.scheduling.lowLatencyTimeout', label: 'Scheduling interval (low latency)', type: 'number', default: 0, min: 0, max: 5000, step: 50, integer: true, unit: 'ms', help: 'The same for low-latency streams; 0 requests the next segment as soon as the last one is in.' },
  { group: 'Loading', key: 'fragmentRequestTimeout', path: 'streaming.fragmentRequestTimeout', label: 'Segment timeout', type: 'number', default: 20_000, min: 0, max: 120_000, step: 500, integer: true, unit: 'ms', help: 'A segment request taking longer is aborted and retried; 0 never times out.' },
  { group: 'Loading', key: 'segmentRetries', path: 'streaming.retryAttempts.MediaSegment', label: 'Segment retries', type: 'number', default: 3, min: 0, max: 20, step: 1, integer: true, unit: 'tries', help: 'Retries of a failed media segment request (times 5 on low-latency streams).' },
  { group: 'Loading', key: 'segmentRetryIntervalMs', path: 'streaming.retryIntervals.MediaSegment', label: 'Segment retry interval', type: 'number', default: 1000, min: 0, max: 30_000, step: 100, integer: true, unit: 'ms', help: 'Wait between retries of a media segment (divided by 10 on low-latency streams).' },
  // ABR
  { group: 'ABR', key: 'autoSwitchBitrate', path: 'streaming.abr.autoSwitchBitrate.video', label: 'Automatic video switching', type: 'boolean', default: true, help: 'Let the ABR rules pick the video rendition; off keeps the current one. A rendition lock turns it off while locked.' },
  { group: 'ABR', key: 'levelLock', path: null, label: 'Lock rendition', type: 'number', default: -1, min: -1, max: 20, step: 1, integer: true, help: 'Manual video rendition lock: -1 is automatic, otherwise the rendition index (0 = lowest).' },
  { group: 'ABR', key: 'initialBitrate', path: 'streaming.abr.initialBitrate.video', unset: -1, label: 'Start bitrate', type: 'number', nullable: true, default: null, min: 1, max: 1_000_000, step: 100, unit: 'kbit/s', requiresReload: true, help: 'Pick the first video rendition for this bitrate. Empty: the bitrate saved by the last session (see below), else 1000 kbit/s. Applies on (re)load.' },
  { group: 'ABR', key: 'minBitrate', path: 'streaming.abr.minBitrate.video', unset: -1, label: 'Min bitrate', type: 'number', nullable: true, default: null, min: 1, max: 1_000_000, step: 100, unit: 'kbit/s', help: 'Never pick a video rendition below this. Empty: no limit (or the ServiceDescription’s).' },
  { group: 'ABR', key: 'maxBitrate', path: 'streaming.abr.maxBitrate.video', unset: -1, label: 'Max bitrate', type: 'number', nullable: true, default: null, min: 1, max: 1_000_000, step: 100, unit: 'kbit/s', help: 'Never pick a video rendition above this. Empty: no limit (or the ServiceDescription’s).' },
  { group: 'ABR', key: 'limitBitrateByPortal', path: 'streaming.abr.limitBitrateByPortal', label: 'Cap to player size', type: 'boolean', default: false, help: 'Never pick a rendition larger than the video element.' },
  { group: 'ABR', key: 'bandwidthSafetyFactor', path: 'streaming.abr.throughput.bandwidthSafetyFactor', label: 'Bandwidth safety factor', type: 'number', default: 0.9, min: 0.1, max: 1, step: 0.05, help: 'Fraction of the throughput estimate a rendition may use.' },
  { group: 'ABR', key: 'averageCalculationMode', path: 'streaming.abr.throughput.averageCalculationMode', label: 'Throughput average', type: 'choice', choices: THROUGHPUT_MODES, default: 'throughputCalculationModeEwma', help: 'How throughput samples are combined into the estimate.' },
  { group: 'ABR', key: 'lowLatencyDownloadTimeCalculationMode', path: 'streaming.abr.throughput.lowLatencyDownloadTimeCalculationMode', label: 'Chunked download time', type: 'choice', choices: LL_DOWNLOAD_TIME_MODES, default: 'lowLatencyDownloadTimeCalculationModeMoofParsing', help: 'How the transfer time of a chunked segment (which takes as long as the segment lasts) is estimated: from moof/mdat arrival times, or from the spacing of the data received.' },
  { group: 'ABR', key: 'hybridSwitchBufferTime', path: 'streaming.abr.hybridSwitchBufferTime', label: 'BOLA switch-over buffer', type: 'number', default: 12, min: 0, max: 120, step: 0.5, unit: 's', help: 'With Throughput and BOLA both on: dash.js moves from throughput to BOLA once the buffer holds this much.' },
  { group: 'ABR', key: 'useDeadTimeLatency', path: 'streaming.abr.throughput.useDeadTimeLatency', label: 'Subtract request latency', type: 'boolean', default: true, help: 'Leave the time to first byte out of throughput samples.' },
  { group: 'ABR', key: 'throughputSamplesLive', path: 'streaming.abr.throughput.sampleSettings.live', label: 'Throughput samples (live)', type: 'number', default: 3, min: 1, max: 20, step: 1, integer: true, help: 'Samples the non-EWMA throughput averages use on live streams.' },
  { group: 'ABR', key: 'ewmaFastHalfLife', path: 'streaming.abr.throughput.ewma.throughputFastHalfLifeSeconds', label: 'EWMA fast half-life', type: 'number', default: 3, min: 0.5, max: 30, step: 0.5, unit: 's', requiresReload: true, help: 'Half-life of the fast throughput average (reacts to drops). Applies on (re)load.' },
  { group: 'ABR', key: 'ewmaSlowHalfLife', path: 'streaming.abr.throughput.ewma.throughputSlowHalfLifeSeconds', label: 'EWMA slow half-life', type: 'number', default: 8, min: 1, max: 60, step: 0.5, unit: 's', requiresReload: true, help: 'Half-life of the slow throughput average; the estimate is the lower of the two. Applies on (re)load.' },
  { group: 'ABR', key: 'lastBitrateCaching', path: 'streaming.lastBitrateCachingInfo.enabled', label: 'Start from last session', type: 'boolean', default: true, requiresReload: true, help: 'Start at the throughput saved in localStorage by a session in the last 6 minutes (unless Start bitrate is set). Off makes runs start alike. Applies on (re)load.' },
  // ABR rules
  rule('throughputRule', 'Throughput rule', true, 'Pick by measured throughput. With BOLA also on, dash.js uses throughput while the buffer is small and BOLA once it is large. Applies on (re)load.', true),
  rule('bolaRule', 'BOLA rule', true, 'Pick by buffer level (BOLA). Applies on (re)load.', true),
  rule('insufficientBufferRule', 'Insufficient buffer rule', true, 'Switch down when the buffer runs low.'),
  rule('switchHistoryRule', 'Switch history rule', true, 'Damp back-and-forth switching.'),
  rule('droppedFramesRule', 'Dropped frames rule', false, 'Switch down when too many frames are dropped.'),
  rule('abandonRequestsRule', 'Abandon requests rule', true, 'Abort a download that will take too long and retry lower (never fires on chunked low-latency downloads).'),
  rule('l2ARule', 'L2A rule', false, 'Learn2Adapt low-latency ABR (an online learning rule).'),
  rule('loLPRule', 'LoL+ rule', false, 'LoL+ low-latency ABR (weighs throughput, latency, buffer and rate).'),
];

const DEF_BY_KEY = new Map(DASH_SETTINGS.map((d) => [d.key, d]));

export function dashSettingDef(key: string): DashSettingDef | undefined {
  return DEF_BY_KEY.get(key);
}

/** dash.js's low-latency reference setup (its LoL+ samples): LoL+ catch-up, and the LoL+ rule as the only ABR rule. */
const LOLP_RULES: Preset['values'] = {
  catchupMode: 'liveCatchupModeLoLP',
  lowLatencyStallThreshold: 0.05,
  loLPRule: true,
  throughputRule: false,
  bolaRule: false,
  insufficientBufferRule: false,
  switchHistoryRule: false,
  abandonRequestsRule: false,
};

export const DASH_PRESETS: readonly Preset[] = [
  {
    id: 'lowest',
    name: 'Lowest latency',
    description: 'About 0.6 s behind live on the 1 s-segment LL-DASH stream (out of reach for whole 2 s segments); catch-up within the MPD’s rates (0.96-1.04x); seeks back if more than 1 s late; conservative ABR.',
    values: {
      // 0.6 s: the lowest target with no stall over 60 s on dash-ll (0.5 stalled twice, 0.3-0.4
      // seven times or more; docs/benchmarks.md, "dash.js sweeps, 2026-12-02").
      liveDelay: 0.6,
      maxDrift: 1,
      // The buffer is under a second at this target: only call it empty when it really is, so catch-up keeps working.
      lowLatencyStallThreshold: 0.1,
      bandwidthSafetyFactor: 0.8,
    },
  },
  {
    id: 'balanced',
    name: 'Balanced',
    description: 'LoL+ one segment behind live (1 s on the LL-DASH stream, 2 s on 2 s segments): LoL+ catch-up (slows down below 0.5 s of buffer) and the LoL+ ABR rule on its own, empty threshold 0.05 s, rates from the MPD. Re-creates the player.',
    values: {
      // LoL+ at 1 s stalled 1.2 s in the first 70 s of cascade on dash-ll, where the old 1.5-segment
      // target with dash.js's default rules stalled 11.8 s (docs/benchmarks.md, "dash.js sweeps").
      // In segments, so whole 2 s segments get 2 s rather than a target under one segment.
      liveDelayFragmentCount: 1,
      ...LOLP_RULES,
    },
  },
  {
    id: 'lolp',
    name: 'LoL+',
    description: 'dash.js’s low-latency reference setup: LoL+ catch-up (slows down below 0.5 s of buffer) and the LoL+ ABR rule on its own, empty threshold 0.05 s; target and rates from the MPD. Re-creates the player.',
    values: LOLP_RULES,
  },
  { id: 'defaults', name: 'dash.js defaults', description: 'Exactly what dash.js does out of the box (the MPD’s ServiceDescription applies).', values: {} },
];

const isNumber = (v: SettingValue | undefined): v is number => typeof v === 'number';

/** Rules between knobs: a message when the combination would not do what it seems to. */
export function crossValidateDash(s: EngineSettings): string | null {
  if (isNumber(s.liveDelay) && isNumber(s.liveDelayFragmentCount)) {
    return 'Set the target latency in seconds (Target latency) or in segments (Target latency count), not both: dash.js uses the seconds and ignores the count';
  }
  const min = s.catchupRateMin;
  const max = s.catchupRateMax;
  if (isNumber(min) !== isNumber(max)) {
    return 'Set both catch-up rates or neither: once one is set, dash.js ignores the MPD’s rates and the unset one means no change';
  }
  if (isNumber(min) && isNumber(max) && min >= max) {
    return 'The slowest catch-up rate must be below the fastest (both 0 means no catch-up: set Catch-up to off instead)';
  }
  if (isNumber(s.minBitrate) && isNumber(s.maxBitrate) && s.minBitrate > s.maxBitrate) {
    return 'Min bitrate must not be above Max bitrate';
  }
  if (QUALITY_RULE_KEYS.every((key) => (s[key] ?? dashSettingDef(key)?.default) === false)) {
    return 'Keep at least one rendition rule on (Throughput, BOLA, Insufficient buffer, Switch history, Dropped frames, L2A or LoL+): with none, dash.js silently uses BOLA and Throughput';
  }
  return null;
}

/** Our value of a knob as dash.js wants it. */
export function toDashValue(def: DashSettingDef, value: SettingValue): unknown {
  if (def.triState) return value === 'on' ? true : value === 'off' ? false : null;
  if (value === null && def.type === 'number') return def.unset ?? NaN;
  return value;
}

/** dash.js's value of a knob as our settings hold it (the inverse of toDashValue). */
export function fromDashValue(def: DashSettingDef, raw: unknown): SettingValue {
  if (def.triState) return raw === true ? 'on' : raw === false ? 'off' : 'auto';
  if (def.type === 'number' && def.nullable && typeof raw === 'number') {
    const unset = def.unset ?? NaN;
    if (Number.isNaN(unset) ? Number.isNaN(raw) : raw === unset) return null;
  }
  return typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'string' ? raw : null;
}

export interface DashConfigOptions {
  /** A rendition is locked: dash.js must not switch on its own, whatever autoSwitchBitrate says. */
  renditionLocked?: boolean;
}

function build(settings: EngineSettings, keys: Iterable<string>, options: DashConfigOptions): MediaPlayerSettingClass {
  const config: Nested = {};
  for (const key of keys) {
    const def = DEF_BY_KEY.get(key);
    if (!def?.path) continue;
    const value = settings[key] === undefined ? def.default : settings[key]!;
    setPath(config, def.path, toDashValue(def, value));
  }
  if (options.renditionLocked) setPath(config, 'streaming.abr.autoSwitchBitrate.video', false);
  // A nested object of known paths; MediaPlayerSettingClass is the same shape, all optional.
  return config as MediaPlayerSettingClass;
}

/**
 * The dash.js settings for a new player: only the knobs that differ from dash.js's defaults, so a
 * fresh player keeps everything else as dash.js ships it.
 */
export function dashConfig(settings: EngineSettings, options: DashConfigOptions = {}): MediaPlayerSettingClass {
  const keys = DASH_SETTINGS.filter((d) => {
    const value = settings[d.key];
    return value !== undefined && value !== d.default;
  }).map((d) => d.key);
  return build(settings, keys, options);
}

const DELAY_KEYS = ['liveDelay', 'liveDelayFragmentCount', 'useSuggestedPresentationDelay'];

/**
 * The updateSettings() patch for changed knobs of a running player, defaults included, so a knob
 * going back to its default (a preset undone) is set back in dash.js too. dash.js recomputes the
 * target latency only when a liveDelay or liveDelayFragmentCount key is present in an update, so
 * a change to any of the three delay knobs sends all three.
 */
export function dashPatch(settings: EngineSettings, changed: readonly string[], options: DashConfigOptions = {}): MediaPlayerSettingClass {
  const keys = new Set(changed);
  if (changed.some((k) => DELAY_KEYS.includes(k))) for (const k of DELAY_KEYS) keys.add(k);
  if (changed.includes('autoSwitchBitrate') || changed.includes('levelLock')) keys.add('autoSwitchBitrate');
  return build(settings, keys, options);
}

/** The knobs as a dash.js settings object holds them, in our keys and values. */
export function readDashSettings(dashSettings: unknown): EngineSettings {
  const out: EngineSettings = {};
  for (const def of DASH_SETTINGS) if (def.path) out[def.key] = fromDashValue(def, getPath(dashSettings, def.path));
  return out;
}
