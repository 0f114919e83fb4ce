import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readNumber, summary, waitForPlaying } from './helpers.ts';

const CHARTS = ['latency', 'buffer', 'rendition', 'fetch', 'throughput', 'rate'];
const CSV_HEADER = 'display_time_ms,capture_time_ms,latency_ms,engine_latency_ms,rendition_height,bitrate_bps,buffer_s,playback_rate';

test('plays ll200, measures glass-to-glass latency, charts it, marks a setting change and exports CSV', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&preset=lowest');
  await waitForPlaying(page);
  // Warm up (start-up catch-up), then judge the last 30 s of playback.
  await page.waitForTimeout(10_000);
  await page.getByTestId('window-30s').click();
  await page.waitForTimeout(30_000);

  const decodeRate = await readNumber(page, 'decode-rate');
  const p50 = await readNumber(page, 'latency-p50');
  expect(decodeRate).toBeGreaterThanOrEqual(99);
  // The origin's code sits where the format puts it: read there, no search needed.
  await expect(page.getByTestId('code-placement')).toContainText('(default)');
  expect(p50).toBeGreaterThan(200);
  expect(p50).toBeLessThan(3000);
  expect(await readNumber(page, 'latency-p95')).toBeGreaterThanOrEqual(p50);
  // Page and origin share this machine's clock (true offset 0): the stated ± must contain it.
  const offset = await page.evaluate(() => window.__glassmeter?.session?.clock.offsetMs ?? NaN);
  const uncertainty = await page.evaluate(() => window.__glassmeter?.session?.clock.uncertaintyMs ?? NaN);
  console.log(`clock offset ${offset.toFixed(3)} ± ${uncertainty.toFixed(3)} ms`);
  expect(Math.abs(offset)).toBeLessThanOrEqual(uncertainty);
  expect(uncertainty).toBeLessThanOrEqual(2);
  await expect(page.getByTestId('clock-source')).toHaveText('this app');
  const s = await summary(page);
  expect(s.frames).toBeGreaterThan(300);
  expect(s.engineLatencyP50Ms).toBeGreaterThan(0);

  for (const chart of CHARTS) {
    const frame = page.getByTestId(`chart-${chart}`);
    expect(Number(await frame.getAttribute('data-points')), chart).toBeGreaterThan(0);
    // A drawn line (a path with at least two points) or scatter symbols.
    await expect(frame.locator('path.recharts-line-curve[d*="L"], .recharts-scatter-symbol').first(), chart).toBeAttached();
  }

  // Change a knob live: it is applied without re-creating the player and marked on every chart.
  const field = page.getByTestId('setting-maxLiveSyncPlaybackRate');
  await field.fill('1.25');
  await field.press('Enter');
  await expect(page.getByTestId('event-log').locator('li[data-kind="settings"]').first()).toContainText('maxLiveSyncPlaybackRate');
  await expect.poll(() => page.evaluate(() => window.__glassmeter?.engine?.effectiveSettings().maxLiveSyncPlaybackRate)).toBe(1.25);
  for (const chart of CHARTS) {
    await expect(page.getByTestId(`chart-${chart}`).locator('.recharts-reference-line').first(), chart).toBeAttached();
  }
  expect(page.url()).toContain('maxLiveSyncPlaybackRate=1.25');

  // Export: the CSV has the documented header and one row per frame the analyzer recorded.
  const before = (await summary(page)).frames;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const after = (await summary(page)).frames;
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.split('\r\n').filter((l) => l !== '');
  expect(lines[0]!.startsWith(CSV_HEADER)).toBe(true);
  expect(lines[0]).toContain(',engine');
  const rows = lines.length - 1;
  expect(rows).toBeGreaterThanOrEqual(before);
  expect(rows).toBeLessThanOrEqual(after);
  const captureColumn = lines[0]!.split(',').indexOf('capture_time_ms');
  const decodedRows = lines.slice(1).filter((l) => l.split(',')[captureColumn] !== '').length;
  expect(decodedRows / rows).toBeGreaterThanOrEqual(0.99);
});

test('a permalink with ll100 and the "Lowest latency" preset is applied', async ({ page }) => {
  await page.goto('/?src=/live/ll100/master.m3u8&engine=hls&preset=lowest');
  await expect(page.getByTestId('preset-select')).toHaveValue('lowest');
  await expect(page.getByTestId('setting-maxLiveSyncPlaybackRate')).toHaveValue('1.5');
  await expect(page.getByTestId('stream-url')).toHaveValue('/live/ll100/master.m3u8');
  await waitForPlaying(page);
  const effective = await page.evaluate(() => window.__glassmeter?.engine?.effectiveSettings());
  expect(effective).toMatchObject({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5, maxBufferLength: 4, backBufferLength: 10 });
  const partUrls = await page.evaluate(() => window.__glassmeter?.session?.requests.toArray().filter((r) => r.kind === 'part').map((r) => r.url) ?? []);
  expect(partUrls.length).toBeGreaterThan(0);
  expect(partUrls.every((u) => u.includes('/live/ll100/'))).toBe(true);
});

test('a bad permalink value falls back to the default with a notice', async ({ page }) => {
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&maxBufferLength=lots&preset=nope');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('maxBufferLength must be a number');
  await expect(notice).toContainText('preset "nope" does not exist');
  await expect(page.getByTestId('setting-maxBufferLength')).toHaveValue('30');
  await waitForPlaying(page);
});

test('an unreachable stream says why on the page and keeps what was measured', async ({ page }) => {
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&preset=lowest');
  await waitForPlaying(page);
  await page.waitForTimeout(3000);
  const framesBefore = (await summary(page)).frames;
  expect(framesBefore).toBeGreaterThan(0);
  await page.getByTestId('stream-url').fill('/live/no-such-profile/master.m3u8');
  await page.getByTestId('load-stream').click();
  await expect(page.getByTestId('error-message')).toContainText('HTTP 404', { timeout: 30_000 });
  // Worded from the error's code (unreachable, with the status), not from hls.js's text.
  await expect(page.getByTestId('error-message')).toContainText('Cannot load the stream: ');
  expect((await summary(page)).frames).toBeGreaterThanOrEqual(framesBefore);
  await expect(page.getByTestId('event-log').locator('li[data-kind="error"]').first()).toBeAttached();
});
