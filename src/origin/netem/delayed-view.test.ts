import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Chunk } from '../packager/chunk.ts';
import { Timeline } from '../packager/timeline.ts';
import { delayedView, LIVE_VIEW, streamView } from './delayed-view.ts';
import { WaiterPool } from '../packager/waiters.ts';

const FRAME = 1000 / 30;
function chunk(k: number): Chunk {
  return {
    run: 1,
    frameInRun: k,
    frameNumber: k,
    captureTimeMs: 1_000_000 + k * FRAME,
    durationMs: FRAME,
    keyframe: k % 30 === 0,
    bytes: Buffer.alloc(10),
    publishedAtMs: 1_000_100 + k * FRAME,
  };
}

function filled(frames: number): Timeline {
  const t = new Timeline({ partFrames: 6, segmentFrames: 30 }, 60_000, new WaiterPool(10));
  for (let k = 0; k < frames; k++) t.append(chunk(k));
  return t;
}

describe('delayedView', () => {
  it('is the timeline itself when nothing was published after the cutoff', () => {
    const t = filled(70);
    const v = delayedView(t, Number.POSITIVE_INFINITY);
    expect(v.segments.map((s) => s.msn)).toEqual([0, 1, 2]);
    expect(v.segments[2]!.parts.length).toBe(t.segments[2]!.parts.filter((p) => p.complete).length);
    expect(v.nextPartPosition()).toEqual(t.nextPartPosition());
  });

  it('hides parts and segments published after the cutoff', () => {
    const t = filled(70);
    // Frame 44 completes part 1.1 (frames 36..41 -> part 1 of segment 1 ends at frame 41).
    const cutoff = chunk(41).publishedAtMs;
    const v = delayedView(t, cutoff);
    expect(v.segments.map((s) => s.msn)).toEqual([0, 1]);
    expect(v.segments[0]!.complete).toBe(true);
    expect(v.segments[1]!.complete).toBe(false);
    expect(v.segments[1]!.parts.map((p) => p.index)).toEqual([0, 1]);
    expect(v.nextPartPosition()).toEqual({ msn: 1, index: 2 });
    expect(v.lastCompleteSegment?.msn).toBe(0);
    expect(v.segment(1)?.parts.length).toBe(2);
    expect(v.segment(2)).toBeUndefined();
    // The real timeline is untouched.
    expect(t.segments[1]!.complete).toBe(true);
  });

  it('shows the chunks of an open segment published before the cutoff (chunked LL-DASH has no parts)', () => {
    const t = new Timeline({ partFrames: null, segmentFrames: 30 }, 60_000, new WaiterPool(10));
    for (let k = 0; k < 45; k++) t.append(chunk(k));
    const v = delayedView(t, chunk(37).publishedAtMs);
    expect(v.segments.map((s) => [s.msn, s.complete, s.chunks.length])).toEqual([
      [0, true, 30],
      [1, false, 8],
    ]);
    expect(v.segment(1)!.byteLength).toBe(t.segment(1)!.chunks.slice(0, 8).reduce((n, c) => n + c.bytes.length, 0));
    expect(t.segment(1)!.chunks).toHaveLength(15);
  });

  it('keeps program date times: they are capture times, not publication times', () => {
    const t = filled(70);
    const v = delayedView(t, chunk(50).publishedAtMs);
    expect(v.segments[1]!.startCaptureMs).toBe(t.segments[1]!.startCaptureMs);
  });

  it('is empty before anything was published', () => {
    const t = filled(70);
    const v = delayedView(t, 0);
    expect(v.segments).toEqual([]);
    expect(v.nextPartPosition()).toEqual({ msn: 0, index: 0 });
  });
});

describe('streamView', () => {
  afterEach(() => vi.useRealTimers());

  it('is the live timeline itself without a delay', () => {
    const t = filled(10);
    expect(streamView(0)).toBe(LIVE_VIEW);
    expect(LIVE_VIEW.of(t)).toBe(t);
  });

  it('wakes a delayed waiter when a publish becomes visible to it, delayMs later, and stops when unwatched', async () => {
    vi.useFakeTimers();
    const t = filled(10);
    const view = streamView(500);
    const stop = view.watch(t);
    let checks = 0;
    const waiting = t.waiters.wait(() => ++checks > 3, 10_000);
    expect(checks).toBe(1); // checked once on entry
    t.append(chunk(10));
    expect(checks).toBe(2); // the publish itself
    vi.advanceTimersByTime(499);
    expect(checks).toBe(2);
    vi.advanceTimersByTime(1);
    expect(checks).toBe(3); // the same publish, now visible through delay=500
    stop();
    stop(); // a second stop is harmless
    t.append(chunk(11));
    vi.advanceTimersByTime(1000);
    expect(checks).toBe(4); // only the publish: no delayed wake after the watch stopped
    await expect(waiting).resolves.toBe(true);
  });

  it('keeps one wake per distinct delay while several requests watch it', () => {
    vi.useFakeTimers();
    const t = filled(10);
    const stops = [streamView(200).watch(t), streamView(200).watch(t), streamView(300).watch(t)];
    let checks = 0;
    void t.waiters.wait(() => (checks++, false), 10_000);
    checks = 0;
    t.append(chunk(10));
    vi.advanceTimersByTime(1000);
    expect(checks).toBe(3); // the publish, +200 ms, +300 ms
    stops[0]!();
    t.append(chunk(11));
    vi.advanceTimersByTime(1000);
    expect(checks).toBe(6); // 200 ms is still watched by the second request
    for (const stop of stops) stop();
    t.waiters.releaseAll();
  });
});
