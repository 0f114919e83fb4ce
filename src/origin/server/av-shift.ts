import { ORIGIN_CONFIG } from '../config.ts';
import type { InitSegment } from '../packager/chunk.ts';
import { shiftTrackDecodeTime } from '../isobmff/shift-track.ts';

/**
 * `avoffset=<ms>`: the audio track's decode times moved by that much in the served bytes
 * (positive = audio later than the picture), so the page's A/V sync measurement can be checked
 * against a known offset. Works on muxed fragments (HLS) and on single-track audio (DASH).
 * Copies are cached beside the bytes they come from, for the two most recent offsets only:
 * the offset is the visitor's choice, and one copy per possible value would be unbounded.
 */
const cache = new WeakMap<Buffer, { offsetMs: number; bytes: Buffer }[]>();

export function audioShifted(bytes: Buffer, init: InitSegment | undefined, avOffsetMs: number): Buffer {
  if (avOffsetMs === 0 || !init || init.audioTrackId === null || !init.audioTimescale) return bytes;
  let copies = cache.get(bytes);
  if (!copies) cache.set(bytes, (copies = []));
  const hit = copies.find((c) => c.offsetMs === avOffsetMs);
  if (hit) return hit.bytes;
  const shifted = shiftTrackDecodeTime(bytes, init.audioTrackId, Math.round((avOffsetMs * init.audioTimescale) / 1000));
  copies.push({ offsetMs: avOffsetMs, bytes: shifted });
  if (copies.length > ORIGIN_CONFIG.avShiftCopies) copies.shift();
  return shifted;
}
