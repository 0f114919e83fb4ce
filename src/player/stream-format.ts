import type { EngineName } from '../analyzer/types.ts';

import type { StreamFormat } from '../shared/stream/profiles.ts';

export type { StreamFormat };

/** A stream's format, judged by its path (.mpd: DASH, .m3u8: HLS); null when the path does not tell. */
export function formatOfUrl(src: string): StreamFormat | null {
  const path = src.split(/[?#]/)[0] ?? '';
  if (/\.mpd$/i.test(path)) return 'dash';
  if (/\.m3u8$/i.test(path)) return 'hls';
  return null;
}

/** The format's own engine (.mpd: dash.js, .m3u8: hls.js), which such a stream brings along when the engine in use cannot play it; null when the path does not tell. */
export function engineForUrl(src: string): EngineName | null {
  return formatOfUrl(src);
}
