import { expect, test } from '@playwright/test';
import { waitForPlaying } from './helpers.ts';

// The three links that used to blank the page (issue #11): a broken %-encoding in the URL
// options, a URL that does not parse, and a prototype name as the network profile.
const BAD_SRC = ['/o/%zz/live/ll200/master.m3u8', 'http://[::1', '/o/net=constructor/live/ll200/master.m3u8'];

test('a bad src link shows a notice instead of a blank page, and a plain visit afterwards plays', async ({ page }) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  for (const src of BAD_SRC) {
    await page.goto(`/?src=${encodeURIComponent(src)}`);
    await expect(page.getByTestId('notice'), src).toContainText('src ignored');
    await expect(page.getByTestId('profile-select'), src).toBeVisible();
    await expect(page.getByTestId('video'), src).toBeAttached();
    // The bad value is neither in the address bar nor stored for the next visit.
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('src') ?? ''), src).toBe('/live/ll200/master.m3u8');
  }
  await page.goto('/');
  await waitForPlaying(page);
  expect(await page.evaluate(() => localStorage.getItem('glassmeter.player.v1'))).toContain('/live/ll200/master.m3u8');
  expect(pageErrors).toEqual([]);
});
