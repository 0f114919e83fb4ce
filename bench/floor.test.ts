import { describe, expect, it } from 'vitest';
import { findProfile } from '../src/shared/stream/profiles.ts';
import { framePackagedFromRow, latencyFloor, objectOf } from './floor.ts';

const profile = (name: string) => findProfile(name)!;
const F = 1000 / 30;
const R = 1000 / 60;

describe('objectOf', () => {
  it('a part on LL-HLS, a segment on HLS and plain DASH, one frame chunk on LL-DASH', () => {
    expect(objectOf(profile('ll200'), 30)).toEqual({ object: 'part', frames: 6 });
    expect(objectOf(profile('ll100'), 30)).toEqual({ object: 'part', frames: 3 });
    expect(objectOf(profile('hls2'), 30)).toEqual({ object: 'segment', frames: 60 });
    expect(objectOf(profile('dash2'), 30)).toEqual({ object: 'segment', frames: 60 });
    expect(objectOf(profile('dash-ll'), 30)).toEqual({ object: 'chunk', frames: 1 });
  });
});

describe('latencyFloor', () => {
  it('ll200 packaging floor: E + the rest of the part (5 frames) + a refresh', () => {
    const f = latencyFloor(profile('ll200'), 50, 30);
    expect(f.restOfObjectMs).toBeCloseTo(5 * F, 6);
    expect(f.packagingFloorMs).toBeCloseTo(50 + 5 * F + R, 6);
  });

  it('ll200 hold-back floor: PART-HOLD-BACK counts from the end of the newest part, so E + 600 ms - a frame + a refresh', () => {
    const f = latencyFloor(profile('ll200'), 50, 30);
    expect(f.holdBackMs).toBeCloseTo(600, 6);
    expect(f.holdBackFloorMs).toBeCloseTo(50 + 600 - F + R, 6);
    // The hold-back contains the wait for the newest part: above the packaging floor by hold-back - part.
    expect(f.holdBackFloorMs - f.packagingFloorMs).toBeCloseTo(600 - 200, 6);
  });

  it('holdback=2 takes one part off the hold-back floor and nothing off the packaging floor', () => {
    const three = latencyFloor(profile('ll200'), 50, 30);
    const two = latencyFloor(profile('ll200'), 50, 30, 2);
    expect(two.holdBackMs).toBe(400);
    expect(three.holdBackFloorMs - two.holdBackFloorMs).toBeCloseTo(200, 6);
    expect(two.packagingFloorMs).toBe(three.packagingFloorMs);
  });

  it('plain HLS: the whole 2 s segment before its first frame can play; HOLD-BACK is 3 target durations', () => {
    const f = latencyFloor(profile('hls2'), 50, 30);
    expect(f.packagingFloorMs).toBeCloseTo(50 + 59 * F + R, 6);
    expect(f.holdBackMs).toBe(6000);
    expect(f.holdBackFloorMs).toBeCloseTo(50 + 6000 - F + R, 6);
  });

  it('LL-DASH sends chunks as they are packaged: the packaging floor is E + a refresh; the hold-back floor is the ServiceDescription target', () => {
    const f = latencyFloor(profile('dash-ll'), 47, 30);
    expect(f.packagingFloorMs).toBeCloseTo(47 + R, 6);
    expect(f.holdBackMs).toBe(1500);
    expect(f.holdBackFloorMs).toBeCloseTo(1500 + R, 6);
  });

  it('neither floor is ever under the packaging floor', () => {
    for (const name of ['ll100', 'll200', 'll500', 'hls2', 'hls6', 'dash-ll', 'dash2']) {
      for (const holdback of [2, 3, 6]) {
        const f = latencyFloor(profile(name), 50, 30, holdback);
        expect(f.holdBackFloorMs).toBeGreaterThanOrEqual(f.packagingFloorMs - 1e-9);
      }
    }
  });
});

describe('framePackagedFromRow', () => {
  it('undoes the median wait for the rest of the object: frame k of n waits (n - 1 - k) frames + E', () => {
    const E = 44;
    // A steady stream of ll200 parts: the per-frame encode+package values of one part.
    const perFrame = Array.from({ length: 6 }, (_, k) => (5 - k) * F + E);
    const median = (perFrame[2]! + perFrame[3]!) / 2;
    expect(framePackagedFromRow(profile('ll200'), median, 30)).toBeCloseTo(E, 6);
    // One-frame chunks: the column is E itself.
    expect(framePackagedFromRow(profile('dash-ll'), 47, 30)).toBe(47);
  });
});
