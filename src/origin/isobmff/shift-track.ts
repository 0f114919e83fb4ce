import { BoxFormatError, childBoxes, findChild } from './box-reader.ts';

/**
 * A copy of a fragment (moof + mdat, muxed or single-track) whose track `trackId` is moved by
 * `deltaTicks` on its timeline: its traf's tfdt (baseMediaDecodeTime) is rewritten, nothing
 * else, so sizes and offsets stay valid. Decode times never go below 0 (an early shift of the
 * first fragments of a run is clamped). The input is returned as is when nothing changes.
 */
export function shiftTrackDecodeTime(fragment: Buffer, trackId: number, deltaTicks: number): Buffer {
  if (deltaTicks === 0) return fragment;
  const moof = findChild(fragment, 0, fragment.length, 'moof');
  if (!moof) throw new BoxFormatError('a fragment starts with a moof');
  let out: Buffer | null = null;
  for (const traf of childBoxes(fragment, moof.body, moof.end)) {
    if (traf.type !== 'traf') continue;
    const tfhd = findChild(fragment, traf.body, traf.end, 'tfhd');
    if (!tfhd || fragment.readUInt32BE(tfhd.body + 4) !== trackId) continue;
    const tfdt = findChild(fragment, traf.body, traf.end, 'tfdt');
    if (!tfdt) throw new BoxFormatError(`traf of track ${trackId} has no tfdt`);
    out ??= Buffer.from(fragment);
    const field = tfdt.body + 4;
    if (fragment.readUInt8(tfdt.body) === 1) {
      const shifted = fragment.readBigUInt64BE(field) + BigInt(deltaTicks);
      out.writeBigUInt64BE(shifted < 0n ? 0n : shifted, field);
    } else {
      const shifted = fragment.readUInt32BE(field) + deltaTicks;
      out.writeUInt32BE(Math.min(0xffffffff, Math.max(0, shifted)), field);
    }
  }
  return out ?? fragment;
}
