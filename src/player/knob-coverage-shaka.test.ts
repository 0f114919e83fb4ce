import { beforeAll, describe, expect, it } from 'vitest';
import { SHAKA_SETTINGS } from './shaka-settings.ts';
import { leaves } from './testing/config-leaves.ts';
import { loadShaka } from './testing/shaka-in-node.ts';

/**
 * Shaka Player's side of knob-coverage.test.ts: every leaf of a real player's configuration is a
 * knob in SHAKA_SETTINGS or sits under an entry here with the reason it is not one, so a new
 * Shaka version's option cannot be missed silently. Entries ending in '.' cover a subtree.
 */
const NOT_LIVE = 'VoD, text, DRM, ads, offline or metadata: nothing to do with live latency';
const PLUMBING = 'plumbing (codecs, MSE, native players, callbacks), not a tuning knob';
const START = 'start-up only';
const NOT_YET = 'matters for live latency or stalls but is not a knob yet';
const PDT = 'the PDT is how engine latency is read; ignoring it breaks the estimate';
const DROPPED = 'the dropped-frames rule (the page shows dropped frames itself)';
const RETRY_EXTRA = 'retry tuning beyond attempts, delay and timeouts (those are in the table)';

const SHAKA_NOT_TUNED: Record<string, string> = {
  // Whole sections of the configuration that play no part in live latency.
  'drm.': NOT_LIVE, 'offline.': NOT_LIVE, 'textDisplayer.': NOT_LIVE, 'textDisplayFactory': NOT_LIVE, 'ads.': NOT_LIVE,
  'queue.': NOT_LIVE, 'accessibility.': NOT_LIVE, 'preferredAudio': NOT_LIVE, 'preferredText': NOT_LIVE, 'preferredVideo': NOT_LIVE,
  'preferredDecodingAttributes': PLUMBING, 'playRangeStart': NOT_LIVE, 'playRangeEnd': NOT_LIVE, 'lcevc.': PLUMBING, 'cmcd.': PLUMBING,
  'cmsd.': PLUMBING, 'networking.': PLUMBING, 'mediaSource.': PLUMBING, 'abrFactory': PLUMBING, 'adaptationSetCriteriaFactory': PLUMBING,
  'ignoreHardwareResolution': PLUMBING,
  'restrictions.': 'track restrictions outside ABR (the ABR ones for bandwidth and height are in the table)',
  // streaming
  'streaming.retryParameters.backoffFactor': RETRY_EXTRA, 'streaming.retryParameters.fuzzFactor': RETRY_EXTRA, 'streaming.retryParameters.connectionTimeout': RETRY_EXTRA,
  'streaming.failureCallback': PLUMBING, 'streaming.evictionGoal': 'refines bufferBehind', 'streaming.ignoreTextStreamFailures': NOT_LIVE,
  'streaming.startAtSegmentBoundary': START, 'streaming.gapPadding': 'refines gapDetectionThreshold', 'streaming.gapJumpTimerTime': 'refines gapDetectionThreshold',
  'streaming.durationBackoff': NOT_LIVE, 'streaming.safeSeekOffset': 'seek margin at the live window’s start, not the live target',
  'streaming.safeSeekEndOffset': 'seek margin at the live window’s end, not the live target', 'streaming.stallSkip': `${NOT_YET}: how far a stall nudge skips (hls.js: nudgeOffset)`,
  'streaming.useNativeHlsForFairPlay': PLUMBING, 'streaming.preferNativeDash': PLUMBING, 'streaming.preferNativeHls': PLUMBING,
  'streaming.observeQualityChanges': PLUMBING,
  'streaming.prefetchAudioLanguages': 'refines segmentPrefetchLimit', 'streaming.disableAudioPrefetch': 'refines segmentPrefetchLimit',
  'streaming.disableTextPrefetch': 'refines segmentPrefetchLimit', 'streaming.disableVideoPrefetch': 'refines segmentPrefetchLimit',
  'streaming.liveSync.dynamicTargetLatency.': `${NOT_YET}: raising the target after rebuffering (hls.js: liveSyncOnStallIncrease); off by default`,
  'streaming.allowMediaSourceRecoveries': PLUMBING, 'streaming.minTimeBetweenRecoveries': PLUMBING, 'streaming.vodDynamicPlaybackRate': NOT_LIVE,
  'streaming.vodDynamicPlaybackRateLowBufferRate': NOT_LIVE, 'streaming.vodDynamicPlaybackRateBufferRatio': NOT_LIVE, 'streaming.preloadNextUrlWindow': NOT_LIVE,
  'streaming.loadTimeout': START, 'streaming.clearDecodingCache': PLUMBING, 'streaming.dontChooseCodecs': PLUMBING, 'streaming.shouldFixTimestampOffset': PLUMBING,
  'streaming.avoidEvictionOnQuotaExceededError': PLUMBING, 'streaming.crossBoundaryStrategy': PLUMBING, 'streaming.clampAppendWindowToDuration': PLUMBING,
  'streaming.stopFetchingOnPause': PLUMBING, 'streaming.processSrcEqualMetadata': PLUMBING,
  // abr
  ...Object.fromEntries(['minWidth', 'maxWidth', 'minHeight', 'minPixels', 'maxPixels', 'minFrameRate', 'maxFrameRate', 'minChannelsCount', 'maxChannelsCount'].map((k) => [`abr.restrictions.${k}`, 'size, frame-rate and channel restrictions (bandwidth and height are in the table)'])),
  'abr.advanced.minTotalBytes': 'estimator sample thresholds (the half-lives are in the table)', 'abr.advanced.minBytes': 'estimator sample thresholds (the half-lives are in the table)',
  ...Object.fromEntries(['abr.advanced.droppedFramesThreshold', 'abr.advanced.droppedFramesInterval', 'abr.advanced.droppedFramesBanDuration', 'abr.droppedFrames'].map((k) => [k, DROPPED])),
  'abr.restrictToScreenSize': 'refines restrictToElementSize', 'abr.ignoreDevicePixelRatio': 'refines restrictToElementSize',
  'abr.clearBufferSwitch': 'flush the buffer on a switch up (off by default)', 'abr.safeMarginSwitch': 'refines clearBufferSwitch',
  'abr.cacheLoadThreshold': PLUMBING, 'abr.minTimeToSwitch': 'refines switchInterval', 'abr.preferNetworkInformationBandwidth': 'refines useNetworkInformation',
  // manifest
  'manifest.retryParameters.backoffFactor': RETRY_EXTRA, 'manifest.retryParameters.fuzzFactor': RETRY_EXTRA, 'manifest.retryParameters.connectionTimeout': RETRY_EXTRA,
  'manifest.availabilityWindowOverride': 'the seekable window, not the live edge', ...Object.fromEntries(['Audio', 'Video', 'Text', 'Thumbnails', 'IFrames', 'Chapters'].map((k) => [`manifest.disable${k}`, PLUMBING])), 'manifest.segmentRelativeVttTiming': NOT_LIVE,
  'manifest.raiseFatalErrorOnManifestUpdateRequestFailure': PLUMBING, 'manifest.continueLoadingWhenPaused': PLUMBING, 'manifest.ignoreSupplementalCodecs': PLUMBING,
  'manifest.updatePeriod': 'the MPD’s own minimumUpdatePeriod applies (the origin sets it)', 'manifest.ignoreDrmInfo': NOT_LIVE, 'manifest.enableAudioGroups': PLUMBING,
  'manifest.dash.clockSyncUri': 'clock sync with the origin’s /time: the page measures against the same clock', 'manifest.dash.xlinkFailGracefully': NOT_LIVE,
  'manifest.dash.autoCorrectDrift': 'timing repair for MPDs whose clock drifts; the origin’s does not', 'manifest.dash.initialSegmentLimit': START,
  'manifest.dash.ignoreEmptyAdaptationSet': PLUMBING, 'manifest.dash.ignoreMaxSegmentDuration': PLUMBING, 'manifest.dash.keySystemsByURI.': NOT_LIVE,
  'manifest.dash.manifestPreprocessorTXml': PLUMBING, 'manifest.dash.sequenceMode': PLUMBING, 'manifest.dash.useStreamOnceInPeriodFlattening': PLUMBING,
  'manifest.dash.enableFastSwitching': PLUMBING,
  'manifest.hls.ignoreTextStreamFailures': NOT_LIVE, 'manifest.hls.ignoreImageStreamFailures': NOT_LIVE, 'manifest.hls.defaultAudioCodec': PLUMBING,
  'manifest.hls.defaultVideoCodec': PLUMBING, 'manifest.hls.ignoreManifestProgramDateTime': PDT, 'manifest.hls.ignoreManifestProgramDateTimeForTypes': PDT,
  'manifest.hls.mediaPlaylistFullMimeType': PLUMBING, 'manifest.hls.sequenceMode': PLUMBING, 'manifest.hls.ignoreManifestTimestampsInSegmentsMode': PLUMBING,
  'manifest.hls.disableCodecGuessing': PLUMBING, 'manifest.hls.disableClosedCaptionsDetection': NOT_LIVE, 'manifest.hls.allowLowLatencyByteRangeOptimization': PLUMBING,
  'manifest.hls.allowRangeRequestsToGuessMimeType': PLUMBING, 'manifest.hls.chaptersUri': NOT_LIVE,
  'manifest.msf.': 'MoQ (MSF) streams, which the origin does not serve',
};

describe('Shaka Player knobs', () => {
  let all: string[] = [];
  beforeAll(async () => {
    const shaka = await loadShaka();
    all = leaves(new shaka.Player().getConfiguration(), '');
  });
  const knobPaths = new Set(SHAKA_SETTINGS.flatMap((d) => d.paths));
  const covers = (entry: string, leaf: string) => leaf === entry || (entry.endsWith('.') && leaf.startsWith(entry));

  it('every leaf of a real player’s configuration is a knob or listed as not tuned (a new one fails here)', () => {
    const entries = Object.keys(SHAKA_NOT_TUNED);
    const unclassified = all.filter((leaf) => !knobPaths.has(leaf) && !entries.some((e) => covers(e, leaf)));
    expect(unclassified).toEqual([]);
  });

  it('lists no knob as not tuned, and every not-tuned entry still exists in Shaka', () => {
    for (const entry of Object.keys(SHAKA_NOT_TUNED)) expect(all.some((leaf) => covers(entry, leaf)), entry).toBe(true);
    for (const path of knobPaths) expect(Object.keys(SHAKA_NOT_TUNED).filter((e) => covers(e, path)), path).toEqual([]);
  });

  it('every knob path is a real leaf', () => {
    for (const path of knobPaths) expect(all, path).toContain(path);
  });
});
