/**
 * The latency profiles: different ways of packaging the one encode. Their names are part of
 * the URL contract (/live/<profile>/...), so never rename one. Shared by the origin (which cuts
 * them), the page and the tools (which pick one), so each rule about them lives here once.
 */
export interface LatencyProfile {
  name: string;
  /** ll-dash delivers the segment being produced with chunked transfer, one CMAF chunk per frame. */
  kind: 'll-hls' | 'hls' | 'll-dash' | 'dash';
  /** Part duration in ms for LL-HLS (a whole number of frames), or null. */
  partMs: number | null;
  segmentMs: number;
  description: string;
}

export const PROFILES: readonly LatencyProfile[] = [
  { name: 'll100', kind: 'll-hls', partMs: 100, segmentMs: 1000, description: 'LL-HLS, 100 ms parts, 1 s segments' },
  { name: 'll200', kind: 'll-hls', partMs: 200, segmentMs: 1000, description: 'LL-HLS, 200 ms parts, 1 s segments' },
  { name: 'll500', kind: 'll-hls', partMs: 500, segmentMs: 2000, description: 'LL-HLS, 500 ms parts, 2 s segments' },
  { name: 'hls2', kind: 'hls', partMs: null, segmentMs: 2000, description: 'HLS, 2 s segments' },
  { name: 'hls6', kind: 'hls', partMs: null, segmentMs: 6000, description: 'HLS, 6 s segments' },
  { name: 'dash-ll', kind: 'll-dash', partMs: null, segmentMs: 1000, description: 'LL-DASH, CMAF chunked transfer, 1-frame chunks, 1 s segments' },
  { name: 'dash2', kind: 'dash', partMs: null, segmentMs: 2000, description: 'DASH, 2 s segments' },
];

export const isDash = (profile: LatencyProfile): boolean => profile.kind === 'll-dash' || profile.kind === 'dash';

/** Where a player starts: the multivariant playlist or the MPD. */
export const entryUrl = (profile: LatencyProfile): string => `/live/${profile.name}/${isDash(profile) ? 'manifest.mpd' : 'master.m3u8'}`;

/** The profile of /live/master.m3u8 and of HLS players when none is named. */
export const DEFAULT_PROFILE = 'll200';
/** The profile of DASH players when none is named. */
export const DEFAULT_DASH_PROFILE = 'dash-ll';

export type StreamFormat = 'hls' | 'dash';

export const formatOf = (profile: LatencyProfile): StreamFormat => (isDash(profile) ? 'dash' : 'hls');

/** The profile a player of `format` starts on when none is named. */
export const defaultProfileFor = (format: StreamFormat): string => (format === 'dash' ? DEFAULT_DASH_PROFILE : DEFAULT_PROFILE);

const lowLatency = (profile: LatencyProfile): boolean => profile.kind === 'll-hls' || profile.kind === 'll-dash';

/**
 * The nearest profile of the other format, for an engine that plays only that one: low latency
 * to low latency, segment-based to segment-based, then the nearest segment duration, then that
 * format's default.
 */
export function counterpartOf(profile: LatencyProfile): LatencyProfile | undefined {
  const other: StreamFormat = formatOf(profile) === 'dash' ? 'hls' : 'dash';
  const candidates = PROFILES.filter((p) => formatOf(p) === other && lowLatency(p) === lowLatency(profile));
  const distance = (p: LatencyProfile) => Math.abs(p.segmentMs - profile.segmentMs) * 2 + (p.name === defaultProfileFor(other) ? 0 : 1);
  return [...candidates].sort((a, b) => distance(a) - distance(b))[0];
}

/** The profile a /live/... path plays (/live/master.m3u8 is the default's), or undefined. */
export function profileOfLivePath(livePath: string): LatencyProfile | undefined {
  if (livePath === '/live/master.m3u8') return findProfile(DEFAULT_PROFILE);
  const name = /^\/live\/([^/]+)\/[^/]+$/.exec(livePath)?.[1];
  return name === undefined ? undefined : findProfile(name);
}

export function findProfile(name: string): LatencyProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}

/** Frames per part and per segment at `fps`; parts divide segments exactly. */
export function profileFrames(profile: LatencyProfile, fps: number): { partFrames: number | null; segmentFrames: number } {
  // Parts and segments are whole frames, or playlist durations would drift from the media.
  const segmentFrames = (profile.segmentMs * fps) / 1000;
  if (!Number.isInteger(segmentFrames)) throw new Error(`profile ${profile.name}: ${profile.segmentMs} ms segments are not whole frames at ${fps} fps`);
  if (profile.partMs === null) return { partFrames: null, segmentFrames };
  const partFrames = (profile.partMs * fps) / 1000;
  if (!Number.isInteger(partFrames)) throw new Error(`profile ${profile.name}: ${profile.partMs} ms parts are not whole frames at ${fps} fps`);
  return { partFrames, segmentFrames };
}
