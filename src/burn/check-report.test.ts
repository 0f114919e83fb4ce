import { describe, expect, it } from 'vitest';
import { CheckStats, formatCheckReport } from './check-report.ts';

const T0 = 1_796_000_000_000;
const t32 = (ms: number) => ms % 2 ** 32;
const at = { x: 22.5, y: 22.5, cellW: 22.5, cellH: 22.5 };

describe('glassmeter check report', () => {
  it('gives the decode rate, the code and its scale, and the capture-time steps', () => {
    const s = new CheckStats(960, 540);
    for (let i = 0; i < 10; i++) s.decoded(t32(T0 + Math.round(i * 33.333)), at, T0 + i * 33.333 + 2000);
    s.failed('not-found');
    const r = s.report('x.m3u8');
    expect(r).toMatchObject({ frames: 11, decoded: 10, failures: { 'not-found': 1 }, firstCaptureMs: T0, lastCaptureMs: T0 + 300 });
    expect(r.decodeRate).toBeCloseTo(10 / 11, 6);
    expect(r.code!.scale).toBeCloseTo(22.5 / 23, 6); // 540 lines are burned with 23 px cells
    expect(r.stepMs).toMatchObject({ min: 33, max: 34, irregular: 0, repeated: 0 });
    expect(r.ageMs!.median).toBeCloseTo(2000, 0);
    expect(formatCheckReport(r)).toMatch(/11 frames, 10 decoded \(90\.9%\)[\s\S]*cells 22\.5 x 22\.5 px \(0\.98x/);
  });

  it('flags repeated capture times and irregular steps, and does not bridge a failed frame', () => {
    const s = new CheckStats(1280, 720);
    const times = [0, 33, 67, 67, 100, 150, 183];
    times.forEach((t, i) => {
      s.decoded(t32(T0 + t), at, T0 + t);
      if (i === 4) s.failed('crc'); // 100 -> 150 is not counted as one step
    });
    const r = s.report('f');
    expect(r.stepMs).toMatchObject({ repeated: 1, min: 0, max: 34 });
    expect(r.stepMs!.irregular).toBe(1); // the 0 step, 33 off the median
    expect(formatCheckReport(r)).toContain('WARNING: 1 frames repeat');
  });

  it('says when nothing was found', () => {
    const s = new CheckStats(640, 360);
    s.failed('not-found');
    const r = s.report('f');
    expect(r.code).toBeNull();
    expect(r.stepMs).toBeNull();
    expect(formatCheckReport(r)).toContain('no GTC1 found');
  });
});
