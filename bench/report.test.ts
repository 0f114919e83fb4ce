import { describe, expect, it } from 'vitest';
import { mergeSections, renderPage } from './report.ts';

describe('benchmark page sections', () => {
  const page = renderPage(['# Benchmarks', 'intro'], [
    { name: 'encoder', lines: ['## Encoder', 'old encoder'] },
    { name: 'fanout', lines: ['## Fan-out', 'old fanout'] },
  ]);

  it('replaces only the re-measured section and keeps the rest byte for byte', () => {
    const merged = mergeSections(page, [{ name: 'fanout', lines: ['## Fan-out', 'new fanout'] }]);
    expect(merged).toContain('new fanout');
    expect(merged).not.toContain('old fanout');
    expect(merged.slice(0, merged.indexOf('<!-- bench:fanout -->'))).toBe(page.slice(0, page.indexOf('<!-- bench:fanout -->')));
  });

  it('appends a section the page does not have yet', () => {
    const merged = mergeSections(page, [{ name: 'edge', lines: ['## Edge'] }]);
    expect(merged.indexOf('<!-- bench:edge -->')).toBeGreaterThan(merged.indexOf('<!-- /bench:fanout -->'));
    expect(merged.endsWith('<!-- /bench:edge -->\n')).toBe(true);
  });

  it('merging the same section twice gives the same page', () => {
    const once = mergeSections(page, [{ name: 'encoder', lines: ['x'] }]);
    expect(mergeSections(once, [{ name: 'encoder', lines: ['x'] }])).toBe(once);
  });
});
