import { afterEach, describe, expect, it, vi } from 'vitest';
import { faultFor, NetemSessions } from './sessions.ts';
import { parseUrlOptions, type UrlOptions } from '../../shared/stream/url-options.ts';

const opts = (raw: string): UrlOptions => {
  const r = parseUrlOptions(raw);
  if (!r.ok) throw new Error(r.message);
  return r.options;
};

afterEach(() => vi.restoreAllMocks());

describe('NetemSessions', () => {
  it('returns the same session for the same key, with one shared bucket', () => {
    const sessions = new NetemSessions();
    const a = sessions.get('k', opts('net=cap800'));
    const b = sessions.get('k', opts('net=cap800'));
    expect(b).toBe(a);
    expect(a.bucket).not.toBeNull();
    expect(sessions.get('other', opts('rtt=5')).bucket).toBeNull();
  });

  it('keeps at most `limit` sessions, dropping the least recently used', () => {
    const sessions = new NetemSessions(2);
    const a = sessions.get('a', opts('rtt=1'));
    sessions.get('b', opts('rtt=1'));
    sessions.get('a', opts('rtt=1')); // a is now the most recent
    sessions.get('c', opts('rtt=1'));
    expect(sessions.active).toBe(2);
    expect(sessions.get('a', opts('rtt=1'))).toBe(a);
    expect(sessions.get('b', opts('rtt=1'))).not.toBe(undefined);
  });

  it('expires idle sessions', () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const sessions = new NetemSessions(10, 5000);
    const first = sessions.get('a', opts('rtt=1'));
    now += 6000;
    expect(sessions.active).toBe(0);
    expect(sessions.get('a', opts('rtt=1'))).not.toBe(first);
  });
});

describe('faultFor', () => {
  it('fails every Nth request of the kind, counting per session', () => {
    const s = new NetemSessions().get('k', opts('fault=503.segment.every3'));
    const got = [1, 2, 3, 4, 5, 6].map(() => faultFor(s, 'segment', 0));
    expect(got.map((f) => f !== null)).toEqual([false, false, true, false, false, true]);
    expect(faultFor(s, 'part', 0)).toBeNull();
    expect(faultFor(s, 'playlist', 0)).toBeNull();
  });

  it('counts every kind for "any"', () => {
    const s = new NetemSessions().get('k', opts('fault=500.any.every2'));
    expect([faultFor(s, 'playlist', 0), faultFor(s, 'part', 0), faultFor(s, 'segment', 0), faultFor(s, 'part', 0)].map((f) => f !== null)).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it('fails inside a time window measured from the first request', () => {
    // A start time whose sums below are exact: with any performance.now(), (t0 + 10) - t0 can
    // come out as 9.999999999 and the boundary check would fail now and then.
    vi.spyOn(performance, 'now').mockReturnValue(1_234_000);
    const s = new NetemSessions().get('k', opts('fault=hang5.part.10-15s'));
    const t0 = s.startedAtS;
    expect(faultFor(s, 'part', t0 + 9.9)).toBeNull();
    expect(faultFor(s, 'part', t0 + 10)).toEqual({ type: 'hang', seconds: 5 });
    expect(faultFor(s, 'part', t0 + 14.9)).not.toBeNull();
    expect(faultFor(s, 'part', t0 + 15)).toBeNull();
  });
});
