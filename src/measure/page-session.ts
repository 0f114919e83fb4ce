import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { AvOffsetSample } from '../analyzer/av-sync.ts';
import { refetchSummary, type RefetchSummary } from '../analyzer/refetch.ts';
import type { FrameSample, Marker } from '../analyzer/types.ts';
import { CHROMIUM_ARGS, systemChromium } from './chromium.ts';

/**
 * Drives the real Glassmeter page in headless Chromium and reads what its analyzer measured:
 * the numbers are the app's own. Shared by the benchmarks and the measurement CLI.
 */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  return chromium.launch({ executablePath: systemChromium(executablePath), args: CHROMIUM_ARGS, headless: true });
}

export interface PageRun {
  page: Page;
  close(): Promise<void>;
}

export async function openPlayer(browser: Browser, appUrl: string): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(appUrl);
  return { page, close: () => context.close() };
}

/** Waits until frames are being analyzed; throws with the page's own error message otherwise. */
export async function waitForFrames(page: Page, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await page.evaluate(() => ({
      frames: window.__glassmeter?.session?.frames.length ?? 0,
      error: document.querySelector('[data-testid="error-message"]')?.textContent ?? null,
    }));
    if (state.error) throw new Error(state.error);
    if (state.frames > 0) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`no frame was presented within ${timeoutMs / 1000} s (${await whyNoFrame(page)})`);
}

/**
 * What the page had got when no frame came: the element's state and the engine's requests, so a
 * failure seen once (in CI, say) says whether nothing loaded, nothing played or nothing was read.
 */
async function whyNoFrame(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const video = document.querySelector('video');
      const buffered = video ? Array.from({ length: video.buffered.length }, (_, i) => `${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`) : [];
      const session = window.__glassmeter?.session;
      const requests = session?.requests.toArray() ?? [];
      const kinds = new Map<string, number>();
      for (const r of requests) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
      const failed = requests.filter((r) => r.status === 0 || r.status >= 400).length;
      const last = requests.at(-1);
      const source = !video?.src ? 'no src' : video.src.startsWith('blob:') ? 'MediaSource src' : 'src';
      const element = video
        ? `video readyState ${video.readyState}, networkState ${video.networkState}, ${source}, error ${video.error?.code ?? 'none'}, currentTime ${video.currentTime.toFixed(2)}, ${video.paused ? 'paused' : 'playing'}, buffered [${buffered.join(' ')}]`
        : 'no video element';
      const byKind = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
      const got = `${requests.length} requests (${byKind}; ${failed} failed)${last ? `, last ${last.kind} ${last.url.replace(/^.*\/live\//, '')} status ${last.status}` : ''}`;
      const marks = (session?.markers.toArray() ?? []).slice(-6).map((m) => m.label).join(' | ');
      return `${element}; ${got}; markers: ${marks || 'none'}`;
    })
    .catch((e: unknown) => `the page could not be read: ${e instanceof Error ? e.message : String(e)}`);
}

/** Origin-clock "now" as the page's analyzer sees it. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => window.__glassmeter?.session?.now() ?? Date.now());
}

export interface CollectedWindow {
  frames: FrameSample[];
  markers: Marker[];
  avOffsets: AvOffsetSample[];
  readCosts: number[];
  readPath: string | null;
  /** Requests started in the window that came through a CDN edge, by its X-Cache (hit, coalesced, miss, pass). */
  cacheStatuses: Record<string, number>;
  /** Media objects fetched in the window, and those fetched again. */
  media: RefetchSummary;
}

/** Frames and markers the analyzer recorded from `fromMs` (origin clock) on. */
export async function collectSince(page: Page, fromMs: number): Promise<CollectedWindow> {
  const got = await page.evaluate((from) => {
    const session = window.__glassmeter?.session;
    if (!session) return { frames: [], markers: [], avOffsets: [], readCosts: [], readPath: null, cacheStatuses: {}, fetches: [] };
    const cacheStatuses: Record<string, number> = {};
    const requests = session.requests.toArray();
    for (const r of requests) {
      if (r.startMs >= from && r.cacheStatus !== '') cacheStatuses[r.cacheStatus] = (cacheStatuses[r.cacheStatus] ?? 0) + 1;
    }
    return {
      cacheStatuses,
      frames: session.frames.toArray().filter((f) => f.displayTimeMs >= from),
      markers: session.markers.toArray().filter((m) => m.timeMs >= from),
      avOffsets: session.avOffsets.toArray().filter((a) => a.timeMs >= from),
      readCosts: [...session.recentReadCosts()],
      readPath: session.readPath,
      // Every stored request (those before the window too: a refetch in it may repeat one of them).
      fetches: requests.map(({ kind, url, status, bytes, startMs }) => ({ kind, url, status, bytes, startMs })),
    };
  }, fromMs);
  // Not named `window`: the bundler would rename the page function's `window` to keep them apart.
  const { fetches, ...collected } = got;
  return { ...collected, media: refetchSummary(fetches, fromMs) };
}
