// CMAF ProducerReferenceTimeBox ('prft', ISO/IEC 14496-12 8.16.5): the producer's wall clock
// (NTP format) at one media time of a track. ffmpeg writes one before each moof with
// `-write_prft wallclock|pts`. Pure: the page reads it from segment bytes, the tests from ffmpeg's.

export interface Prft {
  referenceTrackId: number;
  /** The NTP timestamp as Unix milliseconds (fraction kept). */
  wallMs: number;
  /** Media time of the reference track, in its timescale (v0: 32 bits, v1: 64 bits, as a double). */
  mediaTime: number;
}

/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
/** Top-level boxes looked at per segment: a segment has a few (styp, prft, moof, mdat each), so a hostile one cannot make this loop long. */
const MAX_BOXES = 4096;

/** NTP 64-bit (seconds since 1900, 32-bit fraction) to Unix milliseconds. */
export function ntpToUnixMs(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000;
}

/** One prft box's payload (after size and type), or null when it is too short or of an unknown version. */
export function parsePrftPayload(view: DataView, offset: number, length: number): Prft | null {
  if (length < 4) return null;
  const version = view.getUint8(offset);
  const need = 4 + 4 + 8 + (version === 0 ? 4 : 8);
  if (version > 1 || length < need) return null;
  const referenceTrackId = view.getUint32(offset + 4);
  const wallMs = ntpToUnixMs(view.getUint32(offset + 8), view.getUint32(offset + 12));
  const mediaTime = version === 0 ? view.getUint32(offset + 16) : view.getUint32(offset + 16) * 2 ** 32 + view.getUint32(offset + 20);
  return { referenceTrackId, wallMs, mediaTime };
}

/** Every top-level prft box of a segment (fMP4 / CMAF bytes), in order; [] for anything else. */
export function findPrfts(bytes: Uint8Array): Prft[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Prft[] = [];
  let at = 0;
  for (let n = 0; n < MAX_BOXES && at + 8 <= bytes.byteLength; n++) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > bytes.byteLength) break;
      size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
      header = 16;
    } else if (size === 0) size = bytes.byteLength - at; // to the end
    if (size < header || at + size > bytes.byteLength) break; // truncated or not ISO-BMFF
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (type === 'prft') {
      const p = parsePrftPayload(view, at + header, size - header);
      if (p) out.push(p);
    }
    at += size;
  }
  return out;
}
