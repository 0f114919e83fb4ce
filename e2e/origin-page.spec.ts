import { expect, test } from '@playwright/test';

test('the page offers every origin profile and each one is reachable', async ({ page, request }) => {
  await page.goto('/');
  const options = page.getByTestId('profile-select').locator('option[value^="/live/"]');
  await expect(options).toHaveCount(5);
  const urls = await options.evaluateAll((els) => els.map((o) => (o as HTMLOptionElement).value));
  for (const url of urls) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    expect(await res.text()).toContain('#EXT-X-STREAM-INF');
  }
});
