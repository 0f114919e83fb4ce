import { gtc1DefaultPlacement, type Gtc1Placement, type Gtc1Rect } from '../timecode/index.ts';
import { fitSearchArea, scaleSearchArea, type FrameSize, type SearchArea } from './search-area.ts';

/** Searching the whole frame costs milliseconds: at most once per this interval. */
export const SEARCH_INTERVAL_MS = 250;
/** A locked code that fails this many frames in a row is searched for again. */
export const MISSES_BEFORE_SEARCH = 8;
/** At most this many frames searched on request (forceSearches), about 4 s at 30 fps. */
export const MAX_FORCED_SEARCHES = 120;

/** Where the reader looks for GTC1, and how it got there. */
export type PlacementSource = 'default' | 'found' | 'manual';

export interface TrackedPlacement {
  placement: Gtc1Placement;
  source: PlacementSource;
}

/**
 * Which placement of GTC1 to read on each frame (pure; the FrameReader does the pixels). Reads
 * the default placement until a read succeeds or a search finds the code elsewhere; then stays
 * locked there (one small copy per frame), scaled along when the frame size changes (a
 * rendition switch scales the whole picture). A locked code that keeps failing, or no code at
 * all, triggers a whole-frame search, rate-limited.
 */
export class CodeTracker {
  private locked: TrackedPlacement | null = null;
  private lockedSize = { width: 0, height: 0 };
  private misses = 0;
  private lastSearchMs = -Infinity;
  private forced = 0;
  /** The user's search area as given (with the frame size it is in, when known). */
  private asked: SearchArea | null = null;
  /** The asked area fitted into the first frame searched with it, and that frame's size. */
  private area: { rect: Gtc1Rect; width: number; height: number } | null = null;
  /** The size of the last frame seen (seeFrame), null before the first. */
  private frame: FrameSize | null = null;
  /** Why the user's area was dropped (outside the frame, too small), for the page to show. */
  notice: string | null = null;

  /** Tells the tracker a width x height frame is being read (each frame, before anything else). */
  seeFrame(width: number, height: number): void {
    const f = this.frame;
    if (!f || f.width !== width || f.height !== height) this.frame = { width, height };
  }

  /**
   * Limits the search to `a` (frame pixels of `a.frame`; null: the whole frame), from the next
   * frame on, scaled to each frame's size. An area without a frame size is in the frame shown now
   * (the last one seen; before any, the first to come). It is checked against the first frame's
   * size: an area outside it, or too small for a code, is dropped with a notice.
   */
  setSearchArea(a: SearchArea | null): void {
    this.asked = a && !a.frame && this.frame ? { rect: a.rect, frame: this.frame } : a;
    this.area = null;
    this.notice = null;
    this.reset();
  }

  /** The area as given, with its frame size once known: what the link keeps. Null: the whole frame. */
  get searchAreaAsked(): SearchArea | null {
    return this.asked;
  }

  /**
   * The area in the last frame seen (as fitted into the first frame searched, scaled), else as
   * asked; null: the whole frame. For the page's readout.
   */
  get searchArea(): SearchArea | null {
    const f = this.frame;
    if (!f) return this.asked;
    const rect = this.searchAreaIn(f.width, f.height);
    return rect ? { rect, frame: f } : null;
  }

  /** The area scaled to a width x height frame (to draw it over the video of that size), or null for the whole frame. */
  searchAreaIn(width: number, height: number): Gtc1Rect | null {
    const a = this.area;
    if (a) return scaleSearchArea(a.rect, a.width, a.height, width, height);
    const asked = this.asked;
    if (!asked) return null;
    return asked.frame ? scaleSearchArea(asked.rect, asked.frame.width, asked.frame.height, width, height) : asked.rect;
  }

  /** The search area on a width x height frame, or undefined for the whole frame. */
  searchAreaFor(width: number, height: number): Gtc1Rect | undefined {
    if (this.asked && !this.area) {
      const fitted = fitSearchArea(this.searchAreaIn(width, height)!, width, height);
      if ('error' in fitted) {
        this.notice = `${fitted.error}: searching the whole frame`;
        this.asked = null;
        return undefined;
      }
      this.area = { rect: fitted, width, height };
      // An area that came without a frame size (an old link, typed before any frame) is in this
      // frame: keep that, so the link written from it reproduces it in any rendition.
      if (!this.asked.frame) this.asked = { rect: this.asked.rect, frame: { width, height } };
    }
    return this.searchAreaIn(width, height) ?? undefined;
  }

  /** The placement to read on a width x height frame, or null when nothing can be read there. */
  placementFor(width: number, height: number): TrackedPlacement | null {
    const l = this.locked;
    if (!l) {
      // With a search area, the default place (likely outside it, maybe another code) is not read.
      if (this.asked) return null;
      const p = gtc1DefaultPlacement(width, height);
      return p ? { placement: p, source: 'default' } : null;
    }
    if (width === this.lockedSize.width && height === this.lockedSize.height) return l;
    const sx = width / this.lockedSize.width;
    const sy = height / this.lockedSize.height;
    const p = l.placement;
    return { placement: { x: p.x * sx, y: p.y * sy, cellW: p.cellW * sx, cellH: p.cellH * sy }, source: l.source };
  }

  get current(): TrackedPlacement | null {
    return this.locked;
  }

  hit(t: TrackedPlacement, width: number, height: number): void {
    this.locked = t;
    this.lockedSize = { width, height };
    this.misses = 0;
  }

  miss(): void {
    this.misses++;
  }

  /** True when this frame should be searched (the caller then calls searched()). */
  shouldSearch(nowMs: number): boolean {
    if (this.locked?.source === 'manual') return false;
    if (this.locked && this.misses < MISSES_BEFORE_SEARCH) return false;
    return nowMs - this.lastSearchMs >= SEARCH_INTERVAL_MS;
  }

  /**
   * Search the next n frames whole (at most MAX_FORCED_SEARCHES), without reading the tracked
   * place first and past the rate limit: the bench measures what a frame with no lock costs.
   */
  forceSearches(n: number): void {
    this.forced = Number.isFinite(n) ? Math.max(0, Math.min(Math.floor(n), MAX_FORCED_SEARCHES)) : 0;
  }

  /** True (and counted) when this frame is one of the forced searches. */
  takeForcedSearch(): boolean {
    if (this.forced <= 0) return false;
    this.forced--;
    return true;
  }

  searched(nowMs: number, found: Gtc1Placement | null, width: number, height: number): void {
    this.lastSearchMs = nowMs;
    if (found) this.hit({ placement: found, source: 'found' }, width, height);
  }

  /** The user's placement: read there and nowhere else until cleared. */
  setManual(p: Gtc1Placement, width: number, height: number): void {
    this.hit({ placement: p, source: 'manual' }, width, height);
  }

  /** Forget the lock (and a manual placement): back to the default placement and searching. */
  reset(): void {
    this.locked = null;
    this.misses = 0;
    this.lastSearchMs = -Infinity;
    this.forced = 0;
  }
}
