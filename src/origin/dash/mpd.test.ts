import { describe, expect, it } from 'vitest';
import type { Rung } from '../encoder/ladder.ts';
import { delayedView } from '../netem/delayed-view.ts';
import { Timeline, timelineShape } from '../packager/timeline.ts';
import { captureMs, fakeInit, FPS, PUBLISH_DELAY_MS, START_MS, SyntheticStream } from '../packager/test-support/synthetic-stream.ts';
import { WaiterPool } from '../packager/waiters.ts';
import { findProfile, type LatencyProfile } from '../../shared/stream/profiles.ts';
import { availabilityTimeOffsetS, isoDuration, renderMpd } from './mpd.ts';
import { mpdInput, type DashRung } from './mpd-state.ts';

const R720: Rung = { name: '720p', width: 1280, height: 720, videoKbps: 2500 };
const R240: Rung = { name: '240p', width: 426, height: 240, videoKbps: 300 };
const TIME_URL = 'http://origin.test/time';
const DASH_LL = findProfile('dash-ll')!;
const DASH2 = findProfile('dash2')!;

/** Two rungs of one profile fed the same synthetic encode (30 fps, fake clock starting at START_MS). */
function setup(profile: LatencyProfile) {
  const pool = new WaiterPool(10);
  const timelines = [R720, R240].map(() => new Timeline(timelineShape(profile, FPS), 60_000, pool));
  const stream = new SyntheticStream(...timelines);
  const inits = [new Map([[0, fakeInit({ audioCodec: null, audioTrackId: null })]]), new Map([[0, fakeInit({ width: 426, height: 240, videoCodec: 'avc1.42c015', audioCodec: null, audioTrackId: null })]])];
  const audioInit = (run: number) => fakeInit({ run, videoCodec: null, videoTrackId: null, width: 0, height: 0 });
  const audioInits = new Map([[0, audioInit(0)]]);
  const rungs = (cutoffMs?: number): DashRung[] =>
    [R720, R240].map((rung, i) => ({
      rung,
      inits: inits[i]!,
      view: cutoffMs === undefined ? timelines[i]! : delayedView(timelines[i]!, cutoffMs),
    }));
  const mpd = (cutoffMs?: number, targetMs: number | null = null) => {
    const input = mpdInput(profile, FPS, rungs(cutoffMs), TIME_URL, 60_000, audioInits);
    return input ? renderMpd({ ...input, targetMs }) : null;
  };
  return { stream, inits, audioInits, audioInit, timelines, mpd };
}

/** Attributes of every element named `tag`, in document order. */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}(\\s[^>]*?)?/?>`, 'g'))].map((m) =>
    Object.fromEntries([...(m[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

const one = (xml: string, tag: string) => {
  const all = elements(xml, tag);
  expect(all).toHaveLength(1);
  return all[0]!;
};

/** xs:duration (as written here) to ms. */
const durationMs = (d: string) => Math.round(Number(/^PT([\d.]+)S$/.exec(d)![1]) * 1000);

describe('MPD of dash-ll', () => {
  it('is not rendered before the first segment exists', () => {
    expect(setup(DASH_LL).mpd()).toBeNull();
  });

  it('has the dynamic-MPD timing fields: AST at the first capture, publishTime at the last publication', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(75); // two complete 1 s segments and half of the third
    const xml = mpd()!;
    const root = one(xml, 'MPD');
    expect(root).toMatchObject({ type: 'dynamic', availabilityStartTime: new Date(START_MS).toISOString(), minimumUpdatePeriod: 'PT2S', maxSegmentDuration: 'PT1S' });
    // Segment 1 completed with frame 59, published PUBLISH_DELAY_MS after its capture.
    expect(Date.parse(root.publishTime!)).toBe(Math.floor(captureMs(59) + PUBLISH_DELAY_MS));
    // The window keeps whole segments; the time-shift buffer stays inside it.
    expect(durationMs(root.timeShiftBufferDepth!)).toBeLessThanOrEqual(60_000 - 1000);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"')).toBe(true);
  });

  it('announces chunked availability: segment minus one frame, availabilityTimeComplete false', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(31);
    const templates = elements(mpd()!, 'SegmentTemplate');
    expect(templates).toHaveLength(2); // video and audio
    for (const t of templates) {
      expect(t).toMatchObject({ timescale: '1000', duration: '1000', startNumber: '0', presentationTimeOffset: '0', media: '$RepresentationID$/$Number$.m4s', initialization: '$RepresentationID$/init-0.mp4', availabilityTimeComplete: 'false' });
      expect(Number(t.availabilityTimeOffset)).toBe(0.966);
      expect(Number(t.availabilityTimeOffset)).toBeLessThanOrEqual(1 - 1 / FPS);
    }
    expect(availabilityTimeOffsetS(DASH2, FPS)).toBeNull();
  });

  it('has a ServiceDescription with latency target and catch-up rates, and UTCTiming at /time', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(31);
    const xml = mpd()!;
    expect(one(xml, 'Latency')).toEqual({ referenceId: '0', target: '1500', min: '1000', max: '3000' });
    expect(one(xml, 'PlaybackRate')).toEqual({ min: '0.96', max: '1.04' });
    const timings = elements(xml, 'UTCTiming');
    expect(timings.length).toBeGreaterThanOrEqual(1);
    for (const t of timings) expect(t).toEqual({ schemeIdUri: 'urn:mpeg:dash:utc:http-iso:2014', value: TIME_URL });
  });

  it('announces the target= a player session asks for, keeping the headroom to max', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(31);
    expect(one(mpd(undefined, 800)!, 'Latency')).toEqual({ referenceId: '0', target: '800', min: '533', max: '2300' });
    expect(one(mpd(undefined, 3000)!, 'Latency')).toEqual({ referenceId: '0', target: '3000', min: '2000', max: '4500' });
  });

  it('states exact capture times in ProducerReferenceTime: the newest complete segment start', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(75);
    const prts = elements(mpd()!, 'ProducerReferenceTime');
    expect(prts).toHaveLength(2);
    // Segment 1 starts with frame 30: media time 1000 ms, captured at captureMs(30).
    for (const p of prts) expect(p).toEqual({ id: '0', type: 'captured', wallClockTime: new Date(captureMs(30)).toISOString(), presentationTime: '1000' });
  });

  it('lists every rung with its real codecs, size, bandwidth and frame rate, and the audio on its own', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(31);
    const xml = mpd()!;
    const sets = elements(xml, 'AdaptationSet');
    expect(sets.map((s) => [s.contentType, s.mimeType])).toEqual([
      ['video', 'video/mp4'],
      ['audio', 'audio/mp4'],
    ]);
    expect(sets[0]).toMatchObject({ frameRate: String(FPS), maxWidth: '1280', maxHeight: '720' });
    const reps = elements(xml, 'Representation');
    expect(reps.map((r) => [r.id, r.width, r.height, r.codecs])).toEqual([
      ['720p', '1280', '720', 'avc1.64001f'],
      ['240p', '426', '240', 'avc1.42c015'],
      ['audio', undefined, undefined, 'mp4a.40.2'],
    ]);
    for (const r of reps) expect(Number(r.bandwidth)).toBeGreaterThan(0);
    expect(one(xml, 'AudioChannelConfiguration').value).toBe('1');
  });

  it('starts a Period per encoder run at the capture time of its first frame', () => {
    const { stream, inits, audioInits, audioInit, mpd } = setup(DASH_LL);
    stream.frames(45);
    stream.restart(15); // half a second of source frames lost while ffmpeg restarts
    for (const m of inits) m.set(1, fakeInit({ run: 1, audioCodec: null, audioTrackId: null }));
    audioInits.set(1, audioInit(1));
    stream.frames(40);
    const xml = mpd()!;
    const periods = elements(xml, 'Period');
    expect(periods.map((p) => p.id)).toEqual(['run-0', 'run-1']);
    expect(durationMs(periods[0]!.start!)).toBe(0);
    // Run 0's media ends with its 15th frame of segment 1; the live Period has no end yet.
    expect(durationMs(periods[0]!.duration!)).toBe(1500);
    expect(periods[1]!.duration).toBeUndefined();
    // Run 1's first frame is source frame 60: captured 2 s after the first.
    expect(durationMs(periods[1]!.start!)).toBe(captureMs(60) - START_MS);
    // Run 0 had segments 0 and 1 (the second cut short); run 1 starts at segment 2.
    expect(elements(xml, 'SegmentTemplate').map((t) => [t.startNumber, t.initialization])).toEqual([
      ['0', '$RepresentationID$/init-0.mp4'],
      ['0', '$RepresentationID$/init-0.mp4'],
      ['2', '$RepresentationID$/init-1.mp4'],
      ['2', '$RepresentationID$/init-1.mp4'],
    ]);
    // Only the live Period carries the producer reference: run 1's segment 2, media time 0.
    expect(elements(xml, 'ProducerReferenceTime')).toEqual([
      expect.objectContaining({ presentationTime: '0', wallClockTime: new Date(captureMs(60)).toISOString() }),
      expect.objectContaining({ presentationTime: '0' }),
    ]);
  });

  it('after a long outage, numbers the new run on the clock and ends the old Period where its media ends', () => {
    const { stream, inits, audioInits, audioInit, mpd } = setup(DASH_LL);
    stream.frames(45);
    stream.restart(60); // a frozen encoder: 2 s of source frames lost before the new run
    for (const m of inits) m.set(1, fakeInit({ run: 1, audioCodec: null, audioTrackId: null }));
    audioInits.set(1, audioInit(1));
    stream.frames(40);
    const xml = mpd()!;
    const periods = elements(xml, 'Period');
    // Run 1 starts 3.5 s in: run 0's template reaches numbers 0..3 before that, so run 1 starts at 4.
    expect(durationMs(periods[1]!.start!)).toBe(captureMs(105) - START_MS);
    expect(elements(xml, 'SegmentTemplate').map((t) => t.startNumber)).toEqual(['0', '0', '4', '4']);
    // Numbers 2 and 3 have no media; Period@duration keeps players off them.
    expect(durationMs(periods[0]!.duration!)).toBe(1500);
  });

  it('through an injected delay, describes the state as it was then', () => {
    const { stream, mpd } = setup(DASH_LL);
    stream.frames(75);
    // 500 ms ago, segment 1 (published captureMs(59) + 40) was not complete yet.
    const root = one(mpd(captureMs(59) + PUBLISH_DELAY_MS - 1)!, 'MPD');
    expect(Date.parse(root.publishTime!)).toBe(Math.floor(captureMs(29) + PUBLISH_DELAY_MS));
  });
});

describe('MPD of dash2', () => {
  it('has 2 s segments, no chunked availability, and a latency target above a segment', () => {
    const { stream, mpd } = setup(DASH2);
    stream.frames(61);
    const xml = mpd()!;
    expect(one(xml, 'MPD')).toMatchObject({ maxSegmentDuration: 'PT2S', profiles: 'urn:mpeg:dash:profile:isoff-live:2011' });
    for (const t of elements(xml, 'SegmentTemplate')) {
      expect(t.duration).toBe('2000');
      expect(t.availabilityTimeOffset).toBeUndefined();
      expect(t.availabilityTimeComplete).toBeUndefined();
    }
    expect(Number(one(xml, 'Latency').target)).toBeGreaterThan(2000);
  });
});

describe('isoDuration', () => {
  it('writes seconds with millisecond precision', () => {
    expect([isoDuration(0), isoDuration(2000), isoDuration(12_345), isoDuration(1500.4)]).toEqual(['PT0S', 'PT2S', 'PT12.345S', 'PT1.5S']);
  });
});
