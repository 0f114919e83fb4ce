import { acquireClock, releaseClock } from './clock-pool.ts';
import { fetchTimeFromOrigin } from './clock-fetch.ts';
import { ClockSync } from './clock-sync.ts';

/** Where the clock the latency is measured on comes from. */
export type ClockSource = 'clock parameter' | 'stream host' | 'this app';
export interface ClockChoice {
  /** Base URL whose /time is probed. */
  url: string;
  source: ClockSource;
}

function originOf(url: string): string {
  try {
    return new URL(url, typeof location !== 'undefined' ? location.href : undefined).origin;
  } catch {
    return url;
  }
}

/**
 * Which clock a session measures on, and the sync with it: the stream host's /time, unless the
 * page's ?clock= names one; when the stream host has none (a CDN), this app's own origin.
 */
export class SessionClock {
  private clockSync: ClockSync;
  private clockOrigin: string;
  private current: ClockChoice = { url: '', source: 'this app' };
  private unsubscribe: () => void = () => undefined;

  /** `onChange` runs on every sync result (the session bumps its version). */
  constructor(
    streamUrl: string,
    private readonly explicitClock: string | null,
    private readonly onChange: () => void,
  ) {
    this.clockOrigin = originOf(streamUrl);
    this.clockSync = this.start(streamUrl);
  }

  get sync(): ClockSync {
    return this.clockSync;
  }

  /** Which clock the latency is on: the /time the sync uses, and why that one. */
  get choice(): ClockChoice {
    return this.current;
  }

  /** Syncs with the origin serving `url` (the stream's), keeping the estimate if it is the same one. */
  setBase(url: string): void {
    const origin = originOf(url);
    if (origin === this.clockOrigin || this.explicitClock) return;
    this.clockOrigin = origin;
    this.stop();
    this.clockSync = this.start(url);
  }

  stop(): void {
    this.unsubscribe();
    releaseClock(this.clockSync);
  }

  private start(url: string): ClockSync {
    const app = typeof location !== 'undefined' ? location.origin : null;
    const stream = originOf(url);
    this.current = this.explicitClock
      ? { url: this.explicitClock, source: 'clock parameter' }
      : { url: stream, source: stream === app ? 'this app' : 'stream host' };
    const fetchTime = async () => {
      try {
        return await fetchTimeFromOrigin(this.current.url);
      } catch (err) {
        // A CDN has no /time: fall back to this app's origin (the usual setup: the clock page
        // and this page both sync to the same Glassmeter). An explicit ?clock= never falls back.
        if (this.current.source !== 'stream host' || !app) throw err;
        this.current = { url: app, source: 'this app' };
        return fetchTimeFromOrigin(app);
      }
    };
    // One sync per clock for the whole page: the players of a comparison share it (clock-pool).
    const clock = acquireClock(`${this.current.source} ${this.current.url}`, () => new ClockSync({ fetchTime }));
    this.unsubscribe = clock.subscribe(() => this.onChange());
    return clock;
  }
}
