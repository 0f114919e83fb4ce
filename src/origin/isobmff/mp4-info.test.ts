import { describe, expect, it } from 'vitest';
import { BoxFormatError } from './box-reader.ts';
import { parseInit, parseMoof } from './mp4-info.ts';
import {
  box,
  fourcc,
  initSegment,
  moof,
  NON_SYNC_FLAGS,
  SYNC_FLAGS,
  u32,
  type AudioTrackSpec,
  type VideoTrackSpec,
} from './test-support/mp4-writer.ts';

// What ffmpeg's mp4 muxer writes for a 720p30 x264 rung with AAC beside it.
const VIDEO: VideoTrackSpec = {
  id: 1,
  timescale: 15360,
  width: 1280,
  height: 720,
  avc: [0x64, 0x00, 0x1f],
  defaultSampleDuration: 512,
  defaultSampleFlags: NON_SYNC_FLAGS,
};
const AUDIO: AudioTrackSpec = { id: 2, sampleRate: 48000, channels: 1, objectType: 2, defaultSampleDuration: 1024, defaultSampleFlags: SYNC_FLAGS };

describe('parseInit', () => {
  it('reads the video track: codec string from avcC, size, timescale, trex defaults', () => {
    const info = parseInit(initSegment(VIDEO, AUDIO));
    expect(info.tracks).toHaveLength(2);
    expect(info.tracks[0]).toEqual({
      id: 1,
      kind: 'video',
      timescale: 15360,
      codec: 'avc1.64001f',
      width: 1280,
      height: 720,
      defaultSampleDuration: 512,
      defaultSampleFlags: NON_SYNC_FLAGS,
    });
  });

  it('reads the audio track: mp4a.40.<object type>, rate, channels', () => {
    const info = parseInit(initSegment(VIDEO, AUDIO));
    expect(info.tracks[1]).toEqual({
      id: 2,
      kind: 'audio',
      timescale: 48000,
      codec: 'mp4a.40.2',
      sampleRate: 48000,
      channels: 1,
      defaultSampleDuration: 1024,
      defaultSampleFlags: SYNC_FLAGS,
    });
    const heAac = parseInit(initSegment(VIDEO, { ...AUDIO, objectType: 5, channels: 2 }));
    expect(heAac.tracks[1]).toMatchObject({ codec: 'mp4a.40.5', channels: 2 });
    // ffmpeg writes the template 2 in the sample entry of a mono track: the AudioSpecificConfig wins.
    expect(parseInit(initSegment(VIDEO, { ...AUDIO, sampleEntryChannels: 2 })).tracks[1]).toMatchObject({ channels: 1 });
  });

  it('formats the avcC bytes as two hex digits each', () => {
    const baseline = parseInit(initSegment({ ...VIDEO, avc: [0x42, 0xc0, 0x0d], width: 426, height: 240 }));
    expect(baseline.tracks).toHaveLength(1);
    expect(baseline.tracks[0]).toMatchObject({ codec: 'avc1.42c00d', width: 426, height: 240 });
  });

  it('reads version 1 tkhd and mdhd (64-bit times)', () => {
    const info = parseInit(initSegment({ ...VIDEO, id: 7, timescale: 90000, v1: true }, { ...AUDIO, id: 9, v1: true }));
    expect(info.tracks.map((t) => [t.id, t.kind, t.timescale, t.defaultSampleDuration])).toEqual([
      [7, 'video', 90000, 512],
      [9, 'audio', 48000, 1024],
    ]);
  });

  it('rejects bytes without a moov', () => {
    expect(() => parseInit(box('ftyp', fourcc('iso6'), u32(0)))).toThrow(BoxFormatError);
  });
});

describe('parseMoof', () => {
  const init = parseInit(initSegment(VIDEO, AUDIO));

  it('reads an IDR fragment: 64-bit decode time, trex duration, first-sample-flags', () => {
    const baseDecodeTime = 15360 * 86_400 * 400; // 400 days: needs tfdt version 1
    expect(baseDecodeTime).toBeGreaterThan(2 ** 32);
    const fragment = parseMoof(
      moof(
        42,
        { trackId: 1, baseDecodeTime, tfdtV1: true, samples: 1, firstSampleFlags: SYNC_FLAGS },
        { trackId: 2, baseDecodeTime: 48_000, samples: [1024, 1024] },
      ),
      init,
    );
    expect(fragment.sequence).toBe(42);
    expect(fragment.tracks).toEqual([
      { id: 1, baseDecodeTime, sampleCount: 1, duration: 512, startsWithSync: true },
      { id: 2, baseDecodeTime: 48_000, sampleCount: 2, duration: 2048, startsWithSync: true },
    ]);
  });

  it('reads a non-IDR fragment from the trex default flags', () => {
    const fragment = parseMoof(moof(43, { trackId: 1, baseDecodeTime: 512, samples: 1 }), init);
    expect(fragment.tracks).toEqual([{ id: 1, baseDecodeTime: 512, sampleCount: 1, duration: 512, startsWithSync: false }]);
  });

  it('prefers per-sample durations, then tfhd defaults, over trex defaults', () => {
    const perSample = parseMoof(moof(1, { trackId: 1, baseDecodeTime: 0, samples: [500, 524, 512] }), init);
    expect(perSample.tracks[0]).toMatchObject({ sampleCount: 3, duration: 1536 });
    const tfhd = parseMoof(
      moof(1, { trackId: 1, baseDecodeTime: 0, samples: 2, tfhdDuration: 1000, tfhdFlags: SYNC_FLAGS, tfhdOffsets: true }),
      init,
    );
    expect(tfhd.tracks[0]).toMatchObject({ sampleCount: 2, duration: 2000, startsWithSync: true });
    const nonSync = parseMoof(moof(1, { trackId: 2, baseDecodeTime: 0, samples: 1, tfhdFlags: NON_SYNC_FLAGS }), init);
    expect(nonSync.tracks[0]).toMatchObject({ id: 2, startsWithSync: false });
  });

  it('reads a 32-bit tfdt', () => {
    const fragment = parseMoof(moof(5, { trackId: 1, baseDecodeTime: 0xfffffff0, samples: 1 }), init);
    expect(fragment.tracks[0]!.baseDecodeTime).toBe(0xfffffff0);
  });
});
