import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStream } from './check.ts';
import type { CheckReport } from './check-report.ts';
import { exited, flashAndBeep, flashBeepSource, spawnBurn } from './testing/burn-run.ts';
import { docSnippet } from './testing/static-nginx.ts';

// `glassmeter burn` from a live lavfi source (30 fps, a flash and a beep every second) into an
// HLS folder for 6 s, then read back with `glassmeter check`'s reader and ffmpeg's analysis.
const W = 640;
const H = 360;
const FPS = 30;
const FRAME_MS = 1000 / FPS;
let dir: string;
let playlist: string;
let burn: { code: number; stderr: string };
let report: CheckReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glassmeter-burn-'));
  playlist = join(dir, 'hls', 'live.m3u8');
  burn = await exited(spawnBurn(['--gop', '1', '--bitrate', '800', '--duration', '6', ...flashBeepSource(W, H, FPS), playlist]));
  const r = await sampleStream({ source: playlist, seconds: 60, minDecodeRate: 1, json: true, help: false });
  if ('error' in r) throw new Error(`${r.error}\nburn said:\n${burn.stderr.slice(-2000)}`);
  report = r;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('glassmeter burn (lavfi -> HLS folder)', () => {
  it('runs, says what it does and writes 1 s segments', () => {
    expect(burn.code, burn.stderr).toBe(0);
    expect(burn.stderr).toMatch(/burn: reading testsrc2=.*wall clock/);
    expect(burn.stderr).toMatch(/burn: done: \d+ frames burned/);
    expect(readdirSync(join(dir, 'hls')).filter((f) => f.endsWith('.ts')).length).toBeGreaterThanOrEqual(5);
  });

  it('burns a GTC1 into every frame, one frame interval apart (+- 5 ms) in capture time', () => {
    console.log(`burn itest: ${report.frames} frames, ${report.decoded} decoded; steps ${JSON.stringify(report.stepMs)}`);
    expect(report.frames).toBeGreaterThan(5 * FPS);
    expect(report.decoded).toBe(report.frames);
    expect(report.code).toMatchObject({ x: 15, y: 15, cellW: 15, cellH: 15 });
    expect(report.stepMs!.min).toBeGreaterThanOrEqual(FRAME_MS - 5);
    expect(report.stepMs!.max).toBeLessThanOrEqual(FRAME_MS + 5);
    // Stamped with the wall clock when ffmpeg got the frame: during the run, not before it.
    expect(report.lastCaptureMs! - report.firstCaptureMs!).toBeGreaterThan(4500);
    expect(Date.now() - report.lastCaptureMs!).toBeLessThan(60_000);
  });

  it('keeps the audio, in sync with the video within one frame', async () => {
    const { flashes, beeps } = await flashAndBeep(playlist, W, H);
    console.log(`burn itest: flashes ${flashes.map((t) => t.toFixed(3)).join(' ')}; beeps ${beeps.map((t) => t.toFixed(3)).join(' ')}`);
    expect(flashes.length).toBeGreaterThanOrEqual(4);
    expect(beeps.length).toBe(flashes.length);
    for (const f of flashes) {
      const nearest = beeps.reduce((a, b) => (Math.abs(b - f) < Math.abs(a - f) ? b : a));
      expect(Math.abs(nearest - f) * 1000, `flash at ${f}`).toBeLessThanOrEqual(FRAME_MS);
    }
  });
});

describe('the plain ffmpeg live recipe in docs/measure-your-pipeline.md, run as printed', () => {
  it('burns every frame one frame interval apart, with audio', async () => {
    const cwd = join(dir, 'recipe');
    mkdirSync(cwd);
    // Its own process group, so Ctrl-C (SIGINT) reaches ffmpeg as it would in a terminal.
    const sh = spawn('bash', ['-e', '-c', docSnippet('ffmpeg-live-recipe')], { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    const done = exited(sh);
    await new Promise((r) => setTimeout(r, 5000));
    process.kill(-sh.pid!, 'SIGINT');
    const { stderr } = await done;
    const r = await sampleStream({ source: join(cwd, 'live', 'live.m3u8'), seconds: 60, minDecodeRate: 1, json: true, help: false });
    if ('error' in r) throw new Error(`${r.error}\n${stderr.slice(-1500)}`);
    console.log(`recipe itest: ${r.frames} frames, ${r.decoded} decoded; steps ${JSON.stringify(r.stepMs)}`);
    expect(r.frames).toBeGreaterThan(3 * FPS);
    expect(r.decoded).toBe(r.frames);
    expect(r.code).toMatchObject({ x: 30, y: 30, cellW: 30, cellH: 30 });
    expect(r.stepMs!.min).toBeGreaterThanOrEqual(FRAME_MS - 5);
    expect(r.stepMs!.max).toBeLessThanOrEqual(FRAME_MS + 5);
    expect((await flashAndBeep(join(cwd, 'live', 'live.m3u8'), 1280, 720)).beeps.length).toBeGreaterThanOrEqual(1); // the sine is there
  });
});

describe('glassmeter burn on bad input and output', () => {
  it('names the input it cannot read, the output it cannot write, and a missing audio stream', async () => {
    const badIn = await exited(spawnBurn(['/nonexistent/in.ts', join(dir, 'x.ts')]));
    expect(badIn.code).toBe(1);
    expect(badIn.stderr).toMatch(/burn: error: ffmpeg could not read the input \/nonexistent\/in\.ts: .*No such file/);
    const live = ['--input-format', 'lavfi', 'testsrc2=s=320x180:r=30,realtime'];
    const badOut = await exited(spawnBurn(['--no-audio', ...live, '/nonexistent/out.ts']));
    expect(badOut.code).toBe(1);
    expect(badOut.stderr).toMatch(/burn: error: ffmpeg could not write the output \/nonexistent\/out\.ts: .*No such file/);
    const noAudio = await exited(spawnBurn([...live, join(dir, 'y.ts')]));
    expect(noAudio.code).toBe(1);
    expect(noAudio.stderr).toContain('burn: error: the input has no audio stream: add --no-audio');
  });
});
