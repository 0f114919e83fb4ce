import { expect, test } from '@playwright/test';

test('the page at / loads and every listed stream is reachable from it', async ({ page, request }) => {
  await page.goto('/');
  const links = page.getByTestId('stream-list').locator('a');
  await expect(links).toHaveCount(5);
  const hrefs = await links.evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs) {
    const res = await request.get(href);
    expect(res.status(), href).toBe(200);
    expect(await res.text()).toContain('#EXT-X-STREAM-INF');
  }
});
