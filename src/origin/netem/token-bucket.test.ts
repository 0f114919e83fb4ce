import { describe, expect, it } from 'vitest';
import { findSchedule } from '../../shared/network-schedules.ts';
import { TokenBucket } from './token-bucket.ts';

/** Drains `totalBytes` through the bucket in 16 KiB requests on a simulated clock; returns seconds. */
function drain(bucket: TokenBucket, totalBytes: number, start = 0): number {
  let now = start;
  let sent = 0;
  while (sent < totalBytes) {
    const granted = bucket.take(Math.min(16384, totalBytes - sent), now);
    sent += granted;
    if (granted === 0) now += Math.max(0.001, bucket.waitFor(1500, now));
  }
  return now - start;
}

describe('TokenBucket', () => {
  it('lets a long download through at the capped rate within 1%', () => {
    const bucket = new TokenBucket(findSchedule('cap800')!, 0);
    const seconds = drain(bucket, 2_000_000);
    expect(seconds).toBeGreaterThan(20 * 0.99);
    expect(seconds).toBeLessThan(20 * 1.01);
  });

  it('follows a schedule that changes rate mid-download', () => {
    // spike: 1200 kbps for 10 s, then 300 kbps. 1.5 MB + 0.375 MB = 10 s + 10 s.
    const bucket = new TokenBucket(findSchedule('spike')!, 0);
    const seconds = drain(bucket, 1_500_000 + 375_000);
    expect(seconds).toBeGreaterThan(19.8);
    expect(seconds).toBeLessThan(20.2);
  });

  it('allows only a small burst after an idle period', () => {
    const bucket = new TokenBucket(findSchedule('cap800')!, 0);
    // After 10 s idle, at most 50 ms worth (5 kB) is available at once.
    expect(bucket.take(1_000_000, 10)).toBeLessThanOrEqual(5000);
    expect(bucket.take(1_000_000, 10)).toBe(0);
    expect(bucket.waitFor(10_000, 10)).toBeCloseTo(0.1, 1);
  });

  it('is shared: two downloads through one bucket take twice as long', () => {
    const bucket = new TokenBucket(findSchedule('cap800')!, 0);
    let now = 0;
    const left = [500_000, 500_000];
    while (left.some((b) => b > 0)) {
      let progressed = false;
      left.forEach((b, i) => {
        if (b <= 0) return;
        const g = bucket.take(Math.min(4096, b), now);
        left[i] = b - g;
        if (g > 0) progressed = true;
      });
      if (!progressed) now += 0.005;
    }
    expect(now).toBeGreaterThan(9.9);
    expect(now).toBeLessThan(10.1);
  });
});
