import { describe, expect, it } from 'vitest';
import { parseCompareSpec } from './compare-spec.ts';
import { compareQuery, withOwnSession } from './compare-run.ts';

describe('each compared player gets its own emulated link', () => {
  it('adds a sid to options that shape the link or inject faults, unless one is given', () => {
    expect(withOwnSession('net=cascade', 's1')).toBe('net=cascade,sid=s1');
    expect(withOwnSession('fault=404.part.every5', 's1')).toBe('fault=404.part.every5,sid=s1');
    expect(withOwnSession('net=cascade,sid=mine', 's1')).toBe('net=cascade,sid=mine');
    // Nothing shared to keep apart: a delay or RTT is per request.
    expect(withOwnSession('delay=500', 's1')).toBe('delay=500');
    expect(withOwnSession('', 's1')).toBe('');
  });

  it('gives two players with the same net= different sids in the page query', () => {
    const specs = [parseCompareSpec('preset=lowest,options=net=cascade', 0), parseCompareSpec('preset=balanced,options=net=cascade', 1)];
    const query = new URLSearchParams(compareQuery(specs, 'run1'));
    expect(query.get('src')).toBe('/o/net=cascade,sid=cmprun1p1/live/ll200/master.m3u8');
    expect(query.get('p2.src')).toBe('/o/net=cascade,sid=cmprun1p2/live/ll200/master.m3u8');
  });
});
