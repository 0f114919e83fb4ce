import type { EngineErrorCode } from './engine.ts';

/**
 * Most fatal-error recoveries in a row before an adapter gives up (each one re-requests media;
 * hls.js recovers in place, dash.js and Shaka with a new player). Loaded media resets the count.
 */
export const MAX_RECOVERIES = 5;

/**
 * How long an adapter waits before its n-th recovery in a row (n from 1) of an error that is not
 * the decoder's: the first at once, then 1, 2, 4, 8 s, so the five span an outage of ~15 s (a
 * fault burst, an encoder restart) instead of all failing within the same second.
 */
export function recoveryDelayMs(n: number): number {
  return n <= 1 ? 0 : Math.min(8000, 1000 * 2 ** (n - 2));
}

/**
 * The one recovery policy of every adapter. Whether a fatal error is worth another try is the
 * library's to say (its normalizer knows its codes: `recoverable`); how often and how soon is
 * decided here. Media errors are retried at once (the decoder or the buffer failed, not the
 * network, so waiting does not help); every other one backs off (recoveryDelayMs).
 */
export class RecoveryPolicy {
  private attempts = 0;
  private recovering = false;

  /** A fatal error: the delay (ms) before the next try, or null when the adapter must give up. */
  onFatal(code: EngineErrorCode, recoverable: boolean): number | null {
    if (!recoverable || this.attempts >= MAX_RECOVERIES) return null;
    this.attempts++;
    this.recovering = true;
    return code === 'media' ? 0 : recoveryDelayMs(this.attempts);
  }

  /** Media loaded: playback is healthy, the count starts afresh. True once when this ends a recovery. */
  onMedia(): boolean {
    this.attempts = 0;
    const ended = this.recovering;
    this.recovering = false;
    return ended;
  }

  /** A new load (a stream, settings that re-create the player): nothing is being recovered. */
  reset(): void {
    this.attempts = 0;
    this.recovering = false;
  }
}
