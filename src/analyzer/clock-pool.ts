import type { ClockSync } from './clock-sync.ts';

/**
 * One clock sync per clock for the whole page: players of a comparison measure against the same
 * estimate (their latencies differ only by what they play, not by two offsets), and the clock's
 * server gets one train of /time probes instead of one per player. Reference-counted; a clock
 * starts with its first session and stops when its last session lets go. At most one entry per
 * clock a session uses.
 */
const pool = new Map<string, { clock: ClockSync; refs: number }>();

export function acquireClock(key: string, create: () => ClockSync): ClockSync {
  let entry = pool.get(key);
  if (!entry) {
    const clock = create();
    clock.start();
    entry = { clock, refs: 0 };
    pool.set(key, entry);
  }
  entry.refs++;
  return entry.clock;
}

export function releaseClock(clock: ClockSync): void {
  for (const [key, entry] of pool) {
    if (entry.clock !== clock) continue;
    if (--entry.refs <= 0) {
      clock.stop();
      pool.delete(key);
    }
    return;
  }
}
