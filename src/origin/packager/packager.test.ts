import { describe, expect, it } from 'vitest';
import { parseLadder } from '../encoder/ladder.ts';
import { listedSegments } from '../hls/media-playlist.ts';
import { PROFILES } from '../../shared/stream/profiles.ts';
import { Packager } from './packager.ts';
import { box, initSegment, moof, NON_SYNC_FLAGS, SYNC_FLAGS, u32 } from '../isobmff/test-support/mp4-writer.ts';
import { captureMs, FPS, SyntheticStream } from './test-support/synthetic-stream.ts';

const VIDEO = {
  id: 1,
  timescale: 15360,
  width: 426,
  height: 240,
  avc: [0x42, 0xc0, 0x15] as [number, number, number],
  defaultSampleDuration: 512,
  defaultSampleFlags: NON_SYNC_FLAGS,
};

/** moof + mdat of video frame k, an IDR every second. */
const fragment = (k: number) =>
  Buffer.concat([
    moof(k + 1, { trackId: 1, baseDecodeTime: k * 512, samples: 1, ...(k % FPS === 0 ? { firstSampleFlags: SYNC_FLAGS } : {}) }),
    box('mdat', Buffer.alloc(64, k)),
  ]);

function setup(windowMs = 60_000) {
  const logs: string[] = [];
  const corrupt: string[] = [];
  const packager = new Packager({
    rungs: parseLadder('854x480@1200,426x240@300'),
    audio: false,
    profiles: PROFILES,
    fps: FPS,
    windowMs,
    maxWaiters: 10,
    lookup: (_run, k) => ({ captureTimeMs: captureMs(k), frameNumber: k }),
    onCorruptStream: (reason) => corrupt.push(reason),
    log: (m) => logs.push(m),
  });
  return { packager, logs, corrupt };
}

describe('Packager', () => {
  it('packages one encode into every profile of its rung', () => {
    const { packager } = setup();
    packager.runStarted(1);
    const frames = Array.from({ length: 60 }, (_, k) => fragment(k));
    packager.data(1, 1, Buffer.concat([initSegment(VIDEO), ...frames]));

    const state = packager.rungs[1]!;
    expect(state.init).toMatchObject({ run: 1, videoCodec: 'avc1.42c015', audioCodec: null });
    expect([...state.inits.keys()]).toEqual([1]);
    const complete = (profile: string) => packager.timeline(profile, 1)!.segments.filter((s) => s.complete).length;
    expect(PROFILES.map((p) => [p.name, complete(p.name)])).toEqual([
      ['ll100', 2],
      ['ll200', 2],
      ['ll500', 1],
      ['hls2', 1],
      ['hls6', 0],
      ['dash-ll', 2],
      ['dash2', 1],
    ]);
    expect(packager.timeline('ll200', 1)!.segments[0]!.chunks[0]!.bytes.equals(frames[0]!)).toBe(true);
    // The other rung got nothing.
    expect(packager.timeline('ll200', 0)!.segments).toEqual([]);
    expect(packager.stats).toMatchObject({ chunks: 60, segmentsPublished: 2 + 2 + 1 + 1 + 2 + 1, waiting: 0 });
  });

  it('ignores data of an old run and closes open segments when a run starts', () => {
    const { packager } = setup();
    packager.runStarted(1);
    packager.data(1, 0, Buffer.concat([initSegment(VIDEO), fragment(0), fragment(1)]));
    packager.runStarted(2);
    expect(packager.timeline('hls6', 0)!.segments.map((s) => [s.complete, s.chunks.length])).toEqual([[true, 2]]);
    packager.data(1, 0, fragment(2));
    expect(packager.stats.chunks).toBe(2);
    packager.data(2, 0, Buffer.concat([initSegment(VIDEO), fragment(0)]));
    expect(packager.timeline('hls6', 0)!.segments.map((s) => [s.run, s.discontinuity])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('logs a corrupt stream, asks for an encoder restart and drops the rest of that run', () => {
    const { packager, logs, corrupt } = setup();
    packager.runStarted(1);
    packager.data(1, 0, Buffer.concat([initSegment(VIDEO), fragment(0)]));
    expect(() => packager.data(1, 0, Buffer.concat([u32(4), Buffer.from('junk')]))).not.toThrow();
    expect(logs).toEqual([expect.stringMatching(/rung 0 stream error/)]);
    expect(corrupt).toEqual([expect.stringMatching(/^rung 0: /)]);
    packager.data(1, 0, fragment(1));
    expect(packager.stats.chunks).toBe(1);
  });

  it.each(PROFILES.map((p) => [p.name, p] as const))(
    '%s: with the smallest window (10 s) the playlist never drops below 3 target durations',
    (_name, p) => {
      const { packager } = setup(10_000);
      const timeline = packager.timeline(p.name, 0)!;
      const stream = new SyntheticStream(timeline);
      const minMs = 3 * Math.ceil(p.segmentMs / 1000) * 1000;
      for (let f = 0; f < 60 * FPS; f++) {
        stream.frames(1);
        const listed = listedSegments(timeline).filter((s) => s.complete);
        const ms = listed.reduce((sum, s) => sum + s.durationMs, 0);
        const produced = (f + 1) * (1000 / FPS);
        // Once enough has been produced, removing segments must leave >= 3 target durations.
        if (produced >= minMs + p.segmentMs && ms < minMs - 1e-6) {
          throw new Error(`after ${f + 1} frames only ${ms.toFixed(0)} ms of complete segments are listed (< ${minMs} ms)`);
        }
      }
    },
  );
});
