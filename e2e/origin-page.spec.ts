import { expect, test } from '@playwright/test';

test('the page offers every origin profile and each one is reachable', async ({ page, request }) => {
  await page.goto('/');
  const options = page.getByTestId('profile-select').locator('option[value^="/live/"]');
  await expect(options).toHaveCount(7);
  const urls = await options.evaluateAll((els) => els.map((o) => (o as HTMLOptionElement).value));
  for (const url of urls) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    // LL-HLS and HLS profiles start at a multivariant playlist, DASH ones at an MPD.
    expect(await res.text()).toContain(url.endsWith('.mpd') ? '<MPD ' : '#EXT-X-STREAM-INF');
  }
});
