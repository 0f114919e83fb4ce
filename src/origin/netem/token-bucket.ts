import { bitsBetween, type BandwidthSchedule } from '../../shared/network-schedules.ts';

/**
 * A token bucket filled at the schedule's rate: bytes may be sent while it holds tokens.
 * Shared by every request of a player session, so parallel downloads share the link as they
 * would on a real bottleneck. The burst allowance is small (50 ms of traffic at the current
 * rate, at least one 1500-byte packet) so throughput follows the schedule within a few percent.
 */
export class TokenBucket {
  private tokensBytes: number;
  private lastSeconds: number;

  constructor(
    readonly schedule: BandwidthSchedule,
    private readonly startSeconds: number,
    private readonly burstSeconds = 0.05,
  ) {
    this.lastSeconds = startSeconds;
    this.tokensBytes = 0;
  }

  private capacity(nowSeconds: number): number {
    const bits = bitsBetween(this.schedule, nowSeconds - this.startSeconds, nowSeconds - this.startSeconds + this.burstSeconds);
    return Math.max(1500, bits / 8);
  }

  private refill(nowSeconds: number): void {
    if (nowSeconds <= this.lastSeconds) return;
    const added = bitsBetween(this.schedule, this.lastSeconds - this.startSeconds, nowSeconds - this.startSeconds) / 8;
    this.tokensBytes = Math.min(this.capacity(nowSeconds), this.tokensBytes + added);
    this.lastSeconds = nowSeconds;
  }

  /** Takes up to `wantBytes` tokens now; returns how many were granted (0 when empty). */
  take(wantBytes: number, nowSeconds: number): number {
    this.refill(nowSeconds);
    const granted = Math.max(0, Math.min(wantBytes, Math.floor(this.tokensBytes)));
    this.tokensBytes -= granted;
    return granted;
  }

  /** Seconds from `nowSeconds` until at least `bytes` tokens are there (at the current rate). */
  waitFor(bytes: number, nowSeconds: number): number {
    this.refill(nowSeconds);
    const missing = bytes - this.tokensBytes;
    if (missing <= 0) return 0;
    // Step through the schedule: the rate may change while we wait.
    let t = nowSeconds - this.startSeconds;
    let got = 0;
    for (let i = 0; i < 10_000 && got < missing; i++) {
      const next = t + 0.01;
      got += bitsBetween(this.schedule, t, next) / 8;
      t = next;
    }
    return t - (nowSeconds - this.startSeconds);
  }
}
