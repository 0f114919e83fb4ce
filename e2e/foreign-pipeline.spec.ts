import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findFfmpeg } from '../src/origin/encoder/find-ffmpeg.ts';
import { exited, flashBeepSource, spawnBurn } from '../src/burn/testing/burn-run.ts';
import { startStaticNginx } from '../src/burn/testing/static-nginx.ts';
import { summary, waitForPlaying } from './helpers.ts';

// A pipeline that is not Glassmeter's origin: a live lavfi source -> `glassmeter burn` at 720p
// (MPEG-TS on stdout) -> ffmpeg (as is, scaled to 960x540, or padded into 1920x1080) with its
// own HLS muxer -> a plain nginx with CORS, whose /time is the docs' snippet. The page plays it
// like any foreign stream and must find the code, read (nearly) every frame, and sync its clock
// to nginx's /time.
// The e2e origin has Varnish on E2E_PORT + 1 (playwright.config.ts --edge): nginx takes + 2.
const port = Number(process.env.E2E_PORT ?? 8181) + 2;
const MEASURE_MS = 6000;

// The first variant is CMAF (fMP4 segments) with a prft box per segment: ffmpeg's HLS muxer
// stamps it with its wall clock when it writes the segment, i.e. after the segment's last frame
// came out of the burner's encoder, against the segment's first media time.
// The mp4 muxer takes AAC without ADTS headers (the HLS muxer turns automatic bitstream filters off).
const PRFT = ['-bsf:a', 'aac_adtstoasc', '-hls_segment_type', 'fmp4', '-hls_segment_options', 'write_prft=wallclock'];
const VARIANTS = [
  { name: '720p as burned', args: ['-c:v', 'copy', ...PRFT], width: 1280, x: 30, cell: 30, prft: true },
  { name: 'scaled to 960x540', args: ['-vf', 'scale=960:540', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', '1200k', '-g', '30'], width: 960, x: 22.5, cell: 22.5 },
  {
    name: 'padded into 1920x1080',
    args: ['-vf', 'pad=1920:1080:320:180', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', '2000k', '-g', '30'],
    width: 1920,
    x: 350,
    cell: 30,
  },
] as const;

let dir: string;
let nginx: Awaited<ReturnType<typeof startStaticNginx>>;
const children: ChildProcess[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glassmeter-foreign-'));
  chmodSync(dir, 0o755); // nginx's workers are not root
  nginx = await startStaticNginx(dir, port);
});

test.afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await nginx?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** burn | ffmpeg ... -f hls dir/name/live.m3u8; resolves once the playlist lists 3 segments. */
async function startPipeline(name: string, args: readonly string[], hlsFlags = 'delete_segments'): Promise<() => Promise<void>> {
  const out = join(dir, name);
  mkdirSync(out);
  const burn = spawnBurn(['--preset', 'ultrafast', '--bitrate', '1500', '--output-format', 'mpegts', ...flashBeepSource(1280, 720, 30), '-'], 'pipe');
  const hls = spawn(findFfmpeg().path, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', ...args, '-c:a', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', hlsFlags, join(out, 'live.m3u8')], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  burn.stdout!.pipe(hls.stdin!);
  children.push(burn, hls);
  const burnExit = exited(burn);
  const playlist = join(out, 'live.m3u8');
  await expect.poll(() => (existsSync(playlist) ? (readFileSync(playlist, 'utf8').match(/#EXTINF/g) ?? []).length : 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  return async () => {
    burn.kill('SIGINT');
    const { code, stderr } = await burnExit;
    await new Promise((r) => (hls.exitCode !== null ? r(null) : hls.once('close', r)));
    expect(code, stderr).toBe(0);
  };
}

for (const v of VARIANTS) {
  test(`a foreign HLS pipeline, ${v.name}: >= 99% decoded, plausible glass-to-glass, clock from nginx's /time`, async ({ page }) => {
    const stop = await startPipeline(v.name.replace(/\W+/g, '-'), v.args);
    try {
      const src = `${nginx.baseUrl}/${v.name.replace(/\W+/g, '-')}/live.m3u8`;
      await page.goto(`/?src=${encodeURIComponent(src)}&engine=hls&preset=lowest`);
      await waitForPlaying(page);
      await page.waitForTimeout(MEASURE_MS);
      const s = await summary(page);
      const full = (await page.evaluate(() => window.__glassmeter?.summary())) as unknown as { clock: { source: string; offsetMs: number; uncertaintyMs: number } | null; prftLatencyP50Ms: number };
      const fps = s.frames / ((MEASURE_MS + 1000) / 1000);
      const where = await page.getByTestId('code-placement').textContent();
      console.log(
        `foreign ${v.name}: ${s.frames} frames (~${fps.toFixed(0)} fps on the page), decode ${(s.decodeRate * 100).toFixed(1)}%, g2g p50 ${s.latencyMs.p50.toFixed(0)} ms, engine ${s.engineLatencyP50Ms.toFixed(0)} ms, clock ${JSON.stringify(full.clock)}, prft p50 ${String(full.prftLatencyP50Ms)} ms, code at ${where}`,
      );
      expect(s.decodeRate).toBeGreaterThanOrEqual(0.99);
      // No Server-Timing here: each frame is joined by media time to hls.js's request for it,
      // and before arrival + player buffer add up to its latency.
      const arrival = await page.evaluate(() => {
        const frames = window.__glassmeter!.session!.frames.toArray().filter((f) => Number.isFinite(f.latencyMs));
        const joined = frames.filter((f) => f.arrival);
        const exact = joined.filter((f) => Math.abs(f.arrival!.beforeArrivalMs + f.arrival!.bufferMs - f.latencyMs) <= 1).length;
        const before = joined.map((f) => f.arrival!.beforeArrivalMs).sort((a, b) => a - b);
        return { frames: frames.length, joined: joined.length, exact, beforeP50: before[Math.floor(before.length / 2)] ?? NaN, unsplit: frames.filter((f) => f.breakdownMiss === 'no-server-timing').length };
      });
      console.log(`foreign ${v.name}: before arrival p50 ${arrival.beforeP50.toFixed(0)} ms, ${arrival.joined}/${arrival.frames} frames joined by media time`);
      expect(arrival.joined).toBeGreaterThanOrEqual(0.9 * arrival.frames);
      expect(arrival.exact).toBe(arrival.joined);
      expect(arrival.beforeP50).toBeGreaterThan(0);
      expect(arrival.beforeP50).toBeLessThan(s.latencyMs.p50);
      // Plausible: 1 s segments, hls.js three segments behind the edge; and never less than
      // the distance to the live edge that hls.js itself reports.
      expect(s.latencyMs.p50).toBeGreaterThan(1000);
      expect(s.latencyMs.p50).toBeLessThan(10_000);
      expect(s.latencyMs.p50).toBeGreaterThan(s.engineLatencyP50Ms);
      // The clock is nginx's (the docs' /time snippet), and on one machine it agrees with ours
      // (to nginx's resolution: $msec is whole milliseconds of a clock cached per event loop).
      expect(full.clock?.source).toBe('stream host');
      expect(Math.abs(full.clock!.offsetMs)).toBeLessThanOrEqual(full.clock!.uncertaintyMs + 2);
      // prft as a second opinion: its clock is read after capture, burn encode and a whole 1 s
      // segment, so it reads less than glass-to-glass, by more than nothing and (one machine,
      // one clock) by less than two segments plus the encoder. Streams without prft say nothing.
      if ('prft' in v) {
        expect(full.prftLatencyP50Ms).toBeGreaterThan(0);
        expect(s.latencyMs.p50 - full.prftLatencyP50Ms).toBeGreaterThan(0);
        expect(s.latencyMs.p50 - full.prftLatencyP50Ms).toBeLessThan(3000);
      } else expect(full.prftLatencyP50Ms).toBeNaN();
      // The code was found where the variant puts it: cells scale with the picture.
      const at = /^([\d.]+), ([\d.]+) · cell ([\d.]+)/.exec(where ?? '');
      expect(where).toContain(` in ${v.width}x`);
      expect(Number(at?.[1])).toBeCloseTo(v.x, -0.5);
      expect(Number(at?.[3])).toBeCloseTo(v.cell, -0.5);
    } finally {
      await stop();
    }
  });
}

// A picture-in-picture the whole-frame search cannot pick: the same burned picture at quarter
// size (cells of 7.5 px) in the bottom right, 2 s behind the main one. The search (and the
// default place) read the big code; the user drags a rectangle around the small one and the
// reader must read that one: 2 s more glass-to-glass, against the same program-date-time.
const PIP = { x: 900, y: 500, delayS: 2 };
test('picture-in-picture: a bad ?region= is a notice, a dragged region makes the reader read the small code', async ({ page }) => {
  const name = 'picture-in-picture';
  const stop = await startPipeline(name, [
    '-filter_complex',
    `[0:v]split[m][p];[p]scale=320:180,setpts=PTS+${PIP.delayS}/TB[s];[m][s]overlay=${PIP.x}:${PIP.y}[v]`,
    '-map', '[v]', '-map', '0:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', '2000k', '-g', '30',
  ], 'delete_segments+program_date_time');
  try {
    await page.goto(`/?src=${encodeURIComponent(`${nginx.baseUrl}/${name}/live.m3u8`)}&engine=hls&preset=lowest&region=5000,5000,100,100`);
    await waitForPlaying(page);
    await expect(page.getByTestId('code-search-error')).toContainText('outside the 1280x720 frame');
    await expect(page.getByTestId('code-placement')).toContainText('30.0, 30.0 · cell 30.00 px');
    await page.waitForTimeout(3000);
    /** Median of (GTC1 latency - PDT latency) over the frames of the last `windowMs`, and how many of them decoded. */
    const codeMinusPdt = (windowMs: number) =>
      page.evaluate((w) => {
        const frames = window.__glassmeter!.session!.frames.toArray();
        const last = frames[frames.length - 1]?.displayTimeMs ?? NaN;
        const all = frames.filter((f) => f.displayTimeMs >= last - w);
        const d = all.filter((f) => Number.isFinite(f.latencyMs) && Number.isFinite(f.pdtLatencyMs)).map((f) => f.latencyMs - f.pdtLatencyMs).sort((a, b) => a - b);
        return { frames: all.length, decoded: all.filter((f) => Number.isFinite(f.latencyMs)).length, median: d[d.length >> 1] ?? NaN };
      }, windowMs);
    const before = await codeMinusPdt(2000);

    await page.getByTestId('code-search-drag').click();
    const box = (await page.getByTestId('video').boundingBox())!;
    // The picture is letterboxed (object-fit: contain) into the element: the same mapping the page makes.
    const scale = Math.min(box.width / 1280, box.height / 720);
    const ox = box.x + (box.width - 1280 * scale) / 2;
    const oy = box.y + (box.height - 720 * scale) / 2;
    await page.mouse.move(ox + (PIP.x - 10) * scale, oy + (PIP.y - 10) * scale);
    await page.mouse.down();
    await page.mouse.move(ox + 1270 * scale, oy + 710 * scale, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('code-search-active')).toBeVisible();
    await expect(page.getByTestId('region-box')).toBeVisible();
    expect(new URL(page.url()).searchParams.get('region')).toMatch(/^\d+,\d+,\d+,\d+@1280x720$/);
    // Found where the small picture puts its code: the origin offset by a quarter of (30, 30).
    await expect.poll(async () => (await page.getByTestId('code-placement').textContent()) ?? '', { timeout: 10_000 }).toMatch(/^90[78]\.\d, 50[78]\.\d · cell 7\.\d+ px in 1280x720 \(found\)/);
    await page.waitForTimeout(3000);
    const after = await codeMinusPdt(2500);
    const fps = after.frames / 2.5;
    console.log(`picture-in-picture: code - PDT latency ${before.median.toFixed(0)} ms on the big code, ${after.median.toFixed(0)} ms on the small one; ${after.decoded}/${after.frames} decoded after the drag (~${fps.toFixed(0)} fps on the page)`);
    expect(after.decoded).toBeGreaterThanOrEqual(0.99 * after.frames);
    expect(after.median - before.median).toBeGreaterThan(PIP.delayS * 1000 - 200);
    expect(after.median - before.median).toBeLessThan(PIP.delayS * 1000 + 200);

    // Cleared: back to the whole frame, and the big code.
    await page.getByTestId('code-search-clear').click();
    await expect.poll(async () => (await page.getByTestId('code-placement').textContent()) ?? '', { timeout: 10_000 }).toContain('30.0, 30.0');
    expect(new URL(page.url()).searchParams.get('region')).toBeNull();
  } finally {
    await stop();
  }
});
