import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DashEngine as DashEngineClass } from './dash-engine.ts';
import type { EngineEvent } from './engine.ts';
import { loadDashjs } from './testing/dashjs-in-node.ts';

/**
 * Node has no Media Source Extensions, so the real dash.js refuses to play here exactly as it does
 * in a browser without MSE: this checks the adapter's wiring to dash.js's ERROR event and its
 * teardown, not playback (that needs a browser). dash.js looks for MediaSource on `window`: here
 * that is Node's global object, which has none.
 */
let DashEngine: typeof DashEngineClass;
const scope = globalThis as Record<string, unknown>;
const hadWindow = 'window' in scope;
beforeAll(async () => {
  await loadDashjs();
  ({ DashEngine } = await import('./dash-engine.ts'));
  if (!hadWindow) scope.window = globalThis;
});
afterAll(() => {
  if (!hadWindow) delete scope.window;
});

/** Just enough of a <video> for the stall detector, which only adds and removes listeners. */
const fakeVideo = () => new EventTarget() as unknown as HTMLVideoElement;

let engine: DashEngineClass | null = null;
afterEach(() => {
  engine?.destroy();
  engine = null;
});

function started(settings = {}): { engine: DashEngineClass; events: EngineEvent[] } {
  engine = new DashEngine(fakeVideo(), settings);
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  return { engine, events };
}

describe('DashEngine without Media Source Extensions', () => {
  it('is not supported', () => {
    expect(DashEngine.isSupported()).toBe(false);
  });

  it('load() reports a fatal error that says why, then leaves the engine inert', async () => {
    const { engine, events } = started();
    engine.load('http://localhost:8080/live/dash-ll/manifest.mpd');
    expect(events).toEqual([{ type: 'error', fatal: true, code: 'unsupported', detail: 'this browser has no Media Source Extensions: mediasource is not supported' }]);
    // The player is dropped after dash.js has finished dispatching the error.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.snapshot()).toEqual({ latencyS: NaN, targetLatencyS: NaN, playheadDateMs: NaN, playheadPrftMs: NaN, rendition: null, bandwidthEstimateBps: NaN });
    expect(engine.effectiveSettings()).toEqual({});
    expect(engine.renditions()).toEqual([]);
  });

  it('reports settings changes before any load as applied on (re)load', () => {
    const { engine, events } = started({ liveDelay: null });
    engine.applySettings({ liveDelay: 1 });
    engine.applySettings({ liveDelay: 1 });
    expect(events).toEqual([{ type: 'settings-applied', changed: ['liveDelay'], reloaded: true }]);
  });
});
