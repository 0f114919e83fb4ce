import type { EngineName } from '../analyzer/types.ts';
import { canPlay } from '../player/catalog.ts';
import { counterpartOf, entryUrl, profileOfLivePath } from '../shared/stream/profiles.ts';
import { engineForUrl } from '../player/stream-format.ts';
import { joinStreamUrl } from '../shared/stream/stream-url.ts';
import { splitStreamUrl } from './origin-options.ts';

/**
 * hls.js plays only HLS and dash.js only DASH (Shaka Player plays both), so the page keeps engine
 * and stream in step: a stream the engine cannot play picks its format's engine, and switching to
 * an engine that cannot play one of the bundled origin's streams moves to the nearest stream of
 * the other format (same URL options).
 */

/**
 * The stream to play after switching to `engine`: `src` itself if that engine can play it (or
 * we cannot tell), else the bundled origin's counterpart profile, keeping host and options.
 */
export function streamForEngine(src: string, engine: EngineName): string {
  const current = engineForUrl(src);
  if (current === null || canPlay(engine, src)) return src;
  const split = splitStreamUrl(src);
  if (!split) return src;
  const profile = profileOfLivePath(split.rest);
  const target = profile && counterpartOf(profile);
  if (!target) return src;
  return joinStreamUrl({ ...split, rest: entryUrl(target) });
}
