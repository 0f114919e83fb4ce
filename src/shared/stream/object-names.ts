import type { FaultKind } from './url-options.ts';

/**
 * Object names under /live/<profile>/. Media playlists sit beside the multivariant playlist,
 * media objects in a folder per rung (DASH: per Representation), so every URI in a playlist or
 * MPD is relative and URL options in the path (/o/<options>/live/...) are inherited by
 * everything a player fetches. The origin builds and parses them here only.
 */
export const mediaPlaylistUri = (rung: string) => `${rung}.m3u8`;
export const initUri = (run: number) => `init-${run}.mp4`;
/** A segment's name; the MPD's SegmentTemplate passes `$Number$`. */
export const segmentUri = (msn: number | '$Number$') => `${msn}.m4s`;
export const partUri = (msn: number, part: number) => `${msn}.${part}.m4s`;

/** What a player asks the origin for (the page's request samples use these too, plus "other"). */
export type ObjectKind = 'manifest' | 'playlist' | 'init' | 'part' | 'segment';

export type MediaObject =
  | { kind: 'init'; run: number }
  | { kind: 'segment'; msn: number }
  | { kind: 'part'; msn: number; part: number };

const INIT = /^init-(\d{1,9})\.mp4$/;
const SEGMENT = /^(\d{1,12})\.m4s$/;
const PART = /^(\d{1,12})\.(\d{1,4})\.m4s$/;

/** Parses the file name of a media object, or null if it is not one. */
export function parseMediaObject(name: string): MediaObject | null {
  let m = INIT.exec(name);
  if (m) return { kind: 'init', run: Number(m[1]) };
  m = PART.exec(name);
  if (m) return { kind: 'part', msn: Number(m[1]), part: Number(m[2]) };
  m = SEGMENT.exec(name);
  if (m) return { kind: 'segment', msn: Number(m[1]) };
  return null;
}

/** What a /live/ path asks for, for fault injection (`fault=<action>.<kind>...`); null for init segments and the rest. */
export function objectKindOf(livePath: string): Exclude<FaultKind, 'any'> | null {
  if (livePath.endsWith('.m3u8') || livePath.endsWith('.mpd')) return 'playlist';
  const object = parseMediaObject(livePath.slice(livePath.lastIndexOf('/') + 1));
  return object === null || object.kind === 'init' ? null : object.kind;
}
