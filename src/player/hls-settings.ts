import type { EngineSettings } from './engine.ts';
import type { Preset, SettingDef } from './settings-schema.ts';

/** An hls.js knob; `path` when it sits inside a load policy (e.g. fragLoadPolicy.default.maxLoadTimeMs). */
export interface HlsSettingDef extends SettingDef {
  path?: string;
}

const FRAG_POLICY = 'fragLoadPolicy.default';
const PLAYLIST_POLICY = 'playlistLoadPolicy.default';

function policy(key: string, path: string, label: string, def: number, max: number, unit: string, help: string): HlsSettingDef {
  const ms = unit === 'ms';
  return { group: 'Loading', key, path, label, type: 'number', default: def, min: 0, max, step: ms ? 100 : 1, integer: true, unit, help };
}

/**
 * The hls.js knobs that matter for live latency and ABR, with hls.js 1.7's defaults.
 * hls.js reads all of them on use (controllers look at `hls.config` each time), except
 * startLevel, which only matters when a player starts; so only that one re-creates it.
 */
export const HLS_SETTINGS: readonly HlsSettingDef[] = [
  { group: 'Live sync', key: 'lowLatencyMode', label: 'Low-latency mode', type: 'boolean', default: true, help: 'Load LL-HLS parts and use blocking playlist reload; off plays whole segments only.' },
  { group: 'Live sync', key: 'liveSyncMode', label: 'Live sync mode', type: 'choice', choices: ['edge', 'buffered'], default: 'edge', help: 'On falling behind: jump to the live edge ("edge") or play out what is buffered first ("buffered").' },
  { group: 'Live sync', key: 'targetLatency', label: 'Target latency', type: 'number', nullable: true, default: null, min: 0.1, max: 60, step: 0.1, unit: 's', help: 'Set hls.targetLatency at runtime; overrides PART-HOLD-BACK and liveSyncDuration. Empty: not set.' },
  { group: 'Live sync', key: 'liveSyncDuration', label: 'Live sync duration', type: 'number', nullable: true, default: null, min: 0, max: 60, step: 0.1, unit: 's', help: 'Distance from the live edge to aim for, in seconds. Empty: PART-HOLD-BACK in LL mode, else the count below.' },
  { group: 'Live sync', key: 'liveSyncDurationCount', label: 'Live sync count', type: 'number', default: 3, min: 0, max: 20, step: 1, unit: 'segments', help: 'Distance from the live edge in target durations, when no duration is set.' },
  { group: 'Live sync', key: 'liveMaxLatencyDuration', label: 'Max latency', type: 'number', nullable: true, default: null, min: 0, max: 120, step: 0.1, unit: 's', help: 'Seek back to the sync point when further behind than this. Needs Live sync duration, and must exceed it.' },
  { group: 'Live sync', key: 'liveMaxLatencyDurationCount', label: 'Max latency count', type: 'number', nullable: true, default: null, min: 1, max: 100, step: 1, unit: 'segments', help: 'The same in target durations; empty means never seek (Infinity).' },
  { group: 'Live sync', key: 'liveSyncOnStallIncrease', label: 'Target increase on stall', type: 'number', default: 1, min: 0, max: 10, step: 0.1, unit: 's', help: 'After every stall hls.js moves its target latency this much further from live (for the rest of the session); 0 keeps the target.' },
  { group: 'Live sync', key: 'maxLiveSyncPlaybackRate', label: 'Max catch-up rate', type: 'number', default: 1, min: 1, max: 2, step: 0.05, unit: 'x', help: 'Highest playback rate used to catch up with the target latency; 1 disables catch-up.' },
  { group: 'Buffer', key: 'maxBufferLength', label: 'Max buffer length', type: 'number', default: 30, min: 1, max: 600, step: 1, unit: 's', help: 'Forward buffer hls.js tries to keep (live streams rarely reach it).' },
  { group: 'Buffer', key: 'maxMaxBufferLength', label: 'Max max buffer length', type: 'number', default: 600, min: 1, max: 3600, step: 1, unit: 's', help: 'Hard ceiling for the forward buffer.' },
  { group: 'Buffer', key: 'backBufferLength', label: 'Back buffer', type: 'number', nullable: true, default: null, min: 0, max: 3600, step: 1, unit: 's', help: 'Played media kept behind the playhead; empty keeps all (Infinity).' },
  { group: 'Buffer', key: 'maxBufferHole', label: 'Max buffer hole', type: 'number', default: 0.1, min: 0, max: 5, step: 0.05, unit: 's', help: 'Gaps smaller than this are jumped over instead of stalling.' },
  { group: 'Buffer', key: 'maxFragLookUpTolerance', label: 'Fragment look-up tolerance', type: 'number', default: 0.25, min: 0, max: 2, step: 0.05, unit: 's', help: 'How far a fragment\u2019s start may lie past the buffer end and still be the one to load next.' },
  { group: 'Stalls', key: 'detectStallWithCurrentTimeMs', label: 'Stall detection', type: 'number', default: 1250, min: 100, max: 10_000, step: 50, integer: true, unit: 'ms', help: 'The playhead not moving this long with data buffered counts as a stall (then hls.js nudges).' },
  { group: 'Stalls', key: 'highBufferWatchdogPeriod', label: 'High-buffer watchdog', type: 'number', default: 2, min: 0, max: 10, step: 0.5, unit: 's', help: 'Stuck this long although buffered: nudge the playhead forward.' },
  { group: 'Stalls', key: 'nudgeOffset', label: 'Nudge offset', type: 'number', default: 0.1, min: 0, max: 2, step: 0.05, unit: 's', help: 'How far each nudge moves the playhead (times the attempt number).' },
  { group: 'Stalls', key: 'nudgeMaxRetry', label: 'Nudge retries', type: 'number', default: 3, min: 0, max: 20, step: 1, integer: true, help: 'Nudges before hls.js raises a fatal stall error.' },
  { group: 'Stalls', key: 'nudgeOnVideoHole', label: 'Nudge on video hole', type: 'boolean', default: true, help: 'Nudge when the video buffer has a hole at the playhead that the audio does not.' },
  { group: 'Stalls', key: 'skipBufferHolePadding', label: 'Hole skip padding', type: 'number', default: 0.1, min: 0, max: 2, step: 0.05, unit: 's', help: 'Extra distance past a buffer hole when jumping it.' },
  { group: 'ABR', key: 'abrEwmaFastLive', label: 'EWMA fast half-life', type: 'number', default: 3, min: 0.5, max: 30, step: 0.5, unit: 's', help: 'Half-life of the fast bandwidth average (reacts to drops).' },
  { group: 'ABR', key: 'abrEwmaSlowLive', label: 'EWMA slow half-life', type: 'number', default: 9, min: 1, max: 60, step: 0.5, unit: 's', help: 'Half-life of the slow bandwidth average; the estimate is the lower of the two.' },
  { group: 'ABR', key: 'abrEwmaDefaultEstimate', label: 'Initial estimate', type: 'number', default: 500_000, min: 10_000, max: 100_000_000, step: 10_000, unit: 'bps', help: 'Bandwidth assumed before any measurement; setting it resets the estimator.' },
  { group: 'ABR', key: 'abrEwmaDefaultEstimateMax', label: 'Initial estimate ceiling', type: 'number', default: 5_000_000, min: 10_000, max: 100_000_000, step: 10_000, unit: 'bps', help: 'Highest estimate carried over from a previous load before new measurements exist.' },
  { group: 'ABR', key: 'abrBandWidthFactor', label: 'Bandwidth factor (stay/down)', type: 'number', default: 0.95, min: 0.1, max: 1, step: 0.05, help: 'Fraction of the estimate a rendition may use to stay or switch down.' },
  { group: 'ABR', key: 'abrBandWidthUpFactor', label: 'Bandwidth factor (up)', type: 'number', default: 0.7, min: 0.1, max: 1, step: 0.05, help: 'Fraction of the estimate a higher rendition may use before switching up.' },
  { group: 'ABR', key: 'abrMaxWithRealBitrate', label: 'Use real bitrate', type: 'boolean', default: false, help: 'Compare against measured segment bitrates instead of the playlist BANDWIDTH.' },
  { group: 'ABR', key: 'maxStarvationDelay', label: 'Max starvation delay', type: 'number', default: 4, min: 0, max: 30, step: 0.5, unit: 's', help: 'Emergency switch down: the longest the buffer may run dry while the next fragment loads.' },
  { group: 'ABR', key: 'maxLoadingDelay', label: 'Max loading delay', type: 'number', default: 4, min: 0, max: 30, step: 0.5, unit: 's', help: 'Longest time a switch-down fragment may take to load when there is no buffer to spend.' },
  { group: 'ABR', key: 'abrSwitchInterval', label: 'Switch interval', type: 'number', default: 0, min: 0, max: 60, step: 0.5, unit: 's', help: 'Least time between two rendition switches; 0 allows any.' },
  { group: 'ABR', key: 'minAutoBitrate', label: 'Min auto bitrate', type: 'number', default: 0, min: 0, max: 100_000_000, step: 10_000, unit: 'bps', help: 'ABR never picks a rendition below this.' },
  { group: 'ABR', key: 'startLevel', label: 'Start level', type: 'number', nullable: true, default: null, min: -1, max: 20, step: 1, integer: true, requiresReload: true, help: 'Rendition to start with; empty or -1 lets ABR pick. Applies on (re)load.' },
  { group: 'ABR', key: 'capLevelToPlayerSize', label: 'Cap to player size', type: 'boolean', default: false, help: 'Never pick a rendition larger than the video element.' },
  { group: 'ABR', key: 'levelLock', label: 'Lock rendition', type: 'number', default: -1, min: -1, max: 20, step: 1, integer: true, help: 'Manual level lock: -1 is automatic, otherwise the rendition index (0 = lowest).' },
  // Parts use the fragment policy too. hls.js reads both policies on every request.
  policy('fragTtfbTimeoutMs', `${FRAG_POLICY}.maxTimeToFirstByteMs`, 'Part/segment first-byte timeout', 10_000, 120_000, 'ms', 'A part or segment whose first byte takes longer is aborted (a timeout).'),
  policy('fragLoadTimeoutMs', `${FRAG_POLICY}.maxLoadTimeMs`, 'Part/segment load timeout', 120_000, 600_000, 'ms', 'A part or segment taking longer in all is aborted (a timeout).'),
  policy('fragTimeoutRetries', `${FRAG_POLICY}.timeoutRetry.maxNumRetry`, 'Part/segment timeout retries', 4, 20, 'tries', 'Retries after a timeout before the error is fatal.'),
  policy('fragErrorRetries', `${FRAG_POLICY}.errorRetry.maxNumRetry`, 'Part/segment error retries', 6, 20, 'tries', 'Retries after an HTTP or network error before it is fatal.'),
  policy('fragErrorRetryDelayMs', `${FRAG_POLICY}.errorRetry.retryDelayMs`, 'Part/segment retry delay', 1000, 30_000, 'ms', 'Wait before the first retry after an error (then backs off).'),
  policy('playlistErrorRetryDelayMs', `${PLAYLIST_POLICY}.errorRetry.retryDelayMs`, 'Playlist retry delay', 1000, 30_000, 'ms', 'Wait before the first playlist retry after an error (then backs off).'),
  policy('playlistTtfbTimeoutMs', `${PLAYLIST_POLICY}.maxTimeToFirstByteMs`, 'Playlist first-byte timeout', 10_000, 120_000, 'ms', 'Media playlist requests (blocking reloads included) whose first byte takes longer are aborted.'),
  policy('playlistLoadTimeoutMs', `${PLAYLIST_POLICY}.maxLoadTimeMs`, 'Playlist load timeout', 20_000, 120_000, 'ms', 'Media playlist requests taking longer in all are aborted.'),
  policy('playlistTimeoutRetries', `${PLAYLIST_POLICY}.timeoutRetry.maxNumRetry`, 'Playlist timeout retries', 2, 20, 'tries', 'Retries after a playlist timeout before the error is fatal.'),
  policy('playlistErrorRetries', `${PLAYLIST_POLICY}.errorRetry.maxNumRetry`, 'Playlist error retries', 2, 20, 'tries', 'Retries after a playlist HTTP or network error before it is fatal.'),
];

export const HLS_PRESETS: readonly Preset[] = [
  {
    id: 'lowest',
    name: 'Lowest latency',
    description: 'Sit at PART-HOLD-BACK, catch up fast, small buffers, quick ABR reactions.',
    values: {
      lowLatencyMode: true,
      maxLiveSyncPlaybackRate: 1.5,
      backBufferLength: 10,
      maxBufferLength: 4,
      abrEwmaFastLive: 1.5,
      abrEwmaSlowLive: 5,
      abrBandWidthFactor: 0.85,
      abrBandWidthUpFactor: 0.6,
      abrMaxWithRealBitrate: true,
    },
  },
  {
    id: 'balanced',
    name: 'Balanced',
    description: 'About 1.5 s behind live with gentle catch-up; seeks back if more than 5 s behind.',
    values: {
      lowLatencyMode: true,
      liveSyncDuration: 1.5,
      liveMaxLatencyDuration: 5,
      maxLiveSyncPlaybackRate: 1.2,
      backBufferLength: 30,
      maxBufferLength: 10,
    },
  },
  {
    id: 'smooth',
    name: 'Smooth (stall-averse)',
    description: 'Three seconds of headroom, conservative ABR, jumps small holes.',
    values: {
      lowLatencyMode: true,
      liveSyncDuration: 3,
      liveMaxLatencyDuration: 10,
      maxLiveSyncPlaybackRate: 1.05,
      maxBufferHole: 0.5,
      abrEwmaSlowLive: 12,
      abrBandWidthFactor: 0.8,
      abrBandWidthUpFactor: 0.5,
      backBufferLength: 30,
    },
  },
  { id: 'defaults', name: 'hls.js defaults', description: 'Exactly what hls.js does out of the box.', values: {} },
];

/** Rules hls.js enforces between knobs (it throws on them at construction). */
export function crossValidateHls(s: EngineSettings): string | null {
  const sync = s.liveSyncDuration;
  const max = s.liveMaxLatencyDuration;
  const syncCount = s.liveSyncDurationCount;
  const maxCount = s.liveMaxLatencyDurationCount;
  // The adapter hands hls.js only values that differ from its defaults, and hls.js refuses a
  // config that has a count and a duration ("don't mix up liveSyncDurationCount/... and liveSyncDuration/...").
  const countsSet = (typeof syncCount === 'number' && syncCount !== HLS_SETTINGS.find((d) => d.key === 'liveSyncDurationCount')?.default) || typeof maxCount === 'number';
  if (countsSet && (typeof sync === 'number' || typeof max === 'number')) {
    return 'Set the live sync point in seconds (Live sync duration, Max latency) or in segments (the counts), not both';
  }
  if (typeof max === 'number' && typeof sync !== 'number') return 'Max latency needs Live sync duration to be set too';
  if (typeof max === 'number' && typeof sync === 'number' && max <= sync) return 'Max latency must be greater than Live sync duration';
  if (typeof maxCount === 'number' && typeof syncCount === 'number' && maxCount <= syncCount) {
    return 'Max latency count must be greater than Live sync count';
  }
  return null;
}
