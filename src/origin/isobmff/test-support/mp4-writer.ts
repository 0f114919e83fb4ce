/**
 * Test-only: a tiny ISO-BMFF writer, enough to build by hand the init segments and fragments
 * that ffmpeg would produce (ftyp/moov with avc1+avcC and mp4a+esds, moof with tfdt/trun).
 */

export const u8 = (...values: number[]) => Buffer.from(values);
export const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};
export const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
export const u64 = (v: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
};
export const zeros = (n: number) => Buffer.alloc(n);
export const fourcc = (s: string) => Buffer.from(s, 'latin1');

/** A box with a 32-bit size. */
export function box(type: string, ...body: Buffer[]): Buffer {
  const payload = Buffer.concat(body);
  return Buffer.concat([u32(8 + payload.length), fourcc(type), payload]);
}

/** A box with size = 1 and a 64-bit largesize. */
export function largeBox(type: string, ...body: Buffer[]): Buffer {
  const payload = Buffer.concat(body);
  return Buffer.concat([u32(1), fourcc(type), u64(16 + payload.length), payload]);
}

/** A full box: version and 24-bit flags before the body. */
export function fullBox(type: string, version: number, flags: number, ...body: Buffer[]): Buffer {
  return box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...body);
}

/** MPEG-4 descriptor (ES, DecoderConfig, DecoderSpecificInfo...) with a one-byte length. */
export function descriptor(tag: number, ...body: Buffer[]): Buffer {
  const payload = Buffer.concat(body);
  return Buffer.concat([u8(tag, payload.length), payload]);
}

/** Sample flags: a sync sample depends on nothing; a non-sync one sets sample_is_non_sync_sample. */
export const SYNC_FLAGS = 0x02000000;
export const NON_SYNC_FLAGS = 0x01010000;

export interface VideoTrackSpec {
  id: number;
  timescale: number;
  width: number;
  height: number;
  /** avcC profile, compatibility and level bytes, e.g. [0x64, 0x00, 0x1f] -> avc1.64001f */
  avc: [number, number, number];
  defaultSampleDuration: number;
  defaultSampleFlags: number;
  /** Write tkhd and mdhd as version 1 (64-bit times). */
  v1?: boolean;
}

export interface AudioTrackSpec {
  id: number;
  sampleRate: number;
  channels: number;
  /** What the mp4a sample entry says, if not `channels` (ffmpeg's ISO mode always writes 2). */
  sampleEntryChannels?: number;
  /** Audio object type in the AudioSpecificConfig (2 = AAC-LC). */
  objectType: number;
  defaultSampleDuration: number;
  defaultSampleFlags: number;
  v1?: boolean;
}

function tkhd(id: number, v1: boolean, width = 0, height = 0): Buffer {
  const times = v1 ? [u64(0), u64(0), u32(id), u32(0), u64(0)] : [u32(0), u32(0), u32(id), u32(0), u32(0)];
  // reserved(8) layer/alt group(4) volume/reserved(4) matrix(36) width(4) height(4), 16.16 fixed point
  return fullBox('tkhd', v1 ? 1 : 0, 3, ...times, zeros(8 + 4 + 4 + 36), u32(width * 65536), u32(height * 65536));
}

function mdhd(timescale: number, v1: boolean): Buffer {
  const times = v1 ? [u64(0), u64(0), u32(timescale), u64(0)] : [u32(0), u32(0), u32(timescale), u32(0)];
  return fullBox('mdhd', v1 ? 1 : 0, 0, ...times, u16(0x55c4), u16(0));
}

function hdlr(handler: string): Buffer {
  return fullBox('hdlr', 0, 0, u32(0), fourcc(handler), zeros(12), Buffer.from('handler\0', 'latin1'));
}

function trak(header: Buffer, timescale: number, handler: string, sampleEntry: Buffer, v1: boolean): Buffer {
  const stbl = box('stbl', fullBox('stsd', 0, 0, u32(1), sampleEntry), fullBox('stts', 0, 0, u32(0)));
  return box('trak', header, box('mdia', mdhd(timescale, v1), hdlr(handler), box('minf', box('dinf'), stbl)));
}

export function avc1(spec: VideoTrackSpec): Buffer {
  const avcC = box('avcC', u8(1, ...spec.avc, 0xff, 0xe0, 0x00));
  return box(
    'avc1',
    zeros(6), u16(1), // reserved, data_reference_index
    zeros(16), // pre_defined, reserved
    u16(spec.width), u16(spec.height),
    u32(0x00480000), u32(0x00480000), u32(0), u16(1), // resolutions, reserved, frame_count
    zeros(32), u16(0x18), u16(0xffff), // compressorname, depth, pre_defined
    avcC,
  );
}

export function mp4a(spec: AudioTrackSpec): Buffer {
  // AudioSpecificConfig: 5 bits object type, 4 bits sampling frequency index (3 = 48 kHz), 4 bits channels.
  const asc = u8((spec.objectType << 3) | (3 >> 1), ((3 & 1) << 7) | (spec.channels << 3));
  const esds = fullBox(
    'esds', 0, 0,
    descriptor(
      0x03, u16(1), u8(0), // ES_ID, flags
      descriptor(0x04, u8(0x40, 0x15), zeros(3), u32(128000), u32(64000), descriptor(0x05, asc)),
      descriptor(0x06, u8(0x02)),
    ),
  );
  return box(
    'mp4a',
    zeros(6), u16(1),
    zeros(8), u16(spec.sampleEntryChannels ?? spec.channels), u16(16), u16(0), u16(0), u32(spec.sampleRate * 65536),
    esds,
  );
}

const trex = (id: number, duration: number, flags: number) => fullBox('trex', 0, 0, u32(id), u32(1), u32(duration), u32(0), u32(flags));

/** ftyp + moov with the given tracks, as an init segment. */
export function initSegment(video: VideoTrackSpec, audio?: AudioTrackSpec): Buffer {
  const traks = [trak(tkhd(video.id, !!video.v1, video.width, video.height), video.timescale, 'vide', avc1(video), !!video.v1)];
  const trexes = [trex(video.id, video.defaultSampleDuration, video.defaultSampleFlags)];
  if (audio) {
    traks.push(trak(tkhd(audio.id, !!audio.v1), audio.sampleRate, 'soun', mp4a(audio), !!audio.v1));
    trexes.push(trex(audio.id, audio.defaultSampleDuration, audio.defaultSampleFlags));
  }
  const ftyp = box('ftyp', fourcc('iso6'), u32(0), fourcc('iso6'), fourcc('cmfc'));
  const mvhd = fullBox('mvhd', 0, 0, zeros(96));
  return Buffer.concat([ftyp, box('moov', mvhd, ...traks, box('mvex', ...trexes))]);
}

export interface TrafSpec {
  trackId: number;
  baseDecodeTime: number;
  /** tfdt version 1 (64-bit decode time); version 0 otherwise. */
  tfdtV1?: boolean;
  /** Per-sample durations (written in trun) or a count using the defaults. */
  samples: number[] | number;
  firstSampleFlags?: number;
  /** tfhd default-sample-duration / default-sample-flags overrides. */
  tfhdDuration?: number;
  tfhdFlags?: number;
  /** Also write tfhd base-data-offset (8 bytes) and sample-description-index (4). */
  tfhdOffsets?: boolean;
}

function traf(t: TrafSpec): Buffer {
  let tfhdFlags = 0x020000; // default-base-is-moof
  const tfhdBody: Buffer[] = [u32(t.trackId)];
  if (t.tfhdOffsets) {
    tfhdFlags |= 0x01 | 0x02;
    tfhdBody.push(u64(0), u32(1));
  }
  if (t.tfhdDuration !== undefined) {
    tfhdFlags |= 0x08;
    tfhdBody.push(u32(t.tfhdDuration));
  }
  if (t.tfhdFlags !== undefined) {
    tfhdFlags |= 0x20;
    tfhdBody.push(u32(t.tfhdFlags));
  }
  const tfdt = t.tfdtV1 ? fullBox('tfdt', 1, 0, u64(t.baseDecodeTime)) : fullBox('tfdt', 0, 0, u32(t.baseDecodeTime));
  const durations = Array.isArray(t.samples) ? t.samples : null;
  const count = durations ? durations.length : (t.samples as number);
  let trunFlags = 0x01 | 0x200; // data-offset, sample-size
  const trunBody: Buffer[] = [u32(count), u32(0)];
  if (t.firstSampleFlags !== undefined) {
    trunFlags |= 0x04;
    trunBody.push(u32(t.firstSampleFlags));
  }
  if (durations) trunFlags |= 0x100;
  for (let i = 0; i < count; i++) {
    if (durations) trunBody.push(u32(durations[i]!));
    trunBody.push(u32(100)); // sample size
  }
  return box('traf', fullBox('tfhd', 0, tfhdFlags, ...tfhdBody), tfdt, fullBox('trun', 0, trunFlags, ...trunBody));
}

/** A moof with an mfhd and one traf per track. */
export function moof(sequence: number, ...trafs: TrafSpec[]): Buffer {
  return box('moof', fullBox('mfhd', 0, 0, u32(sequence)), ...trafs.map(traf));
}
