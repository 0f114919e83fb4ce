import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from './engine.ts';
import { detectStalls } from './stall-detector.ts';

/** The detector only listens: an EventTarget stands in for the <video>, on a clock the test moves. */
let nowMs = 0;
let video: EventTarget;
let events: EngineEvent[];
let detach: () => void;

beforeEach(() => {
  nowMs = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
  video = new EventTarget();
  events = [];
  detach = detectStalls(video as HTMLVideoElement, (e) => events.push(e));
});

afterEach(() => {
  detach();
  vi.restoreAllMocks();
});

const fire = (...types: string[]) => {
  for (const type of types) video.dispatchEvent(new Event(type));
};

describe('detectStalls', () => {
  it('does not count the wait before playback first starts', () => {
    fire('waiting', 'waiting');
    nowMs += 3000;
    fire('playing');
    expect(events).toEqual([]);
  });

  it('reports a stall from waiting to playing, with its duration, once however often waiting fires', () => {
    fire('playing');
    nowMs = 5000;
    fire('waiting');
    nowMs = 5300;
    fire('waiting');
    nowMs = 5750.5;
    fire('playing');
    nowMs = 6000;
    fire('playing');
    expect(events).toEqual([{ type: 'stall-start' }, { type: 'stall-end', durationMs: 750.5 }]);
  });

  it('does not call a seek a stall', () => {
    fire('playing', 'seeking', 'waiting');
    nowMs += 400;
    fire('seeked', 'playing');
    expect(events).toEqual([]);
    // After the seek, waiting is a stall again.
    fire('waiting');
    expect(events).toEqual([{ type: 'stall-start' }]);
  });

  it('ends an ongoing stall on detach, and stops listening', () => {
    fire('playing', 'waiting');
    nowMs += 1200;
    detach();
    detach = () => undefined;
    fire('playing', 'waiting');
    expect(events).toEqual([{ type: 'stall-start' }, { type: 'stall-end', durationMs: 1200 }]);
  });

  it('emits nothing on detach without a stall', () => {
    fire('playing');
    detach();
    detach = () => undefined;
    expect(events).toEqual([]);
  });

  it('reports a forward jump of 1 s or more as a recovery "jumped N s", and not a small nudge', () => {
    const media = video as unknown as { currentTime: number };
    media.currentTime = 10;
    fire('playing', 'timeupdate');
    media.currentTime = 10.3; // a nudge over a gap
    fire('seeking', 'seeked', 'timeupdate');
    media.currentTime = 14.5; // back to the live edge after a freeze
    fire('seeking', 'seeked');
    expect(events).toEqual([{ type: 'recovered', detail: 'jumped 4.2 s' }]);
  });
});

