import type { HlsConfig } from 'hls.js';
import Hls from 'hls.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DASH_SETTINGS } from './dash-settings.ts';
import { HLS_SETTINGS } from './hls-settings.ts';
import { getPath } from './settings-schema.ts';
import { leaves } from './testing/config-leaves.ts';
import { loadDashjs } from './testing/dashjs-in-node.ts';

/**
 * Every option of both libraries is either a knob in the settings tables or listed here with the
 * reason it is not one, so a new library version's option cannot be missed silently: for hls.js
 * the compiler checks that this record names exactly the keys of its HlsConfig type, and the test
 * checks its DefaultConfig; for dash.js the test walks every leaf of a real player's settings.
 */
const TABLE = 'in the table';
const NOT_LIVE = 'VoD, captions, DRM, metadata or interstitials: nothing to do with live latency';
const PLUMBING = 'plumbing (loaders, controllers, worker, debug), not a tuning knob';
const DEPRECATED = 'deprecated alias of a load policy (the policy knobs are in the table)';
const START = 'start-up only, or a byte ceiling a live buffer never reaches';
const POLICY = 'load policy: the fragment/part and playlist ones are in the table, by leaf';

const HLS_CONFIG: Record<keyof HlsConfig, string> = {
  autoStartLoad: PLUMBING, startPosition: START, defaultAudioCodec: PLUMBING, debug: PLUMBING,
  capLevelOnFPSDrop: 'needs its fps controller running; the page reports dropped frames itself',
  capLevelToPlayerSize: TABLE, ignoreDevicePixelRatio: 'refines capLevelToPlayerSize', maxDevicePixelRatio: 'refines capLevelToPlayerSize',
  preferManagedMediaSource: PLUMBING, initialLiveManifestSize: START, maxBufferLength: TABLE, backBufferLength: TABLE,
  frontBufferFlushThreshold: START, loopBackBufferFlush: NOT_LIVE, startOnSegmentBoundary: START,
  nextAudioTrackBufferFlushForwardOffset: NOT_LIVE, maxBufferSize: START, maxFragLookUpTolerance: TABLE, maxBufferHole: TABLE,
  detectStallWithCurrentTimeMs: TABLE, highBufferWatchdogPeriod: TABLE, nudgeOffset: TABLE, nudgeMaxRetry: TABLE,
  nudgeOnVideoHole: TABLE, skipBufferHolePadding: TABLE, liveSyncMode: TABLE, liveSyncDurationCount: TABLE,
  liveSyncOnStallIncrease: TABLE, liveMaxLatencyDurationCount: TABLE,
  liveMaxUnchangedPlaylistRefresh: 'error detection for a stuck origin, not playback', liveSyncDuration: TABLE,
  liveMaxLatencyDuration: TABLE, maxLiveSyncPlaybackRate: TABLE, liveDurationInfinity: PLUMBING, liveBackBufferLength: DEPRECATED,
  maxMaxBufferLength: TABLE, enableWorker: PLUMBING, workerPath: PLUMBING, enableSoftwareAES: NOT_LIVE, startLevel: TABLE,
  startFragPrefetch: START, fpsDroppedMonitoringPeriod: 'capLevelOnFPSDrop only', fpsDroppedMonitoringThreshold: 'capLevelOnFPSDrop only',
  appendErrorMaxRetry: PLUMBING, appendTimeout: PLUMBING, ignorePlaylistParsingErrors: PLUMBING, loader: PLUMBING, fLoader: PLUMBING,
  pLoader: PLUMBING, xhrSetup: PLUMBING, licenseXhrSetup: NOT_LIVE, licenseResponseCallback: NOT_LIVE, stretchShortVideoTrack: NOT_LIVE,
  maxAudioFramesDrift: PLUMBING, forceKeyFrameOnDiscontinuity: PLUMBING, handleMpegTsVideoIntegrityErrors: PLUMBING,
  abrEwmaFastLive: TABLE, abrEwmaSlowLive: TABLE, abrEwmaFastVoD: NOT_LIVE, abrEwmaSlowVoD: NOT_LIVE, abrEwmaDefaultEstimate: TABLE,
  abrEwmaDefaultEstimateMax: TABLE, abrBandWidthFactor: TABLE, abrBandWidthUpFactor: TABLE, abrMaxWithRealBitrate: TABLE,
  abrSwitchInterval: TABLE, maxStarvationDelay: TABLE, maxLoadingDelay: TABLE, minAutoBitrate: TABLE, emeEnabled: NOT_LIVE,
  widevineLicenseUrl: NOT_LIVE, drmSystems: NOT_LIVE, drmSystemOptions: NOT_LIVE, requestMediaKeySystemAccessFunc: NOT_LIVE,
  requireKeySystemAccessOnStart: NOT_LIVE, reuseKeySessions: NOT_LIVE, testBandwidth: START, progressive: PLUMBING,
  lowLatencyMode: TABLE, cmcd: PLUMBING, enableDateRangeMetadataCues: NOT_LIVE, enableEmsgMetadataCues: NOT_LIVE,
  enableEmsgKLVMetadata: NOT_LIVE, enableID3MetadataCues: NOT_LIVE, emsgKLVSchemaUri: NOT_LIVE, enableInterstitialPlayback: NOT_LIVE,
  interstitialAppendInPlace: NOT_LIVE, interstitialLiveLookAhead: NOT_LIVE, iframeCacheLimit: NOT_LIVE, useMediaCapabilities: PLUMBING,
  preserveManualLevelOnError: PLUMBING, errorPenaltyExpireMs: PLUMBING, certLoadPolicy: NOT_LIVE, keyLoadPolicy: NOT_LIVE,
  manifestLoadPolicy: 'the multivariant playlist loads once', playlistLoadPolicy: POLICY, fragLoadPolicy: POLICY,
  steeringManifestLoadPolicy: NOT_LIVE, interstitialAssetListLoadPolicy: NOT_LIVE, manifestLoadingTimeOut: DEPRECATED,
  manifestLoadingMaxRetry: DEPRECATED, manifestLoadingRetryDelay: DEPRECATED, manifestLoadingMaxRetryTimeout: DEPRECATED,
  levelLoadingTimeOut: DEPRECATED, levelLoadingMaxRetry: DEPRECATED, levelLoadingRetryDelay: DEPRECATED,
  levelLoadingMaxRetryTimeout: DEPRECATED, fragLoadingTimeOut: DEPRECATED, fragLoadingMaxRetry: DEPRECATED,
  fragLoadingRetryDelay: DEPRECATED, fragLoadingMaxRetryTimeout: DEPRECATED, streamController: PLUMBING, abrController: PLUMBING,
  bufferController: PLUMBING, capLevelController: PLUMBING, errorController: PLUMBING, fpsController: PLUMBING,
  id3TrackController: PLUMBING, gapController: PLUMBING, latencyController: PLUMBING, cueHandler: NOT_LIVE, enableWebVTT: NOT_LIVE,
  enableIMSC1: NOT_LIVE, enableCEA708Captions: NOT_LIVE, captionsTextTrack1Label: NOT_LIVE, captionsTextTrack1LanguageCode: NOT_LIVE,
  captionsTextTrack2Label: NOT_LIVE, captionsTextTrack2LanguageCode: NOT_LIVE, captionsTextTrack3Label: NOT_LIVE,
  captionsTextTrack3LanguageCode: NOT_LIVE, captionsTextTrack4Label: NOT_LIVE, captionsTextTrack4LanguageCode: NOT_LIVE,
  renderTextTracksNatively: NOT_LIVE, subtitleStreamController: PLUMBING, subtitleTrackController: PLUMBING,
  timelineController: PLUMBING, audioStreamController: PLUMBING, audioTrackController: PLUMBING, emeController: PLUMBING,
  cmcdController: PLUMBING, contentSteeringController: PLUMBING, iframeController: PLUMBING, interstitialsController: PLUMBING,
  videoPreference: NOT_LIVE, audioPreference: NOT_LIVE, subtitlePreference: NOT_LIVE,
  timelineOffset: PLUMBING, fetchSetup: PLUMBING, loggerId: PLUMBING, assetPlayerId: PLUMBING, primarySessionId: PLUMBING,
};

/** Policy leaves that are not knobs (the policies' other leaves are in the table). */
const HLS_POLICY_LEAVES_NOT_TUNED = ['timeoutRetry.retryDelayMs', 'timeoutRetry.maxRetryDelayMs', 'errorRetry.maxRetryDelayMs', 'errorRetry.backoff', 'timeoutRetry.backoff'];

describe('hls.js knobs', () => {
  const defaults = Hls.DefaultConfig as unknown as Record<string, unknown>;

  it('every option in hls.js’s DefaultConfig is classified (a new one fails here)', () => {
    const unclassified = Object.keys(defaults).filter((k) => !Object.hasOwn(HLS_CONFIG, k));
    expect(unclassified).toEqual([]);
  });

  it('every option classified as in the table is a knob, and every top-level knob is classified so', () => {
    const tableKeys = new Set(HLS_SETTINGS.filter((d) => !d.path).map((d) => d.key));
    for (const [key, why] of Object.entries(HLS_CONFIG)) if (why === TABLE) expect(tableKeys.has(key), key).toBe(true);
    for (const key of tableKeys) if (key in defaults) expect(HLS_CONFIG[key as keyof HlsConfig], key).toBe(TABLE);
  });

  it('every leaf of the fragment and playlist load policies is a knob or listed as not tuned', () => {
    const paths = new Set(HLS_SETTINGS.map((d) => d.path).filter((p): p is string => p !== undefined));
    for (const policy of ['fragLoadPolicy', 'playlistLoadPolicy']) {
      for (const leaf of leaves(defaults[policy], `${policy}`)) {
        const rest = leaf.split('.').slice(2).join('.');
        expect(paths.has(leaf) || HLS_POLICY_LEAVES_NOT_TUNED.includes(rest), leaf).toBe(true);
      }
    }
  });

  it('has the knobs the issue names', () => {
    const keys = HLS_SETTINGS.map((d) => d.key);
    for (const key of ['liveSyncOnStallIncrease', 'maxStarvationDelay', 'maxLoadingDelay', 'abrEwmaDefaultEstimateMax', 'maxFragLookUpTolerance', 'nudgeMaxRetry']) {
      expect(keys, key).toContain(key);
    }
    for (const path of ['fragLoadPolicy.default.maxTimeToFirstByteMs', 'fragLoadPolicy.default.maxLoadTimeMs', 'fragLoadPolicy.default.timeoutRetry.maxNumRetry', 'fragLoadPolicy.default.errorRetry.maxNumRetry']) {
      expect(HLS_SETTINGS.some((d) => d.path === path), path).toBe(true);
      expect(typeof getPath(defaults, path), path).toBe('number');
    }
  });
});

/** dash.js settings subtrees and leaves that are not knobs, by path prefix, with the reason. */
const DASH_NOT_TUNED: Record<string, string> = {
  'streaming.abandonLoadTimeout': PLUMBING,
  'streaming.seekDurationBackoff': NOT_LIVE,
  'streaming.wallclockTimeUpdateInterval': PLUMBING,
  'streaming.manifestUpdateRetryInterval': PLUMBING,
  'streaming.liveUpdateTimeThresholdInMilliseconds': PLUMBING,
  'streaming.cacheInitSegments': START,
  'streaming.applyProducerReferenceTime': 'the origin’s PRFT is exact; turning it off only breaks the latency estimate',
  'streaming.applyContentSteering': NOT_LIVE,
  'streaming.ignoreFinalStaticManifestOnDynamicToStaticTransition': NOT_LIVE,
  'streaming.enableManifest': PLUMBING,
  'streaming.parseInbandPrft': PLUMBING,
  'streaming.capabilities': PLUMBING,
  'streaming.events': NOT_LIVE,
  'streaming.timeShiftBuffer': PLUMBING,
  'streaming.metrics': PLUMBING,
  'streaming.protection': NOT_LIVE,
  'streaming.buffer.enableSeekDecorrelationFix': PLUMBING,
  'streaming.buffer.flushBufferAtTrackSwitch': NOT_LIVE,
  'streaming.buffer.reuseExistingSourceBuffers': PLUMBING,
  'streaming.buffer.bufferPruningInterval': PLUMBING,
  'streaming.buffer.bufferTimeAtTopQualityLongForm': NOT_LIVE,
  'streaming.buffer.longFormContentDurationThreshold': NOT_LIVE,
  'streaming.buffer.initialBufferLevel': START,
  'streaming.buffer.useAppendWindow': PLUMBING,
  'streaming.buffer.setStallState': PLUMBING,
  'streaming.buffer.avoidCurrentTimeRangePruning': PLUMBING,
  'streaming.buffer.useChangeType': PLUMBING,
  'streaming.buffer.mediaSourceDurationInfinity': PLUMBING,
  'streaming.buffer.resetSourceBuffersForTrackSwitch': NOT_LIVE,
  'streaming.buffer.syntheticStallEvents': PLUMBING,
  'streaming.gaps.enableSeekFix': PLUMBING,
  'streaming.gaps.seekOffset': 'refines jumpGaps',
  'streaming.gaps.checkInterval': PLUMBING,
  'streaming.utcSynchronization': 'clock sync with the origin’s /time: the page measures against the same clock',
  'streaming.scheduling.scheduleWhilePaused': PLUMBING,
  'streaming.text': NOT_LIVE,
  'streaming.liveCatchup.step': 'Step catch-up mode only; its window defaults from the ServiceDescription',
  'streaming.liveCatchup.liveThreshold': 'decides whether catch-up applies at all on non-low-latency streams',
  'streaming.lastBitrateCachingInfo.ttl': 'refines lastBitrateCaching',
  'streaming.lastMediaSettingsCachingInfo': NOT_LIVE,
  'streaming.saveLastMediaSettingsForCurrentStreamingSession': NOT_LIVE,
  'streaming.cacheLoadThresholds': PLUMBING,
  'streaming.trackSwitchMode': NOT_LIVE,
  'streaming.includePreselections': NOT_LIVE,
  'streaming.ignoreSelectionPriority': NOT_LIVE,
  'streaming.prioritizeRoleMain': NOT_LIVE,
  'streaming.assumeDefaultRoleAsMain': NOT_LIVE,
  'streaming.selectionModeForInitialTrack': START,
  'streaming.blacklistExpiryTime': PLUMBING,
  'streaming.fragmentRequestProgressTimeout': PLUMBING,
  'streaming.manifestRequestTimeout': 'the MPD refresh; segment requests are in the table',
  'streaming.retryIntervals.': 'retries for other request kinds (media segment ones are in the table)',
  'streaming.retryAttempts.': 'retries for other request kinds (media segment ones are in the table)',
  'streaming.abr.usePixelRatioInLimitBitrateByPortal': 'refines limitBitrateByPortal',
  'streaming.abr.limitBitrateByPortalMinimum': 'refines limitBitrateByPortal',
  'streaming.abr.enableSupplementalPropertyAdaptationSetSwitching': NOT_LIVE,
  'streaming.abr.rules.': 'rule priorities and tuning constants; each rule’s on/off is in the table',
  'streaming.abr.throughput.useResourceTimingApi': PLUMBING,
  'streaming.abr.throughput.useNetworkInformationApi': PLUMBING,
  'streaming.abr.throughput.sampleSettings.': 'sample-window tuning (the live window size is in the table)',
  'streaming.abr.throughput.ewma.latency': 'request-latency averages, not the throughput estimate',
  'streaming.abr.throughput.ewma.weightDownloadTimeMultiplicationFactor': PLUMBING,
  'streaming.abr.maxBitrate.audio': 'one audio rendition',
  'streaming.abr.minBitrate.audio': 'one audio rendition',
  'streaming.abr.initialBitrate.audio': 'one audio rendition',
  'streaming.abr.autoSwitchBitrate.audio': 'one audio rendition',
  'streaming.cmcd': PLUMBING,
  'streaming.cmsd': PLUMBING,
  'streaming.enhancement': NOT_LIVE,
  'streaming.defaultSchemeIdUri': NOT_LIVE,
  'streaming.dvbReporting': NOT_LIVE,
};

describe('dash.js knobs', () => {
  let dashDefaults: unknown;
  beforeAll(async () => {
    dashDefaults = (await loadDashjs()).MediaPlayer().create().getSettings();
  });

  it('every leaf of a real player’s streaming settings is a knob or listed as not tuned (a new one fails here)', () => {
    const paths = new Set(DASH_SETTINGS.map((d) => d.path));
    const prefixes = Object.keys(DASH_NOT_TUNED);
    const unclassified = leaves(getPath(dashDefaults, 'streaming'), 'streaming').filter((leaf) => !paths.has(leaf) && !prefixes.some((p) => leaf.startsWith(p) && !paths.has(leaf)));
    expect(unclassified).toEqual([]);
  });

  it('lists no knob as not tuned, and every not-tuned entry still exists in dash.js', () => {
    const all = leaves(getPath(dashDefaults, 'streaming'), 'streaming');
    for (const prefix of Object.keys(DASH_NOT_TUNED)) expect(all.some((leaf) => leaf.startsWith(prefix)), prefix).toBe(true);
    for (const def of DASH_SETTINGS) {
      if (!def.path) continue;
      const covering = Object.keys(DASH_NOT_TUNED).filter((p) => def.path!.startsWith(p) && !p.endsWith('.'));
      expect(covering, def.path).toEqual([]);
    }
  });
});
