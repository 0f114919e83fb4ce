import { afterEach, describe, expect, it, vi } from 'vitest';
import { Timeline, type TimelineShape } from './timeline.ts';
import { WaiterPool } from './waiters.ts';
import { captureMs, FRAME_MS, SyntheticStream } from './test-support/synthetic-stream.ts';

// ll200 at 30 fps: 6-frame (200 ms) parts, 30-frame (1 s) segments.
const LL200: TimelineShape = { partFrames: 6, segmentFrames: 30 };
// ll500 at 30 fps: 15-frame parts, 60-frame segments (two IDRs per segment).
const LL500: TimelineShape = { partFrames: 15, segmentFrames: 60 };

function setup(shape: TimelineShape = LL200, windowMs = 60_000) {
  const timeline = new Timeline(shape, windowMs, new WaiterPool(100));
  return { timeline, stream: new SyntheticStream(timeline) };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('Timeline: parts and segments', () => {
  it('publishes a part the moment it holds N frames and a segment at M frames', () => {
    const { timeline, stream } = setup();
    const chunks = stream.frames(5);
    const seg0 = timeline.openSegment!;
    expect(seg0.msn).toBe(0);
    expect(seg0.parts).toHaveLength(1);
    expect(seg0.parts[0]!.complete).toBe(false);
    expect(seg0.parts[0]!.publishedAtMs).toBeNull();
    expect(timeline.partsPublished).toBe(0);

    chunks.push(...stream.frames(1));
    const part0 = seg0.parts[0]!;
    expect(part0.complete).toBe(true);
    expect(part0.chunks).toHaveLength(6);
    expect(part0.publishedAtMs).toBe(chunks[5]!.publishedAtMs);
    expect(part0.durationMs).toBeCloseTo(200, 6);
    expect(part0.byteLength).toBe(chunks.slice(0, 6).reduce((n, c) => n + c.bytes.length, 0));
    expect(timeline.partsPublished).toBe(1);
    expect(seg0.complete).toBe(false);

    chunks.push(...stream.frames(23)); // 29 frames
    expect(seg0.parts.map((p) => p.complete)).toEqual([true, true, true, true, false]);
    expect(seg0.complete).toBe(false);
    expect(timeline.segmentsPublished).toBe(0);
    expect(timeline.lastCompleteSegment).toBeNull();

    chunks.push(...stream.frames(1)); // 30 frames: the segment is full, no need to wait for frame 31
    expect(seg0.complete).toBe(true);
    expect(seg0.publishedAtMs).toBe(chunks[29]!.publishedAtMs);
    expect(seg0.parts).toHaveLength(5);
    expect(seg0.parts.every((p) => p.complete && p.chunks.length === 6)).toBe(true);
    expect(seg0.parts[4]!.publishedAtMs).toBe(chunks[29]!.publishedAtMs);
    expect(seg0.chunks).toHaveLength(30);
    expect(seg0.durationMs).toBeCloseTo(1000, 6);
    expect(seg0.byteLength).toBe(chunks.reduce((n, c) => n + c.bytes.length, 0));
    expect(seg0.startCaptureMs).toBe(captureMs(0));
    expect(timeline.openSegment).toBeNull();
    expect(timeline.lastCompleteSegment).toBe(seg0);
    expect(timeline.partsPublished).toBe(5);
    expect(timeline.segmentsPublished).toBe(1);

    stream.frames(1);
    const seg1 = timeline.openSegment!;
    expect(seg1.msn).toBe(1);
    expect(seg1.startCaptureMs).toBe(captureMs(30));
    expect(timeline.segment(0)).toBe(seg0);
    expect(timeline.segment(1)).toBe(seg1);
    expect(timeline.segment(2)).toBeUndefined();
  });

  it('marks exactly the parts that start with an IDR as independent', () => {
    const ll200 = setup(LL200);
    ll200.stream.frames(60);
    for (const seg of ll200.timeline.segments) {
      expect(seg.independent).toBe(true);
      expect(seg.parts.map((p) => p.independent)).toEqual([true, false, false, false, false]);
    }
    // 2 s segments with a 1 s GOP: the IDR at frame 30 starts part 2.
    const ll500 = setup(LL500);
    ll500.stream.frames(120);
    for (const seg of ll500.timeline.segments) {
      expect(seg.parts.map((p) => p.independent)).toEqual([true, false, true, false]);
    }
  });

  it('builds segments without parts for plain HLS shapes', () => {
    const { timeline, stream } = setup({ partFrames: null, segmentFrames: 60 });
    expect(timeline.hasParts).toBe(false);
    stream.frames(59);
    expect(timeline.openSegment?.parts).toEqual([]);
    expect(timeline.segmentsPublished).toBe(0);
    stream.frames(1);
    expect(timeline.segments[0]!.complete).toBe(true);
    expect(timeline.segments[0]!.durationMs).toBeCloseTo(2000, 6);
    expect(timeline.partsPublished).toBe(0);
  });

  it('wakes a waiter as soon as the part it waits for is published', async () => {
    const { timeline, stream } = setup();
    let result: boolean | null = null;
    void timeline.waiters.wait(() => timeline.segment(0)?.parts[1]?.complete === true, 60_000).then((r) => (result = r));
    stream.frames(11);
    await flush();
    expect(result).toBeNull();
    stream.frames(1);
    await flush();
    expect(result).toBe(true);
    expect(timeline.waiters.size).toBe(0);
  });
});

describe('Timeline: nextPartPosition (the preload hint)', () => {
  it('points at the part being filled, then at part 0 of the next segment', () => {
    const { timeline, stream } = setup();
    expect(timeline.nextPartPosition()).toEqual({ msn: 0, index: 0 });
    stream.frames(5);
    expect(timeline.nextPartPosition()).toEqual({ msn: 0, index: 0 });
    stream.frames(1);
    expect(timeline.nextPartPosition()).toEqual({ msn: 0, index: 1 });
    stream.frames(23); // 29
    expect(timeline.nextPartPosition()).toEqual({ msn: 0, index: 4 });
    stream.frames(1); // 30: segment 0 closed, nothing open
    expect(timeline.nextPartPosition()).toEqual({ msn: 1, index: 0 });
    stream.frames(1); // 31: segment 1 open, its part 0 not complete
    expect(timeline.nextPartPosition()).toEqual({ msn: 1, index: 0 });
    stream.frames(5); // 36
    expect(timeline.nextPartPosition()).toEqual({ msn: 1, index: 1 });
  });
});

describe('Timeline: sliding window', () => {
  it('drops segments that ended before the window and advances firstMsn', () => {
    const { timeline, stream } = setup(LL200, 3000);
    expect(timeline.firstMsn).toBe(0);
    stream.frames(5 * 30 + 15); // 5 complete segments + half of segment 5; now = 5.5 s
    // Window start is 2.5 s: segment 0 (ends 1 s) and 1 (ends 2 s) are gone, 2 (ends 3 s) stays.
    expect(timeline.segments.map((s) => s.msn)).toEqual([2, 3, 4, 5]);
    expect(timeline.firstMsn).toBe(2);
    expect(timeline.segment(1)).toBeUndefined();
    expect(timeline.segment(2)?.startCaptureMs).toBe(captureMs(60));
  });

  it('stays bounded over a long run', () => {
    const { timeline, stream } = setup(LL200, 10_000);
    let maxSegments = 0;
    for (let s = 0; s < 120; s++) {
      stream.frames(30);
      maxSegments = Math.max(maxSegments, timeline.segments.length);
    }
    expect(maxSegments).toBeLessThanOrEqual(12);
    expect(timeline.firstMsn).toBeGreaterThanOrEqual(120 - 12);
    expect(timeline.segmentsPublished).toBe(120);
    // msns stay contiguous after evictions
    timeline.segments.forEach((s, i) => expect(s.msn).toBe(timeline.firstMsn + i));
  });

  it('keeps the open segment even when the window is shorter than a segment', () => {
    const { timeline, stream } = setup({ partFrames: null, segmentFrames: 180 }, 100);
    stream.frames(180 + 90);
    expect(timeline.segments.map((s) => s.msn)).toEqual([1]);
    expect(timeline.firstMsn).toBe(1);
  });
});

describe('Timeline: encoder restarts', () => {
  it('closes the open segment when a chunk of a new run arrives; the next segment is a discontinuity', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(captureMs(45));
    const { timeline, stream } = setup();
    stream.frames(40); // segment 0 complete, segment 1 holds 10 frames (part 0 complete, part 1 has 4)
    const seg1 = timeline.openSegment!;
    expect(seg1.msn).toBe(1);

    stream.restart(5);
    const [first] = stream.frames(1);
    expect(seg1.complete).toBe(true);
    expect(seg1.chunks).toHaveLength(10);
    expect(seg1.durationMs).toBeCloseTo(10 * FRAME_MS, 6);
    expect(seg1.publishedAtMs).toBe(captureMs(45)); // closed by the restart, at "now"
    expect(seg1.parts.map((p) => [p.complete, p.chunks.length])).toEqual([
      [true, 6],
      [true, 4],
    ]);
    expect(timeline.partsPublished).toBe(5 + 2);
    expect(timeline.segmentsPublished).toBe(2);

    const seg2 = timeline.openSegment!;
    expect(seg2.msn).toBe(2);
    expect(seg2.run).toBe(1);
    expect(seg2.discontinuity).toBe(true);
    expect(seg2.independent).toBe(true);
    expect(seg2.startCaptureMs).toBe(first!.captureTimeMs);
    expect(seg2.startCaptureMs).toBe(captureMs(45));
    expect(timeline.segments.map((s) => s.discontinuity)).toEqual([false, false, true]);

    // Only the first segment of the run carries the discontinuity.
    stream.frames(60);
    expect(timeline.segments.map((s) => [s.msn, s.run, s.discontinuity])).toEqual([
      [0, 0, false],
      [1, 0, false],
      [2, 1, true],
      [3, 1, false],
      [4, 1, false],
    ]);
  });

  it('on DASH numbers a new run on the capture clock: no number falls in two runs, the skipped ones name nothing', () => {
    const { timeline, stream } = setup({ partFrames: null, segmentFrames: 30, clockSegmentMs: 1000 });
    stream.frames(40); // segments 0 and 1 (10 frames)
    stream.restart(80); // the new run's first frame is frame 120: 4 s after the run's start
    stream.frames(31);
    expect(timeline.segments.map((s) => [s.msn, s.run, s.runStartMsn])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [4, 1, 4],
      [5, 1, 4],
    ]);
    expect(timeline.segment(4)?.run).toBe(1);
    expect(timeline.segment(2)).toBeUndefined();
    expect(timeline.segment(3)).toBeUndefined();
    expect(timeline.segment(5)?.chunks).toHaveLength(1);
    // A restart inside the old run's last slot keeps the numbers consecutive.
    stream.restart(10);
    stream.frames(1);
    expect(timeline.segments.at(-1)?.msn).toBe(6);
  });

  it('on HLS keeps media sequence numbers consecutive across any outage', () => {
    const { timeline, stream } = setup();
    stream.frames(40);
    stream.restart(80);
    stream.frames(1);
    expect(timeline.segments.map((s) => s.msn)).toEqual([0, 1, 2]);
  });

  it('endRun closes the open segment right away, wakes waiters, and gives one discontinuity', async () => {
    const { timeline, stream } = setup();
    stream.frames(40);
    let result: boolean | null = null;
    void timeline.waiters.wait(() => timeline.segment(1)?.complete === true, 60_000).then((r) => (result = r));

    timeline.endRun(); // what Packager.runStarted does when ffmpeg restarts
    await flush();
    expect(result).toBe(true);
    expect(timeline.segment(1)?.complete).toBe(true);
    expect(timeline.openSegment).toBeNull();
    expect(timeline.nextPartPosition()).toEqual({ msn: 2, index: 0 });

    stream.restart(); // the new run's chunks then arrive (a run change endRun already handled)
    stream.frames(1);
    expect(timeline.segments.map((s) => s.discontinuity)).toEqual([false, false, true]);
    expect(timeline.segmentsPublished).toBe(2);
  });

  it('marks a discontinuity even when the restart falls on a segment boundary', () => {
    const { timeline, stream } = setup();
    stream.frames(30);
    stream.restart();
    stream.frames(1);
    expect(timeline.segments.map((s) => [s.msn, s.chunks.length, s.discontinuity])).toEqual([
      [0, 30, false],
      [1, 1, true],
    ]);
  });

  it('does not mark the first run as a discontinuity', () => {
    const { timeline, stream } = setup();
    timeline.endRun();
    stream.restart(); // e.g. the first ffmpeg run is numbered 1
    stream.frames(31);
    expect(timeline.segments.map((s) => s.discontinuity)).toEqual([false, false]);
  });

  it('counts a discontinuity in discontinuitySequence once its segment leaves the window', () => {
    const { timeline, stream } = setup(LL200, 3000);
    stream.frames(90); // run 0: segments 0..2
    stream.restart();
    stream.frames(30); // run 1 starts with segment 3
    stream.restart();
    stream.frames(30); // run 2 starts with segment 4
    expect(timeline.discontinuitySequence).toBe(0);
    // Feeds frames until segment `msn` has left the window, checking the sequence meanwhile.
    const feedUntilEvicted = (msn: number, sequenceMeanwhile: number) => {
      for (let guard = 0; timeline.firstMsn <= msn; guard++) {
        expect(guard).toBeLessThan(1000);
        expect(timeline.discontinuitySequence).toBe(sequenceMeanwhile);
        stream.frames(1);
      }
    };
    feedUntilEvicted(2, 0); // run 0's segments carry no discontinuity
    expect(timeline.firstMsn).toBe(3);
    expect(timeline.discontinuitySequence).toBe(0);
    feedUntilEvicted(3, 0); // segment 3 opened run 1
    expect(timeline.discontinuitySequence).toBe(1);
    feedUntilEvicted(4, 1); // segment 4 opened run 2
    expect(timeline.discontinuitySequence).toBe(2);
    stream.frames(30 * 10);
    expect(timeline.discontinuitySequence).toBe(2);
  });
});

describe('Timeline: audio on the video frame clock', () => {
  /** AAC frames of 1024 samples at 48 kHz, one per chunk: 0.64 of a 30 fps frame each. */
  function audioChunks(timeline: Timeline, count: number) {
    const aacMs = (1024 / 48_000) * 1000;
    for (let i = 0; i < count; i++) {
      const startMs = i * aacMs;
      timeline.append({
        run: 0,
        frameInRun: Math.floor(startMs / FRAME_MS),
        frameNumber: Math.floor(startMs / FRAME_MS),
        captureTimeMs: captureMs(0) + startMs,
        durationMs: aacMs,
        frames: aacMs / FRAME_MS,
        keyframe: true,
        bytes: Buffer.alloc(10),
        publishedAtMs: captureMs(0) + startMs + aacMs,
      });
    }
    return aacMs;
  }

  it('ends every part and segment on the first AAC frame that reaches its frame boundary, without drift', () => {
    const { timeline } = setup();
    // 10 s of audio: 468.75 AAC frames; 469 reach the end of segment 9.
    const aacMs = audioChunks(timeline, 469);
    const segments = timeline.segments;
    expect(segments.slice(0, 10).every((s) => s.complete)).toBe(true);
    for (const s of segments.slice(0, 10)) {
      expect(s.parts).toHaveLength(5);
      expect(s.parts.every((p) => p.complete && p.independent)).toBe(true);
      // The segment's audio starts within one AAC frame after its video boundary (msn seconds): no drift.
      const startMs = s.startCaptureMs - captureMs(0);
      expect(startMs).toBeGreaterThanOrEqual(s.msn * 1000 - 1e-6);
      expect(startMs).toBeLessThan(s.msn * 1000 + aacMs);
      for (const p of s.parts) {
        const last = p.chunks[p.chunks.length - 1]!;
        const endMs = last.captureTimeMs + last.durationMs - captureMs(0);
        const boundary = s.msn * 1000 + (p.index + 1) * 200;
        // The part is published with the AAC frame that crosses its boundary, not one later.
        expect(endMs).toBeGreaterThanOrEqual(boundary - 1e-6);
        expect(endMs).toBeLessThan(boundary + aacMs);
      }
    }
  });
});
