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

/** Audio bytes the element has decoded (Chromium), and whether the engine fetched audio objects. */
async function audioEvidence(page: Page): Promise<{ decodedBytes: number; audioRequests: number }> {
  return page.evaluate(() => {
    const video = document.querySelector('video') as (HTMLVideoElement & { webkitAudioDecodedByteCount?: number }) | null;
    const requests = window.__glassmeter?.session?.requests.toArray() ?? [];
    return { decodedBytes: video?.webkitAudioDecodedByteCount ?? 0, audioRequests: requests.filter((r) => /\/audio\//.test(r.url)).length };
  });
}

test('hls.js and dash.js play the audio rendition beside the video', async ({ page }) => {
  test.setTimeout(120_000);
  for (const [engine, src] of [
    ['hls', '/live/ll200/master.m3u8'],
    ['dash', '/live/dash-ll/manifest.mpd'],
  ] as const) {
    await page.goto(`/?engine=${engine}&src=${encodeURIComponent(src)}`);
    await waitForPlaying(page);
    const first = await audioEvidence(page);
    await page.waitForTimeout(3000);
    const later = await audioEvidence(page);
    expect(later.audioRequests, engine).toBeGreaterThan(0);
    // Audio keeps being decoded while the video plays.
    expect(later.decodedBytes, engine).toBeGreaterThan(first.decodedBytes);
  }
});
