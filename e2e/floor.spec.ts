import { expect, test, type Page } from '@playwright/test';
import { waitForPlaying } from './helpers.ts';

/**
 * hls.js's own target latency (`hls.targetLatency`, s) once playing. hls.js adds
 * liveSyncOnStallIncrease per stall, so the smallest value seen over a few seconds is the one
 * taken from the playlist's PART-HOLD-BACK.
 */
async function hlsTargetLatencyMs(page: Page, src: string): Promise<number> {
  await page.goto(`/?engine=hls&preset=lowest&src=${encodeURIComponent(src)}`);
  await waitForPlaying(page);
  let lowest = Infinity;
  for (let i = 0; i < 6; i++) {
    const s = await page.evaluate(() => window.__glassmeter?.engine?.snapshot().targetLatencyS ?? NaN);
    if (Number.isFinite(s)) lowest = Math.min(lowest, s * 1000);
    await page.waitForTimeout(500);
  }
  return lowest;
}

test('holdback=2 on ll200 lowers hls.js target latency by one part (200 ms)', async ({ page }) => {
  test.setTimeout(120_000);
  const plain = await hlsTargetLatencyMs(page, '/live/ll200/master.m3u8');
  const two = await hlsTargetLatencyMs(page, '/o/holdback=2/live/ll200/master.m3u8');
  expect(plain).toBeGreaterThan(0);
  expect(plain - two).toBeGreaterThanOrEqual(140);
  expect(plain - two).toBeLessThanOrEqual(260);
});
