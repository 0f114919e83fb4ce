import { describe, expect, it } from 'vitest';
import { AvPairer, BeepDetector, FlashDetector } from './av-sync.ts';

const RATE = 48_000;

/** `seconds` of the source's audio: silence with a 1 kHz beep at 0.5 in the first 100 ms of each second, starting at `beepAtMs`. */
function pcm(seconds: number, beepAtMs: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const t = (i * 1000) / RATE - beepAtMs;
    const inSecond = ((t % 1000) + 1000) % 1000;
    if (t >= 0 && inSecond < 100) out[i] = 0.5 * Math.sin((2 * Math.PI * inSecond) / 1);
  }
  return out;
}

describe('beep onsets', () => {
  it('finds each beep onset in 128-sample blocks, to the sample', () => {
    const audio = pcm(3, 250);
    const detector = new BeepDetector();
    const onsets: number[] = [];
    for (let i = 0; i < audio.length; i += 128) onsets.push(...detector.push(audio.subarray(i, i + 128), 10_000 + (i * 1000) / RATE, RATE));
    expect(onsets).toHaveLength(3);
    onsets.forEach((t, k) => expect(t - (10_250 + 1000 * k)).toBeGreaterThanOrEqual(0));
    onsets.forEach((t, k) => expect(t - (10_250 + 1000 * k)).toBeLessThan(0.1));
  });

  it('ignores noise below the threshold and a beep without quiet before it', () => {
    const detector = new BeepDetector();
    const noise = Float32Array.from({ length: 4800 }, (_, i) => 0.05 * Math.sin(i));
    expect(detector.push(noise, 0, RATE)).toEqual([]);
    const loud = new Float32Array(4800).fill(0.4);
    expect(detector.push(loud, 100, RATE)).toEqual([100]);
    expect(detector.push(loud, 200, RATE)).toEqual([]);
  });
});

describe('flash onsets', () => {
  it('finds the first lit frame of each second from synthetic luma', () => {
    const detector = new FlashDetector();
    const onsets: number[] = [];
    // Starts half a second before the first flash: a lit first frame is not known to be an onset.
    for (let n = 0; n < 105; n++) {
      const capture = 999_500 + (n * 1000) / 30;
      const lit = capture % 1000 < 100;
      const onset = detector.push(capture + 900, lit ? 235 : 16, NaN, 1);
      if (onset !== null) onsets.push(onset);
    }
    expect(onsets).toEqual([1_000_900, 1_001_900, 1_002_900]);
  });

  it('moves an onset seen late back to the whole second using the timecode, at the playback rate', () => {
    const detector = new FlashDetector();
    expect(detector.push(5000, 16, 1_000_966, 1)).toBeNull();
    // Frame 0 of the second was dropped: the first lit frame seen was captured 33 ms in.
    expect(detector.push(5066, 235, 1_001_033, 1)).toBe(5033);
    expect(detector.push(5100, 16, 1_001_133, 1)).toBeNull();
    expect(detector.push(6022, 235, 1_002_033, 1.5)).toBe(6000);
    // A lit square outside the flash time is not an onset (the square was misread).
    detector.push(6200, 16, 1_002_200, 1);
    expect(detector.push(6300, 235, 1_002_300, 1)).toBeNull();
    expect(detector.push(6400, NaN, 1_002_400, 1)).toBeNull();
  });

  it('places a second whose lit frames were all dropped from the first dark frame after it, once the square was seen', () => {
    const unseen = new FlashDetector();
    expect(unseen.push(5000, 16, 1_000_966, 1)).toBeNull();
    // No lit frame yet: this stream may have no square at all.
    expect(unseen.push(5166, 16, 1_001_133, 1)).toBeNull();

    const detector = new FlashDetector();
    detector.push(4000, 16, 999_966, 1);
    expect(detector.push(4034, 235, 1_000_000, 1)).toBe(4034);
    detector.push(4200, 16, 1_000_166, 1);
    detector.push(5000, 16, 1_000_966, 1);
    // Frames 0, 33 and 67 ms of the next second were dropped; 133 ms in is shown at 5166.
    expect(detector.push(5166, 16, 1_001_133, 1)).toBe(5033);
    expect(detector.push(5200, 16, 1_001_166, 1)).toBeNull();
    // At 1.5x the 133 ms of media took 89 ms to show.
    detector.push(6000, 16, 1_001_966, 1.5);
    expect(detector.push(6100, 16, 1_002_133, 1.5)).toBeCloseTo(6100 - 133 / 1.5, 6);
    // Too far past the whole second (a stall, a gap): not placed.
    detector.push(7000, 16, 1_002_966, 1);
    expect(detector.push(7400, 16, 1_003_300, 1)).toBeNull();
    // A jump over more than one second: not placed either.
    expect(detector.push(9000, 16, 1_005_133, 1)).toBeNull();
    // Dark inside the flash's 100 ms: picture and timecode disagree, nothing is placed.
    detector.push(9800, 16, 1_005_966, 1);
    expect(detector.push(9850, 16, 1_006_033, 1)).toBeNull();
  });
});

describe('pairing', () => {
  it('pairs onsets of the same second in either order; positive = audio late', () => {
    const pairs: [number, number][] = [];
    const pairer = new AvPairer((flash, offset) => pairs.push([flash, offset]));
    pairer.addFlash(1000);
    pairer.addBeep(1020);
    pairer.addBeep(1990);
    pairer.addFlash(2000);
    pairer.addBeep(4000); // no flash for this one
    pairer.addFlash(5000);
    expect(pairs).toEqual([
      [1000, 20],
      [2000, -10],
    ]);
  });
});
