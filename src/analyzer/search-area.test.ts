import { describe, expect, it } from 'vitest';
import { MIN_SEARCH_AREA } from '../timecode/index.ts';
import { fitSearchArea, parseSearchArea, scaleSearchArea, searchAreaText } from './search-area.ts';

describe('parseSearchArea', () => {
  it('takes four integers and names the bad one', () => {
    expect(parseSearchArea('480 270, 960 540')).toEqual({ x: 480, y: 270, width: 960, height: 540 });
    expect(parseSearchArea('1 2 3')).toMatchObject({ error: expect.stringContaining('four numbers') });
    expect(parseSearchArea('0 0 -5 10')).toMatchObject({ error: expect.stringContaining('width') });
    expect(parseSearchArea('0 1.5 5 10')).toMatchObject({ error: expect.stringContaining('y must') });
    expect(parseSearchArea('0 0 5 __proto__')).toMatchObject({ error: expect.stringContaining('height') });
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

  it('writes the form the parser reads back', () => {
    const r = { x: 1, y: 2, width: 300, height: 40 };
    expect(parseSearchArea(searchAreaText(r))).toEqual(r);
  });
});
