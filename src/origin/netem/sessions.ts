import { performance } from 'node:perf_hooks';
import { ORIGIN_CONFIG } from '../config.ts';
import { TokenBucket } from './token-bucket.ts';
import type { FaultAction, FaultKind, UrlOptions } from '../../shared/stream/url-options.ts';

/** One emulated player link: all requests of one player share its schedule and counters. */
export interface NetemSession {
  key: string;
  options: UrlOptions;
  /** Monotonic seconds of the session's first request: schedules and fault windows start here. */
  startedAtS: number;
  bucket: TokenBucket | null;
  /** Requests seen per object kind (for "every Nth" faults). */
  counts: Record<Exclude<FaultKind, 'any'>, number>;
  lastSeenMs: number;
}

export const nowSeconds = () => performance.now() / 1000;

/**
 * Sessions by key (the `sid` option, else client address + options), bounded: idle sessions
 * expire and, past the limit, the least recently used one goes.
 */
export class NetemSessions {
  private readonly sessions = new Map<string, NetemSession>();

  constructor(
    readonly limit: number = ORIGIN_CONFIG.netemSessionLimit,
    readonly idleMs: number = ORIGIN_CONFIG.netemSessionIdleMs,
  ) {}

  get(key: string, options: UrlOptions): NetemSession {
    const nowMs = performance.now();
    this.expire(nowMs);
    let session = this.sessions.get(key);
    if (session) {
      this.sessions.delete(key); // re-insert: Map order is the LRU order
    } else {
      const startedAtS = nowMs / 1000;
      session = {
        key,
        options,
        startedAtS,
        bucket: options.net ? new TokenBucket(options.net, startedAtS) : null,
        counts: { playlist: 0, part: 0, segment: 0 },
        lastSeenMs: nowMs,
      };
      while (this.sessions.size >= this.limit) {
        const oldest = this.sessions.keys().next().value;
        if (oldest === undefined) break;
        this.sessions.delete(oldest);
      }
    }
    session.lastSeenMs = nowMs;
    this.sessions.set(key, session);
    return session;
  }

  /** Sessions that made a request within the idle timeout. */
  get active(): number {
    this.expire(performance.now());
    return this.sessions.size;
  }

  private expire(nowMs: number): void {
    for (const [key, s] of this.sessions) {
      if (nowMs - s.lastSeenMs <= this.idleMs) break; // LRU order: the rest are newer
      this.sessions.delete(key);
    }
  }
}

/**
 * Counts the request and says which fault, if any, it gets: every Nth request of the kind
 * (counted per session), or every request of the kind inside the time window.
 */
export function faultFor(session: NetemSession, kind: Exclude<FaultKind, 'any'>, nowS: number): FaultAction | null {
  session.counts[kind]++;
  const fault = session.options.fault;
  if (!fault || (fault.kind !== 'any' && fault.kind !== kind)) return null;
  if (fault.when.type === 'every') {
    const count = fault.kind === 'any' ? session.counts.playlist + session.counts.part + session.counts.segment : session.counts[kind];
    return count % fault.when.n === 0 ? fault.action : null;
  }
  const elapsed = nowS - session.startedAtS;
  return elapsed >= fault.when.fromSeconds && elapsed < fault.when.toSeconds ? fault.action : null;
}
