/**
 * Requests waiting for something to be published (blocking playlist reload, preload-hinted
 * parts). Waiters are woken by publish events, never by polling; the pool has a
 * hard limit so a flood of clients gets 503s instead of growing memory without bound.
 */
export class WaiterLimitError extends Error {}

/**
 * One held request. A publication may release a thousand at once, so a waiter is one record
 * with no closures of its own: it is its own abort listener (EventTarget calls handleEvent)
 * and its timer calls one shared function with the waiter as argument.
 */
class Waiter {
  timer: NodeJS.Timeout | null = null;
  constructor(
    readonly list: WaiterList,
    readonly ready: () => boolean,
    readonly resolve: (ready: boolean) => void,
    readonly signal: AbortSignal | undefined,
  ) {}

  handleEvent(): void {
    this.list.finish(this, false);
  }
}

const expire = (waiter: Waiter) => waiter.list.finish(waiter, false);

export class WaiterPool {
  private count = 0;
  constructor(readonly limit: number) {}

  get waiting(): number {
    return this.count;
  }

  acquire(): void {
    if (this.count >= this.limit) throw new WaiterLimitError(`too many waiting requests (limit ${this.limit})`);
    this.count++;
  }

  release(): void {
    this.count--;
  }
}

/** The waiters of one timeline, checked whenever that timeline publishes. */
export class WaiterList {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly pool: WaiterPool) {}

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Resolves true as soon as `ready()` holds (checked now and after each publish), or false
   * after `timeoutMs` or when `signal` aborts. Throws WaiterLimitError when the pool is full.
   */
  wait(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    this.pool.acquire();
    return new Promise<boolean>((resolve) => {
      const waiter = new Waiter(this, ready, resolve, signal);
      waiter.timer = setTimeout(expire, timeoutMs, waiter);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', waiter, { once: true });
    });
  }

  /** Ends a wait once: the first of release, timeout and abort wins. */
  finish(waiter: Waiter, ok: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.signal?.removeEventListener('abort', waiter);
    this.pool.release();
    waiter.resolve(ok);
  }

  /** Called after each publish: releases every waiter whose condition now holds, in one pass. */
  wake(): void {
    // Deleting the current entry while iterating a Set is safe; finish() deletes only it.
    for (const waiter of this.waiters) if (waiter.ready()) this.finish(waiter, true);
  }

  /** Answers every waiter (with false) — used on shutdown. */
  releaseAll(): void {
    for (const waiter of this.waiters) this.finish(waiter, false);
  }
}
