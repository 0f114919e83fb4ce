// NTP-style clock sync with the origin: the capture time in a frame's timecode is on the
// origin's clock, the display time on ours, so latency is only meaningful once we know the
// offset between them, and only as precise as that offset's uncertainty (+- rtt/2).

/** One round trip to the origin's /time. send/receive are on the local wall clock. */
export interface ClockProbe {
  sendMs: number;
  receiveMs: number;
  serverMs: number;
}

export interface ClockEstimate {
  /** Add to a local time to get origin time. */
  offsetMs: number;
  /** The true offset lies within offsetMs +- uncertaintyMs (half the round trip used). */
  uncertaintyMs: number;
  rttMs: number;
  /** Usable probes the estimate was chosen from. */
  probes: number;
}

/**
 * Keeps the probe with the smallest round trip, the one least distorted by queueing, and
 * assumes the server read its clock halfway through it: offset = server - (send + rtt/2).
 * Probes with a negative or non-finite round trip are ignored. Null when nothing is usable.
 */
export function estimateOffset(probes: readonly ClockProbe[]): ClockEstimate | null {
  let best: ClockProbe | null = null;
  let bestRtt = Number.POSITIVE_INFINITY;
  let usable = 0;
  for (const probe of probes) {
    const rtt = probe.receiveMs - probe.sendMs;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(probe.serverMs)) continue;
    usable++;
    if (rtt < bestRtt) {
      best = probe;
      bestRtt = rtt;
    }
  }
  if (best === null) return null;
  return { offsetMs: best.serverMs - (best.sendMs + bestRtt / 2), uncertaintyMs: bestRtt / 2, rttMs: bestRtt, probes: usable };
}

export interface ClockSyncState {
  synced: boolean;
  /** 0 until the first successful sync. */
  offsetMs: number;
  /** NaN until the first successful sync. */
  uncertaintyMs: number;
  rttMs: number;
  /** Local wall-clock time of the last successful sync, NaN before. */
  lastSyncAt: number;
  /** Why the last attempt failed; null after a success. The previous estimate stays in use. */
  error: string | null;
}

/**
 * A server time with the moments the request left and the response's first byte arrived, when
 * the fetch can tell them (Resource Timing): tighter and symmetric, unlike timing the promise,
 * which adds the browser's own work on both sides, unevenly.
 */
export interface TimedServerTime {
  serverMs: number;
  sendMs: number;
  receiveMs: number;
}

export interface ClockSyncOptions {
  /** One request for the origin's current time, in ms since the epoch (optionally with its own timing). */
  fetchTime: () => Promise<number | TimedServerTime>;
  /**
   * Local wall clock. Defaults to performance.timeOrigin + performance.now(): monotonic, and
   * the same clock as requestVideoFrameCallback's expectedDisplayTime (Date.now() can jump).
   */
  now?: () => number;
}

const DEFAULT_PROBES = 8;
const DEFAULT_INTERVAL_MS = 30_000;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ClockSync {
  private readonly fetchTime: () => Promise<number | TimedServerTime>;
  private readonly now: () => number;
  private estimate: ClockEstimate | null = null;
  private lastSyncAtMs = Number.NaN;
  private lastError: string | null = null;
  private inFlight: Promise<ClockEstimate | null> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private visibilityHandler: (() => void) | null = null;
  private readonly listeners = new Set<(state: ClockSyncState) => void>();

  constructor(options: ClockSyncOptions) {
    this.fetchTime = options.fetchTime;
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  get synced(): boolean {
    return this.estimate !== null;
  }

  get offsetMs(): number {
    return this.estimate?.offsetMs ?? 0;
  }

  get uncertaintyMs(): number {
    return this.estimate?.uncertaintyMs ?? Number.NaN;
  }

  get rttMs(): number {
    return this.estimate?.rttMs ?? Number.NaN;
  }

  get lastSyncAt(): number {
    return this.lastSyncAtMs;
  }

  get error(): string | null {
    return this.lastError;
  }

  get state(): ClockSyncState {
    return {
      synced: this.synced,
      offsetMs: this.offsetMs,
      uncertaintyMs: this.uncertaintyMs,
      rttMs: this.rttMs,
      lastSyncAt: this.lastSyncAt,
      error: this.lastError,
    };
  }

  /** A local wall-clock time expressed on the origin's clock. */
  toOriginTime(localMs: number): number {
    return localMs + this.offsetMs;
  }

  /**
   * Runs `probes` sequential round trips (sequential, so they do not queue behind each other)
   * and replaces the estimate. Never rejects: on failure the previous estimate stays, `error`
   * says why, and the promise resolves to null. A call during a running sync joins it.
   */
  syncOnce(probes = DEFAULT_PROBES): Promise<ClockEstimate | null> {
    if (!Number.isInteger(probes) || probes < 1) throw new RangeError(`probes must be a positive integer, got ${probes}`);
    if (this.inFlight === null) {
      this.inFlight = this.runProbes(probes).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** Syncs now, then every intervalMs and whenever the page becomes visible again (timers are throttled while hidden). */
  start(intervalMs = DEFAULT_INTERVAL_MS): void {
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`);
    this.stop();
    void this.syncOnce();
    this.timer = setInterval(() => void this.syncOnce(), intervalMs);
    if (typeof document !== 'undefined') {
      const handler = () => {
        if (document.visibilityState === 'visible') void this.syncOnce();
      };
      document.addEventListener('visibilitychange', handler);
      this.visibilityHandler = handler;
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.visibilityHandler !== null && typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this.visibilityHandler);
    }
    this.visibilityHandler = null;
  }

  /** Calls fn after every sync attempt (success or failure). Returns the unsubscribe function. */
  subscribe(fn: (state: ClockSyncState) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  private async runProbes(count: number): Promise<ClockEstimate | null> {
    const collected: ClockProbe[] = [];
    let failure: string | null = null;
    for (let i = 0; i < count; i++) {
      let sendMs = this.now();
      let got: number | TimedServerTime;
      try {
        got = await this.fetchTime();
      } catch (err) {
        // Stop at the first failure: a down origin would otherwise cost `count` timeouts.
        failure = errorMessage(err);
        break;
      }
      let receiveMs = this.now();
      let serverMs: number;
      if (typeof got === 'number') serverMs = got;
      else {
        serverMs = got.serverMs;
        // Only a timing inside the promise's own span can be trusted.
        if (got.sendMs >= sendMs && got.receiveMs <= receiveMs && got.receiveMs >= got.sendMs) {
          sendMs = got.sendMs;
          receiveMs = got.receiveMs;
        }
      }
      if (!Number.isFinite(serverMs)) {
        failure = `clock sync: server time is not a finite number (${serverMs})`;
        break;
      }
      collected.push({ sendMs, receiveMs, serverMs });
    }
    const estimate = estimateOffset(collected);
    if (estimate !== null) {
      this.estimate = estimate;
      this.lastSyncAtMs = this.now();
      this.lastError = null;
    } else {
      this.lastError = failure ?? 'clock sync: no usable probe (local clock went backwards?)';
    }
    this.notify();
    return estimate;
  }

  private notify(): void {
    const state = this.state;
    for (const fn of [...this.listeners]) {
      try {
        fn(state);
      } catch (err) {
        // One broken listener must not stop the others or the periodic sync.
        console.error('clock sync listener failed', err);
      }
    }
  }
}
