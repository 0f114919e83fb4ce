import { describe, expect, it } from 'vitest';
import { BoxFormatError, childBoxes, findChild } from './box-reader.ts';
import { splitFragment, splitInit } from './cmaf-split.ts';
import { parseInit, parseMoof } from './mp4-info.ts';
import { box, initSegment, moof, NON_SYNC_FLAGS, SYNC_FLAGS, type AudioTrackSpec, type VideoTrackSpec } from './test-support/mp4-writer.ts';

const VIDEO: VideoTrackSpec = { id: 1, timescale: 15360, width: 1280, height: 720, avc: [0x64, 0x00, 0x1f], defaultSampleDuration: 512, defaultSampleFlags: NON_SYNC_FLAGS };
const AUDIO: AudioTrackSpec = { id: 2, sampleRate: 48000, channels: 1, objectType: 2, defaultSampleDuration: 1024, defaultSampleFlags: SYNC_FLAGS };

/** The data_offset field of every trun in a moof, in order, with its byte position. */
function truns(moofBytes: Buffer): { at: number; offset: number }[] {
  const out: { at: number; offset: number }[] = [];
  for (const traf of childBoxes(moofBytes, 8, moofBytes.length)) {
    if (traf.type !== 'traf') continue;
    const trun = findChild(moofBytes, traf.body, traf.end, 'trun')!;
    out.push({ at: trun.body + 8, offset: moofBytes.readInt32BE(trun.body + 8) });
  }
  return out;
}

/**
 * A muxed chunk as ffmpeg writes it: one moof with a video traf (1 frame of 100 bytes, filled
 * with 0xaa) and an audio traf (2 AAC frames of 100 bytes, 0xbb), their samples back to back.
 */
function muxedChunk(audioFirst = false): Buffer {
  const m = moof(
    7,
    { trackId: 1, baseDecodeTime: 512 * 30, samples: 1, firstSampleFlags: SYNC_FLAGS },
    { trackId: 2, baseDecodeTime: 48000, samples: [1024, 1024] },
  );
  const [video, audio] = truns(m);
  const videoBytes = Buffer.alloc(100, 0xaa);
  const audioBytes = Buffer.alloc(200, 0xbb);
  const dataStart = m.length + 8;
  m.writeInt32BE(audioFirst ? dataStart + 200 : dataStart, video!.at);
  m.writeInt32BE(audioFirst ? dataStart : dataStart + 100, audio!.at);
  return Buffer.concat([m, box('mdat', ...(audioFirst ? [audioBytes, videoBytes] : [videoBytes, audioBytes]))]);
}

/** The sample bytes a player would read: from the moof start plus each trun's data_offset. */
function samplesOf(fragment: Buffer): Buffer[] {
  const m = findChild(fragment, 0, fragment.length, 'moof')!;
  const mdat = findChild(fragment, 0, fragment.length, 'mdat')!;
  return truns(fragment.subarray(m.start, m.end)).map((t) => fragment.subarray(m.start + t.offset, mdat.end));
}

describe('splitInit', () => {
  it('keeps only the asked track and its trex', () => {
    const init = initSegment(VIDEO, AUDIO);
    expect(parseInit(splitInit(init, 1)).tracks.map((t) => [t.id, t.kind, t.codec])).toEqual([[1, 'video', 'avc1.64001f']]);
    expect(parseInit(splitInit(init, 2)).tracks.map((t) => [t.id, t.kind, t.codec])).toEqual([[2, 'audio', 'mp4a.40.2']]);
    const audioOnly = splitInit(init, 2);
    const moov = findChild(audioOnly, 0, audioOnly.length, 'moov')!;
    const mvex = findChild(audioOnly, moov.body, moov.end, 'mvex')!;
    expect([...childBoxes(audioOnly, mvex.body, mvex.end)].map((b) => [b.type, audioOnly.readUInt32BE(b.body + 4)])).toEqual([['trex', 2]]);
    // ftyp is carried over unchanged.
    expect(audioOnly.subarray(0, 8).toString('latin1', 4)).toBe('ftyp');
  });

  it('rejects a track the init segment does not have', () => {
    expect(() => splitInit(initSegment(VIDEO), 2)).toThrow(BoxFormatError);
  });
});

describe('splitFragment', () => {
  for (const audioFirst of [false, true]) {
    it(`cuts out one track's traf and samples and re-points its data offset (${audioFirst ? 'audio' : 'video'} data first)`, () => {
      const chunk = muxedChunk(audioFirst);
      const video = splitFragment(chunk, 1)!;
      const audio = splitFragment(chunk, 2)!;
      const videoInfo = parseMoof(findChildBytes(video, 'moof'), parseInit(initSegment(VIDEO)));
      expect(videoInfo).toMatchObject({ sequence: 7, tracks: [{ id: 1, baseDecodeTime: 512 * 30, sampleCount: 1, startsWithSync: true }] });
      const audioInfo = parseMoof(findChildBytes(audio, 'moof'), parseInit(splitInit(initSegment(VIDEO, AUDIO), 2)));
      expect(audioInfo.tracks).toMatchObject([{ id: 2, baseDecodeTime: 48000, sampleCount: 2, duration: 2048 }]);
      expect(samplesOf(video)).toEqual([Buffer.alloc(100, 0xaa)]);
      expect(samplesOf(audio)).toEqual([Buffer.alloc(200, 0xbb)]);
      // Nothing else is left over: moof + exactly the track's bytes.
      expect(video.length).toBe(findChildBytes(video, 'moof').length + 8 + 100);
    });
  }

  it('returns null for a track without samples in the chunk', () => {
    expect(splitFragment(muxedChunk(), 3)).toBeNull();
  });

  it('is the identity (byte for byte) on a single-track chunk', () => {
    const chunk = muxedChunk();
    const video = splitFragment(chunk, 1)!;
    expect(splitFragment(video, 1)!.equals(video)).toBe(true);
  });

  it('rejects a chunk without an mdat', () => {
    const chunk = muxedChunk();
    expect(() => splitFragment(findChildBytes(chunk, 'moof'), 1)).toThrow(BoxFormatError);
  });
});

function findChildBytes(buf: Buffer, type: string): Buffer {
  const b = findChild(buf, 0, buf.length, type)!;
  return buf.subarray(b.start, b.end);
}
