import { expect, test } from '@playwright/test';
import { decodeLuma } from '../src/origin/testing/ffmpeg-tools.ts';
import { locateGtc1, unwrapGtc1, yPlaneRegion } from '../src/timecode/index.ts';

const FRAME_MS = 1000 / 60; // the page redraws on every display frame (60 Hz here)

test('a screenshot of /clock decodes to the synced time it was drawn at, within 2 frames', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/clock?w=1280&h=720');
  const canvas = page.getByTestId('clock-canvas');
  await expect(canvas).toHaveAttribute('data-synced', 'true', { timeout: 20_000 });
  // The page's synchronized clock just before and just after the screenshot: the frame in it
  // was drawn between the two.
  const nowOnPage = () => page.evaluate(() => Number(document.querySelector('canvas')?.dataset.stampMs));
  const before = await nowOnPage();
  const png = await canvas.screenshot();
  const after = await nowOnPage();
  const [luma] = await decodeLuma(png, 1280, 720);
  expect(luma).toBeDefined();
  const found = locateGtc1(yPlaneRegion(luma!, 1280, 720));
  expect(found, 'no GTC1 in the screenshot').not.toBeNull();
  const t = unwrapGtc1(found!.read.t32, before);
  console.log(`clock page: stamped ${t}, page clock ${before}..${after} (${(after - before).toFixed(0)} ms)`);
  expect(t).toBeGreaterThanOrEqual(before - 2 * FRAME_MS);
  expect(t).toBeLessThanOrEqual(after + 2 * FRAME_MS);
  // It sits where the format puts it for 1280x720.
  expect(found!.placement.x).toBeCloseTo(30, 0);
  expect(found!.placement.cellW).toBeCloseTo(30, 0);
  await expect(page.locator('canvas')).toHaveAttribute('data-stamp-ms', /\d+/);
});
