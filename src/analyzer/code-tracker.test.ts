import { describe, expect, it } from 'vitest';
import { CodeTracker, MAX_FORCED_SEARCHES, MISSES_BEFORE_SEARCH, SEARCH_INTERVAL_MS } from './code-tracker.ts';

describe('CodeTracker', () => {
  it('reads the default placement until told otherwise, and searches (rate-limited) while nothing is locked', () => {
    const t = new CodeTracker();
    expect(t.placementFor(1280, 720)).toEqual({ placement: { x: 30, y: 30, cellW: 30, cellH: 30 }, source: 'default' });
    expect(t.placementFor(100, 100)).toBeNull();
    expect(t.shouldSearch(1000)).toBe(true);
    t.searched(1000, null, 1280, 720);
    expect(t.shouldSearch(1000 + SEARCH_INTERVAL_MS - 1)).toBe(false);
    expect(t.shouldSearch(1000 + SEARCH_INTERVAL_MS)).toBe(true);
  });

  it('stays on a found placement, scales it with the frame, and searches again after repeated misses', () => {
    const t = new CodeTracker();
    t.searched(0, { x: 200, y: 100, cellW: 22.5, cellH: 22.5 }, 1280, 720);
    expect(t.placementFor(1280, 720)?.placement).toEqual({ x: 200, y: 100, cellW: 22.5, cellH: 22.5 });
    expect(t.placementFor(640, 360)?.placement).toEqual({ x: 100, y: 50, cellW: 11.25, cellH: 11.25 });
    for (let k = 0; k < MISSES_BEFORE_SEARCH - 1; k++) t.miss();
    expect(t.shouldSearch(10_000)).toBe(false);
    t.miss();
    expect(t.shouldSearch(10_000)).toBe(true);
    t.hit(t.placementFor(1280, 720)!, 1280, 720);
    expect(t.shouldSearch(20_000)).toBe(false);
  });

  it('never searches over a manual placement, until reset', () => {
    const t = new CodeTracker();
    t.setManual({ x: 10, y: 10, cellW: 5, cellH: 5 }, 640, 360);
    for (let k = 0; k < 100; k++) t.miss();
    expect(t.shouldSearch(1e9)).toBe(false);
    t.reset();
    expect(t.placementFor(640, 360)?.source).toBe('default');
    expect(t.shouldSearch(1e9)).toBe(true);
  });

  it('with a search area, reads no default place, searches only there (scaled with the frame), and drops an area outside the frame with a notice', () => {
    const t = new CodeTracker();
    t.setSearchArea({ rect: { x: 900, y: 500, width: 380, height: 220 }, frame: null });
    expect(t.placementFor(1280, 720)).toBeNull();
    expect(t.shouldSearch(0)).toBe(true);
    expect(t.searchAreaFor(1280, 720)).toEqual({ x: 900, y: 500, width: 380, height: 220 });
    expect(t.searchAreaFor(640, 360)).toEqual({ x: 450, y: 250, width: 190, height: 110 });
    t.searched(0, { x: 907.5, y: 507.5, cellW: 7.5, cellH: 7.5 }, 1280, 720);
    expect(t.placementFor(1280, 720)?.source).toBe('found');
    t.setSearchArea(null);
    expect(t.placementFor(1280, 720)?.source).toBe('default');
    expect(t.searchAreaFor(1280, 720)).toBeUndefined();

    t.setSearchArea({ rect: { x: 2000, y: 0, width: 100, height: 100 }, frame: null });
    expect(t.searchAreaFor(1280, 720)).toBeUndefined();
    expect(t.notice).toContain('outside the 1280x720 frame');
    expect(t.searchArea).toBeNull();
    expect(t.placementFor(1280, 720)?.source).toBe('default');
  });

  it('scales an area given in a 1280x720 frame to a 640x360 one, for the search and the overlay, across switches', () => {
    const t = new CodeTracker();
    const rect = { x: 900, y: 500, width: 380, height: 220 };
    const half = { x: 450, y: 250, width: 190, height: 110 };
    // Drawn on 720p, the link opened on 360p: searched (and fitted) in 360p at its place there.
    t.setSearchArea({ rect, frame: { width: 1280, height: 720 } });
    expect(t.searchAreaIn(640, 360)).toEqual(half);
    t.seeFrame(640, 360);
    expect(t.searchAreaFor(640, 360)).toEqual(half);
    expect(t.notice).toBeNull();
    expect(t.searchArea).toEqual({ rect: half, frame: { width: 640, height: 360 } });
    // A switch up and back: the overlay and the search follow the frame.
    t.seeFrame(1280, 720);
    expect(t.searchAreaFor(1280, 720)).toEqual(rect);
    expect(t.searchAreaIn(1280, 720)).toEqual(rect);
    expect(t.searchArea).toEqual({ rect, frame: { width: 1280, height: 720 } });
    expect(t.searchAreaFor(640, 360)).toEqual(half);
    // The link keeps the area as drawn, with its frame size.
    expect(t.searchAreaAsked).toEqual({ rect, frame: { width: 1280, height: 720 } });

    // Unscaled, a 720p area on a 360p frame would lie outside it: the old bug.
    const wrong = new CodeTracker();
    wrong.setSearchArea({ rect, frame: null });
    expect(wrong.searchAreaFor(640, 360)).toBeUndefined();
    expect(wrong.notice).toContain('outside the 640x360 frame');
  });

  it('takes an area without a frame size as in the frame shown now (the last seen), else the first to come', () => {
    const t = new CodeTracker();
    const rect = { x: 100, y: 100, width: 200, height: 100 };
    t.setSearchArea({ rect, frame: null });
    expect(t.searchAreaAsked).toEqual({ rect, frame: null });
    expect(t.searchAreaIn(1280, 720)).toEqual(rect);
    expect(t.searchAreaFor(640, 360)).toEqual(rect);
    // The first frame gives it its size, so the link written from it says so.
    expect(t.searchAreaAsked).toEqual({ rect, frame: { width: 640, height: 360 } });
    expect(t.searchAreaFor(1280, 720)).toEqual({ x: 200, y: 200, width: 400, height: 200 });

    t.seeFrame(640, 360);
    t.setSearchArea({ rect, frame: null });
    expect(t.searchAreaAsked).toEqual({ rect, frame: { width: 640, height: 360 } });
    expect(t.searchAreaIn(1280, 720)).toEqual({ x: 200, y: 200, width: 400, height: 200 });
  });
});

describe('CodeTracker.forceSearches', () => {
  it('searches exactly the next n frames, bounded, and reset ends it', () => {
    const t = new CodeTracker();
    t.forceSearches(3);
    expect([1, 2, 3, 4].map(() => t.takeForcedSearch())).toEqual([true, true, true, false]);
    t.forceSearches(1e9);
    let n = 0;
    while (t.takeForcedSearch()) n++;
    expect(n).toBe(MAX_FORCED_SEARCHES);
    t.forceSearches(5);
    t.reset();
    expect(t.takeForcedSearch()).toBe(false);
    t.forceSearches(Number.NaN);
    expect(t.takeForcedSearch()).toBe(false);
  });
});
