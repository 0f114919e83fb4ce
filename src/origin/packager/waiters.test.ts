import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WaiterLimitError, WaiterList, WaiterPool } from './waiters.ts';

/** A promise whose outcome can be read synchronously after microtasks run. */
function track(promise: Promise<boolean>) {
  const state: { result: boolean | null } = { result: null };
  void promise.then((r) => (state.result = r));
  return state;
}

/** A condition the test flips by hand, like "part 3 of segment 12 is published". */
function condition() {
  const c = { value: false, ready: () => c.value };
  return c;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WaiterList', () => {
  it('resolves true right away, without taking a pool slot, when the condition already holds', async () => {
    const pool = new WaiterPool(0);
    const list = new WaiterList(pool);
    await expect(list.wait(() => true, 1000)).resolves.toBe(true);
    expect(pool.waiting).toBe(0);
  });

  it('wakes a waiter on the publish after which its condition holds', async () => {
    const pool = new WaiterPool(10);
    const list = new WaiterList(pool);
    const c = condition();
    const w = track(list.wait(c.ready, 5000));
    expect(list.size).toBe(1);
    expect(pool.waiting).toBe(1);

    list.wake(); // a publish that does not satisfy it
    await vi.advanceTimersByTimeAsync(0);
    expect(w.result).toBeNull();
    expect(list.size).toBe(1);

    c.value = true;
    list.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.result).toBe(true);
    expect(list.size).toBe(0);
    expect(pool.waiting).toBe(0);

    // Its timeout was cleared: nothing is released twice later.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pool.waiting).toBe(0);
  });

  it('wakes only the waiters whose condition holds', async () => {
    const list = new WaiterList(new WaiterPool(10));
    const a = condition();
    const b = condition();
    const wa = track(list.wait(a.ready, 5000));
    const wb = track(list.wait(b.ready, 5000));
    a.value = true;
    list.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(wa.result).toBe(true);
    expect(wb.result).toBeNull();
    expect(list.size).toBe(1);
  });

  it('resolves false when the timeout passes', async () => {
    const pool = new WaiterPool(10);
    const list = new WaiterList(pool);
    const w = track(list.wait(condition().ready, 500));
    await vi.advanceTimersByTimeAsync(499);
    expect(w.result).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(w.result).toBe(false);
    expect(list.size).toBe(0);
    expect(pool.waiting).toBe(0);
  });

  it('resolves false when the request is aborted, and releases its slot once', async () => {
    const pool = new WaiterPool(10);
    const list = new WaiterList(pool);
    const c = condition();
    const abort = new AbortController();
    const w = track(list.wait(c.ready, 500, abort.signal));
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.result).toBe(false);
    expect(pool.waiting).toBe(0);
    expect(list.size).toBe(0);

    // A later publish or the old timer does not release it again.
    c.value = true;
    list.wake();
    await vi.advanceTimersByTimeAsync(1000);
    expect(pool.waiting).toBe(0);
  });

  it('releases a thousand ready waiters in one wake, and a later abort or timeout touches none of them', async () => {
    const pool = new WaiterPool(2000);
    const list = new WaiterList(pool);
    const c = condition();
    const abort = new AbortController();
    const ws = Array.from({ length: 1000 }, () => track(list.wait(c.ready, 500, abort.signal)));
    const other = track(list.wait(condition().ready, 500));
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1000);
    c.value = true;
    list.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.every((w) => w.result === true)).toBe(true);
    expect(list.size).toBe(1);
    expect(pool.waiting).toBe(1);
    // Released, they leave no listener on the signal (a request's signal outlives its waits).
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);

    abort.abort();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ws.every((w) => w.result === true)).toBe(true);
    expect(other.result).toBe(false);
    expect(pool.waiting).toBe(0);
  });

  it('resolves false for an already aborted signal without taking a slot', async () => {
    const pool = new WaiterPool(1);
    const list = new WaiterList(pool);
    const abort = new AbortController();
    abort.abort();
    await expect(list.wait(condition().ready, 500, abort.signal)).resolves.toBe(false);
    expect(pool.waiting).toBe(0);
    expect(list.size).toBe(0);
  });

  it('releaseAll answers every waiter with false', async () => {
    const pool = new WaiterPool(10);
    const list = new WaiterList(pool);
    const ws = [track(list.wait(condition().ready, 5000)), track(list.wait(condition().ready, 5000))];
    list.releaseAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.map((w) => w.result)).toEqual([false, false]);
    expect(list.size).toBe(0);
    expect(pool.waiting).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pool.waiting).toBe(0);
  });
});

describe('WaiterPool', () => {
  it('throws WaiterLimitError past its limit, across all the lists sharing it', async () => {
    const pool = new WaiterPool(2);
    const a = new WaiterList(pool);
    const b = new WaiterList(pool);
    const ca = condition();
    const wa = track(a.wait(ca.ready, 5000));
    track(b.wait(condition().ready, 5000));
    expect(pool.waiting).toBe(2);

    expect(() => b.wait(condition().ready, 5000)).toThrow(WaiterLimitError);
    expect(() => a.wait(condition().ready, 5000)).toThrow(/limit 2/);
    expect(pool.waiting).toBe(2);
    expect(a.size + b.size).toBe(2);

    // A released slot can be taken again.
    ca.value = true;
    a.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(wa.result).toBe(true);
    expect(pool.waiting).toBe(1);
    track(a.wait(condition().ready, 5000));
    expect(pool.waiting).toBe(2);

    // Every way out gives the slot back.
    await vi.advanceTimersByTimeAsync(5000);
    expect(pool.waiting).toBe(0);
  });

  it('counts acquire and release', () => {
    const pool = new WaiterPool(1);
    pool.acquire();
    expect(pool.waiting).toBe(1);
    expect(() => pool.acquire()).toThrow(WaiterLimitError);
    pool.release();
    expect(pool.waiting).toBe(0);
    expect(() => pool.acquire()).not.toThrow();
  });
});
