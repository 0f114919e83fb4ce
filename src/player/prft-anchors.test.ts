import { describe, expect, it } from 'vitest';
import { PrftAnchors } from './prft-anchors.ts';

describe('PrftAnchors', () => {
  it("maps a playhead to the producer's clock through the segment playing there, and keeps a bounded list", () => {
    const a = new PrftAnchors();
    a.add(10, 1, [{ referenceTrackId: 1, wallMs: 1_000_000, mediaTime: 0 }]);
    a.add(11, 1, [{ referenceTrackId: 1, wallMs: 1_001_000, mediaTime: 15360 }]);
    expect(a.wallAt(10.5)).toBe(1_000_500);
    expect(a.wallAt(11.25)).toBe(1_001_250);
    expect(a.wallAt(12)).toBeNaN();
    expect(a.wallAt(9.99)).toBeNaN();
    a.add(13, 1, []); // a segment without prft says nothing
    expect(a.wallAt(13.5)).toBeNaN();
    for (let k = 0; k < 100; k++) a.add(100 + k, 1, [{ referenceTrackId: 1, wallMs: k, mediaTime: 0 }]);
    expect(a.wallAt(10.5)).toBeNaN(); // forgotten
    expect(a.wallAt(199.5)).toBe(99 + 500);
  });
});
