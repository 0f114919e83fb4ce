import { FLASH_MS } from './test-pattern.ts';

export const AUDIO_SAMPLE_RATE = 48_000;
const BEEP_HZ = 1_000;
const BEEP_AMPLITUDE = 0.5 * 32767;

/** Number of audio samples that belong to video frame `frameNumber` (exact over any run of frames). */
export function samplesForFrame(frameNumber: number, fps: number): number {
  return (
    Math.floor(((frameNumber + 1) * AUDIO_SAMPLE_RATE) / fps) - Math.floor((frameNumber * AUDIO_SAMPLE_RATE) / fps)
  );
}

/**
 * Mono s16le PCM for one video frame: silence, except a 1 kHz tone during the first
 * FLASH_MS of every wall-clock second, the same instants the picture flashes.
 * The tone's phase comes from the position within the second, so frame boundaries never cut it.
 */
export function audioForFrame(frameNumber: number, fps: number, captureTimeMs: number): Int16Array {
  const count = samplesForFrame(frameNumber, fps);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const t = captureTimeMs + (i * 1000) / AUDIO_SAMPLE_RATE;
    const inSecond = ((t % 1000) + 1000) % 1000;
    if (inSecond < FLASH_MS) {
      // Phase from the position in the second: every beep is sample-identical.
      out[i] = Math.round(BEEP_AMPLITUDE * Math.sin((2 * Math.PI * BEEP_HZ * inSecond) / 1000));
    }
  }
  return out;
}
