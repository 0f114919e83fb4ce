import { expect, test, type Page } from '@playwright/test';
import { waitForPlaying } from './helpers.ts';

/** The A/V pairs of the next `seconds`: their median and count, and the page's frame rate. */
async function avOffset(page: Page, label: string, seconds: number) {
  const from = await page.evaluate(() => window.__glassmeter!.session!.now());
  await page.waitForTimeout(seconds * 1000);
  const got = await page.evaluate((t) => {
    const session = window.__glassmeter!.session!;
    const offsets = session.avOffsets.toArray().filter((a) => a.timeMs >= t).map((a) => a.offsetMs).sort((a, b) => a - b);
    const frames = session.frames.toArray().filter((f) => f.displayTimeMs >= t).length;
    return { count: offsets.length, p50: offsets[Math.floor(offsets.length / 2)] ?? NaN, frames };
  }, from);
  console.log(`A/V ${label}: ${got.p50.toFixed(1)} ms over ${got.count} seconds paired (${(got.frames / seconds).toFixed(1)} fps)`);
  await expect(page.getByTestId('av-offset-p50')).toHaveText(/^[+-]?\d+$/);
  return got;
}

test('A/V offset: the plain stream is in sync within one frame + 10 ms, and avoffset=200 moves it by 200 ms', async ({ page }) => {
  test.setTimeout(180_000);
  // The 360p rung keeps the page fed on 2 cores: a starved page drops the first lit frames.
  await page.goto(`/?src=${encodeURIComponent('/live/ll200/master.m3u8')}&engine=hls&levelLock=0`);
  await waitForPlaying(page);
  await page.getByTestId('av-start').click();
  await expect.poll(() => page.evaluate(() => window.__glassmeter!.session!.audioState), { timeout: 10_000 }).toBe('running');
  const plain = await avOffset(page, 'll200', 15);
  expect(plain.count).toBeGreaterThanOrEqual(10);
  expect(Math.abs(plain.p50)).toBeLessThanOrEqual(1000 / 30 + 10);

  // The shifted stream in the same page: the same element and audio graph (the tap's own
  // mapping error, ~±25 ms from one AudioContext to the next, is common to both and cancels).
  await page.getByTestId('stream-url').fill('/o/avoffset=200/live/ll200/master.m3u8');
  await page.getByTestId('load-stream').click();
  await waitForPlaying(page);
  await expect.poll(() => page.evaluate(() => window.__glassmeter!.session!.audioState), { timeout: 10_000 }).toBe('running');
  await page.waitForTimeout(3000);
  const shifted = await avOffset(page, 'avoffset=200', 15);
  expect(shifted.count).toBeGreaterThanOrEqual(10);
  expect(shifted.p50 - plain.p50).toBeGreaterThan(160);
  expect(shifted.p50 - plain.p50).toBeLessThan(240);
});
