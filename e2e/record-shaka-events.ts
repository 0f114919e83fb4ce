/**
 * Records what a real Shaka Player dispatches while it plays the origin, as a small JSON fixture
 * for the normalizer's unit tests (src/player/shaka-recorded.test.ts). Re-record after a Shaka upgrade:
 *
 *   npm start -- --port 8811 --ladder twitch &   # under the heavy-job lock, see the team rules
 *   npx tsx e2e/record-shaka-events.ts --origin http://localhost:8811
 *
 * A bare page at the origin's address runs Shaka's own bundle (no Glassmeter code), so the
 * payloads are Shaka's, not the adapter's. Kept per stream: the first two events of each shape
 * (request kind, part or not, audio or video), the variant tracks, getStats(), and one failed
 * load (a 404 master playlist) with its 'downloadfailed' and error.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, systemChromium } from '../src/measure/chromium.ts';

const { values } = parseArgs({
  options: {
    origin: { type: 'string', default: 'http://localhost:8811' },
    out: { type: 'string', default: 'src/player/testing/shaka-recorded.json' },
    seconds: { type: 'string', default: '10' },
  },
});
const origin = new URL(values.origin).origin;
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 60)) throw new Error('--seconds: 1..60');
const STREAMS = ['/live/ll200/master.m3u8', '/live/dash-ll/manifest.mpd'];

const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  // tsx (esbuild, keepNames) wraps named inner functions in __name(): give the page a no-op one.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.route(`${origin}/__record`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><video muted playsinline></video>' }));
  await page.goto(`${origin}/__record`);
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled-es2021.js') });
  const streams: Record<string, unknown> = {};
  for (const path of STREAMS) {
    streams[path] = await page.evaluate(recordInPage, { url: `${origin}${path}`, missing: `${origin}/live/no-such-profile/${path.split('/').pop()}`, ms: seconds * 1000 });
  }
  const shakaVersion = await page.evaluate(() => (window as unknown as { shaka: { Player: { version: string } } }).shaka.Player.version);
  const fixture = { recordedAt: new Date().toISOString(), shakaVersion, userAgent: await page.evaluate(() => navigator.userAgent), origin, streams };
  writeFileSync(values.out, JSON.stringify(fixture, null, 1) + '\n');
  console.log(`wrote ${values.out}`);
} finally {
  await browser.close();
}

/** Runs in the page: plays `url` for `ms`, then loads `missing`; returns the recorded payloads. */
async function recordInPage({ url, missing, ms }: { url: string; missing: string; ms: number }) {
  // Shaka's compiled build has no typings in the page: its objects are walked as plain records.
  type Rec = Record<string, unknown>;
  interface PlayerLike {
    addEventListener(type: string, listener: (e: Rec) => void): void;
    configure(config: Rec): void;
    attach(video: HTMLVideoElement): Promise<void>;
    load(url: string): Promise<void>;
    destroy(): Promise<void>;
    getManifest(): { isLowLatency?: boolean; serviceDescription?: unknown } | null;
    getStats(): unknown;
    getVariantTracks(): unknown;
    getConfiguration(): { streaming: { liveSync: unknown } };
    getPlayheadTimeAsDate(): Date | null;
  }
  const shaka = (window as unknown as { shaka: { Player: new () => PlayerLike } }).shaka;
  const video = document.querySelector('video')!;
  /** Left out: a stack names this machine's paths; a response's originalRequest repeats the request. */
  const DROP = new Set(['stack', 'originalRequest']);
  /** Own enumerable data, `depth` levels deep; buffers become their size, functions are left out. */
  const plain = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { byteLength: v.byteLength };
    if (depth === 0) return undefined;
    if (Array.isArray(v)) return v.map((x) => plain(x, depth - 1));
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) {
      if (DROP.has(k)) continue;
      const p = plain(x, depth - 1);
      if (p !== undefined) out[k] = p;
    }
    return out;
  };
  /** The request context, with the SegmentReference's exported methods (its fields are renamed in the compiled build) as their results. */
  const context = (c: unknown) => {
    if (!c || typeof c !== 'object') return c;
    const { segment, stream, ...rest } = c as Rec & { segment?: Rec & { isPartial(): boolean; getStartTime(): number; getEndTime(): number } };
    return {
      ...(plain(rest, 2) as Rec),
      ...(stream ? { stream: plain(stream, 1) } : {}),
      ...(segment ? { segment: { isPartial: segment.isPartial(), getStartTime: segment.getStartTime(), getEndTime: segment.getEndTime() } } : {}),
    };
  };
  const events: Rec[] = [];
  const seen = new Map<string, number>();
  const keep = (shape: string) => {
    const n = seen.get(shape) ?? 0;
    seen.set(shape, n + 1);
    return n < 2;
  };
  const at = () => ({ clockOffsetMs: Date.now() - performance.now(), endPerf: performance.now() });
  const player = new shaka.Player();
  const on = (type: string, record: (e: Rec) => Rec | null) =>
    player.addEventListener(type, (e) => {
      const r = record(e);
      if (r) events.push({ type, ...at(), ...r });
    });
  const shapeOf = (e: Rec) => {
    const c = e.context as { type?: number; segment?: { isPartial(): boolean }; stream?: { type?: string } } | undefined;
    // A blocking playlist reload (LL-HLS delivery directives) is its own shape.
    const blocking = ((e.request as { uris?: string[] } | undefined)?.uris?.[0] ?? '').includes('_HLS_msn=');
    return `${String(e.requestType)}/${String(c?.type)}/${c?.segment?.isPartial() ?? '-'}/${c?.stream?.type ?? '-'}/${blocking}`;
  };
  on('downloadcompleted', (e) =>
    keep(`ok ${shapeOf(e)}`) ? { requestType: e.requestType, request: plain(e.request, 2), context: context(e.context), response: plain(e.response, 2) } : null,
  );
  on('downloadfailed', (e) =>
    keep(`failed ${shapeOf(e)}`)
      ? { requestType: e.requestType, request: plain(e.request, 2), context: context(e.context), error: plain(e.error, 3), httpResponseCode: e.httpResponseCode, aborted: e.aborted }
      : null,
  );
  for (const type of ['adaptation', 'variantchanged']) on(type, (e) => (keep(type) ? { oldTrack: plain(e.oldTrack, 1), newTrack: plain(e.newTrack, 1) } : null));
  on('mediaqualitychanged', (e) => (keep('quality') ? { mediaQuality: plain(e.mediaQuality, 1), position: e.position } : null));
  on('error', (e) => (keep('error') ? { detail: plain(e.detail, 3) } : null));
  player.configure({ streaming: { observeQualityChanges: true } });
  await player.attach(video);
  await player.load(url);
  void video.play().catch(() => undefined);
  await new Promise((r) => setTimeout(r, ms));
  const manifest = player.getManifest();
  const played = {
    stats: plain(player.getStats(), 2),
    variantTracks: plain(player.getVariantTracks(), 2),
    isLowLatency: manifest?.isLowLatency,
    serviceDescription: plain(manifest?.serviceDescription ?? null, 1),
    liveSync: plain(player.getConfiguration().streaming.liveSync, 2),
    playheadDateMs: player.getPlayheadTimeAsDate()?.getTime() ?? null,
  };
  let loadError: unknown = null;
  try {
    await player.load(missing);
  } catch (err) {
    loadError = plain(err, 3);
  }
  await player.destroy();
  return { url, missing, ...played, loadError, events };
}
