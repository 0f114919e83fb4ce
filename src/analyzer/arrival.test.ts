import { describe, expect, it } from 'vitest';
import { ArrivalIndex, arrivalOf } from './arrival.ts';

const part = (videoHeight: number, start: number, receivedMs: number, duration = 0.2) => ({ videoHeight, mediaStartS: start, mediaEndS: start + duration, receivedMs });

describe('ArrivalIndex', () => {
  it('finds the part whose media range holds the frame, start inclusive, end exclusive', () => {
    const index = new ArrivalIndex();
    index.add(part(720, 10, 1000));
    index.add(part(720, 10.2, 1200));
    expect(index.find(720, 10)?.receivedMs).toBe(1000);
    expect(index.find(720, 10.199)?.receivedMs).toBe(1000);
    expect(index.find(720, 10.2)?.receivedMs).toBe(1200);
    expect(index.find(720, 10.4)).toBeUndefined();
    expect(index.find(720, 9.9)).toBeUndefined();
    expect(index.find(720, NaN)).toBeUndefined();
  });

  it('after a switch prefers the frame\'s own rendition, and takes an unsized object (plain playlist) when none matches', () => {
    const index = new ArrivalIndex();
    index.add(part(360, 10, 1000));
    index.add(part(720, 10, 1100));
    index.add(part(0, 20, 2000));
    expect(index.find(360, 10.1)?.receivedMs).toBe(1000);
    expect(index.find(720, 10.1)?.receivedMs).toBe(1100);
    expect(index.find(540, 10.1)).toBeUndefined();
    expect(index.find(540, 20.1)?.receivedMs).toBe(2000);
  });

  it('a re-fetched object counts by its newest arrival; bad objects are not kept; the index is bounded', () => {
    const index = new ArrivalIndex(3);
    index.add(part(720, 10, 1000));
    index.add(part(720, 10, 1500));
    expect(index.find(720, 10.1)?.receivedMs).toBe(1500);
    index.add(part(720, NaN, 1));
    index.add(part(NaN, 10, 1)); // audio: never joined to a video frame
    index.add({ videoHeight: 720, mediaStartS: 5, mediaEndS: 5, receivedMs: 1 });
    index.add(part(720, 11, NaN));
    index.add(part(720, 12, 3000));
    index.add(part(720, 13, 4000));
    expect(index.find(720, 12.1)?.receivedMs).toBe(3000);
    // The oldest (10 s at 1000) is gone; 10 s is now only the re-fetch.
    index.add(part(720, 14, 5000));
    expect(index.find(720, 10.1)).toBeUndefined();
  });
});

describe('arrivalOf', () => {
  it('splits the latency into before arrival and buffer, adding up exactly', () => {
    const a = arrivalOf(1_000, 2_350, 1_600);
    expect(a).toEqual({ receivedMs: 1_600, beforeArrivalMs: 600, bufferMs: 750 });
    expect(a.beforeArrivalMs + a.bufferMs).toBe(2_350 - 1_000);
  });
});
