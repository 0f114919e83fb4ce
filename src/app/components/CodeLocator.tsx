import { useState } from 'react';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import type { Gtc1Rect } from '../../timecode/index.ts';

/** Parses "x y width height" (frame pixels, integers, spaces or commas); an error names the field. */
export function parseSearchArea(text: string): Gtc1Rect | { error: string } {
  const parts = text.trim().split(/[\s,]+/);
  const names = ['x', 'y', 'width', 'height'] as const;
  if (parts.length !== 4) return { error: 'search area: give four numbers, x y width height (frame pixels)' };
  const values: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = Number(parts[i]);
    const min = i < 2 ? 0 : 1;
    if (!Number.isInteger(v) || v < min || v > 16384) return { error: `search area: ${names[i]} must be an integer from ${min} to 16384` };
    values.push(v);
  }
  const [x, y, width, height] = values as [number, number, number, number];
  return { x, y, width, height };
}

/**
 * Where the reader found GTC1 (x, y, cell size, in the frame's pixels) and a field to limit the
 * search to a part of the frame when it finds nothing (e.g. a small picture-in-picture).
 */
export function CodeLocator({ session }: { session: AnalyzerSession }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const code = session.lastCode;
  const tracker = session.codeTracker;
  const where = code
    ? `${code.at.placement.x.toFixed(1)}, ${code.at.placement.y.toFixed(1)} · cell ${fmtCell(code.at.placement.cellW, code.at.placement.cellH)} px in ${code.width}x${code.height} (${code.at.source})`
    : 'not found yet: searching';
  const apply = () => {
    if (text.trim() === '') {
      tracker.searchArea = null;
      tracker.reset();
      setError(null);
      return;
    }
    const area = parseSearchArea(text);
    if ('error' in area) {
      setError(area.error);
      return;
    }
    tracker.searchArea = area;
    tracker.reset();
    setError(null);
  };
  return (
    <div className="code-locator">
      <span className="label">code at</span> <span data-testid="code-placement">{where}</span>
      {tracker.searchArea && <span className="unit"> · searching only in {rectText(tracker.searchArea)}</span>}
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
      {error && (
        <span className="warning" role="alert" data-testid="code-search-error">
          {error}
        </span>
      )}
    </div>
  );
}

function fmtCell(w: number, h: number): string {
  return Math.abs(w - h) < 0.05 ? w.toFixed(2) : `${w.toFixed(2)}x${h.toFixed(2)}`;
}

function rectText(r: Gtc1Rect): string {
  return `${r.x},${r.y} ${r.width}x${r.height}`;
}
