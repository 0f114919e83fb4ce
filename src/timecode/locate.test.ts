import { describe, expect, it } from 'vitest';
import { gtc1Geometry, unwrapGtc1 } from './gtc1.ts';
import { readGtc1At, yPlaneRegion } from './gtc1-read.ts';
import { locateGtc1, type Gtc1Found } from './locate.ts';
import { addNoise, blockArtefacts, blur3x3, busyFrame, codedFrame, crop, overlay, pad, resize, type Plane } from './test-support/frames.ts';

const T0 = Date.UTC(2026, 11, 1, 15, 0, 0, 0);
const FRAMES = 4; // per case: different times and backgrounds

function locate(p: Plane): Gtc1Found | null {
  return locateGtc1(yPlaneRegion(p.data, p.width, p.height));
}

/** Frames of a case whose code is found and decodes to the time that was burned. */
function decoded(make: (t: number, seed: number) => Plane, frames = FRAMES): number {
  let ok = 0;
  for (let k = 0; k < frames; k++) {
    const t = T0 + k * 33_367 + 17;
    const found = locate(make(t, 1000 + k));
    if (found && unwrapGtc1(found.read.t32, t + 1000) === t) ok++;
  }
  return ok;
}

// Synthetic frames are slow to make on a loaded machine: generous timeouts.
describe('locateGtc1', { timeout: 30_000 }, () => {
  it('finds the code at its default place, with the geometry the format gives', () => {
    const f = codedFrame(1280, 720, T0, 1);
    const found = locate(f);
    expect(found).not.toBeNull();
    const g = gtc1Geometry(1280, 720)!;
    expect(found!.placement.x).toBeCloseTo(g.x, 0);
    expect(found!.placement.y).toBeCloseTo(g.y, 0);
    expect(found!.placement.cellW).toBeCloseTo(30, 1);
    expect(found!.placement.cellH).toBeCloseTo(30, 1);
  });

  // 640x360 carries 15 px cells: 0.25x leaves 3.75 px, 2x makes 30 px.
  const scales = Array.from({ length: 36 }, (_, k) => Math.round((0.25 + k * 0.05) * 100) / 100);
  it.each(scales)('reads a 640x360 code scaled by %sx, in place and moved by an odd offset', (s) => {
    const w = Math.round(640 * s);
    const h = Math.round(360 * s);
    expect(decoded((t, seed) => resize(codedFrame(640, 360, t, seed), w, h), 2)).toBe(2);
    const outer = (seed: number): Plane => busyFrame(w + 200, h + 120, seed);
    expect(decoded((t, seed) => overlay(outer(seed + 50), resize(codedFrame(640, 360, t, seed), w, h), 37 + seed % 50, 23 + seed % 70), 2)).toBe(2);
  }, 30_000);

  it('reads 1280x720 scaled to 960x540 (22.5 px cells), and cells down to 3 px', () => {
    expect(decoded((t, seed) => resize(codedFrame(1280, 720, t, seed), 960, 540))).toBe(FRAMES);
    expect(decoded((t, seed) => resize(codedFrame(426, 240, t, seed), 128, 72))).toBe(FRAMES); // c = 3
  });

  it('reads widths and heights scaled differently (anamorphic)', () => {
    expect(decoded((t, seed) => resize(codedFrame(1280, 720, t, seed), 960, 720))).toBe(FRAMES);
  });

  it('reads 960x540 padded into 1920x1080, letterbox and pillarbox', () => {
    expect(decoded((t, seed) => pad(resize(codedFrame(1280, 720, t, seed), 960, 540), 1920, 1080, 480, 270))).toBe(FRAMES);
    // 16:9 in a 4:3 frame (bars top and bottom), 4:3 in a 16:9 frame (bars left and right).
    expect(decoded((t, seed) => pad(resize(codedFrame(1280, 720, t, seed), 960, 540), 960, 720, 0, 90))).toBe(FRAMES);
    expect(decoded((t, seed) => pad(resize(codedFrame(960, 720, t, seed), 720, 540), 960, 540, 120, 0))).toBe(FRAMES);
  });

  it('reads a picture-in-picture anywhere, over a busy frame', () => {
    const make = (t: number, seed: number): Plane => {
      const outer = busyFrame(1280, 720, seed + 7);
      const inner = resize(codedFrame(640, 360, t, seed), 400, 225);
      return overlay(outer, inner, 300 + (seed % 5) * 101, 200 + (seed % 3) * 77);
    };
    expect(decoded(make)).toBe(FRAMES);
  });

  it('reads a 5% crop (2.5% off each side, overscan), scaled back to the frame size', () => {
    const make = (t: number, seed: number): Plane => resize(crop(codedFrame(1280, 720, t, seed), 32, 18, 1216, 684), 1280, 720);
    expect(decoded(make)).toBe(FRAMES);
    // and left unscaled: cell 0 loses a sixth of its width
    expect(decoded((t, seed) => crop(codedFrame(1280, 720, t, seed), 32, 18, 1216, 684))).toBe(FRAMES);
  });

  it('reads through noise, a 3x3 blur and block artefacts, at 1x and scaled', () => {
    expect(decoded((t, seed) => addNoise(codedFrame(1280, 720, t, seed), 25, seed))).toBe(FRAMES);
    expect(decoded((t, seed) => blur3x3(codedFrame(640, 360, t, seed)))).toBe(FRAMES);
    expect(decoded((t, seed) => blur3x3(resize(codedFrame(1280, 720, t, seed), 960, 540)))).toBe(FRAMES);
    expect(decoded((t, seed) => blockArtefacts(codedFrame(1280, 720, t, seed), 0.6, 12, seed))).toBe(FRAMES);
    expect(decoded((t, seed) => addNoise(blockArtefacts(resize(codedFrame(1280, 720, t, seed), 854, 480), 0.7, 8, seed), 10, seed))).toBe(FRAMES);
  });

  it('rejects a damaged code: one flipped data cell fails the CRC', () => {
    const f = codedFrame(1280, 720, T0, 3);
    const found = locate(f)!;
    // Flip cell 10 of row 1 in the pixels.
    const { x, y, cellW, cellH } = found.placement;
    const x0 = Math.round(x + 10 * cellW);
    const y0 = Math.round(y + cellH);
    const before = f.data[(y0 + 10) * 1280 + x0 + 10] as number;
    for (let py = y0; py < y0 + cellH; py++) f.data.fill(before > 128 ? 16 : 235, py * 1280 + x0, py * 1280 + x0 + cellW);
    expect(readGtc1At(yPlaneRegion(f.data, 1280, 720), found.placement)).toMatchObject({ ok: false, reason: 'crc' });
    expect(locate(f)).toBeNull();
  });

  it('finds nothing in a frame without a code, and stays inside the area it is given', () => {
    const f = codedFrame(1280, 720, T0, 4);
    f.data.fill(90, 0, 1280 * 120); // paint over the code
    expect(locate(f)).toBeNull();
    const g = codedFrame(1280, 720, T0, 5);
    const region = yPlaneRegion(g.data, 1280, 720);
    expect(locateGtc1(region, { x: 0, y: 200, width: 1280, height: 520 })).toBeNull();
    expect(locateGtc1(region, { x: 0, y: 0, width: 1000, height: 200 })).not.toBeNull();
  });
});
