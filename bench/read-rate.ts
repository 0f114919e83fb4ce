/**
 * Frames read per second over minutes of one page, across a stream reload: the guard against
 * the reader starving while the video still decodes (2026-12-01: the charts took the main thread
 * and reads fell from 22.8 to 1.1 fps, decoded stayed at 30). If read/decoded falls while
 * decoded holds, the page's main thread is the bottleneck, not the decoder.
 */
import type { Browser, Page } from 'playwright-core';
import { joinStreamUrl } from '../src/shared/stream/stream-url.ts';
import { openPlayer, waitForFrames } from '../src/measure/page-session.ts';

export interface ReadRateWindow {
  /** Before or after the reload. */
  phase: 'first load' | 'after reload';
  /** Seconds into the phase at the window's end. */
  atS: number;
  readFps: number;
  decodedFps: number;
  droppedFps: number;
  height: number | null;
}

export interface ReadRateRun {
  stream: string;
  windowS: number;
  windows: ReadRateWindow[];
}

const STREAM = '/live/ll200/master.m3u8';
/** A page that reads fewer frames than this share of those it decodes is starving its reader. */
const STARVED_BELOW = 0.8;
/** hls.js level 1: the 360p rung of the default ladder, as in the diagnostic that found the regression. */
const LEVEL = 1;

async function measureWindow(page: Page, seconds: number): Promise<Omit<ReadRateWindow, 'phase' | 'atS'>> {
  const quality = () => page.evaluate(() => {
    const q = document.querySelector('video')?.getVideoPlaybackQuality();
    return { total: q?.totalVideoFrames ?? 0, dropped: q?.droppedVideoFrames ?? 0, now: window.__glassmeter?.session?.now() ?? Date.now() };
  });
  const q0 = await quality();
  await page.waitForTimeout(seconds * 1000);
  const q1 = await quality();
  const read = await page.evaluate((from) => {
    const frames = window.__glassmeter?.session?.frames.toArray().filter((f) => f.displayTimeMs >= from) ?? [];
    return { frames: frames.length, height: frames.at(-1)?.renditionHeight ?? null };
  }, q0.now);
  const rate = (n: number) => Number((n / seconds).toFixed(1));
  return { readFps: rate(read.frames), decodedFps: rate(q1.total - q0.total), droppedFps: rate(q1.dropped - q0.dropped), height: read.height };
}

/** One page: `phaseS` of playing, a reload of the stream through the page's own stream box, `phaseS` more. */
export async function runReadRate(browser: Browser, baseUrl: string, phaseS: number, windowS: number): Promise<ReadRateRun> {
  const run = await openPlayer(browser, `${baseUrl}/?src=${encodeURIComponent(STREAM)}&engine=hls&preset=lowest&levelLock=${LEVEL}&startLevel=${LEVEL}`);
  const windows: ReadRateWindow[] = [];
  const phase = async (name: ReadRateWindow['phase']) => {
    for (let at = windowS; at <= phaseS; at += windowS) windows.push({ phase: name, atS: at, ...(await measureWindow(run.page, windowS)) });
  };
  try {
    await waitForFrames(run.page);
    await phase('first load');
    // A different URL for the same stream (a session id), so the page really loads it again.
    await run.page.getByTestId('stream-url').fill(joinStreamUrl({ prefix: '', options: 'sid=bench-reload', rest: STREAM }));
    await run.page.getByTestId('load-stream').click();
    await run.page.waitForTimeout(2000);
    await waitForFrames(run.page);
    await phase('after reload');
    return { stream: `ll200, hls.js lowest, level ${LEVEL}`, windowS, windows };
  } finally {
    await run.close();
  }
}

export function renderReadRate(r: ReadRateRun): string[] {
  const ratios = r.windows.filter((w) => w.decodedFps > 0).map((w) => w.readFps / w.decodedFps);
  const worst = ratios.length ? Math.min(...ratios) : NaN;
  const phaseS = Math.max(...r.windows.map((w) => w.atS));
  return [
    `### Frames read per second over ${2 * phaseS} s of one page, with a stream reload`,
    '',
    `${r.stream}: ${phaseS} s of playing, then the stream loaded again through the page's stream box (a new session id), ${phaseS} s more; one row per ${r.windowS} s. Read: frames the analyzer recorded; decoded: \`getVideoPlaybackQuality()\`. This guards the chart-starvation regression of 2026-12-01 (reads fell to 1.1 fps after a reload while 30 fps decoded).`,
    '',
    '| phase | at (s) | rendition | read (fps) | decoded (fps) | dropped (fps) | read / decoded |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.windows.map((w) => `| ${w.phase} | ${w.atS} | ${w.height === null ? '—' : `${w.height}p`} | ${w.readFps} | ${w.decodedFps} | ${w.droppedFps} | ${w.decodedFps > 0 ? (w.readFps / w.decodedFps).toFixed(2) : '—'} |`),
    '',
    `Lowest read / decoded: ${Number.isFinite(worst) ? worst.toFixed(2) : '—'}${Number.isFinite(worst) && worst < STARVED_BELOW ? `, under ${STARVED_BELOW}: the page starved its own reader` : ''}. Under ${STARVED_BELOW} means the main thread, not the decoder, limits the reads (2026-12-01: 1.1 of 30, 0.04).`,
  ];
}
