import { expect, test, type Page } from '@playwright/test';
import { playAtFixedTarget, waitForPlaying } from './helpers.ts';

/** Median glass-to-glass latency (and engine latency) over frames shown in the last `seconds`. */
async function medians(page: Page, seconds: number) {
  return page.evaluate((s) => {
    const session = window.__glassmeter!.session!;
    const from = session.now() - s * 1000;
    const frames = session.frames.toArray().filter((f) => f.displayTimeMs >= from && Number.isFinite(f.latencyMs));
    const median = (v: number[]) => {
      const sorted = [...v].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? NaN;
    };
    const paired = frames.filter((f) => Number.isFinite(f.engineLatencyMs));
    return {
      g2g: median(frames.map((f) => f.latencyMs)),
      engine: median(paired.map((f) => f.engineLatencyMs)),
      // Paired per frame, so a drift of where the player sits cancels out frame by frame.
      beforeEngine: median(paired.map((f) => f.latencyMs - f.engineLatencyMs)),
      frames: frames.length,
    };
  }, seconds);
}

// The engine cannot see an injected delay (it only sees a live edge that is older), so
// glass-to-glass minus the engine's own latency is what the origin added before the player:
// comparing that between the two sessions isolates the delay from where each player chose to sit.
async function measure(page: Page, src: string) {
  await playAtFixedTarget(page, src, 12_000);
  await page.waitForTimeout(20_000);
  return medians(page, 20);
}

test('injected delay=500 raises glass-to-glass minus engine latency by 500 ms +- 40 ms', async ({ page }) => {
  test.setTimeout(240_000);
  const plain = await measure(page, '/live/ll200/master.m3u8');
  const delayed = await measure(page, '/o/delay=500/live/ll200/master.m3u8');
  console.log(`delay check: plain g2g ${plain.g2g.toFixed(0)} engine ${plain.engine.toFixed(0)} (${plain.frames} frames); delayed g2g ${delayed.g2g.toFixed(0)} engine ${delayed.engine.toFixed(0)} (${delayed.frames} frames)`);
  expect(plain.frames).toBeGreaterThan(100);
  expect(delayed.frames).toBeGreaterThan(100);
  const added = delayed.beforeEngine - plain.beforeEngine;
  console.log(`delay check: glass-to-glass minus engine latency, per-frame median: plain ${plain.beforeEngine.toFixed(0)}, delayed ${delayed.beforeEngine.toFixed(0)}`);
  expect(added).toBeGreaterThan(460);
  expect(added).toBeLessThan(540);
});

// With audio its own rendition, hls.js gives up on the audio playlist within the burst (no
// alternate to switch to: a fatal error); the adapter loads again with a back-off
// (recoveryDelayMs) instead of spending every recovery within the same second.
test('a fault burst shows as error markers and playback recovers without a reload', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&preset=balanced');
  await waitForPlaying(page);
  await page.getByTestId('fault-select').selectOption('503.any.20-25s');
  await page.getByTestId('apply-network').click();
  await expect(page.getByTestId('stream-url')).toHaveValue(/\/o\/fault=503\.any\.20-25s,sid=\w+\/live\/ll200\/master\.m3u8/);
  await waitForPlaying(page);
  const loadsBefore = await page.getByTestId('event-log').locator('li[data-kind="load"]').count();
  // The burst starts 20 s after the session's first request and lasts 5 s.
  await expect(page.getByTestId('event-log').locator('li[data-kind="error"]').first()).toBeAttached({ timeout: 60_000 });
  const framesAtError = await page.evaluate(() => window.__glassmeter!.session!.frames.length);
  // The burst lasts 5 s from the first error: 100 more frames shown within 20 s of it.
  await page.waitForTimeout(20_000);
  const framesAfter = await page.evaluate(() => window.__glassmeter!.session!.frames.length);
  console.log(`fault burst: ${framesAfter - framesAtError} frames shown in the 20 s after the first error`);
  expect(framesAfter - framesAtError).toBeGreaterThan(100);
  await expect(page.getByTestId('status')).toHaveText('playing');
  expect(await page.getByTestId('event-log').locator('li[data-kind="load"]').count()).toBe(loadsBefore);
  const statuses = await page.evaluate(() => window.__glassmeter!.session!.requests.toArray().map((r) => r.status));
  expect(statuses).toContain(503);
});

test('under cascade hls.js switches rendition at least twice in 90 s and the charts show it', async ({ page }) => {
  test.setTimeout(240_000);
  // A high initial estimate starts at the top rung, as on a fast link; cascade then steps down
  // (the e2e origin runs the twitch ladder, whose rungs sit inside cascade's 400-1200 kbps).
  await page.goto('/?src=/live/ll200/master.m3u8&engine=hls&preset=lowest&abrEwmaDefaultEstimate=5000000');
  await waitForPlaying(page);
  await page.getByTestId('net-select').selectOption('cascade');
  await page.getByTestId('apply-network').click();
  await expect(page.getByTestId('stream-url')).toHaveValue(/\/o\/net=cascade,sid=\w+\/live\/ll200\/master\.m3u8/);
  await waitForPlaying(page);
  const from = await page.evaluate(() => window.__glassmeter!.session!.now());
  await page.waitForTimeout(90_000);
  const switches = await page.evaluate(
    (t) => window.__glassmeter!.session!.markers.toArray().filter((m) => m.kind === 'switch-rendered' && m.timeMs >= t).map((m) => m.label),
    from,
  );
  console.log(`cascade: ${switches.length} switches: ${switches.join(', ')}`);
  expect(switches.length).toBeGreaterThanOrEqual(2);
  // The rendition chart steps between at least three heights and carries the switch markers.
  await page.getByTestId('window-2m').click();
  const rendition = page.getByTestId('chart-rendition');
  await expect.poll(() => rendition.locator('.recharts-reference-line').count()).toBeGreaterThanOrEqual(2);
  const heights = await page.evaluate((t) => new Set(window.__glassmeter!.session!.frames.toArray().filter((f) => f.displayTimeMs >= t).map((f) => f.renditionHeight)).size, from);
  expect(heights).toBeGreaterThanOrEqual(2);
  // The throughput chart draws the emulated link's rate.
  await expect(page.getByTestId('chart-throughput').locator('path.recharts-line-curve[d*="L"]').first()).toBeAttached();
});
