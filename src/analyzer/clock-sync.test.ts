import { afterEach, describe, it, expect, vi } from 'vitest';
import { ClockSync, estimateOffset, type ClockSyncState } from './clock-sync.ts';
import { mulberry32 } from '../shared/mulberry32.ts';


/**
 * A virtual local clock and a server clock `aheadMs` ahead of it. Each request spends a random
 * uplink delay, reads the server clock, then a random downlink delay; nothing waits for real.
 */
function fakeNetwork(aheadMs: number, seed: number, maxDelayMs = 80) {
  const random = mulberry32(seed);
  let localMs = 1_700_000_000_000;
  let requests = 0;
  return {
    now: () => localMs,
    get requests() {
      return requests;
    },
    advance(ms: number) {
      localMs += ms;
    },
    fetchTime: async (): Promise<number> => {
      requests++;
      localMs += 1 + random() * maxDelayMs;
      await Promise.resolve();
      const serverMs = localMs + aheadMs;
      localMs += 1 + random() * maxDelayMs;
      return serverMs;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('estimateOffset', () => {
  it('uses offset = server - (send + rtt/2) of the smallest round trip', () => {
    const estimate = estimateOffset([
      // rtt 100: server read 80 ms after send (slow uplink, fast downlink).
      { sendMs: 1000, receiveMs: 1100, serverMs: 6080 },
      // rtt 20: the winner. True offset 5000, server read at 1512 -> estimate 5002 +- 10.
      { sendMs: 1500, receiveMs: 1520, serverMs: 6512 },
      // rtt 60
      { sendMs: 2000, receiveMs: 2060, serverMs: 7010 },
    ]);
    expect(estimate).toEqual({ offsetMs: 5002, uncertaintyMs: 10, rttMs: 20, probes: 3 });
  });

  it('bounds the error by rtt/2 even for a fully asymmetric path', () => {
    // Server reads its clock at the very end of the round trip: the worst case.
    const e = estimateOffset([{ sendMs: 0, receiveMs: 40, serverMs: 40 + 300 }]);
    expect(e?.offsetMs).toBe(320);
    expect(e?.uncertaintyMs).toBe(20);
    expect(Math.abs(300 - (e?.offsetMs ?? Number.NaN))).toBeLessThanOrEqual(e?.uncertaintyMs ?? 0);
  });

  it('handles a server behind the local clock', () => {
    expect(estimateOffset([{ sendMs: 10_000, receiveMs: 10_010, serverMs: 7_005 }])?.offsetMs).toBe(-3000);
  });

  it('ignores probes with a negative or non-finite round trip, and returns null for none', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sendMs: 100, receiveMs: 50, serverMs: 1 }])).toBeNull();
    const e = estimateOffset([
      { sendMs: 100, receiveMs: 90, serverMs: 1 },
      { sendMs: 0, receiveMs: Number.NaN, serverMs: 1 },
      { sendMs: 0, receiveMs: 30, serverMs: 115 },
    ]);
    expect(e).toEqual({ offsetMs: 100, uncertaintyMs: 15, rttMs: 30, probes: 1 });
  });
});

describe('ClockSync', () => {
  it('finds a server clock 5000 ms ahead within its uncertainty', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const net = fakeNetwork(5000, seed);
      const sync = new ClockSync({ fetchTime: net.fetchTime, now: net.now });
      expect(sync.synced).toBe(false);
      expect(sync.offsetMs).toBe(0);
      expect(sync.uncertaintyMs).toBeNaN();
      const estimate = await sync.syncOnce(8);
      expect(net.requests).toBe(8);
      expect(estimate?.probes).toBe(8);
      expect(sync.synced).toBe(true);
      expect(Math.abs(sync.offsetMs - 5000)).toBeLessThanOrEqual(sync.uncertaintyMs);
      expect(sync.uncertaintyMs).toBeLessThanOrEqual(81);
      expect(sync.rttMs).toBe(sync.uncertaintyMs * 2);
      expect(sync.lastSyncAt).toBe(net.now());
      expect(sync.error).toBeNull();
      expect(sync.toOriginTime(1000)).toBe(1000 + sync.offsetMs);
    }
  });

  it('keeps the previous estimate and reports the error when a sync fails', async () => {
    const net = fakeNetwork(-250, 42);
    let failing = false;
    const sync = new ClockSync({
      now: net.now,
      fetchTime: () => (failing ? Promise.reject(new Error('origin unreachable')) : net.fetchTime()),
    });
    await sync.syncOnce();
    const before = sync.state;
    expect(Math.abs(before.offsetMs + 250)).toBeLessThanOrEqual(before.uncertaintyMs);

    failing = true;
    net.advance(30_000);
    expect(await sync.syncOnce()).toBeNull();
    expect(sync.error).toBe('origin unreachable');
    expect(sync.offsetMs).toBe(before.offsetMs);
    expect(sync.uncertaintyMs).toBe(before.uncertaintyMs);
    expect(sync.lastSyncAt).toBe(before.lastSyncAt);
    expect(sync.synced).toBe(true);

    failing = false;
    await sync.syncOnce();
    expect(sync.error).toBeNull();
    expect(sync.lastSyncAt).toBeGreaterThan(before.lastSyncAt);
  });

  it('stops probing at the first failure but uses the probes it got', async () => {
    const net = fakeNetwork(1000, 9);
    let calls = 0;
    const sync = new ClockSync({
      now: net.now,
      fetchTime: () => (++calls === 4 ? Promise.reject(new Error('reset')) : net.fetchTime()),
    });
    const estimate = await sync.syncOnce(8);
    expect(calls).toBe(4);
    expect(estimate?.probes).toBe(3);
    expect(sync.error).toBeNull();
  });

  it('rejects a non-numeric server time as an error', async () => {
    const sync = new ClockSync({ now: () => 0, fetchTime: () => Promise.resolve(Number.NaN) });
    expect(await sync.syncOnce()).toBeNull();
    expect(sync.error).toMatch(/not a finite number/);
    expect(sync.synced).toBe(false);
    expect(() => sync.syncOnce(0)).toThrow(RangeError);
  });

  it('joins a sync that is already running instead of starting another', async () => {
    const net = fakeNetwork(0, 3);
    const sync = new ClockSync({ fetchTime: net.fetchTime, now: net.now });
    const a = sync.syncOnce(4);
    const b = sync.syncOnce(4);
    expect(b).toBe(a);
    await a;
    expect(net.requests).toBe(4);
  });

  it('notifies subscribers after every attempt until they unsubscribe', async () => {
    const net = fakeNetwork(5000, 11);
    const sync = new ClockSync({ fetchTime: net.fetchTime, now: net.now });
    const seen: ClockSyncState[] = [];
    const unsubscribe = sync.subscribe((state) => seen.push(state));
    const broken = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    sync.subscribe(() => {
      throw new Error('listener bug');
    });
    await sync.syncOnce(2);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.synced).toBe(true);
    expect(broken).toHaveBeenCalledTimes(1);
    unsubscribe();
    await sync.syncOnce(2);
    expect(seen).toHaveLength(1);
    broken.mockRestore();
  });

  it('start() syncs now and every interval; stop() ends it', async () => {
    vi.useFakeTimers();
    const net = fakeNetwork(5000, 5);
    const sync = new ClockSync({ fetchTime: net.fetchTime, now: net.now });
    sync.start(30_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toBe(8);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(net.requests).toBe(16);
    sync.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.requests).toBe(16);
    expect(() => sync.start(0)).toThrow(RangeError);
  });

  it('re-syncs when the page becomes visible again', async () => {
    const fakeDocument = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
    vi.stubGlobal('document', fakeDocument);
    vi.useFakeTimers();
    const net = fakeNetwork(5000, 6);
    const sync = new ClockSync({ fetchTime: net.fetchTime, now: net.now });
    sync.start(60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toBe(8);

    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toBe(8);

    fakeDocument.visibilityState = 'visible';
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toBe(16);

    sync.stop();
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toBe(16);
  });
});

describe('ClockSync with timed probes (Resource Timing)', () => {
  it('uses the request/response times the fetch reports when they lie inside the promise', async () => {
    let t = 1000;
    const now = () => t;
    // The promise spans 1000..1010 (browser overhead), the request itself 1004..1005.
    const clock = new ClockSync({
      now,
      fetchTime: async () => {
        t += 10;
        return { serverMs: 5004.5, sendMs: 1004, receiveMs: 1005 };
      },
    });
    const e = await clock.syncOnce(1);
    expect(e?.offsetMs).toBeCloseTo(4000, 6);
    expect(e?.uncertaintyMs).toBeCloseTo(0.5, 6);
  });

  it('falls back to the promise span when the reported times are outside it', async () => {
    let t = 1000;
    const clock = new ClockSync({
      now: () => t,
      fetchTime: async () => {
        t += 10;
        return { serverMs: 5005, sendMs: 990, receiveMs: 1005 };
      },
    });
    const e = await clock.syncOnce(1);
    expect(e?.uncertaintyMs).toBeCloseTo(5, 6);
    expect(e?.offsetMs).toBeCloseTo(4000, 6);
  });
});
