import { describe, expect, it } from 'vitest';
import { AUDIO_SAMPLE_RATE, audioForFrame, samplesForFrame } from './audio-tone.ts';
import { FLASH_MS } from './test-pattern.ts';

const FPS = 30;
// A capture clock like the FramePacer's: whole ms, not starting on a whole second.
const START_WALL = Date.UTC(2025, 0, 1, 12, 0, 0) + 17;
const captureMs = (n: number) => Math.round(START_WALL + (n * 1000) / FPS);

describe('samplesForFrame', () => {
  it('gives 48000 samples in every second at 30 fps', () => {
    expect(AUDIO_SAMPLE_RATE).toBe(48_000);
    for (let second = 0; second < 100; second++) {
      let sum = 0;
      for (let n = second * FPS; n < (second + 1) * FPS; n++) sum += samplesForFrame(n, FPS);
      expect(sum).toBe(48_000);
    }
    expect(samplesForFrame(0, FPS)).toBe(1600);
  });

  it.each([24, 25, 60, 29.97, 7])('never loses a sample over a long run at %d fps', (fps) => {
    let sum = 0;
    const frames = 10_000;
    for (let n = 0; n < frames; n++) {
      const s = samplesForFrame(n, fps);
      if (Math.abs(s - AUDIO_SAMPLE_RATE / fps) >= 1) throw new Error(`frame ${n}: ${s} samples`);
      sum += s;
    }
    expect(sum).toBe(Math.floor((frames * AUDIO_SAMPLE_RATE) / fps));
  });
});

describe('audioForFrame', () => {
  it('beeps only in the first 100 ms of each wall-clock second', () => {
    expect(FLASH_MS).toBe(100);
    const loudFrames = new Set<number>();
    for (let n = 0; n < 3 * FPS; n++) {
      const t0 = captureMs(n);
      const pcm = audioForFrame(n, FPS, t0);
      expect(pcm.length).toBe(samplesForFrame(n, FPS));
      pcm.forEach((v, i) => {
        if (v === 0) return;
        const inSecond = (t0 + (i * 1000) / AUDIO_SAMPLE_RATE) % 1000;
        if (inSecond >= FLASH_MS) throw new Error(`frame ${n} sample ${i} beeps at ${inSecond} ms into the second`);
        if (Math.abs(v) > 16384) throw new Error(`frame ${n} sample ${i} clips: ${v}`);
        loudFrames.add(n);
      });
    }
    // Frame 0 is captured 17 ms into a second, so frames 0..2 (17, 50, 84 ms) beep; frame 29
    // (984 ms) crosses into the next second and beeps from its 17th ms; frame 33 (1117 ms) is silent.
    expect([...loudFrames]).toEqual([0, 1, 2, 29, 30, 31, 32, 59, 60, 61, 62, 89]);
  });

  it('is a loud 1 kHz tone during the beep', () => {
    const second = Date.UTC(2025, 0, 1, 12, 0, 1);
    const pcm = audioForFrame(0, FPS, second); // 1600 samples = 33 ms, all inside the beep
    expect(Math.max(...pcm)).toBeGreaterThan(16000);
    expect(Math.min(...pcm)).toBeLessThan(-16000);
    // 48 samples per period: the signal repeats every 48 samples (to within the rounding of a
    // phase computed from epoch milliseconds, about 0.2% of full scale).
    for (let i = 0; i + 48 < pcm.length; i++) expect(Math.abs(pcm[i]! - pcm[i + 48]!)).toBeLessThanOrEqual(64);
    // and is not a 2 kHz or 500 Hz tone: half a period later the sign flips.
    for (let i = 0; i + 24 < pcm.length; i++) expect(Math.abs(pcm[i]! + pcm[i + 24]!)).toBeLessThanOrEqual(64);
  });

  it('is silent between beeps', () => {
    const pcm = audioForFrame(10, FPS, Date.UTC(2025, 0, 1, 12, 0, 0) + 400);
    expect(pcm.every((v) => v === 0)).toBe(true);
  });
});
