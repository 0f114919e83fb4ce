import { expect, test } from '@playwright/test';
import { readNumber, summary, waitForPlaying } from './helpers.ts';

test('dash.js plays LL-DASH: every frame read, glass-to-glass under 3 s, engine latency reported', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/?engine=dash&src=/live/dash-ll/manifest.mpd');
  await expect(page.getByTestId('engine-select')).toHaveValue('dash');
  await waitForPlaying(page);
  // Start-up catch-up first, then judge 30 s of playback.
  await page.waitForTimeout(10_000);
  await page.getByTestId('window-30s').click();
  await page.waitForTimeout(30_000);

  expect(await readNumber(page, 'decode-rate')).toBeGreaterThanOrEqual(99);
  const p50 = await readNumber(page, 'latency-p50');
  expect(p50).toBeGreaterThan(200);
  expect(p50).toBeLessThan(3000);
  const s = await summary(page);
  expect(s.frames).toBeGreaterThan(100);
  // dash.js's own estimate (getCurrentLiveLatency) is reported beside the measured one.
  expect(s.engineLatencyP50Ms).toBeGreaterThan(0);
  expect(s.engineLatencyP50Ms).toBeLessThan(10_000);

  // Segments came over chunked transfer: a live-edge request spans most of a segment.
  const segments = await page.evaluate(
    () => window.__glassmeter?.session?.requests.toArray().filter((r) => r.kind === 'segment' && r.url.includes('/live/dash-ll/')) ?? [],
  );
  expect(segments.length).toBeGreaterThan(20);
  expect(segments.every((r) => r.engine === 'dash' && r.status === 200)).toBe(true);
  const durations = segments.map((r) => r.durationMs).sort((a, b) => a - b);
  expect(durations[Math.floor(durations.length / 2)]).toBeGreaterThan(300);
});
