import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { waitForPlaying } from './helpers.ts';

// playwright.config.ts starts the origin with --edge: Varnish listens on the next port, and the
// origin says so in GET /live/, which is what puts "via edge" in the stream picker.
const port = Number(process.env.E2E_PORT ?? 8181);
const edge = `http://localhost:${port + 1}`;
const SETTLE_MS = 8000;
const MEASURE_S = 12;

/** Medians over the frames displayed in the last `seconds`: g2g, engine, g2g minus engine, delivery; and the decode rate. */
function recent(page: Page, seconds: number) {
  return page.evaluate((windowMs) => {
    const median = (xs: number[]) => {
      const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
      return s.length ? s[Math.floor(s.length / 2)]! : NaN;
    };
    const session = window.__glassmeter!.session!;
    const now = session.now();
    const frames = session.frames.toArray().filter((f) => f.displayTimeMs >= now - windowMs);
    return {
      frames: frames.length,
      fps: frames.length / (windowMs / 1000),
      decodeRate: frames.filter((f) => Number.isFinite(f.captureTimeMs)).length / frames.length,
      g2g: median(frames.map((f) => f.latencyMs)),
      engine: median(frames.map((f) => f.engineLatencyMs)),
      gap: median(frames.map((f) => f.latencyMs - f.engineLatencyMs)),
      delivery: median(frames.map((f) => f.breakdown?.deliveryMs ?? NaN)),
      stalls: session.markers.toArray().filter((m) => m.kind === 'stall-start' && m.timeMs >= now - windowMs).length,
    };
  }, seconds * 1000);
}

/** Plays for SETTLE_MS (the player reaches its target), then measures MEASURE_S. */
async function measure(page: Page) {
  await page.waitForTimeout(SETTLE_MS + MEASURE_S * 1000);
  return recent(page, MEASURE_S);
}

/** Ticks "via edge" and waits until the player's requests come back with the edge's X-Cache. */
async function switchToEdge(page: Page, path: string) {
  await page.getByTestId('via-edge').check();
  await expect(page.getByTestId('stream-url')).toHaveValue(`${edge}${path}`);
  await expect
    .poll(() => page.evaluate(() => window.__glassmeter?.session?.requests.toArray().some((r) => r.cacheStatus !== '') ?? false), { timeout: 30_000 })
    .toBe(true);
  await waitForPlaying(page);
}

/** The requests CSV: each row's cache_status and kind, for rows of URLs through the edge. */
async function requestsCsv(page: Page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-requests-csv').click()]);
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter((l) => l !== '');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((cells) => cells[col('url')]!.startsWith(edge))
    .map((cells) => ({ kind: cells[col('kind')]!, status: cells[col('status')]!, cache: cells[col('cache_status')]!, age: cells[col('age_s')]! }));
}

const count = (rows: Array<{ cache: string }>) => rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.cache]: (n[r.cache] ?? 0) + 1 }), {});

/**
 * A second viewer on the edge: it follows every rendition's preload hint with the same blocking
 * requests hls.js makes, so the page's requests find them in flight (coalesced) or cached (hit).
 */
async function otherViewer(profile: string, signal: AbortSignal): Promise<void> {
  const master = await (await fetch(`${edge}/live/${profile}/master.m3u8`, { signal })).text();
  const playlists = master.split('\n').filter((l) => l.endsWith('.m3u8'));
  await Promise.all(
    playlists.map(async (uri) => {
      let query = '';
      while (!signal.aborted) {
        const body = await (await fetch(`${edge}/live/${profile}/${uri}${query}`, { signal })).text();
        const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]*?(\d+)\.(\d+)\.m4s)"/.exec(body);
        if (!hint) throw new Error(`no preload hint in ${uri}`);
        void fetch(`${edge}/live/${profile}/${hint[1]}`, { signal }).then((r) => r.arrayBuffer(), () => undefined);
        query = `?_HLS_msn=${hint[2]}&_HLS_part=${hint[3]}`;
      }
    }),
  ).catch((err: unknown) => {
    if (!signal.aborted) throw err;
  });
}

// Both tests play the lowest rung only (levelLock=0), as compare.spec.ts does: a 720p software
// decode beside the origin's encode starves 2 cores, and a frame-starved page measures the machine.

test('ll200 via the edge plays as close to live as direct, the requests CSV shows edge hits, and the permalink keeps the edge', async ({ page }) => {
  test.setTimeout(150_000);
  // liveSyncOnStallIncrease=0: one stall (a loaded 2-core page has them, direct or not) would
  // otherwise move hls.js's target 1 s further from live for good, and the two halves of the
  // test would then compare hls.js's stall policy, not the edge.
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&preset=lowest&levelLock=0&targetLatency=1&maxLiveSyncPlaybackRate=1.5&liveSyncOnStallIncrease=0');
  await waitForPlaying(page);
  const direct = await measure(page);

  const stop = new AbortController();
  const viewer = otherViewer('ll200', stop.signal);
  let viaEdge: Awaited<ReturnType<typeof recent>>;
  let rows: Awaited<ReturnType<typeof requestsCsv>>;
  try {
    await switchToEdge(page, '/live/ll200/master.m3u8');
    viaEdge = await measure(page);
    rows = await requestsCsv(page);
  } finally {
    stop.abort();
    await viewer;
  }
  const statuses = count(rows);
  console.log(`edge ll200: direct ${JSON.stringify(direct)}; via edge ${JSON.stringify(viaEdge)}; cache ${JSON.stringify(statuses)}`);
  expect(viaEdge.frames).toBeGreaterThan(MEASURE_S * 10);
  expect(viaEdge.decodeRate).toBeGreaterThanOrEqual(0.99);
  expect(Math.abs(viaEdge.g2g - direct.g2g)).toBeLessThanOrEqual(60);
  // Every request through the edge says how the edge answered it; the other viewer's make hits or coalesced ones.
  expect(rows.length).toBeGreaterThan(20);
  expect(rows.every((r) => ['hit', 'coalesced', 'miss', 'pass'].includes(r.cache) && /^\d+$/.test(r.age))).toBe(true);
  expect((statuses.hit ?? 0) + (statuses.coalesced ?? 0)).toBeGreaterThan(0);
  expect(rows.some((r) => r.kind === 'part' && (r.cache === 'hit' || r.cache === 'coalesced'))).toBe(true);
  await expect(page.getByTestId('chart-fetch')).toContainText('edge');

  // The stream URL carries the edge, so a reload (the permalink) comes back through it.
  expect(new URL(page.url()).searchParams.get('src')).toBe(`${edge}/live/ll200/master.m3u8`);
  await page.reload();
  await expect(page.getByTestId('via-edge')).toBeChecked();
  await page.getByTestId('via-edge').uncheck();
  await expect(page.getByTestId('stream-url')).toHaveValue('/live/ll200/master.m3u8');
});

test('dash-ll via the edge plays as close to live as direct, and dash.js reports each segment\'s cache status', async ({ page }) => {
  test.setTimeout(150_000);
  // A 1 s target (not lowest's 0.6 s: a stall would move one half) with firm catch-up (rates
  // 0.7-1.3x, a seek past 200 ms off): dash.js reaches its target within
  // the settling time wherever it started, so direct and via edge sit at the same distance from live.
  await page.goto('/?src=/live/dash-ll/manifest.mpd&engine=dash&preset=lowest&liveDelay=1&levelLock=0&catchupRateMin=-0.3&catchupRateMax=0.3&maxDrift=0.2');
  await waitForPlaying(page);
  const direct = await measure(page);
  await switchToEdge(page, '/live/dash-ll/manifest.mpd');
  const viaEdge = await measure(page);
  const rows = await requestsCsv(page);
  console.log(`edge dash-ll: direct ${JSON.stringify(direct)}; via edge ${JSON.stringify(viaEdge)}; cache ${JSON.stringify(count(rows))}`);
  expect(viaEdge.frames).toBeGreaterThan(MEASURE_S * 10);
  expect(viaEdge.decodeRate).toBeGreaterThanOrEqual(0.99);
  expect(Math.abs(viaEdge.g2g - direct.g2g)).toBeLessThanOrEqual(60);
  // Every segment the edge answered carries its cache status (one CI run had one row without:
  // a request dash.js gave up before any response, which has no headers to read).
  const segments = rows.filter((r) => r.kind === 'segment' && r.status === '200');
  expect(segments.length).toBeGreaterThan(10);
  expect(segments.filter((r) => r.cache === '')).toEqual([]);
});

test('Shaka Player opened from a via-edge permalink reads each request\'s cache status and Age', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/?engine=shaka&src=${encodeURIComponent(`${edge}/live/ll200/master.m3u8`)}&levelLock=0`);
  await expect(page.getByTestId('via-edge')).toBeChecked();
  await waitForPlaying(page);
  const media = () =>
    page.evaluate(() => window.__glassmeter?.session?.requests.toArray().filter((r) => r.engine === 'shaka' && (r.kind === 'part' || r.kind === 'segment')) ?? []);
  await expect.poll(async () => (await media()).length, { timeout: 30_000 }).toBeGreaterThan(10);
  const got = await media();
  expect(got.every((r) => r.url.startsWith(edge) && ['hit', 'coalesced', 'miss'].includes(r.cacheStatus) && Number.isInteger(r.ageS))).toBe(true);
});
