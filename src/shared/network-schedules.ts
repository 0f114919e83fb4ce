import { ownValue } from './own.ts';

/**
 * Bandwidth schedules. The named ones are the network profiles of the ACM MMSys 2020 Twitch
 * low-latency grand challenge ("normal" set, kbps and seconds as published in its
 * normal-network-patterns.js); `cap<kbps>` is a constant rate. Every schedule loops.
 */
export interface ScheduleStep {
  kbps: number;
  seconds: number;
}

export interface BandwidthSchedule {
  name: string;
  steps: readonly ScheduleStep[];
}

const steps = (pairs: Array<[number, number]>): ScheduleStep[] => pairs.map(([kbps, seconds]) => ({ kbps, seconds }));

export const NAMED_SCHEDULES: Readonly<Record<string, readonly ScheduleStep[]>> = {
  cascade: steps([[1200, 30], [800, 30], [400, 30], [800, 30], [1200, 30]]),
  'intra-cascade': steps([[1000, 15], [800, 15], [600, 15], [400, 15], [200, 15], [400, 15], [600, 15], [800, 15], [1000, 15]]),
  spike: steps([[1200, 10], [300, 10], [800, 10]]),
  'slow-jitter': steps([[500, 5], [1200, 5], [500, 5], [1200, 5], [500, 5], [1200, 5]]),
  'fast-jitter': steps([[500, 0.25], [1200, 5], [500, 0.1], [1200, 1], [500, 0.25], [1200, 5]]),
};

const CAP = /^cap(\d{1,6})$/;

/** The schedule called `name`, or null if there is none. */
export function findSchedule(name: string): BandwidthSchedule | null {
  const named = ownValue(NAMED_SCHEDULES, name);
  if (named) return { name, steps: named };
  const cap = CAP.exec(name);
  if (cap) {
    const kbps = Number(cap[1]);
    if (kbps >= 10 && kbps <= 1_000_000) return { name, steps: [{ kbps, seconds: 3600 }] };
  }
  return null;
}

export function scheduleLengthSeconds(schedule: BandwidthSchedule): number {
  return schedule.steps.reduce((sum, s) => sum + s.seconds, 0);
}

/** The rate (kbps) in force `elapsedSeconds` after the schedule started; the schedule loops. */
export function rateAt(schedule: BandwidthSchedule, elapsedSeconds: number): number {
  const length = scheduleLengthSeconds(schedule);
  let t = ((elapsedSeconds % length) + length) % length;
  for (const step of schedule.steps) {
    if (t < step.seconds) return step.kbps;
    t -= step.seconds;
  }
  return schedule.steps[schedule.steps.length - 1]?.kbps ?? 0;
}

/**
 * Bits the schedule lets through between `fromSeconds` and `toSeconds` (integral of the rate):
 * what a token bucket accrues over that span, exactly, even across step boundaries.
 */
export function bitsBetween(schedule: BandwidthSchedule, fromSeconds: number, toSeconds: number): number {
  if (toSeconds <= fromSeconds) return 0;
  let bits = 0;
  let t = fromSeconds;
  const length = scheduleLengthSeconds(schedule);
  while (t < toSeconds) {
    // Position inside the loop and the end of the current step.
    const loopStart = Math.floor(t / length) * length;
    let stepEnd = loopStart;
    let kbps = 0;
    for (const step of schedule.steps) {
      stepEnd += step.seconds;
      if (t < stepEnd - 1e-12) {
        kbps = step.kbps;
        break;
      }
    }
    const until = Math.min(stepEnd, toSeconds);
    bits += kbps * 1000 * (until - t);
    t = until;
  }
  return bits;
}
