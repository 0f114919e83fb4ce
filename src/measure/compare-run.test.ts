import { describe, expect, it } from 'vitest';
import { parseCompareSpec } from './compare-spec.ts';
import { compareQuery, measuredNothingNote, withOwnSession } from './compare-run.ts';

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

describe('measuredNothingNote', () => {
  const quiet = { pageError: null, lastEngineError: null, framesSeen: 0, elapsedS: 46.6 };
  const none = { frames: 0, framesDecoded: 0 };

  it('is null when the player measured, and names a missing timecode', () => {
    expect(measuredNothingNote({ frames: 300, framesDecoded: 290 }, quiet, 30)).toBeNull();
    expect(measuredNothingNote({ frames: 300, framesDecoded: 0 }, quiet, 30)).toBe('no burned-in timecode read in 300 frames');
  });

  it('says how long no frame came, and the page\'s error, else the engine\'s last one', () => {
    expect(measuredNothingNote(none, quiet, 30)).toBe('no frame presented in 47 s, and no error reported');
    expect(measuredNothingNote(none, { ...quiet, lastEngineError: 'fatal: manifestLoadError' }, 30)).toBe('no frame presented in 47 s: last engine error: fatal: manifestLoadError');
    expect(measuredNothingNote(none, { ...quiet, pageError: 'The stream could not be loaded', lastEngineError: 'x' }, 30)).toBe('no frame presented in 47 s: The stream could not be loaded');
    expect(measuredNothingNote(none, { ...quiet, framesSeen: 120 }, 30)).toBe('no frame presented in the 30 s measured (120 before), and no error reported');
  });

  it('quotes a long error on one line, cut', () => {
    const note = measuredNothingNote(none, { ...quiet, pageError: `bad\n  ${'x'.repeat(400)}` }, 30)!;
    expect(note).toMatch(/^no frame presented in 47 s: bad x+…$/);
    expect(note.length).toBeLessThan(220);
  });
});
