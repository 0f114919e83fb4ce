import { describe, expect, it } from 'vitest';
import { Timeline } from '../packager/timeline.ts';
import { WaiterPool } from '../packager/waiters.ts';
import { captureMs, FPS, SyntheticStream, START_MS } from '../packager/test-support/synthetic-stream.ts';
import { findProfile, isDash, PROFILES, profileFrames, type LatencyProfile } from '../../shared/stream/profiles.ts';
import { lastPosition, listedSegments, renderMediaPlaylist, type MediaPlaylistRequest, type RenditionReport } from './media-playlist.ts';

const REPORTS: RenditionReport[] = [
  { uri: '480p.m3u8', lastMsn: 12, lastPart: 3 },
  { uri: '240p.m3u8', lastMsn: 11, lastPart: null },
];

/** What each profile must advertise, written out by hand from the HLS spec's rules. */
const EXPECTED: Record<string, { version: number; targetDuration: number; serverControl?: string; partInf?: string }> = {
  ll100: {
    version: 9,
    targetDuration: 1,
    serverControl: '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.3,CAN-SKIP-UNTIL=6',
    partInf: '#EXT-X-PART-INF:PART-TARGET=0.1',
  },
  ll200: {
    version: 9,
    targetDuration: 1,
    serverControl: '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.6,CAN-SKIP-UNTIL=6',
    partInf: '#EXT-X-PART-INF:PART-TARGET=0.2',
  },
  ll500: {
    version: 9,
    targetDuration: 2,
    serverControl: '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5,CAN-SKIP-UNTIL=12',
    partInf: '#EXT-X-PART-INF:PART-TARGET=0.5',
  },
  hls2: { version: 6, targetDuration: 2, serverControl: '#EXT-X-SERVER-CONTROL:HOLD-BACK=6' },
  hls6: { version: 6, targetDuration: 6, serverControl: '#EXT-X-SERVER-CONTROL:HOLD-BACK=18' },
};

const LL_ONLY_TAGS = ['#EXT-X-PART-INF', '#EXT-X-PART:', '#EXT-X-PRELOAD-HINT', '#EXT-X-RENDITION-REPORT', '#EXT-X-SKIP'];

function profile(name: string): LatencyProfile {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
}

function setup(p: LatencyProfile, windowMs = 60_000) {
  const shape = profileFrames(p, FPS);
  const timeline = new Timeline(shape, windowMs, new WaiterPool(10));
  return { timeline, stream: new SyntheticStream(timeline), ...shape };
}

function render(timeline: Timeline, p: LatencyProfile, req: Partial<MediaPlaylistRequest> = {}): string {
  return renderMediaPlaylist(timeline, p, { skip: false, mediaFolder: '720p/', renditionReports: REPORTS, ...req });
}

/** One media segment as listed: the tags that apply to it, its parts and (when complete) its URI. */
interface Listed {
  discontinuity: boolean;
  map: string | null;
  programDateTime: string;
  parts: string[];
  extinf: string | null;
  uri: string | null;
}

/** Splits a media playlist into its segments; every segment here starts with PROGRAM-DATE-TIME. */
function parseSegments(text: string): Listed[] {
  const out: Listed[] = [];
  let discontinuity = false;
  let map: string | null = null;
  for (const line of text.trim().split('\n')) {
    const current = out[out.length - 1];
    if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line.startsWith('#EXT-X-MAP:')) map = line;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      out.push({ discontinuity, map, programDateTime: line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length), parts: [], extinf: null, uri: null });
      discontinuity = false;
      map = null;
    } else if (line.startsWith('#EXT-X-PART:')) current!.parts.push(line);
    else if (line.startsWith('#EXTINF:')) current!.extinf = line;
    else if (!line.startsWith('#')) current!.uri = line;
  }
  return out;
}

const lineStarting = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
const attr = (line: string, name: string) => new RegExp(`[:,]${name}=("[^"]*"|[^,]*)`).exec(line)?.[1];
const seconds = (line: string) => Number(/[:=]([\d.]+)/.exec(line)![1]);

/**
 * Every profile in the same state: 12 complete segments and half of segment 12, with a window
 * of 8 segments, so segments 0..3 have been evicted (the last chunk is at 12.5 segments less
 * one frame; segment 3 ended at 4 segments, more than 8 segments before it).
 */
function steadyState(p: LatencyProfile) {
  const s = setup(p, 8 * p.segmentMs);
  s.stream.frames(12 * s.segmentFrames + s.segmentFrames / 2);
  return s;
}

describe.each(PROFILES.filter((p) => !isDash(p)).map((p) => [p.name, p] as const))('media playlist of %s', (name, p) => {
  const expected = EXPECTED[name]!;
  const ll = p.kind === 'll-hls';

  it('has the header tags of the profile', () => {
    const { timeline } = steadyState(p);
    const text = render(timeline, p);
    const lines = text.split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines).toContain(`#EXT-X-VERSION:${expected.version}`);
    expect(lines).toContain(`#EXT-X-TARGETDURATION:${expected.targetDuration}`);
    expect(lines).toContain('#EXT-X-MEDIA-SEQUENCE:4');
    expect(lineStarting(text, '#EXT-X-DISCONTINUITY')).toEqual([]);
    expect(text.endsWith('\n')).toBe(true);
    expect(lineStarting(text, '#EXT-X-SERVER-CONTROL')).toEqual([expected.serverControl]);
    if (ll) {
      expect(lineStarting(text, '#EXT-X-PART-INF')).toEqual([expected.partInf]);
      const sc = expected.serverControl!;
      expect(Number(attr(sc, 'PART-HOLD-BACK'))).toBeCloseTo((3 * p.partMs!) / 1000, 9);
      expect(Number(attr(sc, 'CAN-SKIP-UNTIL'))).toBe(6 * expected.targetDuration);
    }
  });

  it('lists the window: one MAP for run 0, each segment with the capture time of its first frame', () => {
    const { timeline, segmentFrames } = steadyState(p);
    const segments = parseSegments(render(timeline, p));
    // LL lists the open segment 12 (it has complete parts); plain HLS only complete ones.
    const msns = ll ? [4, 5, 6, 7, 8, 9, 10, 11, 12] : [4, 5, 6, 7, 8, 9, 10, 11];
    expect(segments).toHaveLength(msns.length);
    expect(segments[0]!.map).toBe('#EXT-X-MAP:URI="720p/init-0.mp4"');
    expect(segments.slice(1).every((s) => s.map === null)).toBe(true);
    segments.forEach((s, i) => {
      const msn = msns[i]!;
      expect(s.programDateTime).toBe(new Date(captureMs(msn * segmentFrames)).toISOString());
      expect(s.programDateTime).toBe(new Date(START_MS + msn * p.segmentMs).toISOString());
      if (msn < 12) {
        expect(s.uri).toBe(`720p/${msn}.m4s`);
        expect(seconds(s.extinf!)).toBeCloseTo(p.segmentMs / 1000, 4);
        expect(Math.round(seconds(s.extinf!))).toBeLessThanOrEqual(expected.targetDuration);
      } else {
        expect(s.uri).toBeNull(); // still open: parts only
        expect(s.extinf).toBeNull();
      }
    });
  });

  if (ll) {
    it('lists parts only for segments within the last 3 target durations, with INDEPENDENT on IDR parts', () => {
      const { timeline, partFrames, segmentFrames } = steadyState(p);
      const segments = parseSegments(render(timeline, p));
      const perSegment = segmentFrames / partFrames!;
      const completeInOpen = Math.floor(segmentFrames / 2 / partFrames!);
      // Target duration equals the segment length in every LL profile: the last 3 segments.
      expect(segments.slice(0, -3).every((s) => s.parts.length === 0)).toBe(true);
      expect(segments.slice(-3).map((s) => s.parts.length)).toEqual([perSegment, perSegment, completeInOpen]);
      for (const [k, msn] of [10, 11, 12].entries()) {
        const parts = segments[segments.length - 3 + k]!.parts;
        parts.forEach((line, index) => {
          expect(attr(line, 'URI')).toBe(`"720p/${msn}.${index}.m4s"`);
          expect(seconds(line)).toBeCloseTo(p.partMs! / 1000, 4);
          // An IDR every 30 frames: parts whose first frame is a multiple of 30 start with one.
          expect(line.endsWith(',INDEPENDENT=YES')).toBe((index * partFrames!) % FPS === 0);
        });
      }
    });

    it('ends with the preload hint of the next part and the rendition reports', () => {
      const { timeline, partFrames, segmentFrames } = steadyState(p);
      const text = render(timeline, p);
      const nextIndex = Math.floor(segmentFrames / 2 / partFrames!);
      const tail = text.trim().split('\n').slice(-3);
      expect(tail).toEqual([
        `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="720p/12.${nextIndex}.m4s"`,
        '#EXT-X-RENDITION-REPORT:URI="480p.m3u8",LAST-MSN=12,LAST-PART=3',
        '#EXT-X-RENDITION-REPORT:URI="240p.m3u8",LAST-MSN=11',
      ]);
    });

    it('hints part 0 of the next segment when the last one just closed', () => {
      const { timeline, stream, segmentFrames } = setup(p);
      stream.frames(2 * segmentFrames);
      expect(lineStarting(render(timeline, p), '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="720p/2.0.m4s"']);
    });

    it('answers _HLS_skip with a delta update keeping at least CAN-SKIP-UNTIL seconds', () => {
      const { timeline } = steadyState(p);
      const full = render(timeline, p);
      const delta = render(timeline, p, { skip: true });
      const skipUntil = 6 * expected.targetDuration;

      expect(lineStarting(delta, '#EXT-X-MEDIA-SEQUENCE')).toEqual(lineStarting(full, '#EXT-X-MEDIA-SEQUENCE'));
      expect(lineStarting(full, '#EXT-X-SKIP')).toEqual([]);
      const skipLines = lineStarting(delta, '#EXT-X-SKIP');
      expect(skipLines).toHaveLength(1);
      const skipped = Number(attr(skipLines[0]!, 'SKIPPED-SEGMENTS'));
      expect(skipped).toBe(2); // segments 4 and 5: 6 complete segments + half of one cover the skip boundary

      const fullSegments = parseSegments(full);
      const deltaSegments = parseSegments(delta);
      expect(deltaSegments.map((s) => s.programDateTime)).toEqual(fullSegments.slice(skipped).map((s) => s.programDateTime));
      expect(deltaSegments.map((s) => s.uri)).toEqual(fullSegments.slice(skipped).map((s) => s.uri));
      expect(deltaSegments[0]!.map).toBe('#EXT-X-MAP:URI="720p/init-0.mp4"');

      const durationOf = (segs: Listed[]) =>
        segs.reduce((sum, s) => sum + (s.extinf ? seconds(s.extinf) : s.parts.reduce((n, part) => n + seconds(part), 0)), 0);
      expect(durationOf(deltaSegments)).toBeGreaterThanOrEqual(skipUntil);
      // It skips all it may: one segment fewer would fall short of the boundary.
      expect(durationOf(deltaSegments.slice(1))).toBeLessThan(skipUntil);
      // The tail (hint, reports) is the same.
      expect(delta.split('\n').slice(-4)).toEqual(full.split('\n').slice(-4));
    });

    it('does not skip when the playlist is shorter than CAN-SKIP-UNTIL', () => {
      const { timeline, stream, segmentFrames } = setup(p);
      stream.frames(3 * segmentFrames);
      const delta = render(timeline, p, { skip: true });
      expect(lineStarting(delta, '#EXT-X-SKIP')).toEqual([]);
      expect(parseSegments(delta)).toHaveLength(3);
    });
  } else {
    it('has none of the LL-HLS tags, even when a delta update is asked for', () => {
      const { timeline } = steadyState(p);
      for (const skip of [false, true]) {
        const text = render(timeline, p, { skip });
        for (const tag of LL_ONLY_TAGS) expect(lineStarting(text, tag)).toEqual([]);
        expect(lineStarting(text, '#EXTINF')).toHaveLength(8);
      }
    });
  }

  it('advertises the hold-back the holdback= option asks for', () => {
    const { timeline } = steadyState(p);
    const advertised = (holdback: number) => {
      const sc = lineStarting(render(timeline, p, { holdback }), '#EXT-X-SERVER-CONTROL')[0]!;
      return Number(attr(sc, ll ? 'PART-HOLD-BACK' : 'HOLD-BACK'));
    };
    const unit = ll ? p.partMs! / 1000 : expected.targetDuration;
    expect(advertised(3)).toBeCloseTo(3 * unit, 9);
    expect(advertised(4)).toBeCloseTo(4 * unit, 9);
    // LL: 2 part targets is the spec's minimum; plain HLS: HOLD-BACK never below 3 target durations.
    expect(advertised(2)).toBeCloseTo((ll ? 2 : 3) * unit, 9);
    expect(advertised(2.5)).toBeCloseTo((ll ? 2.5 : 3) * unit, 9);
  });

  it('starts a new MAP after a DISCONTINUITY when the encoder restarts', () => {
    const { timeline, stream, segmentFrames } = setup(p);
    stream.frames(segmentFrames + 10); // segment 1 holds 10 frames when ffmpeg restarts
    stream.restart(7); // 7 source frames were lost during the restart
    const run1 = stream.frames(2 * segmentFrames);
    const text = render(timeline, p);
    const segments = parseSegments(text);
    expect(segments.map((s) => [s.discontinuity, s.map])).toEqual([
      [false, '#EXT-X-MAP:URI="720p/init-0.mp4"'],
      [false, null],
      [true, '#EXT-X-MAP:URI="720p/init-1.mp4"'],
      [false, null],
    ]);
    expect(lineStarting(text, '#EXT-X-DISCONTINUITY')).toEqual(['#EXT-X-DISCONTINUITY']);
    // The cut-short segment 1 says how long it really is.
    expect(segments[1]!.uri).toBe('720p/1.m4s');
    expect(seconds(segments[1]!.extinf!)).toBeCloseTo(10 / FPS, 4);
    // Program date-times follow the capture clock across the restart.
    expect(segments[2]!.programDateTime).toBe(new Date(run1[0]!.captureTimeMs).toISOString());
    expect(segments[2]!.programDateTime).toBe(new Date(captureMs(segmentFrames + 10 + 7)).toISOString());
    expect(segments[3]!.programDateTime).toBe(new Date(captureMs(2 * segmentFrames + 10 + 7)).toISOString());
  });

  it('counts evicted discontinuities in EXT-X-DISCONTINUITY-SEQUENCE', () => {
    const { timeline, stream, segmentFrames } = setup(p, 3 * p.segmentMs);
    stream.frames(segmentFrames);
    stream.restart();
    stream.frames(10 * segmentFrames);
    const text = render(timeline, p);
    expect(lineStarting(text, '#EXT-X-DISCONTINUITY-SEQUENCE')).toEqual(['#EXT-X-DISCONTINUITY-SEQUENCE:1']);
    expect(lineStarting(text, '#EXT-X-DISCONTINUITY')).toEqual(['#EXT-X-DISCONTINUITY-SEQUENCE:1']);
    expect(parseSegments(text)[0]!.map).toBe('#EXT-X-MAP:URI="720p/init-1.mp4"');
  });
});

describe('listedSegments and lastPosition', () => {
  it('lists an open LL segment once it has a complete part, and reports its last part', () => {
    const p = profile('ll200');
    const { timeline, stream } = setup(p);
    expect(lastPosition(timeline)).toBeNull();
    stream.frames(35);
    expect(listedSegments(timeline).map((s) => s.msn)).toEqual([0]);
    expect(lastPosition(timeline)).toEqual({ msn: 0, part: 4 });
    stream.frames(1);
    expect(listedSegments(timeline).map((s) => s.msn)).toEqual([0, 1]);
    expect(lastPosition(timeline)).toEqual({ msn: 1, part: 0 });
  });

  it('reports the last complete segment without a part for plain HLS', () => {
    const p = profile('hls2');
    const { timeline, stream } = setup(p);
    stream.frames(60 + 59);
    expect(listedSegments(timeline).map((s) => s.msn)).toEqual([0]);
    expect(lastPosition(timeline)).toEqual({ msn: 0, part: null });
  });

  it('renders an empty LL playlist that hints the very first part', () => {
    const p = profile('ll200');
    const { timeline } = setup(p);
    const text = render(timeline, p, { renditionReports: [] });
    expect(lineStarting(text, '#EXT-X-MEDIA-SEQUENCE')).toEqual(['#EXT-X-MEDIA-SEQUENCE:0']);
    expect(parseSegments(text)).toEqual([]);
    expect(lineStarting(text, '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="720p/0.0.m4s"']);
  });
});

describe('delta updates around an encoder restart', () => {
  const listedSeconds = (segs: Listed[]) =>
    segs.reduce((sum, s) => sum + (s.extinf ? seconds(s.extinf) : s.parts.reduce((n, part) => n + seconds(part), 0)), 0);

  it.each(['ll100', 'll200', 'll500'])('%s: what is left after EXT-X-SKIP always covers CAN-SKIP-UNTIL', (name) => {
    const p = profile(name);
    const { timeline, stream, segmentFrames } = setup(p);
    const skipUntil = 6 * Math.ceil(p.segmentMs / 1000);
    // A restart leaves a short segment (10 frames) in the middle of the playlist.
    stream.frames(2 * segmentFrames + 10);
    stream.restart();
    let skippedSomething = false;
    for (let f = 0; f < 8 * segmentFrames; f++) {
      stream.frames(1);
      const delta = render(timeline, p, { skip: true });
      if (lineStarting(delta, '#EXT-X-SKIP').length === 0) continue;
      skippedSomething = true;
      const kept = listedSeconds(parseSegments(delta));
      if (kept < skipUntil - 1e-9) {
        throw new Error(`after ${f + 1} frames of run 1 the delta update keeps only ${kept.toFixed(3)} s < ${skipUntil} s:\n${delta}`);
      }
    }
    expect(skippedSomething).toBe(true);
  });
});

describe('media playlist of the audio rendition', () => {
  it('lists audio parts (all independent) in audio/, hints the next one and reports the video rungs', () => {
    const p = profile('ll200');
    const timeline = new Timeline(profileFrames(p, FPS), 60_000, new WaiterPool(10));
    const aacMs = (1024 / 48_000) * 1000;
    // 2.5 s of AAC frames on the video frame clock.
    for (let i = 0; i * aacMs < 2500; i++) {
      const startMs = i * aacMs;
      timeline.append({
        run: 0,
        frameInRun: Math.floor((startMs * FPS) / 1000),
        frameNumber: Math.floor((startMs * FPS) / 1000),
        captureTimeMs: START_MS + startMs,
        durationMs: aacMs,
        frames: (aacMs * FPS) / 1000,
        keyframe: true,
        bytes: Buffer.alloc(8),
        publishedAtMs: START_MS + startMs + aacMs,
      });
    }
    const reports: RenditionReport[] = [
      { uri: '720p.m3u8', lastMsn: 2, lastPart: 1 },
      { uri: '240p.m3u8', lastMsn: 2, lastPart: 1 },
    ];
    const text = renderMediaPlaylist(timeline, p, { skip: false, mediaFolder: 'audio/', renditionReports: reports, partTargetMs: 200 + aacMs, holdback: 2 });
    const segments = parseSegments(text);
    expect(segments.map((s) => s.uri)).toEqual(['audio/0.m4s', 'audio/1.m4s', null]);
    expect(segments[2]!.parts).toEqual([
      '#EXT-X-PART:DURATION=0.21333,URI="audio/2.0.m4s",INDEPENDENT=YES',
      '#EXT-X-PART:DURATION=0.19200,URI="audio/2.1.m4s",INDEPENDENT=YES',
    ]);
    // PART-TARGET covers the longest audio part; PART-HOLD-BACK stays at least twice it.
    expect(lineStarting(text, '#EXT-X-PART-INF')).toEqual(['#EXT-X-PART-INF:PART-TARGET=0.222']);
    expect(lineStarting(text, '#EXT-X-SERVER-CONTROL')[0]).toContain('PART-HOLD-BACK=0.444,');
    for (const s of segments) for (const part of s.parts) expect(seconds(part)).toBeLessThanOrEqual(0.222);
    expect(text.trim().split('\n').slice(-3)).toEqual([
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="audio/2.2.m4s"',
      '#EXT-X-RENDITION-REPORT:URI="720p.m3u8",LAST-MSN=2,LAST-PART=1',
      '#EXT-X-RENDITION-REPORT:URI="240p.m3u8",LAST-MSN=2,LAST-PART=1',
    ]);
  });
});
