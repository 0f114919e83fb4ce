/** A complete top-level ISO-BMFF box: its four-character type and all of its bytes (header included). */
export interface Box {
  type: string;
  bytes: Buffer;
}

/** Largest box accepted from the encoder pipe; a bigger one means the stream is corrupt. */
const MAX_BOX_BYTES = 64 * 1024 * 1024;

export class BoxFormatError extends Error {}

/**
 * Splits a byte stream (an ffmpeg pipe) into top-level boxes. Keeps at most one partial box
 * buffered, so memory is bounded by the largest box.
 */
export class BoxStreamReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(bytes: Buffer): Box[] {
    if (bytes.length === 0) return [];
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    const boxes: Box[] = [];
    let buf = this.pending.length === 1 ? bytes : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    for (;;) {
      const available = buf.length - offset;
      if (available < 8) break;
      let size = buf.readUInt32BE(offset);
      let header = 8;
      if (size === 1) {
        if (available < 16) break;
        size = Number(buf.readBigUInt64BE(offset + 8));
        header = 16;
      }
      if (size < header || size > MAX_BOX_BYTES) {
        throw new BoxFormatError(`box of size ${size} at stream offset is not valid`);
      }
      if (available < size) break;
      const type = buf.toString('latin1', offset + 4, offset + 8);
      boxes.push({ type, bytes: buf.subarray(offset, offset + size) });
      offset += size;
    }
    buf = buf.subarray(offset);
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
    return boxes;
  }

  get bufferedBytes(): number {
    return this.pendingBytes;
  }
}

/** Iterates the child boxes inside `buf[start, end)`. */
export function* childBoxes(buf: Buffer, start: number, end: number): Generator<{ type: string; start: number; end: number; body: number }> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = buf.readUInt32BE(offset);
    let body = offset + 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(offset + 8));
      body = offset + 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < 8 || offset + size > end) return;
    yield { type: buf.toString('latin1', offset + 4, offset + 8), start: offset, end: offset + size, body };
    offset += size;
  }
}

/** The first child of the given type, or null. */
export function findChild(buf: Buffer, start: number, end: number, type: string) {
  for (const child of childBoxes(buf, start, end)) if (child.type === type) return child;
  return null;
}
