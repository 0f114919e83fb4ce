/**
 * `npx tsx bench/freeze-recovery.ts [hls|dash] [runs]`: how a player gets through a frozen
 * encoder. Starts the origin in-process (twitch ladder), plays ll200 with hls.js or dash-ll with
 * dash.js (preset `lowest`) in headless Chromium, sends SIGSTOP to the origin's video ffmpeg
 * 15 s in and SIGCONT 5 s later (the watchdog has restarted it by then), and prints per run: the
 * time from the SIGSTOP to the end of the last stall, the stalls, glass-to-glass before and 12-20 s
 * after, and the frames per second the page got. Run it under the team's heavy-job lock: it runs
 * ffmpeg and Chromium. docs/origin.md ("Failure behaviour") quotes its medians.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLadder } from '../src/origin/encoder/ladder.ts';
import { startOrigin } from '../src/origin/start-origin.ts';
import { launchChromium, openPlayer, waitForFrames } from '../src/measure/page-session.ts';
import { percentile } from '../src/analyzer/stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const engine = process.argv[2] === 'dash' ? 'dash' : 'hls';
const runs = Math.max(1, Math.min(5, Number(process.argv[3] ?? 3) || 3));
const src = engine === 'dash' ? '/live/dash-ll/manifest.mpd' : '/live/ll200/master.m3u8';
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunResult {
  recoveredS: number;
  stalls: string[];
  beforeMs: number;
  afterMs: number;
  fps: number;
}

async function once(): Promise<RunResult> {
  const origin = await startOrigin({ rungs: parseLadder('twitch'), appRoot: join(root, 'dist') });
  const browser = await launchChromium();
  try {
    await origin.server.waitUntilReady(30_000);
    const run = await openPlayer(browser, `${origin.baseUrl}/?${new URLSearchParams({ src, engine, preset: 'lowest' })}`);
    const { page } = run;
    await waitForFrames(page);
    await sleep(15_000);
    const pid = origin.pipeline.encoder.pid;
    if (pid === null) throw new Error('ffmpeg is not running');
    const stoppedAtMs = Date.now();
    process.kill(pid, 'SIGSTOP');
    await sleep(5000);
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // The watchdog killed it already.
    }
    await sleep(15_000);
    const seen = await page.evaluate((from) => {
      const s = window.__glassmeter!.session!;
      return {
        frames: s.frames.toArray().map((f) => ({ t: f.displayTimeMs, g2g: f.latencyMs })),
        stallEnds: s.markers.toArray().filter((m) => m.kind === 'stall-end' && m.timeMs > from).map((m) => ({ t: m.timeMs, label: m.label })),
      };
    }, stoppedAtMs - 5000);
    await run.close();
    const g2g = (from: number, to: number) => median(seen.frames.filter((f) => f.t >= from && f.t < to && Number.isFinite(f.g2g)).map((f) => f.g2g));
    const last = seen.stallEnds.at(-1);
    const recent = seen.frames.filter((f) => f.t >= stoppedAtMs - 15_000);
    return {
      recoveredS: last ? (last.t - stoppedAtMs) / 1000 : NaN,
      stalls: seen.stallEnds.map((m) => m.label),
      beforeMs: g2g(stoppedAtMs - 5000, stoppedAtMs),
      afterMs: g2g(stoppedAtMs + 12_000, stoppedAtMs + 20_000),
      fps: recent.length / ((Date.now() - (stoppedAtMs - 15_000)) / 1000),
    };
  } finally {
    await browser.close();
    await origin.stop();
  }
}

const results: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  const r = await once();
  results.push(r);
  console.log(`${engine} run ${i + 1}: playing again ${r.recoveredS.toFixed(1)} s after SIGSTOP (${r.stalls.join('; ') || 'no stall'}), g2g ${r.beforeMs.toFixed(0)} ms before, ${r.afterMs.toFixed(0)} ms 12-20 s after, ${r.fps.toFixed(1)} fps`);
}
const m = (f: (r: RunResult) => number) => median(results.map(f));
console.log(`${engine} median of ${runs}: playing again ${m((r) => r.recoveredS).toFixed(1)} s after SIGSTOP, g2g ${m((r) => r.beforeMs).toFixed(0)} -> ${m((r) => r.afterMs).toFixed(0)} ms, ${m((r) => r.fps).toFixed(1)} fps`);
