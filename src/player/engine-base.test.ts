import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineError, EngineEvent, EngineSettings, EngineSnapshot, Rendition } from './engine.ts';
import { EMPTY_SNAPSHOT, EngineBase } from './engine-base.ts';
import { MAX_RECOVERIES } from './recovery.ts';
import type { SettingDef } from './settings-schema.ts';

const DEFS: SettingDef[] = [
  { key: 'live', label: 'live', group: 'g', type: 'number', default: 1, help: '' },
  { key: 'onLoad', label: 'onLoad', group: 'g', type: 'number', default: 1, help: '', requiresReload: true },
];

/** The smallest adapter: it records what the base asks of it, and lets a test raise errors and load media. */
class FakeEngine extends EngineBase {
  readonly name = 'hls' as const;
  readonly calls: string[] = [];
  /** What applyLive answers: false = "needs a new player". */
  live = true;
  player = 0;

  constructor(settings: EngineSettings = {}) {
    super(new EventTarget() as unknown as HTMLVideoElement, settings, DEFS);
  }
  snapshot(): EngineSnapshot {
    return EMPTY_SNAPSHOT;
  }
  effectiveSettings(): Record<string, unknown> {
    return {};
  }
  renditions(): Rendition[] {
    return [];
  }
  protected create(): void {
    this.player++;
    this.calls.push(`create ${this.player}`);
  }
  protected teardown(): void {
    this.calls.push(`teardown ${this.player}`);
  }
  protected applyLive(changed: readonly string[]): boolean {
    this.calls.push(`live ${changed.join(',')}`);
    return this.live;
  }
  protected applyLock(): void {
    this.calls.push(`lock ${this.lock}`);
  }
  fail(code: EngineError['code'], recoverable = true, fatal = true): void {
    const error: EngineError = { type: 'error', fatal, code, detail: code };
    this.emit(error);
    this.afterError(error, recoverable, () => this.calls.push('recover'), () => this.calls.push('give up'));
  }
  failNewPlayer(recoverable = true): void {
    const player = this.player;
    const error: EngineError = { type: 'error', fatal: true, code: 'media', detail: 'decode' };
    this.recreateAfterError(error, recoverable, () => this.player === player);
  }
  media(): void {
    this.mediaLoaded();
  }
}

let engine: FakeEngine;
let events: EngineEvent[];
beforeEach(() => {
  vi.useFakeTimers();
  engine = new FakeEngine();
  events = [];
  engine.on((e) => events.push(e));
  engine.load('http://x/master.m3u8');
  engine.calls.length = 0;
});
afterEach(() => {
  engine.destroy();
  vi.useRealTimers();
});

describe('EngineBase recovery', () => {
  it('recovers on a timer, never inside the library callback, backing off between network tries', () => {
    engine.fail('network');
    expect(engine.calls).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(engine.calls).toEqual(['recover']);
    engine.fail('network');
    vi.advanceTimersByTime(999);
    expect(engine.calls).toEqual(['recover']);
    vi.advanceTimersByTime(1);
    expect(engine.calls).toEqual(['recover', 'recover']);
  });

  it('keeps every pending recovery until it runs (a media retry is not lost to the network error after it)', () => {
    engine.fail('media');
    engine.fail('network');
    vi.advanceTimersByTime(1000);
    expect(engine.calls).toEqual(['recover', 'recover']);
  });

  it(`gives up at once on a final error and after ${MAX_RECOVERIES} tries, dropping what was still pending`, () => {
    engine.fail('unreachable', false);
    expect(engine.calls).toEqual(['give up']);
    engine.calls.length = 0;
    for (let i = 0; i < MAX_RECOVERIES; i++) engine.fail('network');
    engine.fail('network');
    vi.advanceTimersByTime(60_000);
    expect(engine.calls).toEqual(['give up']);
  });

  it('says "recovered" once when media loads after a recovery, and counts the tries afresh', () => {
    for (let i = 0; i < MAX_RECOVERIES; i++) engine.fail('media');
    engine.media();
    engine.media();
    expect(events.filter((e) => e.type === 'recovered')).toEqual([{ type: 'recovered', detail: 'media loading again' }]);
    engine.fail('media');
    vi.advanceTimersByTime(0);
    expect(engine.calls.filter((c) => c === 'give up')).toEqual([]);
  });

  it('a non-fatal error is only reported: no try is spent on it', () => {
    for (let i = 0; i < MAX_RECOVERIES + 3; i++) engine.fail('network', true, false);
    vi.advanceTimersByTime(60_000);
    expect(engine.calls).toEqual([]);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(MAX_RECOVERIES + 3);
    engine.fail('network');
    vi.advanceTimersByTime(0);
    expect(engine.calls).toEqual(['recover']);
  });

  it('a new load or destroy cancels a pending recovery', () => {
    engine.fail('network');
    engine.load('http://x/other.m3u8');
    engine.fail('network');
    engine.fail('network');
    engine.destroy();
    vi.advanceTimersByTime(60_000);
    expect(engine.calls).toEqual(['create 2', 'teardown 2']);
  });

  it('a library that recovers with a new player gets one on a timer, or is dropped on giving up; a stale player is left alone', () => {
    engine.failNewPlayer();
    vi.advanceTimersByTime(0);
    expect(engine.calls).toEqual(['create 2']);
    engine.failNewPlayer(false);
    expect(engine.calls).toEqual(['create 2']);
    vi.advanceTimersByTime(0);
    expect(engine.calls).toEqual(['create 2', 'teardown 2']);
    engine.calls.length = 0;
    // An error of player 2 whose recovery runs once player 3 plays: nothing to do.
    engine.failNewPlayer();
    engine.load('http://x/again.m3u8');
    vi.advanceTimersByTime(0);
    expect(engine.calls).toEqual(['create 3']);
  });
});

describe('EngineBase settings and lifecycle', () => {
  it('applies live knobs on the running player, re-creates it for a load-only knob or when it cannot, and reports each round', () => {
    engine.applySettings({ live: 2 });
    engine.applySettings({ live: 2 });
    engine.applySettings({ live: 2, onLoad: 3 });
    engine.live = false;
    engine.applySettings({ live: 4, onLoad: 3 });
    expect(engine.calls).toEqual(['live live', 'create 2', 'live live', 'create 3']);
    expect(events.filter((e) => e.type === 'settings-applied')).toEqual([
      { type: 'settings-applied', changed: ['live'], reloaded: false },
      { type: 'settings-applied', changed: ['onLoad'], reloaded: true },
      { type: 'settings-applied', changed: ['live'], reloaded: true },
    ]);
  });

  it('follows the levelLock knob and direct locks', () => {
    engine.applySettings({ levelLock: 2 });
    engine.setRenditionLock(-5);
    expect(engine.calls).toEqual(['live levelLock', 'lock -1']);
  });

  it('does nothing after destroy: no load, no settings, no events', () => {
    engine.destroy();
    engine.load('http://x/master.m3u8');
    engine.applySettings({ live: 9 });
    expect(engine.calls).toEqual(['teardown 1']);
    expect(events).toEqual([]);
  });
});
