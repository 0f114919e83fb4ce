/**
 * `npm run bench [-- --quick]`: every benchmark in one run, on this machine, with medians and
 * tails. Writes bench/results/<date>.json and docs/benchmarks.md, and prints the table.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EngineName } from '../src/analyzer/types.ts';
import { ENGINE_CATALOG } from '../src/player/catalog.ts';
import { appBuildIsStale, buildApp } from '../src/origin/app-build.ts';
import { parseLadder } from '../src/origin/encoder/ladder.ts';
import { startOrigin } from '../src/origin/start-origin.ts';
import { launchChromium } from '../src/measure/page-session.ts';
import { runLatency, runNetworkProfile, runReadCost, type LatencyRun, type NetworkRun, type ReadCostRun } from './browser-runs.ts';
import { findSchedule, NAMED_SCHEDULES, scheduleLengthSeconds } from '../src/shared/network-schedules.ts';
import { renderFanout, runFanoutSection, type FanoutResult } from './fanout-section.ts';
import { runStaticCompare, type StaticCompareResult } from './static-compare.ts';
import { renderPresets, runPresetsNetwork, runPresetsUnlimited, type PresetRun } from './presets-section.ts';
import { renderEncoder, runEncoderSection, type EncoderResult } from './encoder-section.ts';
import { renderLatency } from './latency-section.ts';
import { renderReadCost } from './analyzer-section.ts';
import { renderReadRate, runReadRate, type ReadRateRun } from './read-rate.ts';
import { mergeSections, renderPage, type Section } from './report.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['encoder', 'fanout', 'static', 'analyzer', 'latency', 'network', 'presets'] as const;
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, from: { type: 'string' } }, strict: true });
const quick = values.quick ?? false;
/** `--only fanout,analyzer` runs some sections (for working on one); the report then says so. */
const only = new Set(values.only ? values.only.split(',') : SECTIONS);
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    console.error(`unknown section "${name}" in --only; sections: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
/**
 * Which players (engine + preset) a table compares: hls.js's and dash.js's Lowest latency and
 * Balanced (chosen from sweeps, docs/benchmarks.md; dash.js's Balanced is LoL+ at one segment),
 * Shaka's default and lowest.
 */
type Player = { engine: EngineName; preset: string };
const HLS_BOTH: Player[] = [{ engine: 'hls', preset: 'lowest' }, { engine: 'hls', preset: 'balanced' }];
const DASH_BOTH: Player[] = [{ engine: 'dash', preset: 'lowest' }, { engine: 'dash', preset: 'balanced' }];
const SHAKA_BOTH: Player[] = [{ engine: 'shaka', preset: 'defaults' }, { engine: 'shaka', preset: 'lowest' }];
const plan = quick
  ? {
      networkProfiles: ['spike', 'fast-jitter'],
      networkPlayers: [{ engine: 'hls', preset: 'lowest' }, { engine: 'dash', preset: 'lolp' }, { engine: 'shaka', preset: 'lowest' }] as Player[],
      latencyRuns: [
        ...['ll100', 'll200', 'll500', 'hls2'].map((profile) => ({ profile, engine: 'hls', preset: 'lowest' })),
        { profile: 'dash-ll', engine: 'dash', preset: 'lolp' },
        { profile: 'll200', engine: 'shaka', preset: 'lowest' },
      ] as LatencyPlan[],
      encoderS: 5, encoderWarmupS: 2, fanoutClients: [100, 1000], rounds: 2, staticS: 5, readWarmupS: 4, readS: 6, readRatePhaseS: 20, latencyWarmupS: 5, latencyS: 10,
    }
  : {
      networkProfiles: Object.keys(NAMED_SCHEDULES),
      // Shaka plays the network profiles on ll200 (its LL-HLS path: parts and preload hints).
      networkPlayers: [...HLS_BOTH, ...DASH_BOTH, ...SHAKA_BOTH],
      // ll200 with hls.js and Shaka, dash-ll with dash.js and Shaka sit next to each other: same encode, same run.
      latencyRuns: [
        ...['ll100', 'll200', 'll500', 'hls2'].flatMap((profile) => HLS_BOTH.map((p) => ({ profile, ...p }))),
        ...DASH_BOTH.map((p) => ({ profile: 'dash-ll', ...p })),
        ...['ll200', 'dash-ll'].flatMap((profile) => SHAKA_BOTH.map((p) => ({ profile, ...p }))),
      ] as LatencyPlan[],
      encoderS: 30, encoderWarmupS: 5, fanoutClients: [100, 1000, 5000], rounds: 3, staticS: 15, readWarmupS: 5, readS: 20, readRatePhaseS: 80, latencyWarmupS: 10, latencyS: 60,
    };
type LatencyPlan = Player & { profile: string };
const engineLabel = (engine: EngineName) => ENGINE_CATALOG[engine].label;
const log = (m: string) => console.error(`[bench] ${m}`);

/**
 * `--from bench/results/X.json --only NAME`: re-render sections from a run's saved results (its
 * date and command stay), without measuring: for a change in how a table is computed or worded.
 */
function rerender(file: string) {
  const saved = JSON.parse(readFileSync(resolve(file), 'utf8')) as Results;
  const keep = (s: Section) => only.has(s.name);
  const sections = renderSections(saved).filter(keep);
  const page = join(root, 'docs/benchmarks.md');
  writeFileSync(page, mergeSections(readFileSync(page, 'utf8'), sections));
  log(`re-rendered ${sections.map((s) => s.name).join(', ') || 'nothing'} from ${file}`);
}

async function main() {
  if (values.from) return rerender(values.from);
  if (appBuildIsStale(root, join(root, 'dist'))) {
    log('building the app');
    await buildApp(root);
  }
  // The encoder section starts its own origins (audio on, then off), each alone on the machine.
  const encoderResult = only.has('encoder') ? await runEncoderSection(join(root, 'dist'), plan.encoderWarmupS, plan.encoderS, log) : null;

  const origin = await startOrigin({ rungs: parseLadder('default'), appRoot: join(root, 'dist'), port: 0 });
  log(`origin on ${origin.baseUrl}; waiting until it is ready`);
  await origin.server.waitUntilReady();

  let fanout: FanoutResult | null = null;
  if (only.has('fanout')) {
    fanout = await runFanoutSection(origin, plan.fanoutClients, plan.rounds, log);
  }

  let staticCompare: StaticCompareResult | null = null;
  if (only.has('static')) {
    log(`part-serving throughput: origin vs nginx, ${plan.staticS} s each`);
    staticCompare = await runStaticCompare(origin, 32, plan.staticS);
  }

  const browser = await launchChromium();
  const browserVersion = browser.version();
  const readCosts: ReadCostRun[] = [];
  let readRate: ReadRateRun | null = null;
  const latency: LatencyRun[] = [];
  let presets: PresetRun[] = [];
  try {
    for (const [level, label] of only.has('analyzer') ? ([[3, '720p'], [0, '240p']] as const) : []) {
      for (const path of ['webcodecs', 'canvas'] as const) {
        log(`analyzer read cost: ${path} at ${label}`);
        readCosts.push(await runReadCost(browser, origin.baseUrl, path, level, plan.readWarmupS, plan.readS));
      }
    }
    if (only.has('analyzer')) {
      log(`analyzer frames read per second: ${plan.readRatePhaseS} s, a stream reload, ${plan.readRatePhaseS} s`);
      readRate = await runReadRate(browser, origin.baseUrl, plan.readRatePhaseS, 10);
    }
    for (const { profile, engine, preset } of only.has('latency') ? plan.latencyRuns : []) {
      log(`glass-to-glass: ${profile} with ${engineLabel(engine)} ${preset}`);
      latency.push(await runLatency(browser, origin.baseUrl, profile, engine, preset, plan.latencyWarmupS, plan.latencyS));
    }
    if (only.has('presets')) presets = await runPresetsUnlimited(browser, origin.baseUrl, quick, log);
  } finally {
    await origin.stop();
  }

  // The network table uses the ladder the MMSys 2020 profiles were made for.
  const network: NetworkRun[] = [];
  // The quick run measures presets on the unlimited link only.
  if (only.has('network') || (presets.length > 0 && !quick)) {
    const twitch = await startOrigin({ rungs: parseLadder('twitch'), appRoot: join(root, 'dist'), port: 0 });
    try {
      await twitch.server.waitUntilReady();
      for (const profile of only.has('network') ? plan.networkProfiles : []) {
        const schedule = findSchedule(profile)!;
        for (const { engine, preset } of plan.networkPlayers) {
          log(`network: ${profile} (${scheduleLengthSeconds(schedule)} s) with ${engineLabel(engine)} ${preset}, twitch ladder`);
          network.push(await runNetworkProfile(browser, twitch.baseUrl, profile, scheduleLengthSeconds(schedule), engine, preset));
        }
      }
      if (!quick) await runPresetsNetwork(browser, twitch.baseUrl, presets, log);
    } finally {
      await twitch.stop();
    }
  }
  await browser.close();

  const ratio = (height: number) => {
    const wc = readCosts.find((r) => r.path === 'webcodecs' && r.height === height)?.costMs.p50;
    const cv = readCosts.find((r) => r.path === 'canvas' && r.height === height)?.costMs.p50;
    return wc && cv ? Number((cv / wc).toFixed(2)) : null;
  };
  const environment = {
    date: new Date().toISOString(),
    command: `npm run bench${quick || values.only ? ' --' : ''}${quick ? ' --quick' : ''}${values.only ? ` --only ${values.only}` : ''}`,
    cpu: `${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ffmpeg: `${origin.pipeline.ffmpeg.version} (${origin.pipeline.ffmpeg.origin})`,
    chromium: browserVersion,
  };
  const results = { environment, quick, encoder: encoderResult, fanout, staticCompare, network, analyzerReadCost: { runs: readCosts, canvasOverWebcodecsP50: { '720p': ratio(720), '240p': ratio(240) }, readRate }, latency, presets };
  const sections = renderSections(results);
  const markdown = renderPage(PREAMBLE, sections);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const stamp = environment.date.slice(0, 19).replace(/:/g, '-');
  writeFileSync(join(root, `bench/results/${stamp}${quick ? '-quick' : ''}.json`), JSON.stringify(results, null, 2) + '\n');
  // A run replaces the sections it measured and keeps the rest of the page (the hand-written
  // sweep notes between them); --quick publishes nothing.
  const page = join(root, 'docs/benchmarks.md');
  if (!quick) writeFileSync(page, mergeSections(existsSync(page) ? readFileSync(page, 'utf8') : renderPage(PREAMBLE, []), sections));
  console.log(markdown);
}

type Results = {
  environment: Record<string, string | number>;
  quick: boolean;
  encoder: EncoderResult | null;
  fanout: FanoutResult | null;
  staticCompare: StaticCompareResult | null;
  network: NetworkRun[];
  analyzerReadCost: { runs: ReadCostRun[]; canvasOverWebcodecsP50: Record<string, number | null>; readRate?: ReadRateRun | null };
  latency: LatencyRun[];
  presets: PresetRun[];
};

/** Published L2A-LL results of the MMSys 2020 challenge: Mbit/s, latency s, stall s, switches. */
const L2A_LL: Record<string, [number, number, number, number]> = {
  cascade: [0.58, 1.7, 28, 10],
  'intra-cascade': [0.35, 2.5, 38, 7],
  spike: [0.59, 1.5, 7, 3],
  'slow-jitter': [0.33, 1.3, 7, 4],
  'fast-jitter': [0.33, 1.2, 0.7, 2],
};

/** One block per section, each naming the command and date that measured it (see report.ts). */
function renderSections(r: Results): Section[] {
  const e = r.environment;
  const measured = `Measured with \`${e.command}\` on ${e.date}: ${e.cpu}, ${e.memoryGiB} GiB, Node ${e.node}, ffmpeg ${e.ffmpeg}, Chromium ${e.chromium}.`;
  const section = (name: string, title: string, body: string[]): Section => ({ name, lines: [`## ${title}`, '', measured, '', ...body] });
  const sections: Section[] = [];
  // Saved results from before 2026-12-02 have the one-row encoder shape (no runs): not re-rendered.
  if (r.encoder?.runs) sections.push(section('encoder', 'Encoder: capture to packaged per rung, with and without audio', renderEncoder(r.encoder)));
  if (r.fanout) {
    sections.push(section('fanout', 'Fan-out: blocking LL-HLS clients at the origin, through Varnish and through nginx', renderFanout(r.fanout)));
  }
  if (r.staticCompare) {
    sections.push(section('static', 'Part serving: origin vs nginx', [
      `One published ll200 part (${r.staticCompare.objectBytes} bytes) requested back to back over ${r.staticCompare.connections} keep-alive connections for ${r.staticCompare.seconds} s each, by the same Node client process; nginx (one worker, like the one origin process) serves the same bytes as a static file.`,
      '',
      '| origin (req/s) | nginx (req/s) | origin / nginx |',
      '| --- | --- | --- |',
      `| ${r.staticCompare.originRps} | ${r.staticCompare.nginxRps ?? '—'} | ${r.staticCompare.ratio ?? '—'} |`,
      ...(r.staticCompare.note ? ['', r.staticCompare.note] : []),
    ]));
  }
  if (r.analyzerReadCost.runs.length) sections.push(section('analyzer', 'Analyzer: cost of reading GTC1 per presented frame, locked and searching (headless Chromium, software decode)', [...renderReadCost(r.analyzerReadCost), ...(r.analyzerReadCost.readRate ? ['', ...renderReadRate(r.analyzerReadCost.readRate)] : [])]));
  if (r.latency.length) sections.push(section('latency', 'Glass-to-glass latency per profile and engine', renderLatency(r.latency)));
  if (r.network.length) {
    sections.push(section('network', 'Network profiles (ACM MMSys 2020), twitch ladder: hls.js and Shaka Player on ll200, dash.js on dash-ll', [
      'One pass of each profile from the session\'s first request. The L2A-LL rows are the published challenge results (dash.js, their own setup), for orientation only.',
      '',
      '| profile | player | over | frames | avg bitrate (Mbit/s) | g2g mean (s) | g2g p95 (s) | stalled (s) | switches |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...r.network.flatMap((x) => {
        const l2a = L2A_LL[x.profile];
        const mine = `| ${x.profile} | ${engineLabel(x.engine)} ${x.preset} (${x.stream}) | ${x.seconds} s | ${x.frames} | ${x.averageBitrateKbps === null ? '—' : (x.averageBitrateKbps / 1000).toFixed(2)} | ${x.g2gMeanMs === null ? '—' : (x.g2gMeanMs / 1000).toFixed(2)} | ${x.g2gP95Ms === null ? '—' : (x.g2gP95Ms / 1000).toFixed(2)} | ${(x.stallMs / 1000).toFixed(1)} | ${x.switches} |`;
        const isFirst = r.network.find((y) => y.profile === x.profile) === x;
        return isFirst && l2a ? [mine, `| ${x.profile} | L2A-LL (published) | — | — | ${l2a[0]} | ${l2a[1]} | — | ${l2a[2]} | ${l2a[3]} |`] : [mine];
      }),
    ]));
  }
  if (r.presets.length) sections.push(section('presets', 'Presets: does each one do what its name says?', renderPresets(r.presets)));
  return sections;
}

const PREAMBLE = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`. Each section says the command and the run that measured it: a full run writes every section, `npm run bench -- --only NAME[,NAME]` re-measures and replaces just those.',
  'Every figure says what it is over. Origin, encoder and browser share the same 2 cores, as a user running `npm start` and the page on one machine would.',
];

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
