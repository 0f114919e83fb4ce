import type { EngineSettings } from './engine.ts';
import type { Preset, SettingDef } from './settings-schema.ts';

/**
 * The hls.js knobs that matter for live latency and ABR, with hls.js 1.7's defaults.
 * hls.js reads all of them on use (controllers look at `hls.config` each time), except
 * startLevel, which only matters when a player starts; so only that one re-creates it.
 */
export const HLS_SETTINGS: readonly SettingDef[] = [
  { group: 'Live sync', key: 'lowLatencyMode', label: 'Low-latency mode', type: 'boolean', default: true, help: 'Load LL-HLS parts and use blocking playlist reload; off plays whole segments only.' },
  { group: 'Live sync', key: 'liveSyncMode', label: 'Live sync mode', type: 'choice', choices: ['edge', 'buffered'], default: 'edge', help: 'On falling behind: jump to the live edge ("edge") or play out what is buffered first ("buffered").' },
  { group: 'Live sync', key: 'targetLatency', label: 'Target latency', type: 'number', nullable: true, default: null, min: 0.1, max: 60, step: 0.1, unit: 's', help: 'Set hls.targetLatency at runtime; overrides PART-HOLD-BACK and liveSyncDuration. Empty: not set.' },
  { group: 'Live sync', key: 'liveSyncDuration', label: 'Live sync duration', type: 'number', nullable: true, default: null, min: 0, max: 60, step: 0.1, unit: 's', help: 'Distance from the live edge to aim for, in seconds. Empty: PART-HOLD-BACK in LL mode, else the count below.' },
  { group: 'Live sync', key: 'liveSyncDurationCount', label: 'Live sync count', type: 'number', default: 3, min: 0, max: 20, step: 1, unit: 'segments', help: 'Distance from the live edge in target durations, when no duration is set.' },
  { group: 'Live sync', key: 'liveMaxLatencyDuration', label: 'Max latency', type: 'number', nullable: true, default: null, min: 0, max: 120, step: 0.1, unit: 's', help: 'Seek back to the sync point when further behind than this. Needs Live sync duration, and must exceed it.' },
  { group: 'Live sync', key: 'liveMaxLatencyDurationCount', label: 'Max latency count', type: 'number', nullable: true, default: null, min: 1, max: 100, step: 1, unit: 'segments', help: 'The same in target durations; empty means never seek (Infinity).' },
  { group: 'Live sync', key: 'maxLiveSyncPlaybackRate', label: 'Max catch-up rate', type: 'number', default: 1, min: 1, max: 2, step: 0.05, unit: 'x', help: 'Highest playback rate used to catch up with the target latency; 1 disables catch-up.' },
  { group: 'Buffer', key: 'maxBufferLength', label: 'Max buffer length', type: 'number', default: 30, min: 1, max: 600, step: 1, unit: 's', help: 'Forward buffer hls.js tries to keep (live streams rarely reach it).' },
  { group: 'Buffer', key: 'maxMaxBufferLength', label: 'Max max buffer length', type: 'number', default: 600, min: 1, max: 3600, step: 1, unit: 's', help: 'Hard ceiling for the forward buffer.' },
  { group: 'Buffer', key: 'backBufferLength', label: 'Back buffer', type: 'number', nullable: true, default: null, min: 0, max: 3600, step: 1, unit: 's', help: 'Played media kept behind the playhead; empty keeps all (Infinity).' },
  { group: 'Buffer', key: 'maxBufferHole', label: 'Max buffer hole', type: 'number', default: 0.1, min: 0, max: 5, step: 0.05, unit: 's', help: 'Gaps smaller than this are jumped over instead of stalling.' },
  { group: 'ABR', key: 'abrEwmaFastLive', label: 'EWMA fast half-life', type: 'number', default: 3, min: 0.5, max: 30, step: 0.5, unit: 's', help: 'Half-life of the fast bandwidth average (reacts to drops).' },
  { group: 'ABR', key: 'abrEwmaSlowLive', label: 'EWMA slow half-life', type: 'number', default: 9, min: 1, max: 60, step: 0.5, unit: 's', help: 'Half-life of the slow bandwidth average; the estimate is the lower of the two.' },
  { group: 'ABR', key: 'abrEwmaDefaultEstimate', label: 'Initial estimate', type: 'number', default: 500_000, min: 10_000, max: 100_000_000, step: 10_000, unit: 'bps', help: 'Bandwidth assumed before any measurement; setting it resets the estimator.' },
  { group: 'ABR', key: 'abrBandWidthFactor', label: 'Bandwidth factor (stay/down)', type: 'number', default: 0.95, min: 0.1, max: 1, step: 0.05, help: 'Fraction of the estimate a rendition may use to stay or switch down.' },
  { group: 'ABR', key: 'abrBandWidthUpFactor', label: 'Bandwidth factor (up)', type: 'number', default: 0.7, min: 0.1, max: 1, step: 0.05, help: 'Fraction of the estimate a higher rendition may use before switching up.' },
  { group: 'ABR', key: 'abrMaxWithRealBitrate', label: 'Use real bitrate', type: 'boolean', default: false, help: 'Compare against measured segment bitrates instead of the playlist BANDWIDTH.' },
  { group: 'ABR', key: 'startLevel', label: 'Start level', type: 'number', nullable: true, default: null, min: -1, max: 20, step: 1, integer: true, requiresReload: true, help: 'Rendition to start with; empty or -1 lets ABR pick. Applies on (re)load.' },
  { group: 'ABR', key: 'capLevelToPlayerSize', label: 'Cap to player size', type: 'boolean', default: false, help: 'Never pick a rendition larger than the video element.' },
  { group: 'ABR', key: 'levelLock', label: 'Lock rendition', type: 'number', default: -1, min: -1, max: 20, step: 1, integer: true, help: 'Manual level lock: -1 is automatic, otherwise the rendition index (0 = lowest).' },
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
