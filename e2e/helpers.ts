import { expect, type Page } from '@playwright/test';

/** Reads a numeric readout (the element holds only the number). NaN for "—". */
export async function readNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent())?.trim() ?? '';
  return text === '—' ? NaN : Number(text);
}

export async function waitForPlaying(page: Page): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText('playing', { timeout: 60_000 });
  // Frames are being read and latency is known.
  await expect.poll(() => readNumber(page, 'latency-now'), { timeout: 30_000 }).toBeGreaterThan(0);
}

export interface Summary {
  frames: number;
  decodeRate: number;
  latencyMs: { p50: number; p95: number; count: number };
  engineLatencyP50Ms: number;
}

export async function summary(page: Page): Promise<Summary> {
  const s = await page.evaluate(() => window.__glassmeter?.summary());
  if (!s) throw new Error('no analyzer session on the page');
  return s as unknown as Summary;
}
