import type { Browser, Page } from 'playwright-core';
import type { EngineName } from '../src/analyzer/types.ts';
import { joinStreamUrl } from '../src/shared/stream/stream-url.ts';
import { defaultProfileFor, entryUrl, findProfile } from '../src/shared/stream/profiles.ts';
import { summarize } from '../src/analyzer/stats.ts';
import { summarizeMeasurement } from '../src/analyzer/summary.ts';
import { collectSince, openPlayer, pageNow, waitForFrames } from '../src/measure/page-session.ts';
import { describe } from './stats.ts';

/** The page URL that plays one of the origin's profiles (with URL options) in one engine and preset. */
function playerUrl(baseUrl: string, profile: string, engine: EngineName, preset: string, options = ''): string {
  const src = joinStreamUrl({ prefix: '', options, rest: entryUrl(findProfile(profile)!) });
  return `${baseUrl}/?src=${encodeURIComponent(src)}&engine=${engine}&preset=${preset}`;
}

export interface LatencyRun {
  profile: string;
  engine: EngineName;
  preset: string;
  seconds: number;
  frames: number;
  decodeRate: number;
  g2gMs: ReturnType<typeof describe>;
  engineP50Ms: number | null;
  stalls: number;
  stallMs: number;
  switches: number;
  /** Frames the page presented per second: below ~25 the page was starved and the row says less. */
  fps: number;
  /** Where the time went (p50 of each component, ms; null when no frame was joined). */
  encodePackageP50Ms: number | null;
  deliveryP50Ms: number | null;
  bufferP50Ms: number | null;
  /** Beep heard minus flash shown, p50 (ms, positive = audio late); null without a paired second. */
  avOffsetP50Ms: number | null;
}

const roundOrNull = (v: number): number | null => (Number.isFinite(v) ? Math.round(v) : null);

/** Plays one profile with one preset and reports the analyzer's numbers after a warm-up. */
export async function runLatency(browser: Browser, baseUrl: string, profile: string, engine: EngineName, preset: string, warmupS: number, seconds: number, options = ''): Promise<LatencyRun> {
  const run = await openPlayer(browser, playerUrl(baseUrl, profile, engine, preset, options));
  try {
    await waitForFrames(run.page);
    // The A/V tap is opt-in in the page (a button); the bench turns it on for every run.
    await run.page.evaluate(() => window.__glassmeter?.session?.startAvSync());
    await run.page.waitForTimeout(warmupS * 1000);
    const from = await pageNow(run.page);
    await run.page.waitForTimeout(seconds * 1000);
    const got = await collectSince(run.page, from);
    const summary = summarizeMeasurement(got.frames, got.markers, await pageNow(run.page), got.avOffsets);
    return {
      profile,
      engine,
      preset,
      seconds,
      frames: summary.frames,
      decodeRate: Number(summary.decodeRate.toFixed(4)),
      g2gMs: describe(got.frames.map((f) => f.latencyMs), 0),
      engineP50Ms: roundOrNull(summary.engineLatencyP50Ms),
      stalls: summary.stalls.count,
      stallMs: Math.round(summary.stalls.totalMs),
      switches: summary.renditionSwitches,
      fps: Number((summary.frames / seconds).toFixed(1)),
      encodePackageP50Ms: roundOrNull(summary.breakdown.encodePackageMs.p50),
      deliveryP50Ms: roundOrNull(summary.breakdown.deliveryMs.p50),
      bufferP50Ms: roundOrNull(summary.breakdown.bufferMs.p50),
      avOffsetP50Ms: summary.avOffsetMs.count > 0 ? roundOrNull(summary.avOffsetMs.p50) : null,
    };
  } finally {
    await run.close();
  }
}

export interface ReadCostRun {
  path: 'webcodecs' | 'canvas';
  height: number;
  /** Frames read at the locked place (the code found, tracked), over `seconds`. */
  frames: number;
  seconds?: number;
  costMs: ReturnType<typeof describe>;
  /** Frames searched whole with no lock (forced, one after the other), and what each cost. */
  searchFrames: number;
  searchCostMs: ReturnType<typeof describe>;
}

/** Forced whole-frame searches per run: about 2 s of frames. */
const SEARCH_FRAMES = 60;

/** The costs of the reads after the first `since` (the session keeps the last 1000), of one kind. */
async function readCostsSince(page: Page, since: number, searched: boolean): Promise<{ readings: number; costs: number[] }> {
  return page.evaluate(
    ([from, kind]) => {
      const session = window.__glassmeter?.session;
      if (!session) return { readings: 0, costs: [] };
      const costs = session.lastReads(session.readings - from).flatMap((c) => (c.searched === kind ? [c.costMs] : []));
      return { readings: session.readings, costs };
    },
    [since, searched] as const,
  );
}

/**
 * Per-frame cost of reading GTC1 on one rendition with one pixel path: first `seconds` of frames
 * read at the locked place (the stream's code stays put, so every frame is a tracked read), then
 * SEARCH_FRAMES frames searched whole as if no code were locked (CodeTracker.forceSearches). hls.js
 * orders renditions by bitrate, so level 0 is the lowest rung and the last level the highest.
 */
export async function runReadCost(browser: Browser, baseUrl: string, path: 'webcodecs' | 'canvas', level: number, warmupS: number, seconds: number): Promise<ReadCostRun> {
  const run = await openPlayer(browser, `${baseUrl}/?src=/live/ll200/master.m3u8&engine=hls&preset=lowest&levelLock=${level}&startLevel=${level}&readPath=${path}`);
  try {
    await waitForFrames(run.page);
    await run.page.waitForTimeout(warmupS * 1000);
    const start = await readCostsSince(run.page, Number.MAX_SAFE_INTEGER, false);
    const before = await run.page.evaluate(() => window.__glassmeter?.session?.frames.length ?? 0);
    await run.page.waitForTimeout(seconds * 1000);
    const locked = await readCostsSince(run.page, start.readings, false);
    const got = await collectSince(run.page, 0);
    const heights = got.frames.slice(before).map((f) => f.renditionHeight);
    if (got.readPath !== path) throw new Error(`asked for the ${path} read path, the page used ${got.readPath}`);
    await run.page.evaluate((n) => window.__glassmeter?.session?.codeTracker.forceSearches(n), SEARCH_FRAMES);
    // Searches can be slower than frames come: wait up to 15 s for them, then take what was searched.
    let search = await readCostsSince(run.page, locked.readings, true);
    for (let waited = 0; search.costs.length < SEARCH_FRAMES && waited < 15_000; waited += 500) {
      await run.page.waitForTimeout(500);
      search = await readCostsSince(run.page, locked.readings, true);
    }
    return { path, height: summarize(heights).p50, frames: locked.costs.length, seconds, costMs: describe(locked.costs, 3), searchFrames: search.costs.length, searchCostMs: describe(search.costs, 3) };
  } finally {
    await run.close();
  }
}

export interface NetworkRun {
  profile: string;
  /** The stream: ll200 for hls.js, dash-ll for dash.js. */
  stream: string;
  engine: EngineName;
  preset: string;
  seconds: number;
  frames: number;
  averageBitrateKbps: number | null;
  g2gMeanMs: number | null;
  g2gP95Ms: number | null;
  stallMs: number;
  switches: number;
}

/**
 * One pass of a network profile (from the session's first request) with one engine and preset,
 * on the origin's ll200 (hls.js, Shaka Player) or dash-ll (dash.js) stream: the row format of the ACM MMSys
 * 2020 challenge's results.
 */
export async function runNetworkProfile(browser: Browser, baseUrl: string, profile: string, seconds: number, engine: EngineName, preset: string, stream = defaultProfileFor(engine === 'dash' ? 'dash' : 'hls')): Promise<NetworkRun> {
  const sid = `bench-${profile}-${engine}-${preset}-${Date.now().toString(36)}`;
  const run = await openPlayer(browser, playerUrl(baseUrl, stream, engine, preset, `net=${profile},sid=${sid}`));
  try {
    await waitForFrames(run.page);
    const from = await pageNow(run.page);
    await run.page.waitForTimeout(seconds * 1000);
    const got = await collectSince(run.page, from);
    const summary = summarizeMeasurement(got.frames, got.markers, await pageNow(run.page));
    return {
      profile,
      stream,
      engine,
      preset,
      seconds,
      frames: summary.frames,
      averageBitrateKbps: roundOrNull(summary.averageBitrateBps / 1000),
      g2gMeanMs: roundOrNull(summary.latencyMs.mean),
      g2gP95Ms: roundOrNull(summary.latencyMs.p95),
      stallMs: Math.round(summary.stalls.totalMs),
      switches: summary.renditionSwitches,
    };
  } finally {
    await run.close();
  }
}
