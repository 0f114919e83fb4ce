import type { Prft } from '../shared/prft.ts';

/** Segments remembered: a live window holds a few, and a long session must not grow the list. */
const MAX_ANCHORS = 32;

interface Anchor {
  startS: number;
  endS: number;
  /** The producer's wall clock at the segment's start (its first prft). */
  wallMs: number;
}

/**
 * The producer's wall clock at a playhead position, from the prft box of the segment playing
 * there: wall(t) = prft wall clock + (t - segment start). The prft's media time is the
 * segment's first sample, which the engine places at the segment's start on the element's
 * timeline, so no timescale is needed. NaN where no segment with a prft covers t.
 */
export class PrftAnchors {
  private anchors: Anchor[] = [];

  /** A loaded segment spanning [startS, startS + durationS) of the element's timeline, with its prft boxes. */
  add(startS: number, durationS: number, prfts: readonly Prft[]): void {
    const first = prfts[0];
    if (!first || !Number.isFinite(startS) || !(durationS > 0) || !Number.isFinite(first.wallMs)) return;
    this.anchors = this.anchors.filter((a) => a.startS !== startS);
    this.anchors.push({ startS, endS: startS + durationS, wallMs: first.wallMs });
    if (this.anchors.length > MAX_ANCHORS) this.anchors.shift();
  }

  wallAt(t: number): number {
    for (let i = this.anchors.length - 1; i >= 0; i--) {
      const a = this.anchors[i]!;
      if (t >= a.startS && t < a.endS) return a.wallMs + (t - a.startS) * 1000;
    }
    return NaN;
  }

  clear(): void {
    this.anchors = [];
  }
}
