import { describe, expect, it } from 'vitest';
import { Timeline } from '../packager/timeline.ts';
import { WaiterPool } from '../packager/waiters.ts';
import { FPS, SyntheticStream } from '../packager/test-support/synthetic-stream.ts';
import { findProfile, profileFrames, type LatencyProfile } from '../../shared/stream/profiles.ts';
import {
  advancePartLimit,
  checkBlockingLimits,
  isSatisfied,
  maxHoldMs,
  normaliseTarget,
  parseDirectives,
  partsPerSegment,
  type Directives,
} from './blocking.ts';

function profile(name: string): LatencyProfile {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
}

function setup(name: string) {
  const p = profile(name);
  const timeline = new Timeline(profileFrames(p, FPS), 60_000, new WaiterPool(10));
  return { p, timeline, stream: new SyntheticStream(timeline) };
}

const parse = (query: string) => parseDirectives(new URLSearchParams(query));
const d = (msn: number | null, part: number | null = null): Directives => ({ msn, part, skip: false });

describe('parseDirectives', () => {
  it('accepts the delivery directives and ignores other parameters', () => {
    expect(parse('')).toEqual({ ok: true, directives: { msn: null, part: null, skip: false } });
    expect(parse('_HLS_msn=12')).toEqual({ ok: true, directives: { msn: 12, part: null, skip: false } });
    expect(parse('_HLS_msn=12&_HLS_part=3&_=1700000000')).toEqual({ ok: true, directives: { msn: 12, part: 3, skip: false } });
    expect(parse('_HLS_msn=0&_HLS_part=0')).toEqual({ ok: true, directives: { msn: 0, part: 0, skip: false } });
    expect(parse('_HLS_skip=YES')).toEqual({ ok: true, directives: { msn: null, part: null, skip: true } });
    expect(parse('_HLS_skip=v2&_HLS_msn=4')).toEqual({ ok: true, directives: { msn: 4, part: null, skip: true } });
  });

  it.each([
    ['_HLS_msn=-1', /_HLS_msn must be a non-negative integer, got "-1"/],
    ['_HLS_msn=abc', /_HLS_msn/],
    ['_HLS_msn=1.5', /_HLS_msn/],
    ['_HLS_msn=', /_HLS_msn/],
    ['_HLS_msn=1e3', /_HLS_msn/],
    ['_HLS_msn=1234567890123', /_HLS_msn/],
    ['_HLS_msn=1&_HLS_part=x', /_HLS_part must be a non-negative integer, got "x"/],
    ['_HLS_msn=1&_HLS_part=-2', /_HLS_part/],
    ['_HLS_part=2', /^_HLS_part requires _HLS_msn$/],
    ['_HLS_skip=NO', /_HLS_skip must be YES or v2, got "NO"/],
    ['_HLS_skip=yes', /_HLS_skip/],
  ])('rejects %s with a 400 that says why', (query, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.message).toMatch(message);
  });
});

describe('profile limits', () => {
  it.each([
    // name, parts per segment, Advance Part Limit (3 / part target under 1 s), max hold (3 target durations)
    ['ll100', 10, 30, 3000],
    ['ll200', 5, 15, 3000],
    ['ll500', 4, 6, 6000],
    ['hls2', 1, 0, 6000],
    ['hls6', 1, 0, 18000],
  ])('%s: %i parts per segment, advance part limit %i, holds up to %i ms', (name, per, limit, hold) => {
    const p = profile(name);
    expect(partsPerSegment(p)).toBe(per);
    expect(advancePartLimit(p)).toBe(limit);
    expect(maxHoldMs(p)).toBe(hold);
  });

  it('uses an Advance Part Limit of 3 for parts of a second or more', () => {
    const base = profile('ll500');
    expect(advancePartLimit({ ...base, partMs: 1000, segmentMs: 4000 })).toBe(3);
    expect(advancePartLimit({ ...base, partMs: 2000, segmentMs: 6000 })).toBe(3);
  });

  it('normalises a part index past the end of a segment to part 0 of the next', () => {
    const p = profile('ll200');
    expect(normaliseTarget(p, 3, 4)).toEqual({ msn: 3, part: 4 });
    expect(normaliseTarget(p, 3, 5)).toEqual({ msn: 4, part: 0 });
    expect(normaliseTarget(p, 3, 9)).toEqual({ msn: 4, part: 0 });
    expect(normaliseTarget(p, 3, null)).toEqual({ msn: 3, part: null });
  });
});

describe('checkBlockingLimits', () => {
  it('allows requests up to two segments past the last one', () => {
    const { p, timeline, stream } = setup('ll200');
    stream.frames(12 * 30 + 15); // last listed: segment 12, parts 0 and 1 complete
    expect(checkBlockingLimits(timeline, p, d(null))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(5))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(14))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(14, 4))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(15))).toBe('_HLS_msn=15 is more than 2 beyond the last segment (12)');
    expect(checkBlockingLimits(timeline, p, d(15, 0))).toMatch(/_HLS_msn=15/);
  });

  it('rejects a part more than the Advance Part Limit beyond the last part', () => {
    const { p, timeline, stream } = setup('ll500'); // 4 parts per segment, limit 6
    stream.frames(12 * 60 + 30); // last part: 12.1
    expect(checkBlockingLimits(timeline, p, d(12, 2))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(13, 3))).toBeNull(); // 6 parts ahead
    expect(checkBlockingLimits(timeline, p, d(14, 0))).toBe(
      '_HLS_part=0 of _HLS_msn=14 is more than 6 parts beyond the last part (12.1)',
    );
    expect(checkBlockingLimits(timeline, p, d(14, 3))).toMatch(/more than 6 parts/);
    // Old parts are never too far ahead.
    expect(checkBlockingLimits(timeline, p, d(3, 3))).toBeNull();
  });

  it('measures from the start of the stream when nothing is published yet', () => {
    const { p, timeline } = setup('ll200');
    expect(checkBlockingLimits(timeline, p, d(0, 0))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(1))).toBeNull();
    expect(checkBlockingLimits(timeline, p, d(2))).toBe('_HLS_msn=2 is more than 2 beyond the last segment (-1)');
  });
});

describe('isSatisfied', () => {
  it('is satisfied at once without _HLS_msn', () => {
    const { p, timeline } = setup('ll200');
    expect(isSatisfied(timeline, p, d(null))).toBe(true);
  });

  it('waits for segment M to be complete when no part is named', () => {
    const { p, timeline, stream } = setup('ll200');
    expect(isSatisfied(timeline, p, d(0))).toBe(false);
    stream.frames(30 + 29); // segment 1 has 4 complete parts but is not complete
    expect(isSatisfied(timeline, p, d(0))).toBe(true);
    expect(isSatisfied(timeline, p, d(1))).toBe(false);
    stream.frames(1);
    expect(isSatisfied(timeline, p, d(1))).toBe(true);
    expect(isSatisfied(timeline, p, d(2))).toBe(false);
  });

  it('waits for part N of segment M, and is satisfied by anything later', () => {
    const { p, timeline, stream } = setup('ll200');
    stream.frames(30 + 17); // segment 1: parts 0 and 1 complete, part 2 has 5 frames
    expect(isSatisfied(timeline, p, d(1, 1))).toBe(true);
    expect(isSatisfied(timeline, p, d(1, 2))).toBe(false);
    expect(isSatisfied(timeline, p, d(0, 4))).toBe(true);
    stream.frames(1);
    expect(isSatisfied(timeline, p, d(1, 2))).toBe(true);
    expect(isSatisfied(timeline, p, d(1, 3))).toBe(false);
    expect(isSatisfied(timeline, p, d(2, 0))).toBe(false);
    stream.frames(30 - 18 + 1); // segment 2 just started, no complete part
    expect(isSatisfied(timeline, p, d(1, 4))).toBe(true);
    expect(isSatisfied(timeline, p, d(2, 0))).toBe(false);
  });

  it('treats a part index past the end of segment M as part 0 of M+1', () => {
    const { p, timeline, stream } = setup('ll200');
    stream.frames(30); // segment 0 complete, nothing of segment 1
    expect(isSatisfied(timeline, p, d(0, 4))).toBe(true);
    expect(isSatisfied(timeline, p, d(0, 5))).toBe(false);
    expect(isSatisfied(timeline, p, d(0, 7))).toBe(false);
    stream.frames(5);
    expect(isSatisfied(timeline, p, d(0, 5))).toBe(false);
    stream.frames(1); // part 1.0 published
    expect(isSatisfied(timeline, p, d(0, 5))).toBe(true);
    expect(isSatisfied(timeline, p, d(0, 7))).toBe(true);
  });

  it('is satisfied by a segment that was cut short by an encoder restart', () => {
    const { p, timeline, stream } = setup('ll200');
    stream.frames(30 + 8); // segment 1 has part 0 and 2 frames of part 1
    expect(isSatisfied(timeline, p, d(1, 3))).toBe(false);
    stream.restart();
    stream.frames(6); // segment 1 closed with 2 parts, segment 2 has part 0
    // Part 1.3 will never exist; the request is answered by the next segment's parts.
    expect(isSatisfied(timeline, p, d(1, 1))).toBe(true);
    expect(isSatisfied(timeline, p, d(1, 3))).toBe(true);
    expect(isSatisfied(timeline, p, d(1))).toBe(true);
  });

  it('satisfies nothing on an empty timeline', () => {
    const { p, timeline } = setup('ll200');
    expect(isSatisfied(timeline, p, d(0, 0))).toBe(false);
    expect(isSatisfied(timeline, p, d(0))).toBe(false);
  });
});
