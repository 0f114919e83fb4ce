// A/V sync from the test source's once-a-second beep (1 kHz, first 100 ms of every second) and
// the flash square lit during the same 100 ms: the offset between the beep's onset as played and
// the flash's onset as shown, paired per second. Positive = audio late. Pure: fed by the audio
// tap (audio-tap.ts) and the frame reader (flash-square.ts).

/** A sample louder than this (full scale 1) is beep; the source's beep is at 0.5. */
const BEEP_THRESHOLD = 0.1;
/** The beep lasts 100 ms; a new onset needs this much quiet before it. */
const MIN_QUIET_MS = 400;

/** Onsets of the beep in a stream of PCM blocks, each block stamped with its first sample's time (local ms). */
export class BeepDetector {
  private lastLoudMs = Number.NEGATIVE_INFINITY;

  /** Returns the onsets found in this block (local ms), at one-sample resolution. */
  push(samples: ArrayLike<number>, startMs: number, sampleRate: number): number[] {
    const onsets: number[] = [];
    const msPerSample = 1000 / sampleRate;
    for (let i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i] as number) < BEEP_THRESHOLD) continue;
      const t = startMs + i * msPerSample;
      if (t - this.lastLoudMs >= MIN_QUIET_MS) onsets.push(t);
      this.lastLoudMs = t;
    }
    return onsets;
  }
}

/** Mean luma of the flash square: dark 16, lit 235 (video range), or 0..255 from RGB. */
const FLASH_THRESHOLD = 128;

/**
 * Onsets of the flash in presented frames. When the frame's capture time is known (GTC1), an
 * onset seen late (the first lit frame was dropped or not read) is moved back to when the
 * first lit frame would have been shown: the flash starts on the whole second.
 */
export class FlashDetector {
  private wasLit = true;

  push(displayMs: number, luma: number, captureMs: number, playbackRate: number): number | null {
    if (!Number.isFinite(luma)) return null;
    const lit = luma >= FLASH_THRESHOLD;
    const onset = lit && !this.wasLit;
    this.wasLit = lit;
    if (!onset) return null;
    if (!Number.isFinite(captureMs)) return displayMs;
    const intoFlash = captureMs - Math.floor(captureMs / 1000) * 1000;
    // Outside the flash's 100 ms the timecode and the picture disagree: not a flash onset.
    if (intoFlash >= 100) return null;
    return displayMs - intoFlash / (playbackRate > 0 ? playbackRate : 1);
  }
}

export interface AvOffsetSample {
  /** When the flash was shown (origin clock, ms). */
  timeMs: number;
  /** Beep played minus flash shown, ms: positive = audio late. */
  offsetMs: number;
}

/** Beep and flash onsets further apart than this are not the same second's. */
const MAX_PAIR_MS = 450;
const KEEP_ONSETS = 16;

/** Pairs beep and flash onsets (both local ms) arriving in any order, one pair per second. */
export class AvPairer {
  private beeps: number[] = [];
  private flashes: number[] = [];

  constructor(private readonly onPair: (flashMs: number, offsetMs: number) => void) {}

  addBeep(ms: number): void {
    this.add(ms, this.beeps, this.flashes, (beep, flash) => this.onPair(flash, beep - flash));
  }

  addFlash(ms: number): void {
    this.add(ms, this.flashes, this.beeps, (flash, beep) => this.onPair(flash, beep - flash));
  }

  private add(ms: number, own: number[], other: number[], pair: (mine: number, theirs: number) => void): void {
    let best = -1;
    for (let i = 0; i < other.length; i++) {
      if (Math.abs((other[i] as number) - ms) <= MAX_PAIR_MS && (best < 0 || Math.abs((other[i] as number) - ms) < Math.abs((other[best] as number) - ms))) best = i;
    }
    if (best >= 0) {
      pair(ms, other[best] as number);
      other.splice(best, 1);
      return;
    }
    own.push(ms);
    if (own.length > KEEP_ONSETS) own.shift();
  }
}
