import { BoxFormatError, childBoxes, findChild } from './box-reader.ts';

/**
 * Splits the encoder's muxed fragmented MP4 (video and audio in one moof/mdat, which is what
 * HLS players want) into single-track CMAF objects, which is what DASH wants: dash.js refuses
 * multiplexed Representations, so every rung is served video-only and the audio once, on its
 * own. Pure byte surgery: no sample is re-encoded or re-timed.
 */

const TRUN_DATA_OFFSET_PRESENT = 0x000001;
const TFHD_BASE_DATA_OFFSET_PRESENT = 0x000001;

function box(type: string, children: Buffer[]): Buffer {
  const size = 8 + children.reduce((n, c) => n + c.length, 0);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, ...children], size);
}

function trackIdOfTrak(buf: Buffer, trak: { body: number; end: number }): number | null {
  const tkhd = findChild(buf, trak.body, trak.end, 'tkhd');
  if (!tkhd) return null;
  const version = buf.readUInt8(tkhd.body);
  // tkhd v1: creation and modification times are 64-bit.
  return buf.readUInt32BE(tkhd.body + 4 + (version === 1 ? 16 : 8));
}

/** An init segment (ftyp + moov) with only track `trackId` (its trak and its trex). */
export function splitInit(init: Buffer, trackId: number): Buffer {
  const out: Buffer[] = [];
  let found = false;
  for (const top of childBoxes(init, 0, init.length)) {
    if (top.type !== 'moov') {
      out.push(init.subarray(top.start, top.end));
      continue;
    }
    const children: Buffer[] = [];
    for (const child of childBoxes(init, top.body, top.end)) {
      if (child.type === 'trak') {
        if (trackIdOfTrak(init, child) !== trackId) continue;
        found = true;
      }
      if (child.type === 'mvex') {
        const mvex: Buffer[] = [];
        for (const m of childBoxes(init, child.body, child.end)) {
          // trex: full box header (4), then track_ID.
          if (m.type === 'trex' && init.readUInt32BE(m.body + 4) !== trackId) continue;
          mvex.push(init.subarray(m.start, m.end));
        }
        children.push(box('mvex', mvex));
        continue;
      }
      children.push(init.subarray(child.start, child.end));
    }
    out.push(box('moov', children));
  }
  if (!found) throw new BoxFormatError(`init segment has no track ${trackId}`);
  return Buffer.concat(out);
}

interface TrunRef {
  trackId: number;
  /** Offset of the trun's data_offset field, relative to the moof start. */
  fieldOffset: number;
  /** Where its samples start, relative to the moof start (default-base-is-moof). */
  dataOffset: number;
}

/**
 * One chunk (moof + mdat) with only track `trackId`. Each trun's samples are a contiguous run
 * of the mdat, ending where the next trun's begin (ffmpeg writes them back to back), so the
 * track's bytes are cut out without parsing sample sizes; the data offsets are then rewritten
 * for the smaller moof. Returns null when the chunk has no samples of that track.
 */
export function splitFragment(chunk: Buffer, trackId: number): Buffer | null {
  const moof = findChild(chunk, 0, chunk.length, 'moof');
  const mdat = findChild(chunk, 0, chunk.length, 'mdat');
  if (!moof || !mdat || mdat.start < moof.end) throw new BoxFormatError('a chunk is a moof followed by an mdat');
  const truns: TrunRef[] = [];
  let keptTraf: { start: number; end: number } | null = null;
  for (const traf of childBoxes(chunk, moof.body, moof.end)) {
    if (traf.type !== 'traf') continue;
    const tfhd = findChild(chunk, traf.body, traf.end, 'tfhd');
    if (!tfhd) throw new BoxFormatError('traf without tfhd');
    if ((chunk.readUInt32BE(tfhd.body) & TFHD_BASE_DATA_OFFSET_PRESENT) !== 0) {
      throw new BoxFormatError('explicit base_data_offset is not supported (expected default-base-is-moof)');
    }
    const id = chunk.readUInt32BE(tfhd.body + 4);
    if (id === trackId) keptTraf = traf;
    for (const trun of childBoxes(chunk, traf.body, traf.end)) {
      if (trun.type !== 'trun') continue;
      if ((chunk.readUInt32BE(trun.body) & TRUN_DATA_OFFSET_PRESENT) === 0) throw new BoxFormatError('trun without data_offset');
      const fieldOffset = trun.body + 8 - moof.start;
      truns.push({ trackId: id, fieldOffset, dataOffset: chunk.readInt32BE(trun.body + 8) });
    }
  }
  if (!keptTraf) return null;
  truns.sort((a, b) => a.dataOffset - b.dataOffset);
  const mdatEnd = mdat.end - moof.start;
  const mfhd = findChild(chunk, moof.body, moof.end, 'mfhd');
  const traf = Buffer.from(chunk.subarray(keptTraf.start, keptTraf.end));
  const newMoofSize = 8 + (mfhd ? mfhd.end - mfhd.start : 0) + traf.length;
  const pieces: Buffer[] = [];
  let written = 0;
  truns.forEach((t, i) => {
    if (t.trackId !== trackId) return;
    const end = truns[i + 1]?.dataOffset ?? mdatEnd;
    if (t.dataOffset < mdat.body - moof.start || end > mdatEnd || end < t.dataOffset) throw new BoxFormatError('trun data lies outside the mdat');
    pieces.push(chunk.subarray(moof.start + t.dataOffset, moof.start + end));
    // The field's position inside the copied traf; its samples now follow the new moof's mdat header.
    traf.writeInt32BE(newMoofSize + 8 + written, t.fieldOffset - (keptTraf.start - moof.start));
    written += end - t.dataOffset;
  });
  const newMoof = box('moof', mfhd ? [chunk.subarray(mfhd.start, mfhd.end), traf] : [traf]);
  return Buffer.concat([newMoof, box('mdat', pieces)]);
}
