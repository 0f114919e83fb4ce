import { describe, expect, it } from 'vitest';
import { dragToVideoRect, pictureBox, videoRectToElement } from './video-pixels.ts';

describe('video pixels under object-fit: contain', () => {
  it('pillarboxes a 16:9 video in a wider box and letterboxes it in a taller one', () => {
    expect(pictureBox(1000, 360, 1280, 720)).toEqual({ scale: 0.5, offsetX: 180, offsetY: 0, videoWidth: 1280, videoHeight: 720 });
    expect(pictureBox(640, 640, 1280, 720)).toEqual({ scale: 0.5, offsetX: 0, offsetY: 140, videoWidth: 1280, videoHeight: 720 });
    expect(pictureBox(0, 360, 1280, 720)).toBeNull();
    expect(pictureBox(640, 360, 0, 0)).toBeNull();
  });

  it('maps a drag (either direction) to video pixels past the bars, and back', () => {
    const b = pictureBox(1000, 360, 1280, 720)!;
    expect(dragToVideoRect(b, 820, 360, 630, 250)).toEqual({ x: 900, y: 500, width: 380, height: 220 });
    expect(dragToVideoRect(b, 630, 250, 630, 300)).toBeNull();
    expect(dragToVideoRect(b, 180 + 450, 250, 180 + 640, 360)).toEqual({ x: 900, y: 500, width: 380, height: 220 });
    // Starting in the left bar, ending past the picture's right edge: the whole width.
    expect(dragToVideoRect(b, 10, 0, 990, 20)).toEqual({ x: 0, y: 0, width: 1280, height: 40 });
    // All in a bar: nothing.
    expect(dragToVideoRect(b, 5, 10, 170, 300)).toBeNull();
    expect(videoRectToElement(b, { x: 900, y: 500, width: 380, height: 220 })).toEqual({ left: 630, top: 250, width: 190, height: 110 });
  });

  it('keeps a fractional scale from losing the dragged area to rounding', () => {
    const b = pictureBox(333, 187, 1920, 1080)!;
    const r = dragToVideoRect(b, 100.3, 50.7, 200.9, 120.2)!;
    const back = videoRectToElement(b, r);
    expect(back.left).toBeLessThanOrEqual(100.3);
    expect(back.left + back.width).toBeGreaterThanOrEqual(200.9);
    expect(back.top).toBeLessThanOrEqual(50.7);
    expect(back.top + back.height).toBeGreaterThanOrEqual(120.2);
  });
});
