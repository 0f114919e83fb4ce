import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { MARKER_COLORS } from '../src/app/charts/chart-data.ts';
import { readNumber, summary, waitForPlaying } from './helpers.ts';

/** The page's recorded requests of one kind. */
function requests(page: Page, kind: string) {
  return page.evaluate((k) => window.__glassmeter?.session?.requests.toArray().filter((r) => r.kind === k) ?? [], kind);
}

for (const { name, src } of [
  { name: 'LL-HLS (ll200)', src: '/live/ll200/master.m3u8' },
  { name: 'LL-DASH (dash-ll)', src: '/live/dash-ll/manifest.mpd' },
]) {
  test(`Shaka Player plays ${name}: 99% of frames read, glass-to-glass p50 under 2 s, engine latency reported`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(`/?engine=shaka&src=${src}`);
    await expect(page.getByTestId('engine-select')).toHaveValue('shaka');
    // Shaka plays both formats: the stream stays as linked.
    await expect(page.getByTestId('stream-url')).toHaveValue(src);
    await waitForPlaying(page);
    // Start-up catch-up first, then judge 30 s of playback.
    await page.waitForTimeout(10_000);
    await page.getByTestId('window-30s').click();
    await page.waitForTimeout(30_000);

    expect(await readNumber(page, 'decode-rate')).toBeGreaterThanOrEqual(99);
    const p50 = await readNumber(page, 'latency-p50');
    expect(p50).toBeGreaterThan(200);
    expect(p50).toBeLessThan(2000);
    const s = await summary(page);
    expect(s.frames).toBeGreaterThan(100);
    // Shaka's own estimate (getStats().liveLatency) is reported beside the measured one.
    expect(s.engineLatencyP50Ms).toBeGreaterThan(0);
    expect(s.engineLatencyP50Ms).toBeLessThan(10_000);

    // Requests came through Shaka's networking engine, normalised like the other engines'.
    const media = [...(await requests(page, 'segment')), ...(await requests(page, 'part'))];
    expect(media.length).toBeGreaterThan(20);
    expect(media.every((r) => r.engine === 'shaka' && r.status === 200 && r.bytes > 0 && r.durationMs >= 0)).toBe(true);
    expect(media.some((r) => r.renditionHeight > 0)).toBe(true);
    if (src.endsWith('.m3u8')) {
      // LL-HLS: parts and blocking playlist reloads, with their delivery directives.
      expect((await requests(page, 'part')).length).toBeGreaterThan(20);
      const playlists = await requests(page, 'playlist');
      expect(playlists.some((r) => r.directives.includes('_HLS_msn='))).toBe(true);
    }
  });
}

// Shaka's manifest request fails inside load(): its error names the request type, which makes it
// "unreachable" (not a failed segment), so the page says the origin answered 404.
test('an unreachable stream on Shaka Player says the origin answered HTTP 404', async ({ page }) => {
  await page.goto('/?engine=shaka&src=/live/no-such-profile/manifest.mpd');
  await expect(page.getByTestId('error-message')).toContainText('Cannot load the stream: ', { timeout: 30_000 });
  await expect(page.getByTestId('error-message')).toContainText('/live/no-such-profile/manifest.mpd answered HTTP 404.');
});

test('switching between the three engines mid-session keeps the history with markers, CSV rows say which engine', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?engine=hls&src=/live/ll200/master.m3u8&preset=lowest');
  await waitForPlaying(page);
  await page.waitForTimeout(4000);
  let frames = (await summary(page)).frames;
  expect(frames).toBeGreaterThan(0);

  // Each engine hands the element to each other one once: hls.js -> dash.js -> Shaka -> hls.js.
  for (const { engine, label, src } of [
    // dash.js moves the LL-HLS stream to its LL-DASH counterpart...
    { engine: 'dash', label: 'dash.js', src: '/live/dash-ll/manifest.mpd' },
    // ...Shaka keeps the stream it is given (dash.js's reset pauses the element: Shaka must start it)...
    { engine: 'shaka', label: 'Shaka Player', src: '/live/dash-ll/manifest.mpd' },
    // ...and hls.js moves it back to LL-HLS once Shaka has let go of the element.
    { engine: 'hls', label: 'hls.js', src: '/live/ll200/master.m3u8' },
  ]) {
    await page.getByTestId('engine-select').selectOption(engine);
    await expect(page.getByTestId('stream-url')).toHaveValue(src);
    await expect(page.getByTestId('event-log').locator('li[data-kind="engine"]').first()).toContainText(`→ ${label}`);
    await waitForPlaying(page);
    // Each engine adds frames to the one history (few are asked for: this is about the history, not the rate).
    const before = frames;
    await expect.poll(async () => (frames = (await summary(page)).frames), { timeout: 45_000 }).toBeGreaterThan(before + 15);
    expect(page.url()).toContain(`engine=${engine}`);
  }
  await expect(page.getByTestId('event-log').locator('li[data-kind="engine"]')).toHaveCount(3);
  // The switches are drawn on the charts too, over the history that stayed.
  await expect(page.getByTestId('chart-latency').locator(`.recharts-reference-line line[stroke="${MARKER_COLORS.engine}"]`)).toHaveCount(3);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter((l) => l !== '');
  const engineColumn = lines[0]!.split(',').indexOf('engine');
  expect(engineColumn).toBeGreaterThan(0);
  const engines = new Set(lines.slice(1).map((l) => l.split(',')[engineColumn]));
  expect([...engines].sort()).toEqual(['dash', 'hls', 'shaka']);
});
