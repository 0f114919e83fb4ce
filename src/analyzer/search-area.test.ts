import { describe, expect, it } from 'vitest';
import { MIN_SEARCH_AREA } from '../timecode/index.ts';
import { fitSearchArea, parseSearchArea, scaleSearchArea, searchAreaText } from './search-area.ts';

describe('parseSearchArea', () => {
  it('takes four integers and names the bad one', () => {
    expect(parseSearchArea('480 270, 960 540')).toEqual({ rect: { x: 480, y: 270, width: 960, height: 540 }, frame: null });
    expect(parseSearchArea('1 2 3')).toMatchObject({ error: expect.stringContaining('four numbers') });
    expect(parseSearchArea('0 0 -5 10')).toMatchObject({ error: expect.stringContaining('width') });
    expect(parseSearchArea('0 1.5 5 10')).toMatchObject({ error: expect.stringContaining('y must') });
    expect(parseSearchArea('0 0 5 __proto__')).toMatchObject({ error: expect.stringContaining('height') });
  });

  it('takes the frame size after @ (the old form, without it, is in no frame size)', () => {
    const rect = { x: 900, y: 500, width: 380, height: 220 };
    expect(parseSearchArea('900,500,380,220@1280x720')).toEqual({ rect, frame: { width: 1280, height: 720 } });
    expect(parseSearchArea('900 500 380 220 @ 1280X720')).toEqual({ rect, frame: { width: 1280, height: 720 } });
    expect(parseSearchArea('900,500,380,220')).toEqual({ rect, frame: null });
  });

  it('refuses a bad frame size, naming it', () => {
    for (const bad of ['@0x0', '@0x720', '@abc', '@', '@1280', '@1280x', '@1280x720x2', '@1280.5x720', '@-1280x720', '@16385x720', '@1280x99999', '@1280x720@640x360']) {
      expect(parseSearchArea(`900,500,380,220${bad}`), bad).toMatchObject({ error: expect.stringMatching(/search area: .*(frame size|@WIDTHxHEIGHT)/) });
    }
    expect(parseSearchArea('900,500,380,220@16384x16384')).toMatchObject({ frame: { width: 16384, height: 16384 } });
  });
});

describe('fitSearchArea', () => {
  it('keeps an area inside the frame, cuts one that sticks out, and refuses one outside or too small for a code', () => {
    expect(fitSearchArea({ x: 10, y: 20, width: 300, height: 100 }, 1280, 720)).toEqual({ x: 10, y: 20, width: 300, height: 100 });
    expect(fitSearchArea({ x: 1210, y: 700, width: 500, height: 500 }, 1280, 720)).toMatchObject({ error: expect.stringContaining('smaller than the smallest code') });
    expect(fitSearchArea({ x: 1000, y: 600, width: 500, height: 500 }, 1280, 720)).toEqual({ x: 1000, y: 600, width: 280, height: 120 });
    expect(fitSearchArea({ x: 1280, y: 0, width: 100, height: 100 }, 1280, 720)).toMatchObject({ error: expect.stringContaining('outside the 1280x720 frame') });
    const small = { x: 0, y: 0, width: MIN_SEARCH_AREA.width - 1, height: 100 };
    expect(fitSearchArea(small, 1280, 720)).toMatchObject({ error: expect.stringContaining(`${MIN_SEARCH_AREA.width}x${MIN_SEARCH_AREA.height}`) });
    expect(fitSearchArea({ ...small, width: MIN_SEARCH_AREA.width }, 1280, 720)).toEqual({ ...small, width: MIN_SEARCH_AREA.width });
  });
});

describe('scaleSearchArea', () => {
  it('scales with the frame and never loses a pixel of the area to rounding', () => {
    expect(scaleSearchArea({ x: 900, y: 500, width: 380, height: 220 }, 1280, 720, 1280, 720)).toEqual({ x: 900, y: 500, width: 380, height: 220 });
    expect(scaleSearchArea({ x: 901, y: 501, width: 379, height: 219 }, 1280, 720, 960, 540)).toEqual({ x: 675, y: 375, width: 285, height: 165 });
  });

  it('scales a 1280x720 area to a 640x360 frame and back', () => {
    const r = { x: 900, y: 500, width: 380, height: 220 };
    expect(scaleSearchArea(r, 1280, 720, 640, 360)).toEqual({ x: 450, y: 250, width: 190, height: 110 });
    expect(scaleSearchArea({ x: 450, y: 250, width: 190, height: 110 }, 640, 360, 1280, 720)).toEqual(r);
  });

  it('writes the form the parser reads back, with the frame size and without', () => {
    const sized = { rect: { x: 1, y: 2, width: 300, height: 40 }, frame: { width: 1280, height: 720 } };
    expect(searchAreaText(sized)).toBe('1,2,300,40@1280x720');
    expect(parseSearchArea(searchAreaText(sized))).toEqual(sized);
    const bare = { rect: sized.rect, frame: null };
    expect(searchAreaText(bare)).toBe('1,2,300,40');
    expect(parseSearchArea(searchAreaText(bare))).toEqual(bare);
  });
});
