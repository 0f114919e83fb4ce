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

/** Splits an origin stream URL into its options segment and the rest; null for other URLs. */
export function splitStreamUrl(src: string): { prefix: string; options: string; rest: string } | null {
  const m = OPTIONS_IN_PATH.exec(src);
  if (m) return { prefix: m[1] ?? '', options: decodeURIComponent(m[2] ?? ''), rest: m[3] ?? '' };
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

/** The stream URL with the network choice applied (or removed), or null for non-origin URLs. */
export function applyNetwork(src: string, choice: NetworkChoice, sid: string): string | null {
  const split = splitStreamUrl(src);
  if (!split) return null;
  const options = buildOptions(choice, sid);
  return `${split.prefix}${options ? `/o/${options}` : ''}${split.rest}`;
}

/** The bandwidth schedule a stream URL asks for, if any. */
export function scheduleOf(src: string): BandwidthSchedule | null {
  const split = splitStreamUrl(src);
  if (!split?.options) return null;
  const net = parseNetwork(split.options).net;
  return net ? findSchedule(net) : null;
}
