import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BreakdownBars } from './BreakdownBars.tsx';
import { barStats as stats } from '../testing/bar-stats.ts';

describe('BreakdownBars', () => {
  it('draws one bar per player with its parts, their sum and the g2g p50 as numbers', () => {
    const html = renderToStaticMarkup(
      <BreakdownBars
        players={[
          { label: 'plain', color: '#111', stats: stats(140.4, 9.4, 885.4, 1030) },
          { label: 'foreign', color: '#222', stats: stats(NaN, NaN, 900, 2400, 1500) },
          { label: 'new', color: '#333', stats: stats(NaN, NaN, NaN, NaN) },
        ]}
      />,
    );
    expect(html.match(/data-testid="breakdown-bar"/g)).toHaveLength(3);
    expect(html).toContain('data-testid="bar-encode">140<');
    expect(html).toContain('data-testid="bar-delivery">9<');
    expect(html).toContain('data-testid="bar-buffer">885<');
    expect(html).toContain('data-testid="bar-sum">1035<');
    expect(html).toContain('data-testid="bar-g2g">1030<');
    // Another origin's stream: before arrival + buffer; a player with nothing yet says so.
    expect(html).toContain('data-testid="bar-beforeArrival">1500<');
    expect(html).toContain('not split yet');
  });
});
