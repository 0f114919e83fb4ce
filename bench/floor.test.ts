import { describe, expect, it } from 'vitest';
import { findProfile } from '../src/shared/stream/profiles.ts';
import { latencyFloor } from './floor.ts';

const profile = (name: string) => findProfile(name)!;

describe('latencyFloor', () => {
  it('ll200: encode+package + PART-HOLD-BACK (3 x 200 ms) + a frame + a refresh, about 0.8 s as the issue computes', () => {
    const f = latencyFloor(profile('ll200'), 140, 30);
    expect(f.holdBackMs).toBeCloseTo(600, 6);
    expect(f.floorMs).toBeCloseTo(140 + 600 + 1000 / 30 + 1000 / 60, 6);
  });

  it('ll100 sits about 0.45 s; holdback=2 takes one part off', () => {
    expect(latencyFloor(profile('ll100'), 80, 30).floorMs).toBeCloseTo(80 + 300 + 50, 6);
    expect(latencyFloor(profile('ll200'), 140, 30, 2).holdBackMs).toBe(400);
  });

  it('plain HLS holds back three target durations; DASH has no hold-back rule', () => {
    expect(latencyFloor(profile('hls2'), 1000, 30).holdBackMs).toBe(6000);
    expect(latencyFloor(profile('dash-ll'), 44, 30).holdBackMs).toBe(0);
  });
});
