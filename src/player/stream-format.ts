import type { EngineName } from '../analyzer/types.ts';

/** The engine that can play a URL, judged by its path (.mpd: dash.js, .m3u8: hls.js); null when the path does not tell. */
export function engineForUrl(src: string): EngineName | null {
  const path = src.split(/[?#]/)[0] ?? '';
  if (/\.mpd$/i.test(path)) return 'dash';
  if (/\.m3u8$/i.test(path)) return 'hls';
  return null;
}
