import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Chunk, InitSegment } from './chunk.ts';
import { RungInput, type FrameLookup } from './rung-input.ts';
import { box, initSegment, moof, NON_SYNC_FLAGS, SYNC_FLAGS, type VideoTrackSpec } from '../isobmff/test-support/mp4-writer.ts';

const FPS = 30;
const VIDEO: VideoTrackSpec = {
  id: 1,
  timescale: 15360,
  width: 854,
  height: 480,
  avc: [0x64, 0x00, 0x1e],
  defaultSampleDuration: 512,
  defaultSampleFlags: NON_SYNC_FLAGS,
};
const AUDIO = { id: 2, sampleRate: 48000, channels: 1, objectType: 2, defaultSampleDuration: 1024, defaultSampleFlags: SYNC_FLAGS };
const NOW = Date.UTC(2025, 0, 1, 12, 0, 10);

/** The fragment ffmpeg writes for video frame `k` of a run: moof + mdat. */
function fragment(k: number): Buffer {
  const m = moof(k + 1, {
    trackId: 1,
    baseDecodeTime: k * 512,
    samples: 1,
    ...(k % FPS === 0 ? { firstSampleFlags: SYNC_FLAGS } : {}),
  }, { trackId: 2, baseDecodeTime: Math.round((k * 48000) / FPS), samples: [1024] });
  return Buffer.concat([m, box('mdat', Buffer.alloc(50 + k, k))]);
}

function setup(lookup: FrameLookup = (run, k) => ({ captureTimeMs: 1_000_000 + run * 100_000 + k * 33, frameNumber: 5000 + k })) {
  const inits: InitSegment[] = [];
  const chunks: Chunk[] = [];
  const input = new RungInput(3, FPS, lookup, (i) => inits.push(i), (c) => chunks.push(c));
  return { input, inits, chunks };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('RungInput', () => {
  it('turns an encoder byte stream into an init segment and one chunk per frame', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.spyOn(performance, 'now').mockReturnValue(NOW - performance.timeOrigin);
    vi.setSystemTime(NOW);
    const { input, inits, chunks } = setup();
    const init = initSegment(VIDEO, AUDIO);
    const stream = Buffer.concat([init, fragment(0), box('free'), fragment(1), fragment(2)]);
    // Pushed in awkward slices, like a pipe would deliver it.
    for (let i = 0; i < stream.length; i += 37) input.push(stream.subarray(i, i + 37));

    expect(inits).toHaveLength(1);
    expect(inits[0]).toMatchObject({ run: 3, videoCodec: 'avc1.64001e', audioCodec: 'mp4a.40.2', width: 854, height: 480 });
    expect(inits[0]!.bytes.equals(init)).toBe(true);
    expect(input.init).toBe(inits[0]);

    expect(chunks.map((c) => [c.run, c.frameInRun, c.frameNumber, c.captureTimeMs, c.keyframe])).toEqual([
      [3, 0, 5000, 1_300_000, true],
      [3, 1, 5001, 1_300_033, false],
      [3, 2, 5002, 1_300_066, false],
    ]);
    chunks.forEach((c, k) => {
      expect(c.bytes.equals(fragment(k))).toBe(true);
      expect(c.durationMs).toBeCloseTo(1000 / FPS, 9);
      // Published on the sub-millisecond wall clock (performance.timeOrigin + now()).
      expect(c.publishedAtMs).toBeCloseTo(NOW, 3);
    });
  });

  it('extrapolates capture time and frame number when the lookup misses', () => {
    const { input, chunks } = setup((_run, k) => (k === 0 ? { captureTimeMs: 2_000_000, frameNumber: 60 } : null));
    input.push(Buffer.concat([initSegment(VIDEO, AUDIO), fragment(0), fragment(1), fragment(2)]));
    expect(chunks.map((c) => c.frameNumber)).toEqual([60, 61, 62]);
    chunks.forEach((c, k) => expect(c.captureTimeMs).toBeCloseTo(2_000_000 + (k * 1000) / FPS, 6));
  });

  it('ignores media before the init segment and mdat without moof', () => {
    const { input, inits, chunks } = setup();
    input.push(fragment(0));
    input.push(box('mdat', Buffer.alloc(10)));
    expect(chunks).toEqual([]);
    input.push(initSegment(VIDEO, AUDIO));
    input.push(box('mdat', Buffer.alloc(10)));
    input.push(fragment(30));
    expect(inits).toHaveLength(1);
    expect(chunks.map((c) => [c.frameInRun, c.keyframe])).toEqual([[30, true]]);
  });

  it('rejects an encoder output with neither video nor audio', () => {
    const { input } = setup();
    // An init whose only track is neither: rename the video handler.
    const init = initSegment(VIDEO);
    const other = Buffer.from(init.toString('latin1').replace('vide', 'text'), 'latin1');
    expect(() => input.push(other)).toThrow(/neither a video nor an audio track/);
  });
});
