import { useEffect, useState } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { parseSearchArea, searchAreaText, type SearchArea } from '../../analyzer/search-area.ts';
import { applySearchArea, useRegionStore, writeRegionToUrl } from '../stores/region-store.ts';

/**
 * Where the reader found GTC1 (x, y, cell size, in the frame's pixels), and a search area to
 * limit the search to when it finds nothing or the wrong code (e.g. a small picture-in-picture):
 * typed as x y width height (pixels of the frame shown now, or of a WxH frame with @WxH), or
 * dragged on the video (RegionOverlay); it follows rendition switches. `first`: player 1, whose
 * area goes into the link.
 */
export function CodeLocator({ session, first }: { session: AnalyzerSession; first: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dragging = useRegionStore((s) => s.dragging === session);
  const setDragging = useRegionStore((s) => s.setDragging);
  const code = session.lastCode;
  const tracker = session.codeTracker;
  const where = code
    ? `${code.at.placement.x.toFixed(1)}, ${code.at.placement.y.toFixed(1)} · cell ${fmtCell(code.at.placement.cellW, code.at.placement.cellH)} px in ${code.width}x${code.height} (${code.at.source})`
    : 'not found yet: searching';
  const set = (area: SearchArea | null) => {
    applySearchArea(session, area, first);
    setError(null);
  };
  const apply = () => {
    if (text.trim() === '') return set(null);
    const area = parseSearchArea(text);
    if ('error' in area) setError(area.error);
    else set(area);
  };
  const notice = error ?? tracker.notice;
  // An area from an old link (no @WxH) learns its frame size from the first frame: player 1's
  // link then says it, so a reload on another rendition scales it right.
  const asked = first ? tracker.searchAreaAsked : null;
  const askedText = asked ? searchAreaText(asked) : null;
  useEffect(() => {
    if (askedText !== null) writeRegionToUrl(tracker.searchAreaAsked);
  }, [askedText, tracker]);
  return (
    <div className="code-locator">
      <span className="label">code at</span> <span data-testid="code-placement">{where}</span>
      {tracker.searchArea && (
        <span className="unit" data-testid="code-search-active">
          {' '}
          · searching only in {rectText(tracker.searchArea)}
        </span>
      )}
      <label>
        {' '}search area{' '}
        <input
          data-testid="code-search-area"
          placeholder="x y width height"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
          size={18}
        />
      </label>
      <button data-testid="code-search-apply" onClick={apply}>
        Search
      </button>
      <button data-testid="code-search-drag" aria-pressed={dragging} onClick={() => setDragging(dragging ? null : session)} title="Drag a rectangle on the video around the code">
        {dragging ? 'Drag on the video…' : 'Drag'}
      </button>
      {tracker.searchArea && (
        <button
          data-testid="code-search-clear"
          onClick={() => {
            setText('');
            set(null);
          }}
        >
          Whole frame
        </button>
      )}
      {notice && (
        <span className="warning" role="alert" data-testid="code-search-error">
          {notice}
        </span>
      )}
    </div>
  );
}

function fmtCell(w: number, h: number): string {
  return Math.abs(w - h) < 0.05 ? w.toFixed(2) : `${w.toFixed(2)}x${h.toFixed(2)}`;
}

function rectText({ rect: r, frame }: SearchArea): string {
  return `${r.x},${r.y} ${r.width}x${r.height}${frame ? ` in ${frame.width}x${frame.height}` : ''}`;
}
