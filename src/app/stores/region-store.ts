import { create } from 'zustand';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { parseSearchArea, searchAreaText, type SearchArea } from '../../analyzer/search-area.ts';

/** Which player's video is waiting for the user to drag a search area on it (one at a time). */
interface RegionStore {
  dragging: AnalyzerSession | null;
  setDragging(session: AnalyzerSession | null): void;
}

export const useRegionStore = create<RegionStore>()((set) => ({
  dragging: null,
  setDragging: (dragging) => set({ dragging }),
}));

/**
 * `?region=x,y,width,height@WxH`: player 1's search area from the link, in a WxH frame (an old
 * link without `@WxH`: in the first frame); the permalink notices name a bad one.
 */
export function regionFromUrl(): SearchArea | null {
  const raw = new URLSearchParams(location.search).get('region');
  const r = raw ? parseSearchArea(raw) : null;
  return r && !('error' in r) ? r : null;
}

/**
 * Sets (or clears) a player's search area; player 1's goes into the address bar with the frame
 * size it is in (the tracker's, when the area came without one), so the link reproduces it in
 * whichever rendition plays.
 */
export function applySearchArea(session: AnalyzerSession, a: SearchArea | null, first: boolean): void {
  session.codeTracker.setSearchArea(a);
  if (first) writeRegionToUrl(session.codeTracker.searchAreaAsked);
}

/** Puts player 1's search area (null: none) into the address bar, when it differs from what is there. */
export function writeRegionToUrl(asked: SearchArea | null): void {
  if (typeof window === 'undefined') return;
  const query = new URLSearchParams(location.search);
  const want = asked ? searchAreaText(asked) : null;
  if (query.get('region') === want) return;
  if (want) query.set('region', want);
  else query.delete('region');
  const text = query.toString();
  window.history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
}
