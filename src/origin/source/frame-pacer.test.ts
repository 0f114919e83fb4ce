import { describe, expect, it } from 'vitest';
import { FramePacer } from './frame-pacer.ts';

const START_PERF = 12_345.678; // performance.now() at start
const START_WALL = Date.UTC(2025, 0, 1, 12, 0, 0) + 123; // Date.now() at start
const INTERVAL = 1000 / 30;

const pacer = () => new FramePacer(30, START_PERF, START_WALL);

describe('FramePacer', () => {
  it('schedules frame n at start + n / fps', () => {
    const p = pacer();
    expect(p.dueAt(0)).toBe(START_PERF);
    expect(p.dueAt(30)).toBeCloseTo(START_PERF + 1000, 9);
    expect(p.dueAt(45)).toBeCloseTo(START_PERF + 1500, 9);
  });

  it('gives no frame before it is due, then each frame once', () => {
    const p = pacer();
    expect(p.take(START_PERF - 0.001)).toBeNull();
    expect(p.msUntilNext(START_PERF - 5)).toBeCloseTo(5, 9);
    expect(p.take(START_PERF)).toBe(0);
    expect(p.take(START_PERF)).toBeNull();
    expect(p.msUntilNext(START_PERF)).toBeCloseTo(INTERVAL, 9);
    expect(p.take(p.dueAt(1) - 0.01)).toBeNull();
    expect(p.take(p.dueAt(1))).toBe(1);
    expect(p.msUntilNext(p.dueAt(5))).toBe(0);
  });

  it('produces every frame in order when woken on time', () => {
    const p = pacer();
    const frames: number[] = [];
    for (let n = 0; n < 300; n++) {
      const f = p.take(p.dueAt(n) + 0.5);
      if (f !== null) frames.push(f);
    }
    expect(frames).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(p.skipped).toBe(0);
  });

  it('skips frames that are more than one interval late and counts them', () => {
    const p = pacer();
    expect(p.take(p.dueAt(0))).toBe(0);
    // The event loop was blocked for ~170 ms: frames 1..4 are overdue by more than an interval.
    expect(p.take(p.dueAt(5) + 1)).toBe(5);
    expect(p.skipped).toBe(4);
    expect(p.take(p.dueAt(5) + 2)).toBeNull();
    expect(p.take(p.dueAt(6))).toBe(6);
    // Less than one interval late: produced, nothing skipped.
    expect(p.take(p.dueAt(7) + INTERVAL - 1)).toBe(7);
    expect(p.skipped).toBe(4);
  });

  it('never produces a frame more than one interval late under a jittery clock', () => {
    const p = pacer();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let now = START_PERF;
    let produced = 0;
    let last = -1;
    for (let i = 0; i < 5000; i++) {
      now += random() < 0.05 ? 50 + random() * 300 : random() * INTERVAL; // occasional stalls
      const f = p.take(now);
      if (f === null) continue;
      expect(f).toBeGreaterThan(last);
      expect(now - p.dueAt(f)).toBeGreaterThanOrEqual(0);
      expect(now - p.dueAt(f)).toBeLessThan(INTERVAL);
      last = f;
      produced++;
    }
    expect(produced + p.skipped).toBe(last + 1);
    expect(p.skipped).toBeGreaterThan(0);
  });

  it('stamps capture times from the frame number, so they never drift', () => {
    const p = pacer();
    expect(p.captureTimeMs(0)).toBe(START_WALL);
    let previous = p.captureTimeMs(0);
    for (let n = 1; n <= 100_000; n++) {
      const t = p.captureTimeMs(n);
      if (!Number.isInteger(t)) throw new Error(`frame ${n}: ${t} is not a whole ms`);
      // Whole ms, within half a ms of the exact instant, steps of 33 or 34 ms.
      if (Math.abs(t - (START_WALL + n * INTERVAL)) > 0.5) throw new Error(`frame ${n} drifted to ${t}`);
      if (t - previous !== 33 && t - previous !== 34) throw new Error(`frame ${n}: step ${t - previous}`);
      previous = t;
    }
    expect(p.captureTimeMs(30)).toBe(START_WALL + 1000);
    expect(p.captureTimeMs(100_000 - 10)).toBe(START_WALL + 3333 * 1000);
  });

  it.each([0, -30, 241, Number.NaN])('rejects fps %d', (fps) => {
    expect(() => new FramePacer(fps, 0, 0)).toThrow(/fps/);
  });
});
