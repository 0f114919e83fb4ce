import { create } from 'zustand';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { parseSearchArea, searchAreaText } from '../../analyzer/search-area.ts';
import type { Gtc1Rect } from '../../timecode/index.ts';

/** Which player's video is waiting for the user to drag a search area on it (one at a time). */
interface RegionStore {
  dragging: AnalyzerSession | null;
  setDragging(session: AnalyzerSession | null): void;
}

export const useRegionStore = create<RegionStore>()((set) => ({
  dragging: null,
  setDragging: (dragging) => set({ dragging }),
}));

/** `?region=x,y,width,height`: player 1's search area from the link (the permalink notices name a bad one). */
export function regionFromUrl(): Gtc1Rect | null {
  const raw = new URLSearchParams(location.search).get('region');
  const r = raw ? parseSearchArea(raw) : null;
  return r && !('error' in r) ? r : null;
}

/**
 * Sets (or clears) a player's search area; player 1's goes into the address bar, so the link
 * reproduces it.
 */
export function applySearchArea(session: AnalyzerSession, r: Gtc1Rect | null, first: boolean): void {
  session.codeTracker.setSearchArea(r);
  if (!first || typeof window === 'undefined') return;
  const query = new URLSearchParams(location.search);
  if (r) query.set('region', searchAreaText(r));
  else query.delete('region');
  const text = query.toString();
  window.history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
}
