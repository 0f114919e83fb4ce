import { findSchedule, NAMED_SCHEDULES, type BandwidthSchedule } from '../network-schedules.ts';

/**
 * Origin URL options: the path segment in `/o/<options>/live/<profile>/...`, comma-separated
 * `key=value` pairs. Being in the path, they are inherited by every relative URL a player
 * fetches (as in DASH-IF livesim2).
 */

/** What a fault applies to (`fault=<action>.<kind>.<when>`). */
export type FaultKind = 'playlist' | 'part' | 'segment' | 'any';

export type FaultAction = { type: 'status'; status: 404 | 500 | 503 } | { type: 'hang'; seconds: number } | { type: 'slow'; kbps: number };

export type FaultWhen = { type: 'every'; n: number } | { type: 'window'; fromSeconds: number; toSeconds: number };

export interface FaultSpec {
  action: FaultAction;
  kind: FaultKind;
  when: FaultWhen;
}

export interface UrlOptions {
  net: BandwidthSchedule | null;
  rttMs: number;
  delayMs: number;
  /** Audio moved this much against the picture (ms, positive = audio late): proves the A/V measurement. */
  avOffsetMs: number;
  fault: FaultSpec | null;
  /** Player session id; requests with the same id share one bandwidth schedule. */
  sid: string | null;
  /** HLS hold-back as a multiple of PART-TARGET (LL) or of the target duration (plain HLS), or null for 3. */
  holdback: number | null;
  /** DASH ServiceDescription target latency in ms, or null for the profile's own. */
  targetMs: number | null;
  /** The options exactly as written, for logs and exports. */
  raw: string;
}

export type UrlOptionsResult = { ok: true; options: UrlOptions } | { ok: false; key: string; message: string };

const KINDS: readonly FaultKind[] = ['playlist', 'part', 'segment', 'any'];
const FAULT = /^(404|500|503|hang(\d{1,3})|slow(\d{1,6}))\.(playlist|part|segment|any)\.(?:every(\d{1,6})|(\d{1,5})-(\d{1,5})s)$/;

export const FAULT_SYNTAX =
  'fault=<404|500|503|hang<seconds>|slow<kbps>>.<playlist|part|segment|any>.<every<N>|<from>-<to>s>, e.g. fault=404.part.every5 or fault=503.any.20-25s';

function parseFault(value: string): FaultSpec | string {
  const m = FAULT.exec(value);
  if (!m) return `bad fault "${value}": expected ${FAULT_SYNTAX}`;
  const [, what, hang, slow, kind, every, from, to] = m;
  let action: FaultAction;
  if (hang !== undefined) {
    const seconds = Number(hang);
    if (seconds < 1 || seconds > 120) return `fault hang must be 1..120 s, got ${seconds}`;
    action = { type: 'hang', seconds };
  } else if (slow !== undefined) {
    const kbps = Number(slow);
    if (kbps < 1) return `fault slow rate must be at least 1 kbps`;
    action = { type: 'slow', kbps };
  } else {
    action = { type: 'status', status: Number(what) as 404 | 500 | 503 };
  }
  let when: FaultWhen;
  if (every !== undefined) {
    const n = Number(every);
    if (n < 1) return 'fault every<N> needs N >= 1';
    when = { type: 'every', n };
  } else {
    const fromSeconds = Number(from);
    const toSeconds = Number(to);
    if (toSeconds <= fromSeconds) return `fault window ${from}-${to}s must end after it starts`;
    when = { type: 'window', fromSeconds, toSeconds };
  }
  if (!(KINDS as readonly string[]).includes(kind ?? '')) return `bad fault kind "${kind}"`;
  return { action, kind: kind as FaultKind, when };
}

function intInRange(key: string, value: string, min: number, max: number): number | string {
  if (!/^\d{1,6}$/.test(value)) return `${key} must be a whole number of milliseconds, got "${value}"`;
  const n = Number(value);
  return n < min || n > max ? `${key} must be between ${min} and ${max} ms, got ${n}` : n;
}

/** HLS requires PART-HOLD-BACK >= 2 part targets and recommends 3; beyond 6 it is not low latency. */
export const HOLDBACK_RANGE = { min: 2, max: 6 } as const;
/** ServiceDescription targets a player may ask for: below a frame or two is meaningless, above 30 s is not live. */
export const TARGET_RANGE_MS = { min: 200, max: 30_000 } as const;

function parseHoldback(value: string): number | string {
  // Two decimals at most: 2.5 (gohlslib's choice) or 2.25 are useful, 2.3333 is noise.
  if (!/^\d(?:\.\d{1,2})?$/.test(value)) return `holdback must be a number of part targets like 2, 2.5 or 3, got "${value}"`;
  const n = Number(value);
  return n < HOLDBACK_RANGE.min || n > HOLDBACK_RANGE.max ? `holdback must be between ${HOLDBACK_RANGE.min} and ${HOLDBACK_RANGE.max} part targets, got ${n}` : n;
}

/** Every key the origin knows, in the order the docs list them. */
export const URL_OPTION_KEYS = ['net', 'rtt', 'delay', 'avoffset', 'fault', 'sid', 'holdback', 'target'] as const;

/** The `key=value` pairs of an options segment as written (a pair without "=" has value null). */
export function optionPairs(raw: string): { key: string; value: string | null }[] {
  if (raw === '') return [];
  return raw.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

/** Parses the options segment; any unknown key or bad value is an error naming the key. */
export function parseUrlOptions(raw: string): UrlOptionsResult {
  const options: UrlOptions = { net: null, rttMs: 0, delayMs: 0, avOffsetMs: 0, fault: null, sid: null, holdback: null, targetMs: null, raw };
  if (raw === '') return { ok: false, key: '', message: 'empty URL options: use /live/... without /o/' };
  const seen = new Set<string>();
  for (const { key, value } of optionPairs(raw)) {
    if (seen.has(key)) return { ok: false, key, message: `URL option "${key}" is given twice` };
    seen.add(key);
    if (value === null || value === '') return { ok: false, key, message: `URL option "${key}" needs a value (${key}=...)` };
    switch (key) {
      case 'net': {
        const schedule = findSchedule(value);
        if (!schedule) {
          return { ok: false, key, message: `unknown network profile net=${value}: use ${Object.keys(NAMED_SCHEDULES).join(', ')} or cap<kbps> (e.g. cap800)` };
        }
        options.net = schedule;
        break;
      }
      case 'rtt': {
        const n = intInRange(key, value, 0, 10_000);
        if (typeof n === 'string') return { ok: false, key, message: n };
        options.rttMs = n;
        break;
      }
      case 'delay': {
        const n = intInRange(key, value, 0, 30_000);
        if (typeof n === 'string') return { ok: false, key, message: n };
        options.delayMs = n;
        break;
      }
      case 'avoffset': {
        if (!/^-?\d{1,4}$/.test(value) || Math.abs(Number(value)) > 1000) return { ok: false, key, message: `avoffset must be a whole number of milliseconds between -1000 and 1000, got "${value}"` };
        options.avOffsetMs = Number(value);
        break;
      }
      case 'fault': {
        const fault = parseFault(value);
        if (typeof fault === 'string') return { ok: false, key, message: fault };
        options.fault = fault;
        break;
      }
      case 'sid':
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) return { ok: false, key, message: 'sid must be 1-64 letters, digits, "-" or "_"' };
        options.sid = value;
        break;
      case 'holdback': {
        const n = parseHoldback(value);
        if (typeof n === 'string') return { ok: false, key, message: n };
        options.holdback = n;
        break;
      }
      case 'target': {
        const n = intInRange(key, value, TARGET_RANGE_MS.min, TARGET_RANGE_MS.max);
        if (typeof n === 'string') return { ok: false, key, message: n };
        options.targetMs = n;
        break;
      }
      default:
        return { ok: false, key, message: `unknown URL option "${key.slice(0, 64)}": known are ${URL_OPTION_KEYS.join(', ')}` };
    }
  }
  return { ok: true, options };
}
