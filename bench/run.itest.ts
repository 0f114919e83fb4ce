import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// `npm run bench -- --quick` is the check that the benchmark suite still works end to end.
it('the quick benchmark run writes a JSON report with every section', () => {
  const started = Date.now();
  const run = spawnSync('npx', ['tsx', 'bench/run.ts', '--quick'], { encoding: 'utf8', timeout: 900_000 });
  expect(run.status, run.stderr.slice(-3000)).toBe(0);
  const dir = join(process.cwd(), 'bench/results');
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('-quick.json'))
    .sort()
    .at(-1);
  expect(newest).toBeDefined();
  const report = JSON.parse(readFileSync(join(dir, newest!), 'utf8')) as Record<string, unknown> & {
    environment: { date: string };
    encoder: { runs: Array<{ audio: boolean; ffmpegCpuPercentOfOneCore: number; tracks: Array<{ track: string; chunks: number; captureToPackagedMs: { p50: number } }> }> };
    fanout: { rows: Array<{ via: string; client: string; clients: number; responses: number; originRequestsPerPart: number; releaseDelayMs: { p50: number } }> };
    staticCompare: { originRps: number; nginxRps: number | null; note: string | null };
    analyzerReadCost: { runs: Array<{ path: string; height: number; frames: number; costMs: { p50: number }; searchFrames: number; searchCostMs: { p50: number } }>; readRate: { windows: Array<{ phase: string; readFps: number; decodedFps: number }> } };
    latency: Array<{ profile: string; engine: string; frames: number; g2gMs: { p50: number }; encodePackageP50Ms: number | null; bufferP50Ms: number | null }>;
    network: Array<{ profile: string; engine: string; stream: string; frames: number; seconds: number }>;
    presets: Array<{ engine: string; preset: string; unlimited: { frames: number; g2gMs: { p50: number } }; network: unknown }>;
  };
  expect(Date.parse(report.environment.date)).toBeGreaterThanOrEqual(started - 1000);
  // Per rung, once with audio on (an audio track too) and once with the origin started without it.
  expect(report.encoder.runs.map((r) => `${r.audio}:${r.tracks.map((t) => t.track).join(',')}`)).toEqual(['true:720p,480p,360p,240p,audio', 'false:720p,480p,360p,240p']);
  for (const r of report.encoder.runs) {
    expect(r.ffmpegCpuPercentOfOneCore).toBeGreaterThan(0);
    for (const t of r.tracks) expect(t.captureToPackagedMs.p50, `${r.audio}/${t.track}`).toBeGreaterThan(0);
  }
  expect(report.fanout.rows.map((r) => `${r.via}/${r.client}/${r.clients}`)).toEqual([
    'origin/h2load/100', 'varnish/h2load/100', 'nginx/h2load/100', 'origin/h2load/1000', 'varnish/h2load/1000', 'nginx/h2load/1000', 'origin/node/1000',
  ]);
  for (const r of report.fanout.rows) {
    expect(r.responses).toBe(2 * r.clients);
    expect(r.releaseDelayMs.p50).toBeGreaterThan(0);
  }
  // The edge collapses N viewers into one origin request per part.
  expect(report.fanout.rows.find((r) => r.via === 'varnish' && r.clients === 1000)!.originRequestsPerPart).toBe(1);
  expect(report.staticCompare.originRps).toBeGreaterThan(0);
  expect(report.staticCompare.nginxRps !== null || report.staticCompare.note !== null).toBe(true);
  expect(report.analyzerReadCost.runs.map((r) => `${r.path}@${r.height}`).sort()).toEqual(['canvas@240', 'canvas@720', 'webcodecs@240', 'webcodecs@720']);
  for (const r of report.analyzerReadCost.runs) {
    expect(r.costMs.p50).toBeGreaterThan(0);
    // The forced whole-frame searches were read and timed apart from the locked reads.
    expect(r.searchFrames, `${r.path}@${r.height}`).toBeGreaterThan(0);
    expect(r.searchCostMs.p50).toBeGreaterThan(0);
  }
  // Frames read per second, before and after a stream reload in the same page: two windows each.
  expect(report.analyzerReadCost.readRate.windows.map((w) => w.phase)).toEqual(['first load', 'first load', 'after reload', 'after reload']);
  for (const w of report.analyzerReadCost.readRate.windows) expect(w.readFps, w.phase).toBeGreaterThan(0);
  expect(report.latency.map((l) => `${l.profile}/${l.engine}`)).toEqual(['ll100/hls', 'll200/hls', 'll500/hls', 'hls2/hls', 'dash-ll/dash', 'll200/shaka']);
  expect(report.network.map((n) => `${n.profile}/${n.engine}/${n.stream}`)).toEqual(['spike/hls/ll200', 'spike/dash/dash-ll', 'spike/shaka/ll200', 'fast-jitter/hls/ll200', 'fast-jitter/dash/dash-ll', 'fast-jitter/shaka/ll200']);
  for (const n of report.network) expect(n.frames).toBeGreaterThan(0);
  // The quick run measures two presets on the unlimited link only (the full run: every preset, and spike).
  expect(report.presets.map((p) => `${p.engine}/${p.preset}`)).toEqual(['hls/lowest', 'hls/balanced']);
  for (const p of report.presets) {
    expect(p.unlimited.frames).toBeGreaterThan(0);
    expect(p.unlimited.g2gMs.p50).toBeGreaterThan(0);
    expect(p.network).toBeNull();
  }
  for (const l of report.latency) {
    expect(l.frames).toBeGreaterThan(0);
    expect(l.g2gMs.p50).toBeGreaterThan(0);
    // Every engine's frames join to the origin's Server-Timing: the breakdown columns are filled.
    expect(l.encodePackageP50Ms, `${l.profile}/${l.engine}`).toBeGreaterThan(0);
    expect(l.bufferP50Ms, `${l.profile}/${l.engine}`).toBeGreaterThan(0);
  }
}, 900_000);
