import { describe, expect, it } from 'vitest';
import { BoxFormatError, BoxStreamReader, childBoxes, findChild, type Box } from './box-reader.ts';
import { box, fourcc, largeBox, u32, u64 } from './test-support/mp4-writer.ts';

/** A short encoder stream: init, then two chunks, one with a 64-bit mdat. */
const STREAM_BOXES = [
  box('ftyp', fourcc('iso6'), u32(0)),
  box('moov', box('mvhd', Buffer.alloc(20, 1))),
  box('moof', box('mfhd', u32(0), u32(1))),
  box('mdat', Buffer.alloc(300, 0xab)),
  box('moof', box('mfhd', u32(0), u32(2))),
  largeBox('mdat', Buffer.alloc(77, 0xcd)),
  box('free'),
];
const STREAM = Buffer.concat(STREAM_BOXES);

/** Feeds `bytes` in slices of the given sizes (cycled) and collects every box. */
function feed(bytes: Buffer, sliceSizes: number[]): { boxes: Box[]; reader: BoxStreamReader } {
  const reader = new BoxStreamReader();
  const boxes: Box[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sliceSizes[i % sliceSizes.length]!;
    // Copy, as a pipe would hand over fresh buffers.
    boxes.push(...reader.push(Buffer.from(bytes.subarray(offset, offset + size))));
    offset += size;
  }
  return { boxes, reader };
}

const summary = (boxes: Box[]) => boxes.map((b) => [b.type, b.bytes.length]);

describe('BoxStreamReader', () => {
  it('splits a stream pushed in one piece into its top-level boxes', () => {
    const { boxes, reader } = feed(STREAM, [STREAM.length]);
    expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'moov', 'moof', 'mdat', 'moof', 'mdat', 'free']);
    boxes.forEach((b, i) => expect(b.bytes.equals(STREAM_BOXES[i]!)).toBe(true));
    expect(reader.bufferedBytes).toBe(0);
  });

  it.each([
    ['byte by byte', [1]],
    ['in odd slices', [3, 7, 1, 13, 2, 9]],
    ['in slices that split headers', [5, 11, 4, 15]],
    ['in large slices', [250, 1]],
  ])('gives the same boxes when fed %s', (_name, sizes) => {
    const { boxes, reader } = feed(STREAM, sizes);
    expect(summary(boxes)).toEqual(summary(feed(STREAM, [STREAM.length]).boxes));
    boxes.forEach((b, i) => expect(b.bytes.equals(STREAM_BOXES[i]!)).toBe(true));
    expect(reader.bufferedBytes).toBe(0);
  });

  it('returns a box the moment its last byte arrives and buffers only the partial box', () => {
    const reader = new BoxStreamReader();
    const mdat = STREAM_BOXES[3]!;
    expect(reader.push(mdat.subarray(0, 7))).toEqual([]);
    expect(reader.bufferedBytes).toBe(7);
    expect(reader.push(mdat.subarray(7, mdat.length - 1))).toEqual([]);
    expect(reader.bufferedBytes).toBe(mdat.length - 1);
    const done = reader.push(Buffer.concat([mdat.subarray(mdat.length - 1), STREAM_BOXES[0]!.subarray(0, 3)]));
    expect(summary(done)).toEqual([['mdat', mdat.length]]);
    expect(reader.bufferedBytes).toBe(3);
    expect(reader.push(Buffer.alloc(0))).toEqual([]);
  });

  it('reads 64-bit largesize boxes, even when the stream stops inside the 16-byte header', () => {
    const big = largeBox('mdat', Buffer.alloc(40, 7));
    const reader = new BoxStreamReader();
    expect(reader.push(big.subarray(0, 12))).toEqual([]); // size=1 seen, largesize incomplete
    const boxes = reader.push(big.subarray(12));
    expect(summary(boxes)).toEqual([['mdat', 56]]);
    expect(boxes[0]!.bytes.equals(big)).toBe(true);
  });

  it.each([
    ['size 0 (to end of file)', Buffer.concat([u32(0), fourcc('mdat')])],
    ['size 4', Buffer.concat([u32(4), fourcc('mdat')])],
    ['size 7', Buffer.concat([u32(7), fourcc('mdat')])],
    ['a largesize of 12', Buffer.concat([u32(1), fourcc('mdat'), u64(12)])],
    ['a size over 64 MiB', Buffer.concat([u32(64 * 1024 * 1024 + 1), fourcc('mdat')])],
  ])('rejects a box with %s', (_name, header) => {
    const reader = new BoxStreamReader();
    expect(() => reader.push(Buffer.concat([header, Buffer.alloc(16)]))).toThrow(BoxFormatError);
  });
});

describe('childBoxes and findChild', () => {
  const parent = box('traf', box('tfhd', u32(0), u32(1)), box('tfdt', u32(0), u32(99)), box('trun', u32(0), u32(0)));

  it('iterates the children of a box', () => {
    const kids = [...childBoxes(parent, 8, parent.length)];
    expect(kids.map((k) => [k.type, k.end - k.start, k.body - k.start])).toEqual([
      ['tfhd', 16, 8],
      ['tfdt', 16, 8],
      ['trun', 16, 8],
    ]);
    const tfdt = findChild(parent, 8, parent.length, 'tfdt');
    expect(tfdt && parent.readUInt32BE(tfdt.body + 4)).toBe(99);
    expect(findChild(parent, 8, parent.length, 'mdat')).toBeNull();
  });

  it('handles largesize children, size 0 (to the end) and stops at a truncated child', () => {
    const withLarge = Buffer.concat([largeBox('uuid', Buffer.alloc(4)), box('free')]);
    expect([...childBoxes(withLarge, 0, withLarge.length)].map((k) => [k.type, k.body - k.start])).toEqual([
      ['uuid', 16],
      ['free', 8],
    ]);
    const toEnd = Buffer.concat([box('free'), u32(0), fourcc('mdat'), Buffer.alloc(10)]);
    expect([...childBoxes(toEnd, 0, toEnd.length)].map((k) => [k.type, k.end])).toEqual([
      ['free', 8],
      ['mdat', toEnd.length],
    ]);
    const truncated = Buffer.concat([box('free'), u32(100), fourcc('mdat'), Buffer.alloc(10)]);
    expect([...childBoxes(truncated, 0, truncated.length)].map((k) => k.type)).toEqual(['free']);
  });
});
