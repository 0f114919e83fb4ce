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
 * When every lit frame of a second was dropped (a loaded page drops the costly frames, and the
 * flash starts on the keyframe), the first frame shown after the whole second still places it,
 * if it came this soon: its capture time says how far past the flash's start it is.
 */
const MAX_PLACED_FROM_DARK_MS = 250;

/**
 * Onsets of the flash in presented frames. When the frame's capture time is known (GTC1), an
 * onset seen late (the first lit frame was dropped or not read) is moved back to when the
 * first lit frame would have been shown: the flash starts on the whole second. When all lit
 * frames were dropped, the first dark frame after the whole second places it the same way,
 * once the picture has shown the flash at least once (the stream has the square).
 */
export class FlashDetector {
  private wasLit = true;
  private seenLit = false;
  private lastCaptureMs = Number.NaN;

  push(displayMs: number, luma: number, captureMs: number, playbackRate: number): number | null {
    const previousCaptureMs = this.lastCaptureMs;
    this.lastCaptureMs = captureMs;
    if (!Number.isFinite(luma)) return null;
    const lit = luma >= FLASH_THRESHOLD;
    const onset = lit && !this.wasLit;
    this.wasLit = lit;
    if (lit) this.seenLit = true;
    const rate = playbackRate > 0 ? playbackRate : 1;
    if (!Number.isFinite(captureMs)) return onset ? displayMs : null;
    const intoSecond = captureMs - Math.floor(captureMs / 1000) * 1000;
    if (onset) {
      // Outside the flash's 100 ms the timecode and the picture disagree: not a flash onset.
      return intoSecond < 100 ? displayMs - intoSecond / rate : null;
    }
    // Dark, and the previous frame shown was in the second before: the lit frames were dropped.
    const crossedOneSecond = Math.floor(captureMs / 1000) - Math.floor(previousCaptureMs / 1000) === 1;
    if (!lit && this.seenLit && crossedOneSecond && intoSecond >= 100 && intoSecond < MAX_PLACED_FROM_DARK_MS) return displayMs - intoSecond / rate;
    return null;
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
