import { BoxFormatError, childBoxes, findChild } from './box-reader.ts';

export interface TrackInfo {
  id: number;
  kind: 'video' | 'audio' | 'other';
  timescale: number;
  /** RFC 6381 codec string read from the sample entry, e.g. avc1.42c01f or mp4a.40.2. */
  codec: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  defaultSampleDuration: number;
  defaultSampleFlags: number;
}

export interface InitInfo {
  tracks: TrackInfo[];
}

export interface FragmentTrack {
  id: number;
  baseDecodeTime: number;
  sampleCount: number;
  /** Sum of sample durations in the track's timescale. */
  duration: number;
  /** Whether the first sample is a sync sample (an IDR for video). */
  startsWithSync: boolean;
}

export interface FragmentInfo {
  sequence: number;
  tracks: FragmentTrack[];
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

function fullBoxVersion(buf: Buffer, body: number): number {
  return buf.readUInt8(body);
}

function parseSampleEntry(buf: Buffer, stsdBody: number, stsdEnd: number, info: TrackInfo): void {
  // stsd: full box header (4) + entry_count (4), then the sample entries.
  for (const entry of childBoxes(buf, stsdBody + 8, stsdEnd)) {
    if (entry.type === 'avc1' || entry.type === 'avc3') {
      info.width = buf.readUInt16BE(entry.body + 24);
      info.height = buf.readUInt16BE(entry.body + 26);
      const avcC = findChild(buf, entry.body + 78, entry.end, 'avcC');
      if (avcC) {
        const p = avcC.body;
        info.codec = `${entry.type}.${hex2(buf[p + 1] ?? 0)}${hex2(buf[p + 2] ?? 0)}${hex2(buf[p + 3] ?? 0)}`;
      } else {
        info.codec = entry.type;
      }
      return;
    }
    if (entry.type === 'mp4a') {
      info.channels = buf.readUInt16BE(entry.body + 16);
      info.sampleRate = buf.readUInt32BE(entry.body + 24) >>> 16;
      const esds = findChild(buf, entry.body + 28, entry.end, 'esds');
      info.codec = esds ? mp4aCodec(buf, esds.body + 4, esds.end) : 'mp4a.40.2';
      // ISO mp4 writers put a template 2 in the sample entry; the AudioSpecificConfig has the truth.
      const ascChannels = esds ? ascChannelConfiguration(buf, esds.body + 4) : null;
      if (ascChannels) info.channels = ascChannels;
      return;
    }
    info.codec = entry.type;
  }
}

/** Reads an MPEG-4 descriptor's tag and length (the length uses 7 bits per byte). */
function readDescriptor(buf: Buffer, offset: number): { tag: number; length: number; body: number } {
  const tag = buf.readUInt8(offset);
  let length = 0;
  let p = offset + 1;
  for (let i = 0; i < 4; i++) {
    const b = buf.readUInt8(p++);
    length = (length << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  return { tag, length, body: p };
}

/** The DecoderConfigDescriptor inside an ES descriptor: object type and where the AudioSpecificConfig starts (or null). */
function decoderConfig(buf: Buffer, start: number): { oti: number; asc: number | null } | null {
  const es = readDescriptor(buf, start);
  if (es.tag !== 0x03) return null;
  let p = es.body + 2;
  const flags = buf.readUInt8(p++);
  if (flags & 0x80) p += 2;
  if (flags & 0x40) p += 1 + buf.readUInt8(p);
  if (flags & 0x20) p += 2;
  const dc = readDescriptor(buf, p);
  if (dc.tag !== 0x04) return null;
  const dsi = readDescriptor(buf, dc.body + 13);
  return { oti: buf.readUInt8(dc.body), asc: dsi.tag === 0x05 ? dsi.body : null };
}

/** channelConfiguration from the AudioSpecificConfig (ISO 14496-3 1.6.2.1), or null. */
function ascChannelConfiguration(buf: Buffer, start: number): number | null {
  try {
    const p = decoderConfig(buf, start)?.asc ?? null;
    if (p === null) return null;
    // 5 bits object type, 4 bits sampling frequency index (0xf: 24 more bits), 4 bits channels.
    const bits = buf.readUInt16BE(p);
    const frequencyIndex = (bits >>> 7) & 0xf;
    // An explicit 24-bit rate puts the channels at bits 33-36.
    const channels = frequencyIndex === 0xf ? (buf.readUInt8(p + 4) >>> 3) & 0xf : (bits >>> 3) & 0xf;
    return channels || null;
  } catch {
    return null;
  }
}

function mp4aCodec(buf: Buffer, start: number, end: number): string {
  try {
    const dc = decoderConfig(buf, start);
    if (!dc) return 'mp4a.40.2';
    if (dc.asc === null || dc.asc >= end) return `mp4a.${hex2(dc.oti)}`;
    const aot = buf.readUInt8(dc.asc) >> 3;
    return `mp4a.${hex2(dc.oti)}.${aot}`;
  } catch {
    return 'mp4a.40.2';
  }
}

/** Parses an init segment (ftyp + moov). */
export function parseInit(init: Buffer): InitInfo {
  const moov = findChild(init, 0, init.length, 'moov');
  if (!moov) throw new BoxFormatError('init segment has no moov');
  const tracks: TrackInfo[] = [];
  for (const trak of childBoxes(init, moov.body, moov.end)) {
    if (trak.type !== 'trak') continue;
    const tkhd = findChild(init, trak.body, trak.end, 'tkhd');
    const mdia = findChild(init, trak.body, trak.end, 'mdia');
    if (!tkhd || !mdia) continue;
    const id = init.readUInt32BE(tkhd.body + (fullBoxVersion(init, tkhd.body) === 1 ? 20 : 12));
    const mdhd = findChild(init, mdia.body, mdia.end, 'mdhd');
    const hdlr = findChild(init, mdia.body, mdia.end, 'hdlr');
    const timescale = mdhd ? init.readUInt32BE(mdhd.body + (fullBoxVersion(init, mdhd.body) === 1 ? 20 : 12)) : 0;
    const handler = hdlr ? init.toString('latin1', hdlr.body + 8, hdlr.body + 12) : '';
    const info: TrackInfo = {
      id,
      kind: handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other',
      timescale,
      codec: '',
      defaultSampleDuration: 0,
      defaultSampleFlags: 0,
    };
    const minf = findChild(init, mdia.body, mdia.end, 'minf');
    const stbl = minf && findChild(init, minf.body, minf.end, 'stbl');
    const stsd = stbl && findChild(init, stbl.body, stbl.end, 'stsd');
    if (stsd) parseSampleEntry(init, stsd.body, stsd.end, info);
    tracks.push(info);
  }
  const mvex = findChild(init, moov.body, moov.end, 'mvex');
  if (mvex) {
    for (const trex of childBoxes(init, mvex.body, mvex.end)) {
      if (trex.type !== 'trex') continue;
      const track = tracks.find((t) => t.id === init.readUInt32BE(trex.body + 4));
      if (!track) continue;
      track.defaultSampleDuration = init.readUInt32BE(trex.body + 12);
      track.defaultSampleFlags = init.readUInt32BE(trex.body + 20);
    }
  }
  return { tracks };
}

const NON_SYNC = 0x10000;

/** Parses a moof box (its bytes) against the init segment's track defaults. */
export function parseMoof(moof: Buffer, init: InitInfo): FragmentInfo {
  const mfhd = findChild(moof, 8, moof.length, 'mfhd');
  const sequence = mfhd ? moof.readUInt32BE(mfhd.body + 4) : 0;
  const tracks: FragmentTrack[] = [];
  for (const traf of childBoxes(moof, 8, moof.length)) {
    if (traf.type !== 'traf') continue;
    const tfhd = findChild(moof, traf.body, traf.end, 'tfhd');
    if (!tfhd) continue;
    const tfhdFlags = moof.readUInt32BE(tfhd.body) & 0xffffff;
    const id = moof.readUInt32BE(tfhd.body + 4);
    const defaults = init.tracks.find((t) => t.id === id);
    let p = tfhd.body + 8;
    if (tfhdFlags & 0x01) p += 8;
    if (tfhdFlags & 0x02) p += 4;
    let defaultDuration = defaults?.defaultSampleDuration ?? 0;
    let defaultFlags = defaults?.defaultSampleFlags ?? 0;
    if (tfhdFlags & 0x08) {
      defaultDuration = moof.readUInt32BE(p);
      p += 4;
    }
    if (tfhdFlags & 0x10) p += 4;
    if (tfhdFlags & 0x20) defaultFlags = moof.readUInt32BE(p);

    const tfdt = findChild(moof, traf.body, traf.end, 'tfdt');
    let baseDecodeTime = 0;
    if (tfdt) {
      baseDecodeTime =
        fullBoxVersion(moof, tfdt.body) === 1 ? Number(moof.readBigUInt64BE(tfdt.body + 4)) : moof.readUInt32BE(tfdt.body + 4);
    }
    let sampleCount = 0;
    let duration = 0;
    let firstFlags: number | null = null;
    for (const trun of childBoxes(moof, traf.body, traf.end)) {
      if (trun.type !== 'trun') continue;
      const flags = moof.readUInt32BE(trun.body) & 0xffffff;
      const count = moof.readUInt32BE(trun.body + 4);
      let q = trun.body + 8;
      if (flags & 0x01) q += 4;
      let firstSampleFlags: number | null = null;
      if (flags & 0x04) {
        firstSampleFlags = moof.readUInt32BE(q);
        q += 4;
      }
      for (let i = 0; i < count; i++) {
        let sampleDuration = defaultDuration;
        let sampleFlags = i === 0 && firstSampleFlags !== null ? firstSampleFlags : defaultFlags;
        if (flags & 0x100) {
          sampleDuration = moof.readUInt32BE(q);
          q += 4;
        }
        if (flags & 0x200) q += 4;
        if (flags & 0x400) {
          sampleFlags = moof.readUInt32BE(q);
          q += 4;
        }
        if (flags & 0x800) q += 4;
        duration += sampleDuration;
        if (sampleCount === 0 && i === 0) firstFlags = sampleFlags;
      }
      sampleCount += count;
    }
    tracks.push({ id, baseDecodeTime, sampleCount, duration, startsWithSync: firstFlags !== null && (firstFlags & NON_SYNC) === 0 });
  }
  return { sequence, tracks };
}
