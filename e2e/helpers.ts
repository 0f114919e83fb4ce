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

/**
 * Plays `src` in hls.js at a fixed target latency with firm catch-up, so the player sits at the
 * same distance from its live edge in every run (a change of the stream then shows whole), and
 * waits `convergeMs` for it to get there.
 */
export async function playAtFixedTarget(page: Page, src: string, convergeMs: number, extraQuery = ''): Promise<void> {
  await page.goto(`/?src=${encodeURIComponent(src)}&engine=hls&preset=lowest&targetLatency=1&maxLiveSyncPlaybackRate=1.5${extraQuery}`);
  await waitForPlaying(page);
  await page.waitForTimeout(convergeMs);
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
