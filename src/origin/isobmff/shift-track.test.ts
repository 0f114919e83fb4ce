import { describe, expect, it } from 'vitest';
import { BoxFormatError } from './box-reader.ts';
import { parseInit, parseMoof } from './mp4-info.ts';
import { shiftTrackDecodeTime } from './shift-track.ts';
import { box, initSegment, moof, NON_SYNC_FLAGS, SYNC_FLAGS, type AudioTrackSpec, type VideoTrackSpec } from './test-support/mp4-writer.ts';

const VIDEO: VideoTrackSpec = { id: 1, timescale: 15360, width: 1280, height: 720, avc: [0x64, 0x00, 0x1f], defaultSampleDuration: 512, defaultSampleFlags: NON_SYNC_FLAGS };
const AUDIO: AudioTrackSpec = { id: 2, sampleRate: 48000, channels: 1, objectType: 2, defaultSampleDuration: 1024, defaultSampleFlags: SYNC_FLAGS };
const init = parseInit(initSegment(VIDEO, AUDIO));

function chunk(audioDecodeTime: number, v1 = false): Buffer {
  const m = moof(3, { trackId: 1, baseDecodeTime: 15360, samples: 1, firstSampleFlags: SYNC_FLAGS }, { trackId: 2, baseDecodeTime: audioDecodeTime, samples: [1024], tfdtV1: v1 });
  return Buffer.concat([m, box('mdat', Buffer.alloc(200, 0xcc))]);
}

const decodeTimes = (bytes: Buffer) => parseMoof(bytes.subarray(0, bytes.readUInt32BE(0)), init).tracks.map((t) => t.baseDecodeTime);

describe('shiftTrackDecodeTime', () => {
  it('moves only the named track, in a copy of the same size', () => {
    const original = chunk(48000);
    const shifted = shiftTrackDecodeTime(original, 2, 9600); // +200 ms at 48 kHz
    expect(decodeTimes(shifted)).toEqual([15360, 57600]);
    expect(decodeTimes(original)).toEqual([15360, 48000]);
    expect(shifted.length).toBe(original.length);
    expect(shifted.subarray(shifted.length - 200)).toEqual(original.subarray(original.length - 200));
  });

  it('handles 64-bit decode times and clamps at zero', () => {
    expect(decodeTimes(shiftTrackDecodeTime(chunk(48000, true), 2, -9600))).toEqual([15360, 38400]);
    expect(decodeTimes(shiftTrackDecodeTime(chunk(4800, true), 2, -9600))).toEqual([15360, 0]);
    expect(decodeTimes(shiftTrackDecodeTime(chunk(4800), 2, -9600))).toEqual([15360, 0]);
  });

  it('returns the input when there is nothing to shift, and refuses what is not a fragment', () => {
    const c = chunk(48000);
    expect(shiftTrackDecodeTime(c, 2, 0)).toBe(c);
    expect(shiftTrackDecodeTime(c, 9, 100)).toBe(c);
    expect(() => shiftTrackDecodeTime(box('mdat', Buffer.alloc(4)), 2, 100)).toThrow(BoxFormatError);
  });
});
