import { describe, it, expect } from 'vitest';
import { crc16CcittFalse } from './crc16.ts';
import {
  GTC1_CELLS_PER_ROW,
  Y_BLACK,
  Y_QUIET,
  Y_WHITE,
  encodeGtc1Bits,
  gtc1Geometry,
  unwrapGtc1,
  writeGtc1,
  type Gtc1Read,
} from './gtc1.ts';
import { gtc1ReadRect, readGtc1, readGtc1FromRgba, readGtc1FromYPlane } from './gtc1-read.ts';
import { mulberry32 } from '../shared/mulberry32.ts';

const TWO32 = 4294967296;
// 2026-03-15T12:34:56.789Z
const MS_2026 = Date.UTC(2026, 2, 15, 12, 34, 56, 789);


function randomPlane(size: number, rand: () => number): Uint8Array {
  const p = new Uint8Array(size);
  for (let i = 0; i < size; i++) p[i] = Math.floor(rand() * 256);
  return p;
}

function addNoise(plane: Uint8Array, amplitude: number, rand: () => number): void {
  for (let i = 0; i < plane.length; i++) {
    const v = (plane[i] as number) + Math.round((rand() * 2 - 1) * amplitude);
    plane[i] = Math.max(0, Math.min(255, v));
  }
}

/** 2x2 box-filter downscale (odd trailing row/column dropped). */
function downscale2x(plane: Uint8Array, width: number, height: number): { plane: Uint8Array; width: number; height: number } {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      const s = (plane[i] as number) + (plane[i + 1] as number) + (plane[i + width] as number) + (plane[i + width + 1] as number);
      out[y * w + x] = Math.round(s / 4);
    }
  }
  return { plane: out, width: w, height: h };
}

function greyRgba(plane: Uint8Array, width: number, height: number, stride: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = plane[y * stride + x] as number;
      const o = (y * width + x) * 4;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
  return out;
}

function expectTime(read: Gtc1Read, ms: number): void {
  expect(read).toMatchObject({ ok: true });
  if (!read.ok) return;
  expect(unwrapGtc1(read.t32, ms + 3_600_000)).toBe(ms);
}

/** Sets every pixel of cell i of row r to `level`. */
function paintCell(plane: Uint8Array, width: number, height: number, stride: number, r: number, i: number, level: number): void {
  const g = gtc1Geometry(width, height);
  if (!g) throw new Error('no geometry');
  const c = g.cell;
  for (let y = g.y + r * c; y < g.y + (r + 1) * c; y++) {
    plane.fill(level, y * stride + g.x + i * c, y * stride + g.x + (i + 1) * c);
  }
}

const LADDER: Array<[number, number]> = [
  [1280, 720],
  [854, 480],
  [640, 360],
  [426, 240],
  [1920, 1080],
];
const ODD: Array<[number, number]> = [
  [641, 361],
  [333, 251],
  [1001, 563],
  [121, 67],
];

describe('encodeGtc1Bits', () => {
  it('matches the TIMECODE.md test vector', () => {
    expect(encodeGtc1Bits(1732520000123)).toEqual({ t32: 0x623d3a7b, crc: 0x922c, row0: 0x623d3a, row1: 0x7b922c });
  });

  it('wraps T modulo 2^32 and floors fractional milliseconds', () => {
    expect(encodeGtc1Bits(TWO32 + 5).t32).toBe(5);
    expect(encodeGtc1Bits(TWO32 - 1).t32).toBe(0xffffffff);
    expect(encodeGtc1Bits(1732520000123.9).t32).toBe(0x623d3a7b);
    expect(encodeGtc1Bits(0).t32).toBe(0);
    expect(() => encodeGtc1Bits(Number.NaN)).toThrow(RangeError);
  });

  it('the CRC catches every single-bit flip of the 48 bits', () => {
    for (const ms of [1732520000123, MS_2026, 0, TWO32 - 1]) {
      const { t32, crc } = encodeGtc1Bits(ms);
      for (let b = 0; b < 48; b++) {
        let t = t32;
        let k = crc;
        if (b >= 16) t = (t32 ^ (1 << (b - 16))) >>> 0;
        else k = crc ^ (1 << b);
        const bytes = new Uint8Array([t >>> 24, (t >>> 16) & 255, (t >>> 8) & 255, t & 255]);
        expect(crc16CcittFalse(bytes)).not.toBe(k);
      }
    }
  });
});

describe('gtc1Geometry', () => {
  it('gives the cell sizes of TIMECODE.md', () => {
    const cases: Array<[number, number, number]> = [
      [1920, 1080, 45],
      [1280, 720, 30],
      [854, 480, 20],
      [640, 360, 15],
      [426, 240, 10],
    ];
    for (const [w, h, c] of cases) {
      const g = gtc1Geometry(w, h);
      expect(g?.cell).toBe(c);
      expect(g?.x).toBe(c);
      expect(g?.y).toBe(c);
    }
  });

  it('rounds the half-cell quiet-zone edges down', () => {
    expect(gtc1Geometry(1280, 720)?.quiet).toEqual({ x0: 15, y0: 15, x1: 885, y1: 105 });
    expect(gtc1Geometry(1920, 1080)?.quiet).toEqual({ x0: 22, y0: 22, x1: 1327, y1: 157 });
    expect(gtc1Geometry(640, 360)?.quiet).toEqual({ x0: 7, y0: 7, x1: 442, y1: 52 });
  });

  it('has a minimum cell of 4 px', () => {
    expect(gtc1Geometry(160, 48)?.cell).toBe(4);
    expect(gtc1Geometry(120, 20)?.cell).toBe(4);
  });

  it('is null for frames narrower than 30 cells or too small', () => {
    expect(gtc1Geometry(899, 720)).toBeNull();
    expect(gtc1Geometry(900, 720)).not.toBeNull();
    expect(gtc1Geometry(1349, 1080)).toBeNull();
    expect(gtc1Geometry(960, 720)).not.toBeNull(); // 4:3
    expect(gtc1Geometry(900, 720)).not.toBeNull(); // 5:4
    expect(gtc1Geometry(720, 1280)).toBeNull(); // portrait
    expect(gtc1Geometry(200, 10)).toBeNull();
    expect(gtc1Geometry(0, 0)).toBeNull();
    expect(gtc1Geometry(1280.5, 720)).toBeNull();
  });
});

describe('gtc1ReadRect', () => {
  it('is even-aligned, inside the frame and covers all cells', () => {
    let checked = 0;
    for (let h = 20; h <= 1200; h += 7) {
      for (const w of [Math.ceil((h * 4) / 3), Math.ceil((h * 16) / 9) + 1, h * 3]) {
        const g = gtc1Geometry(w, h);
        const r = gtc1ReadRect(w, h);
        if (!g) {
          expect(r).toBeNull();
          continue;
        }
        if (!r) throw new Error('rect expected');
        checked++;
        for (const v of [r.x, r.y, r.width, r.height]) expect(v % 2).toBe(0);
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.y).toBeGreaterThanOrEqual(0);
        expect(r.x + r.width).toBeLessThanOrEqual(w);
        expect(r.y + r.height).toBeLessThanOrEqual(h);
        expect(r.x).toBeLessThanOrEqual(g.x);
        expect(r.y).toBeLessThanOrEqual(g.y);
        expect(r.x + r.width).toBeGreaterThanOrEqual(g.x + 28 * g.cell);
        expect(r.y + r.height).toBeGreaterThanOrEqual(g.y + 2 * g.cell);
        // Smallest such rectangle: at most one extra pixel on each side.
        expect(r.width).toBeLessThanOrEqual(28 * g.cell + 2);
        expect(r.height).toBeLessThanOrEqual(2 * g.cell + 2);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(gtc1ReadRect(1280, 720)).toEqual({ x: 30, y: 30, width: 840, height: 60 });
    expect(gtc1ReadRect(640, 360)).toEqual({ x: 14, y: 14, width: 422, height: 32 });
    expect(gtc1ReadRect(100, 720)).toBeNull();
  });
});

describe('writeGtc1', () => {
  it('writes the calibration cells, data cells and quiet zone, and nothing else', () => {
    const w = 1280;
    const h = 720;
    const stride = 1300;
    const rand = mulberry32(1);
    const before = randomPlane(stride * h, rand);
    const plane = before.slice();
    expect(writeGtc1(plane, w, h, stride, 1732520000123)).toBe(true);
    const at = (x: number, y: number): number => plane[y * stride + x] as number;
    // Row 0 = 0x623D3A = 0110 0010 0011 1101 0011 1010; row 1 = 0x7B922C.
    const expectRow = (r: number, word: number): void => {
      const y = 30 + r * 30 + 15;
      expect(at(30 + 15, y)).toBe(Y_BLACK);
      expect(at(60 + 15, y)).toBe(Y_WHITE);
      expect(at(30 + 26 * 30 + 15, y)).toBe(Y_WHITE);
      expect(at(30 + 27 * 30 + 15, y)).toBe(Y_BLACK);
      for (let k = 0; k < 24; k++) {
        const bit = (word >>> (23 - k)) & 1;
        expect(at(30 + (2 + k) * 30 + 15, y)).toBe(bit ? Y_WHITE : Y_BLACK);
      }
    };
    expectRow(0, 0x623d3a);
    expectRow(1, 0x7b922c);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < stride; x++) {
        const inQuiet = x >= 15 && x < 885 && y >= 15 && y < 105;
        const inCells = x >= 30 && x < 870 && y >= 30 && y < 90;
        const v = plane[y * stride + x];
        if (!inQuiet) {
          if (v !== before[y * stride + x]) throw new Error(`pixel ${x},${y} outside the quiet zone changed`);
        } else if (!inCells && v !== Y_QUIET) {
          throw new Error(`quiet-zone pixel ${x},${y} is ${v}`);
        }
      }
    }
  });

  it('returns false and writes nothing when the frame cannot carry GTC1', () => {
    const narrow = new Uint8Array(899 * 720).fill(7);
    expect(writeGtc1(narrow, 899, 720, 899, MS_2026)).toBe(false);
    expect(narrow.every((v) => v === 7)).toBe(true);
    const short = new Uint8Array(1280 * 50).fill(7);
    expect(writeGtc1(short, 1280, 720, 1280, MS_2026)).toBe(false);
    expect(short.every((v) => v === 7)).toBe(true);
    expect(writeGtc1(new Uint8Array(1280 * 720), 1280, 720, 1000, MS_2026)).toBe(false);
  });
});

describe('readGtc1 round trip', () => {
  const sizes = [...LADDER, ...ODD];
  for (const [w, h] of sizes) {
    for (const pad of [0, 1, 64]) {
      it(`${w}x${h} stride ${w + pad}`, () => {
        const stride = w + pad;
        const rand = mulberry32(w * 7919 + h + pad);
        for (let n = 0; n < 5; n++) {
          const ms = MS_2026 + Math.floor(rand() * 1e9);
          const plane = randomPlane(stride * h, rand);
          expect(writeGtc1(plane, w, h, stride, ms)).toBe(true);
          const read = readGtc1FromYPlane(plane, w, h, stride);
          expectTime(read, ms);
          if (read.ok) {
            expect(read.margin).toBe(1);
            expect(read.white).toBe(Y_WHITE);
            expect(read.black).toBe(Y_BLACK);
            expect(read.crc).toBe(encodeGtc1Bits(ms).crc);
          }
        }
      });
    }
  }

  it('decodes the TIMECODE.md vector and edge values of T', () => {
    for (const ms of [1732520000123, 0, TWO32 - 1, TWO32, 0xaaaaaaaa, 0x55555555]) {
      const plane = new Uint8Array(640 * 360).fill(60);
      writeGtc1(plane, 640, 360, 640, ms);
      const read = readGtc1FromYPlane(plane, 640, 360);
      expect(read).toMatchObject({ ok: true, t32: ms % TWO32, crc: encodeGtc1Bits(ms).crc });
    }
  });

  it('reads only the central half of each cell', () => {
    const [w, h] = [1280, 720];
    const plane = new Uint8Array(w * h).fill(128);
    writeGtc1(plane, w, h, w, MS_2026);
    // Scribble over the outer quarter of every cell; the reader must not see it.
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < GTC1_CELLS_PER_ROW; i++) {
        for (let y = 30 + r * 30; y < 60 + r * 30; y++) {
          for (let x = 30 + i * 30; x < 60 + i * 30; x++) {
            const dx = x - (30 + i * 30);
            const dy = y - (30 + r * 30);
            if (dx < 8 || dx >= 23 || dy < 8 || dy >= 23) plane[y * w + x] = (x * 31 + y * 17) & 255;
          }
        }
      }
    }
    expectTime(readGtc1FromYPlane(plane, w, h), MS_2026);
  });
});

describe('readGtc1 robustness', () => {
  it('survives +-20 luma of noise over a random background', () => {
    const rand = mulberry32(42);
    for (const [w, h] of [...LADDER, [641, 361] as [number, number]]) {
      for (let n = 0; n < 3; n++) {
        const ms = MS_2026 + Math.floor(rand() * 1e8);
        const plane = randomPlane(w * h, rand);
        writeGtc1(plane, w, h, w, ms);
        addNoise(plane, 20, rand);
        const read = readGtc1FromYPlane(plane, w, h);
        expectTime(read, ms);
        if (read.ok) expect(read.margin).toBeGreaterThan(0.5);
      }
    }
  });

  it('survives a 2x box downscale of 1280x720 and of 854x480', () => {
    const rand = mulberry32(7);
    for (const [w, h] of [
      [1280, 720],
      [854, 480],
    ] as Array<[number, number]>) {
      const ms = MS_2026 + 12345;
      const plane = randomPlane(w * h, rand);
      writeGtc1(plane, w, h, w, ms);
      const small = downscale2x(plane, w, h);
      expectTime(readGtc1FromYPlane(small.plane, small.width, small.height), ms);
      addNoise(small.plane, 20, rand);
      expectTime(readGtc1FromYPlane(small.plane, small.width, small.height), ms);
    }
  });

  it('decodes a full-range (0/255) rendering', () => {
    const [w, h] = [854, 480];
    const plane = new Uint8Array(w * h).fill(90);
    writeGtc1(plane, w, h, w, MS_2026);
    for (let i = 0; i < plane.length; i++) {
      plane[i] = Math.max(0, Math.min(255, Math.round((((plane[i] as number) - 16) * 255) / 219)));
    }
    const read = readGtc1FromYPlane(plane, w, h);
    expectTime(read, MS_2026);
    if (read.ok) {
      expect(read.white).toBe(255);
      expect(read.black).toBe(0);
    }
  });

  it('rejects every single flipped data cell', () => {
    const [w, h] = [640, 360];
    const ms = 1732520000123;
    const clean = new Uint8Array(w * h).fill(100);
    writeGtc1(clean, w, h, w, ms);
    const { row0, row1 } = encodeGtc1Bits(ms);
    for (let b = 47; b >= 0; b--) {
      const r = b >= 24 ? 0 : 1;
      const k = r === 0 ? 47 - b : 23 - b;
      const word = r === 0 ? row0 : row1;
      const bit = (word >>> (23 - k)) & 1;
      const plane = clean.slice();
      paintCell(plane, w, h, w, r, 2 + k, bit ? Y_BLACK : Y_WHITE);
      const read = readGtc1FromYPlane(plane, w, h);
      expect(read.ok).toBe(false);
      expect(read).toMatchObject({ ok: false, reason: 'crc' });
    }
  });

  it('rejects an ambiguous data cell as low-margin', () => {
    const [w, h] = [640, 360];
    const plane = new Uint8Array(w * h).fill(100);
    writeGtc1(plane, w, h, w, MS_2026);
    paintCell(plane, w, h, w, 1, 9, 130); // threshold is 125.5, half swing 109.5
    const read = readGtc1FromYPlane(plane, w, h);
    expect(read).toMatchObject({ ok: false, reason: 'low-margin' });
    if (!read.ok) expect(read.margin).toBeCloseTo(4.5 / 109.5, 6);
  });

  it('reports no-code for frames without a code', () => {
    const [w, h] = [1280, 720];
    expect(readGtc1FromYPlane(new Uint8Array(w * h).fill(128), w, h)).toEqual({ ok: false, reason: 'no-code' });
    expect(readGtc1FromYPlane(new Uint8Array(w * h), w, h)).toEqual({ ok: false, reason: 'no-code' });
    const rand = mulberry32(99);
    for (const [fw, fh] of LADDER) {
      const noise = randomPlane(fw * fh, rand);
      expect(readGtc1FromYPlane(noise, fw, fh)).toMatchObject({ ok: false, reason: 'no-code' });
    }
    // Inverted calibration (negative video) is not a code either.
    const plane = new Uint8Array(w * h).fill(128);
    writeGtc1(plane, w, h, w, MS_2026);
    for (let i = 0; i < plane.length; i++) plane[i] = 255 - (plane[i] as number);
    expect(readGtc1FromYPlane(plane, w, h)).toMatchObject({ ok: false, reason: 'no-code' });
  });

  it('reports no-geometry for frames that cannot carry GTC1', () => {
    expect(readGtc1FromYPlane(new Uint8Array(100 * 100), 100, 100)).toEqual({ ok: false, reason: 'no-geometry' });
  });
});

describe('readGtc1 RGBA and regions', () => {
  it('reads a grey RGBA rendering of a written Y plane', () => {
    const rand = mulberry32(3);
    for (const [w, h] of [...LADDER, [333, 251] as [number, number]]) {
      const stride = w + 3;
      const ms = MS_2026 + Math.floor(rand() * 1e6);
      const plane = randomPlane(stride * h, rand);
      writeGtc1(plane, w, h, stride, ms);
      expectTime(readGtc1FromRgba(greyRgba(plane, w, h, stride), w, h), ms);
    }
  });

  it('reads a partial buffer cut at gtc1ReadRect via originX/originY', () => {
    const [w, h] = [1280, 720];
    const rand = mulberry32(5);
    const plane = randomPlane(w * h, rand);
    writeGtc1(plane, w, h, w, MS_2026);
    const rect = gtc1ReadRect(w, h);
    if (!rect) throw new Error('rect expected');
    const regionStride = rect.width + 10;
    const data = new Uint8Array(regionStride * rect.height);
    for (let y = 0; y < rect.height; y++) {
      data.set(plane.subarray((rect.y + y) * w + rect.x, (rect.y + y) * w + rect.x + rect.width), y * regionStride);
    }
    const region = {
      frameWidth: w,
      frameHeight: h,
      data,
      originX: rect.x,
      originY: rect.y,
      regionWidth: rect.width,
      regionHeight: rect.height,
      stride: regionStride,
      format: 'y' as const,
    };
    expectTime(readGtc1(region), MS_2026);

    const rgba = greyRgba(data, rect.width, rect.height, regionStride);
    expectTime(readGtc1({ ...region, data: rgba, stride: rect.width * 4, format: 'rgba' }), MS_2026);

    // A region that misses the right-most cells, or a wrong origin, is out-of-region.
    expect(readGtc1({ ...region, regionWidth: rect.width - 30 })).toEqual({ ok: false, reason: 'out-of-region' });
    expect(readGtc1({ ...region, originX: rect.x + 20 })).toEqual({ ok: false, reason: 'out-of-region' });
    expect(readGtc1({ ...region, data: data.subarray(0, 100) })).toEqual({ ok: false, reason: 'out-of-region' });
  });

  it('uses BT.709 weights for colour RGBA', () => {
    const [w, h] = [640, 360];
    const plane = new Uint8Array(w * h).fill(128);
    writeGtc1(plane, w, h, w, MS_2026);
    // Luma in the green channel only: the reader sees 0.7152 * Y, still enough contrast.
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      rgba[i * 4 + 1] = plane[i] as number;
      rgba[i * 4 + 3] = 255;
    }
    const read = readGtc1FromRgba(rgba, w, h);
    expectTime(read, MS_2026);
    if (read.ok) {
      expect(read.white).toBeCloseTo(0.7152 * Y_WHITE, 9);
      expect(read.black).toBeCloseTo(0.7152 * Y_BLACK, 9);
    }
  });
});

describe('unwrapGtc1', () => {
  it('returns the exact time for 2026 dates', () => {
    for (const ms of [MS_2026, Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31, 23, 59, 59, 999)]) {
      const { t32 } = encodeGtc1Bits(ms);
      expect(unwrapGtc1(t32, ms)).toBe(ms);
      expect(unwrapGtc1(t32, ms + 2_000)).toBe(ms);
      expect(unwrapGtc1(t32, ms - 10 * 60_000)).toBe(ms);
      expect(unwrapGtc1(t32, ms + 20 * 86_400_000)).toBe(ms); // within +-24.8 days
    }
  });

  it('works across the 2^32 boundary', () => {
    const wrap = 405 * TWO32; // 1739461754880 ms, February 2025
    // Reference just after a wrap, frame captured just before it.
    const before = wrap - 150;
    expect(unwrapGtc1(encodeGtc1Bits(before).t32, wrap + 100)).toBe(before);
    // Reference just before a wrap, frame captured just after it.
    const after = wrap + 40;
    expect(encodeGtc1Bits(after).t32).toBe(40);
    expect(unwrapGtc1(40, wrap - 200)).toBe(after);
    expect(unwrapGtc1(TWO32 - 1, wrap + 5)).toBe(wrap - 1);
    expect(unwrapGtc1(0, wrap - 1)).toBe(wrap);
  });
});
