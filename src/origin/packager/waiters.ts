/**
 * Requests waiting for something to be published (blocking playlist reload, preload-hinted
 * parts). Waiters are woken by publish events, never by polling; the pool has a
 * hard limit so a flood of clients gets 503s instead of growing memory without bound.
 */
export class WaiterLimitError extends Error {}

interface Waiter {
  ready: () => boolean;
  resolve: (ready: boolean) => void;
  timer: NodeJS.Timeout;
}

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
      const finish = (ok: boolean) => {
        if (!this.waiters.delete(waiter)) return;
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        this.pool.release();
        resolve(ok);
      };
      const onAbort = () => finish(false);
      const waiter: Waiter = { ready, resolve: finish, timer: setTimeout(() => finish(false), timeoutMs) };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Called after each publish: releases every waiter whose condition now holds. */
  wake(): void {
    for (const waiter of [...this.waiters]) if (waiter.ready()) waiter.resolve(true);
  }

  /** Answers every waiter (with false) — used on shutdown. */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(false);
  }
}
