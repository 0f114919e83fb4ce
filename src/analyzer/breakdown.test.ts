import { describe, expect, it } from 'vitest';
import { breakdownOf, DeliveryIndex, FrameJoiner, frameTimes, type Breakdown, type DeliveredObject, type MissReason } from './breakdown.ts';

const T0 = 1_764_600_000_000;
const FRAME = 1000 / 30;

/** A part of `frames` frames starting at frame `first`, complete `pkg` ms after its last capture. */
function part(first: number, frames: number, opts: Partial<DeliveredObject> = {}): DeliveredObject {
  const captureFirstMs = T0 + Math.round(first * FRAME);
  const captureLastMs = T0 + Math.round((first + frames - 1) * FRAME);
  const availableMs = captureLastMs + 110;
  return { videoHeight: 720, captureFirstMs, captureLastMs, availableMs, packagingMs: null, delayMs: 0, responseStartMs: availableMs + 5, responseEndMs: availableMs + 20, ...opts };
}

function frame(n: number, displayDelayMs: number, height = 720) {
  const captureTimeMs = T0 + Math.round(n * FRAME);
  const out: { result: Breakdown | MissReason | null } = { result: null };
  return {
    out,
    f: { captureTimeMs, displayTimeMs: captureTimeMs + displayDelayMs, videoHeight: height, settle: (r: Breakdown | MissReason) => (out.result = r) },
  };
}

describe('latency breakdown', () => {
  it('splits a frame of a complete part exactly: the three parts add up to glass-to-glass', () => {
    const p = part(6, 6);
    const capture = T0 + Math.round(8 * FRAME);
    const display = capture + 951.25;
    const b = breakdownOf(capture, display, frameTimes(p, capture, display)!);
    expect(b.availableMs).toBe(p.availableMs);
    expect(b.receivedMs).toBe(p.responseEndMs);
    expect(b.encodePackageMs).toBe(p.availableMs! - capture);
    expect(b.deliveryMs).toBe(20);
    expect(b.encodePackageMs + b.deliveryMs + b.bufferMs).toBeCloseTo(951.25, 9);
  });

  it('a chunked DASH segment: each frame is available at capture + packaging + delay, received between the first byte and min(last byte, display)', () => {
    const seg: DeliveredObject = { ...part(0, 30), availableMs: null, packagingMs: 40, delayMs: 500, responseStartMs: T0 + 300, responseEndMs: T0 + 1540 };
    // Frame 0 was available (540) after the response started (300): received when available.
    expect(frameTimes(seg, T0, T0 + 900)).toEqual({ availableMs: T0 + 540, receivedMs: T0 + 540 });
    // A response that started late: the frame arrived with its first byte.
    expect(frameTimes({ ...seg, responseStartMs: T0 + 700 }, T0, T0 + 900)).toEqual({ availableMs: T0 + 540, receivedMs: T0 + 700 });
    // Never after the frame was shown, nor after the response ended.
    expect(frameTimes(seg, T0 + 967, T0 + 1400)!.receivedMs).toBe(T0 + 1400);
    expect(frameTimes(seg, T0 + 967, T0 + 1900)!.receivedMs).toBe(T0 + 1507);
    expect(frameTimes({ ...seg, packagingMs: null }, T0, T0 + 900)).toBeNull();
  });

  it('finds the object covering the capture time in the frame rendition, preferring the first to arrive before display', () => {
    const index = new DeliveryIndex();
    const p0 = part(0, 6);
    const p1 = part(6, 6);
    const other = part(6, 6, { videoHeight: 480 });
    const segment = part(0, 30, { responseEndMs: p1.responseEndMs + 2000 });
    for (const o of [p0, p1, other, segment]) index.add(o);
    const capture = T0 + Math.round(7 * FRAME);
    expect(index.find(720, capture, capture + 900)).toBe(p1);
    expect(index.find(480, capture, capture + 900)).toBe(other);
    expect(index.find(360, capture, capture + 900)).toBeNull();
    expect(index.find(720, T0 + 5000, T0 + 6000)).toBeNull();
    // Segments cover parts too: a frame only in the segment joins to it.
    expect(index.find(720, T0 + Math.round(20 * FRAME), T0 + 5000)).toBe(segment);
  });

  it('is bounded: the oldest objects go first', () => {
    const index = new DeliveryIndex(3);
    for (let i = 0; i < 5; i++) index.add(part(i * 6, 6));
    expect(index.size).toBe(3);
    expect(index.find(720, T0, T0 + 900)).toBeNull();
    expect(index.find(720, T0 + Math.round(24 * FRAME), T0 + 2000)).not.toBeNull();
  });

  it('joins frames and objects arriving in either order, and says why a frame cannot be joined', () => {
    const joiner = new FrameJoiner();
    const early = frame(2, 900);
    joiner.addFrame(early.f, early.f.displayTimeMs);
    expect(early.out.result).toBeNull();
    expect(joiner.counts.pending).toBe(1);
    joiner.addObject(part(0, 6));
    expect(typeof early.out.result).toBe('object');
    expect(joiner.counts).toMatchObject({ joined: 1, pending: 0 });

    const noCode = frame(3, 900);
    noCode.f.captureTimeMs = NaN;
    joiner.addFrame(noCode.f, 0);
    expect(noCode.out.result).toBe('no-timecode');

    // An object after the frame arrived but none for it: its request was never seen.
    joiner.addObject(part(12, 6));
    const gap = frame(8, 900);
    joiner.addFrame(gap.f, gap.f.displayTimeMs);
    expect(gap.out.result).toBe('no-object');

    // A frame whose object never comes is given up after 10 s.
    const lost = frame(100, 900);
    joiner.addFrame(lost.f, lost.f.displayTimeMs);
    expect(lost.out.result).toBeNull();
    const later = frame(1000, 900, 480);
    joiner.addFrame(later.f, later.f.displayTimeMs);
    expect(lost.out.result).toBe('no-object');
    expect(joiner.counts.missed).toEqual({ 'no-timecode': 1, 'no-server-timing': 0, 'no-object': 2 });
  });

  it('says "no-server-timing" for a stream whose media responses carry none', () => {
    const joiner = new FrameJoiner();
    joiner.addForeignObject();
    const f = frame(1, 900);
    joiner.addFrame(f.f, f.f.displayTimeMs);
    expect(f.out.result).toBe('no-server-timing');
  });
});
