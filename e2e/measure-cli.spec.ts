import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The CLI starts its own origin and Chromium, as a user's automation would.
function measure(args: string[], timeoutMs = 150_000) {
  const result = spawnSync('npx', ['tsx', 'src/measure/cli.ts', ...args], { encoding: 'utf8', timeout: timeoutMs });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('npm run measure writes a plausible JSON summary and exits 0', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-measure-'));
  const json = join(dir, 'out.json');
  const csv = join(dir, 'out.csv');
  // Against the origin the e2e run already has: a second encoder would starve the browser on 2 cores.
  const base = test.info().project.use.baseURL!;
  const run = measure(['--origin', base, '--seconds', '15', '--warmup', '5', '--json', json, '--csv', csv]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/glass-to-glass\s+p50 \d+ ms/);
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    summary: { frames: number; decodeRate: number; latencyMs: { p50: number; p95: number; p99: number; min: number; max: number }; engineLatencyP50Ms: number; stalls: { count: number }; clock: { uncertaintyMs: number } };
    environment: { browser: string };
    media: { objects: number; bytes: number; refetched: number; refetchedBytes: number };
  };
  const s = report.summary;
  // hls.js fetches each part once: the count sees the window's media and no double fetches.
  expect(run.stdout).toMatch(/media fetched\s+\d+ objects, \d+ fetched again/);
  expect(report.media.objects).toBeGreaterThan(50);
  expect(report.media.bytes).toBeGreaterThan(0);
  expect(report.media.refetched).toBeLessThan(report.media.objects / 10);
  expect(s.frames).toBeGreaterThan(100);
  expect(s.decodeRate).toBeGreaterThanOrEqual(0.99);
  expect(s.latencyMs.p50).toBeGreaterThan(200);
  expect(s.latencyMs.p50).toBeLessThan(3000);
  expect(s.latencyMs.min).toBeLessThanOrEqual(s.latencyMs.p50);
  expect(s.latencyMs.p95).toBeLessThanOrEqual(s.latencyMs.p99);
  expect(s.latencyMs.p99).toBeLessThanOrEqual(s.latencyMs.max);
  expect(s.engineLatencyP50Ms).toBeGreaterThan(0);
  expect(s.clock.uncertaintyMs).toBeLessThan(50);
  expect(report.environment.browser).toMatch(/\d+\./);
  const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
  expect(lines[0]).toMatch(/^display_time_ms,capture_time_ms,latency_ms,/);
  expect(lines.length - 1).toBe(s.frames);
});

test('--engine dash measures LL-DASH with dash.js', async () => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-measure-'));
  const json = join(dir, 'dash.json');
  const run = measure(['--origin', test.info().project.use.baseURL!, '--engine', 'dash', '--seconds', '10', '--warmup', '5', '--json', json]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('/live/dash-ll/manifest.mpd (dash.js, preset lowest)');
  const report = JSON.parse(readFileSync(json, 'utf8')) as { engine: string; summary: { decodeRate: number; latencyMs: { p50: number }; engineLatencyP50Ms: number }; environment: { library: string } };
  expect(report.engine).toBe('dash');
  expect(report.environment.library).toMatch(/^dashjs \d+\./);
  expect(report.summary.decodeRate).toBeGreaterThanOrEqual(0.99);
  expect(report.summary.latencyMs.p50).toBeGreaterThan(200);
  expect(report.summary.latencyMs.p50).toBeLessThan(3000);
  expect(report.summary.engineLatencyP50Ms).toBeGreaterThan(0);
});

test('a stream that does not exist exits 3, a bad flag exits 2', async () => {
  test.setTimeout(120_000);
  // --origin serves the page: without it the CLI would start a second origin and encoder.
  const missing = measure(['--origin', test.info().project.use.baseURL!, '--url', 'http://127.0.0.1:9/live/none/master.m3u8', '--seconds', '5']);
  expect(missing.code, missing.stderr).toBe(3);
  expect(missing.stderr).toMatch(/could not be played/);
  const noOrigin = measure(['--origin', 'http://127.0.0.1:9', '--seconds', '5']);
  expect(noOrigin.code).toBe(3);
  expect(noOrigin.stderr).toMatch(/no ready Glassmeter origin/);
  const bad = measure(['--seconds', 'soon']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--seconds must be a whole number');
  const unknown = measure(['--frobnicate']);
  expect(unknown.code).toBe(2);
  const mismatch = measure(['--engine', 'hls', '--profile', 'dash-ll']);
  expect(mismatch.code).toBe(2);
  expect(mismatch.stderr).toContain('--engine hls cannot play profile dash-ll');
});

test('--compare runs two players on one page and writes a summary for each; a bad spec exits 2', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'glassmeter-compare-'));
  const json = join(dir, 'compare.json');
  const base = test.info().project.use.baseURL!;
  // Both capped to the lowest rung: two videos on 2 cores.
  const run = measure(['--origin', base, '--seconds', '10', '--warmup', '3', '--json', json, '--compare', 'profile=ll200,preset=lowest,levelLock=0,label=plain', '--compare', 'profile=ll200,options=delay=500,preset=balanced,levelLock=0,label=delayed']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/plain\s+delayed/);
  expect(run.stdout).toMatch(/g2g p50 ms/);
  const report = JSON.parse(readFileSync(json, 'utf8')) as { players: Array<{ label: string; spec: { options: string | null; preset: string }; summary: { frames: number; latencyMs: { p50: number } } }> };
  expect(report.players.map((p) => p.label)).toEqual(['plain', 'delayed']);
  expect(report.players[1]!.spec).toMatchObject({ options: 'delay=500', preset: 'balanced' });
  for (const p of report.players) {
    expect(p.summary.frames, p.label).toBeGreaterThan(0);
    expect(p.summary.latencyMs.p50, p.label).toBeGreaterThan(0);
  }
  const bad = measure(['--origin', base, '--compare', 'profile=ll200,maxBufferLenght=4', '--compare', 'profile=ll200']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('maxBufferLenght');
});

test('--sweep with two values prints the table and writes the CSV, the JSON and an SVG that parses', async ({ page }) => {
  test.setTimeout(150_000);
  const dir = join(mkdtempSync(join(tmpdir(), 'glassmeter-sweep-')), 'out');
  // One configuration at a time, each capped to the lowest rung, short: the check is the wiring.
  // Two axes make labels longer than the page keeps (40 chars): results must still be matched.
  const run = measure(['--origin', test.info().project.use.baseURL!, '--seconds', '6', '--warmup', '2', '--set', 'levelLock=0', '--sweep', 'maxLiveSyncPlaybackRate=1.2,1.5', '--sweep', 'liveSyncOnStallIncrease=0', '--out', dir]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^maxLiveSyncPlaybackRate\s+liveSyncOnStallIncrease\s+frames\s+decoded\s+g2g_p50_ms/m);
  expect(run.stdout).toMatch(/^1\.2\s+\d+\s+\d+\s+\d+/m);
  expect(run.stdout).toMatch(/^1\.5\s+\d+\s+\d+\s+\d+/m);
  const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\r\n');
  expect(csv).toHaveLength(3);
  expect(csv[1]).toMatch(/^1\.2,0,[1-9]\d*,/);
  const report = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { configs: Array<{ label: string; spec: { settings: Record<string, unknown> }; summary: { frames: number; latencyMs: { p50: number } } }>; front: string[] };
  expect(report.configs.map((c) => c.label)).toEqual(['maxLiveSyncPlaybackRate=1.2 liveSyncOnStallIncrease=0', 'maxLiveSyncPlaybackRate=1.5 liveSyncOnStallIncrease=0']);
  expect(report.configs[1]!.spec.settings).toEqual({ levelLock: 0, maxLiveSyncPlaybackRate: 1.5, liveSyncOnStallIncrease: 0 });
  for (const c of report.configs) {
    expect(c.summary.frames, c.label).toBeGreaterThan(0);
    expect(c.summary.latencyMs.p50, c.label).toBeGreaterThan(0);
  }
  expect(report.front.length).toBeGreaterThan(0);
  // The SVG must parse as XML (a browser's own parser), with a dot per configuration and the front labelled.
  const svg = readFileSync(join(dir, 'sweep.svg'), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, dots: doc.querySelectorAll('circle').length, labels: [...doc.querySelectorAll('text')].map((t) => t.textContent) };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.dots).toBe(2);
  for (const label of report.front) expect(parsed.labels).toContain(label);
});
