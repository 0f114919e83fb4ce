import type { EngineName } from '../analyzer/types.ts';
import { canPlay } from '../player/catalog.ts';
import { ownValue } from '../shared/own.ts';
import { engineForUrl } from '../player/stream-format.ts';
import { splitStreamUrl } from './origin-options.ts';

/**
 * hls.js plays only HLS and dash.js only DASH (Shaka Player plays both), so the page keeps engine
 * and stream in step: a stream the engine cannot play picks its format's engine, and switching to
 * an engine that cannot play one of the bundled origin's streams moves to the nearest stream of
 * the other format (same URL options).
 */

/** Nearest profile of the other format: low latency to low latency, segment-based to segment-based. */
const COUNTERPART: Record<string, string> = {
  'dash-ll': '/live/ll200/master.m3u8',
  dash2: '/live/hls2/master.m3u8',
  ll100: '/live/dash-ll/manifest.mpd',
  ll200: '/live/dash-ll/manifest.mpd',
  ll500: '/live/dash-ll/manifest.mpd',
  hls2: '/live/dash2/manifest.mpd',
  hls6: '/live/dash2/manifest.mpd',
};

/**
 * The stream to play after switching to `engine`: `src` itself if that engine can play it (or
 * we cannot tell), else the bundled origin's counterpart profile, keeping host and options.
 */
export function streamForEngine(src: string, engine: EngineName): string {
  const current = engineForUrl(src);
  if (current === null || canPlay(engine, src)) return src;
  const split = splitStreamUrl(src);
  if (!split) return src;
  // /live/master.m3u8 is the default profile (ll200).
  const profile = /^\/live\/([^/]+)\/[^/]+$/.exec(split.rest)?.[1] ?? (split.rest === '/live/master.m3u8' ? 'll200' : null);
  const target = profile ? ownValue(COUNTERPART, profile) : undefined;
  if (!target) return src;
  return `${split.prefix}${split.options ? `/o/${encodeURIComponent(split.options).replace(/%2C/g, ',').replace(/%3D/g, '=')}` : ''}${target}`;
}
