import { NAMED_SCHEDULES, type BandwidthSchedule } from '../shared/network-schedules.ts';
import { joinStreamUrl, splitStreamUrl as splitOrigin, type StreamUrlParts } from '../shared/stream/stream-url.ts';
import { optionPairs, parseUrlOptions } from '../shared/stream/url-options.ts';

/** The network a player session goes through, as chosen in the page (origin URL options). */
export interface NetworkChoice {
  net: string;
  rttMs: number;
  delayMs: number;
  fault: string;
}

export const NO_NETWORK: NetworkChoice = { net: '', rttMs: 0, delayMs: 0, fault: '' };

/** The picker's profiles: every named schedule, then a few constant rates. */
export const NETWORK_PROFILES = [...Object.keys(NAMED_SCHEDULES), ...[300, 800, 2000, 5000].map((kbps) => `cap${kbps}`)];

export const FAULT_PRESETS: Array<{ spec: string; label: string }> = [
  { spec: '404.part.every5', label: '404 on every 5th part' },
  { spec: '503.segment.every3', label: '503 on every 3rd segment' },
  { spec: '500.playlist.every10', label: '500 on every 10th playlist' },
  { spec: 'hang5.part.every20', label: 'every 20th part hangs 5 s' },
  { spec: 'slow100.part.every4', label: 'every 4th part at 100 kbps' },
  { spec: '503.any.20-25s', label: 'everything fails 20-25 s in' },
];

/** Splits an origin stream URL into its options and the rest; null for other URLs and undecodable options. */
export function splitStreamUrl(src: string): StreamUrlParts | null {
  const parts = splitOrigin(src);
  return parts && parts.options !== null ? { prefix: parts.prefix, options: parts.options, rest: parts.rest } : null;
}

/** The network part of valid options (the origin's own parser); no network for invalid ones. */
export function parseNetwork(options: string): NetworkChoice {
  const parsed = options === '' ? null : parseUrlOptions(options);
  if (!parsed?.ok) return { ...NO_NETWORK };
  const written = (key: string) => optionPairs(options).find((p) => p.key === key)?.value ?? '';
  return { net: parsed.options.net ? written('net') : '', rttMs: parsed.options.rttMs, delayMs: parsed.options.delayMs, fault: parsed.options.fault ? written('fault') : '' };
}

/** The options segment for a choice; `sid` keeps this page's requests in one emulated session. */
export function buildOptions(choice: NetworkChoice, sid: string): string {
  const parts: string[] = [];
  if (choice.net) parts.push(`net=${choice.net}`);
  if (choice.rttMs > 0) parts.push(`rtt=${Math.round(choice.rttMs)}`);
  if (choice.delayMs > 0) parts.push(`delay=${Math.round(choice.delayMs)}`);
  if (choice.fault) parts.push(`fault=${choice.fault}`);
  if (parts.length === 0) return '';
  if (choice.net || choice.fault) parts.push(`sid=${sid}`);
  return parts.join(',');
}

/** The keys the network picker owns; any other option (e.g. holdback=, target=) is kept as written. */
const NETWORK_KEYS = new Set(['net', 'rtt', 'delay', 'fault', 'sid']);

/** The stream URL with the network choice applied (or removed), or null for non-origin URLs. */
export function applyNetwork(src: string, choice: NetworkChoice, sid: string): string | null {
  const split = splitStreamUrl(src);
  if (!split) return null;
  const others = optionPairs(split.options).filter((p) => !NETWORK_KEYS.has(p.key)).map((p) => (p.value === null ? p.key : `${p.key}=${p.value}`));
  const options = [...others, buildOptions(choice, sid)].filter((o) => o !== '').join(',');
  return joinStreamUrl({ ...split, options });
}

/**
 * Why `src` cannot be played, or null when it may be tried. Checked before a URL from a link,
 * localStorage or the URL field is used or saved: it must parse against the page, be http(s),
 * and carry URL options the origin accepts (its own parser, so the page says what the origin's
 * 400 would).
 */
export function streamUrlProblem(src: string, base: string): string | null {
  if (src.length > 2048) return 'the stream URL is longer than 2048 characters';
  let url: URL;
  try {
    url = new URL(src, base);
  } catch {
    return `"${src.slice(0, 200)}" is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${url.protocol}" URLs cannot be played; use http: or https:`;
  const parts = splitOrigin(src);
  if (!parts || parts.raw === null) return null;
  if (parts.options === null) return `the URL options "${parts.raw.slice(0, 200)}" are not valid %-encoding`;
  const parsed = parseUrlOptions(parts.options);
  return parsed.ok ? null : parsed.message.slice(0, 300);
}

/** The bandwidth schedule a stream URL asks for, if any. */
export function scheduleOf(src: string): BandwidthSchedule | null {
  const split = splitStreamUrl(src);
  if (!split?.options) return null;
  const parsed = parseUrlOptions(split.options);
  return parsed.ok ? parsed.options.net : null;
}
