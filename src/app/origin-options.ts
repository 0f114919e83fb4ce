import { findSchedule, type BandwidthSchedule } from '../shared/network-schedules.ts';

/** The network a player session goes through, as chosen in the page (origin URL options). */
export interface NetworkChoice {
  net: string;
  rttMs: number;
  delayMs: number;
  fault: string;
}

export const NO_NETWORK: NetworkChoice = { net: '', rttMs: 0, delayMs: 0, fault: '' };

export const NETWORK_PROFILES = ['cascade', 'intra-cascade', 'spike', 'slow-jitter', 'fast-jitter', 'cap300', 'cap800', 'cap2000', 'cap5000'];

export const FAULT_PRESETS: Array<{ spec: string; label: string }> = [
  { spec: '404.part.every5', label: '404 on every 5th part' },
  { spec: '503.segment.every3', label: '503 on every 3rd segment' },
  { spec: '500.playlist.every10', label: '500 on every 10th playlist' },
  { spec: 'hang5.part.every20', label: 'every 20th part hangs 5 s' },
  { spec: 'slow100.part.every4', label: 'every 4th part at 100 kbps' },
  { spec: '503.any.20-25s', label: 'everything fails 20-25 s in' },
];

const OPTIONS_IN_PATH = /^(.*?)\/o\/([^/]*)(\/live\/.*)$/;

/** The options segment decoded, or null when its %-encoding is broken (e.g. "%zz"). */
function decodeOptions(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Splits an origin stream URL into its options segment and the rest; null for other URLs and undecodable options. */
export function splitStreamUrl(src: string): { prefix: string; options: string; rest: string } | null {
  const m = OPTIONS_IN_PATH.exec(src);
  if (m) {
    const options = decodeOptions(m[2] ?? '');
    return options === null ? null : { prefix: m[1] ?? '', options, rest: m[3] ?? '' };
  }
  const live = /^(.*?)(\/live\/.*)$/.exec(src);
  return live ? { prefix: live[1] ?? '', options: '', rest: live[2] ?? '' } : null;
}

export function parseNetwork(options: string): NetworkChoice {
  const choice = { ...NO_NETWORK };
  for (const pair of options.split(',')) {
    const [key, value = ''] = pair.split('=');
    if (key === 'net') choice.net = value;
    else if (key === 'rtt') choice.rttMs = Number(value) || 0;
    else if (key === 'delay') choice.delayMs = Number(value) || 0;
    else if (key === 'fault') choice.fault = value;
  }
  return choice;
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
  const others = split.options === '' ? [] : split.options.split(',').filter((pair) => !NETWORK_KEYS.has(pair.split('=')[0] ?? ''));
  const options = [...others, buildOptions(choice, sid)].filter((o) => o !== '').join(',');
  return `${split.prefix}${options ? `/o/${options}` : ''}${split.rest}`;
}

// Every key the origin knows (netem/url-options.ts); the page owns only the network ones (NETWORK_KEYS).
const OPTION_KEYS = new Set([...NETWORK_KEYS, 'holdback', 'target', 'avoffset']);

/**
 * Why `src` cannot be played, or null when it may be tried. Checked before a URL from a link,
 * localStorage or the URL field is used or saved: it must parse against the page, be http(s),
 * and, on the bundled origin, carry options that decode and name a known network profile (the
 * origin checks the rest and answers 400 naming the key).
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
  const raw = OPTIONS_IN_PATH.exec(src)?.[2];
  if (raw === undefined) return null;
  const options = decodeOptions(raw);
  if (options === null) return `the URL options "${raw.slice(0, 200)}" are not valid %-encoding`;
  for (const pair of options.split(',')) {
    const [key = '', value = ''] = pair.split('=');
    if (!OPTION_KEYS.has(key)) return `unknown URL option "${key.slice(0, 64)}" (known: ${[...OPTION_KEYS].join(', ')})`;
    if (key === 'net' && !findSchedule(value)) return `unknown network profile net=${value.slice(0, 64)}`;
  }
  return null;
}

/** The bandwidth schedule a stream URL asks for, if any. */
export function scheduleOf(src: string): BandwidthSchedule | null {
  const split = splitStreamUrl(src);
  if (!split?.options) return null;
  const net = parseNetwork(split.options).net;
  return net ? findSchedule(net) : null;
}
