/**
 * The "presets" section: every preset of hls.js, dash.js and Shaka Player measured in one run, on
 * an unlimited link and under a network profile, with a verdict on whether each does what its name
 * claims (docs/benchmarks.md, "Presets from data", says how they were chosen); then the latency
 * targets of issue #17 (LATENCY_TARGETS), each judged against its bound.
 */
import type { Browser } from 'playwright-core';
import type { EngineName } from '../src/analyzer/types.ts';
import { ENGINE_CATALOG } from '../src/player/catalog.ts';
import { summarize } from '../src/analyzer/stats.ts';
import { describe } from './stats.ts';
import { runLatency, runNetworkProfile, type LatencyRun, type NetworkRun } from './browser-runs.ts';

/**
 * The one rule the stall claims are judged by, stated here only (README's presets section and
 * docs/benchmarks.md quote it, and the sweeps there chose Balanced by it): each preset plays
 * `network` on the twitch ladder for `seconds` from its first frame (cascade's 1200, 800, then
 * 400 kbps); *Balanced* may stall at most `balancedBoundMs` of that (7%), *Smooth* must stall
 * least of its engine's presets.
 */
export const STALL_RULE = { network: 'cascade', seconds: 70, balancedBoundMs: 5000 } as const;
const PRESET_NETWORK = STALL_RULE.network;
const STRESS = `the first ${STALL_RULE.seconds} s of ${PRESET_NETWORK}`;
/** Run-to-run noise allowed when a preset must be the lowest (p50) or the least stalled. */
const LATENCY_TOLERANCE = 1.05;
const STALL_TOLERANCE_MS = 250;

/**
 * Issue #17's latency targets: the p50 an engine's lowest preset must reach on its lowest-latency
 * profile on an unlimited link, with no stall over TARGET_SECONDS. A target row is judged against
 * its target alone, not against the engine's other presets (it plays longer, maybe another profile).
 */
export const LATENCY_TARGETS = [
  { engine: 'hls', preset: 'lowest', profile: 'll100', options: '', maxP50Ms: 450 },
  { engine: 'dash', preset: 'lowest', profile: 'dash-ll', options: '', maxP50Ms: 1000 },
] as const satisfies ReadonlyArray<{ engine: EngineName; preset: string; profile: string; options: string; maxP50Ms: number }>;
const TARGET_SECONDS = 60;
const TARGET_WARMUP_S = 10;

/** One preset run of the section: which stream, how long, and whether the network half follows. */
export interface PresetPlanEntry {
  engine: EngineName;
  preset: string;
  profile: string;
  /** Origin URL options of the unlimited half (e.g. holdback=2); '' for none. */
  options: string;
  warmupS: number;
  seconds: number;
  /** Whether the run also plays STALL_RULE's network (on the twitch ladder). */
  stress: boolean;
  /** A target row's p50 bound (LATENCY_TARGETS); null for a preset compared with its engine's others. */
  targetMs: number | null;
}

/**
 * Unlimited-link passes per preset, in interleaved rounds: on this machine one pass of 20 s cannot
 * tell a preset that stalls from a page that stalled once (hls.js `lowest` stalled in 2 of 3 runs
 * that each measured one pass), so the table shows the median pass and how many stalled.
 */
export const UNLIMITED_ROUNDS = 3;

export interface PresetRun extends PresetPlanEntry {
  /** The median of the passes (results from before 2026-12-02T19 hold one pass). */
  unlimited: LatencyRun;
  /** Every unlimited-link pass in the order run; absent in results from before the rounds. */
  unlimitedRounds?: LatencyRun[];
  /** Passes that measured nothing, each with the page's reason (e.g. no frame within 60 s). */
  failedPasses?: string[];
  network: NetworkRun | null;
}

const median = (values: ReadonlyArray<number | null>): number | null => {
  const p50 = summarize(values.filter((v): v is number => v !== null && Number.isFinite(v))).p50;
  return Number.isFinite(p50) ? Math.round(p50 * 10) / 10 : null;
};

/** One run of medians: each number is the median over the passes (n: every frame of them). */
export function medianOfPasses(passes: readonly LatencyRun[]): LatencyRun {
  const first = passes[0];
  if (!first) throw new Error('medianOfPasses needs at least one pass');
  const of = (pick: (r: LatencyRun) => number | null) => median(passes.map(pick));
  const g = (pick: (g: LatencyRun['g2gMs']) => number | null) => of((r) => pick(r.g2gMs));
  return {
    ...first,
    frames: of((r) => r.frames) ?? 0,
    decodeRate: of((r) => r.decodeRate) ?? 0,
    g2gMs: { n: passes.reduce((n, r) => n + r.g2gMs.n, 0), p50: g((x) => x.p50), p95: g((x) => x.p95), p99: g((x) => x.p99), min: g((x) => x.min), max: g((x) => x.max), mean: g((x) => x.mean) },
    engineP50Ms: of((r) => r.engineP50Ms),
    stalls: of((r) => r.stalls) ?? 0,
    stallMs: of((r) => r.stallMs) ?? 0,
    switches: of((r) => r.switches) ?? 0,
    fps: of((r) => r.fps) ?? 0,
    encodePackageP50Ms: of((r) => r.encodePackageP50Ms),
    deliveryP50Ms: of((r) => r.deliveryP50Ms),
    bufferP50Ms: of((r) => r.bufferP50Ms),
    avOffsetP50Ms: of((r) => r.avOffsetP50Ms),
  };
}

export interface PresetVerdict {
  claim: string;
  /** null: the preset claims nothing (a library's defaults, a reference setup). */
  holds: boolean | null;
  why: string;
}

// Results written before the target rows (bench/results before 2026-12-02T06) have no targetMs.
const isTargetRow = (r: PresetRun): r is PresetRun & { targetMs: number } => typeof r.targetMs === 'number';
const stalledNet = (r: PresetRun) => r.network?.stallMs ?? NaN;
/** Unlimited-link g2g p50; NaN when no frame decoded (so it never wins a comparison). */
const p50Of = (r: PresetRun) => r.unlimited.g2gMs.p50 ?? NaN;

/** Does each preset do what its name says, against the same engine's other presets of the same run? */
export function judgePreset(run: PresetRun, all: readonly PresetRun[]): PresetVerdict {
  const p50 = p50Of(run);
  if (isTargetRow(run)) {
    const claim = `p50 at most ${run.targetMs} ms with no stall in ${run.unlimited.seconds} s on an unlimited link (the latency target)`;
    if (!Number.isFinite(p50)) return { claim, holds: false, why: 'no glass-to-glass reading' };
    if (run.unlimited.stalls > 0) return { claim, holds: false, why: `stalled ${run.unlimited.stallMs} ms (${run.unlimited.stalls}x), p50 ${p50} ms` };
    if (p50 > run.targetMs) return { claim, holds: false, why: `p50 ${p50} ms` };
    return { claim, holds: true, why: `p50 ${p50} ms, no stall` };
  }
  const others = all.filter((r) => r.engine === run.engine && !isTargetRow(r) && r !== run);
  if (run.preset === 'lowest') {
    const claim = 'lowest g2g p50 of its engine\'s presets that do not stall on an unlimited link';
    if (run.unlimited.stalls > 0) return { claim, holds: false, why: `stalled ${run.unlimited.stallMs} ms on the unlimited link` };
    const rivals = others.filter((r) => r.unlimited.stalls === 0 && Number.isFinite(p50Of(r)));
    const best = rivals.reduce<PresetRun | null>((b, r) => (b === null || p50Of(r) < p50Of(b) ? r : b), null);
    if (!Number.isFinite(p50)) return { claim, holds: false, why: 'no glass-to-glass reading' };
    if (best && p50 > p50Of(best) * LATENCY_TOLERANCE) return { claim, holds: false, why: `${best.preset} is lower (${best.unlimited.g2gMs.p50} ms against ${p50} ms)` };
    return { claim, holds: true, why: best ? `${p50} ms, next ${best.preset} ${best.unlimited.g2gMs.p50} ms` : `${p50} ms` };
  }
  if (run.preset === 'balanced') {
    const claim = `stalls at most ${STALL_RULE.balancedBoundMs / 1000} s in ${STRESS}, with a lower p50 than the stall-averse presets`;
    if (!run.network) return { claim, holds: null, why: `not measured under ${PRESET_NETWORK}` };
    if (run.network.stallMs > STALL_RULE.balancedBoundMs) return { claim, holds: false, why: `stalled ${run.network.stallMs} ms under ${PRESET_NETWORK}` };
    const smooth = others.find((r) => r.preset === 'smooth');
    if (smooth && !(p50 < p50Of(smooth))) return { claim, holds: false, why: `p50 ${p50} ms is not below smooth's ${smooth.unlimited.g2gMs.p50} ms` };
    return { claim, holds: true, why: `stalled ${run.network.stallMs} ms under ${PRESET_NETWORK}, p50 ${p50} ms` };
  }
  if (run.preset === 'smooth') {
    const claim = `least stalled time of its engine's presets in ${STRESS}`;
    if (!run.network) return { claim, holds: null, why: `not measured under ${PRESET_NETWORK}` };
    const least = others.filter((r) => r.network).reduce<PresetRun | null>((b, r) => (b === null || stalledNet(r) < stalledNet(b) ? r : b), null);
    if (least && run.network.stallMs > stalledNet(least) + STALL_TOLERANCE_MS) return { claim, holds: false, why: `${least.preset} stalled less (${stalledNet(least)} ms against ${run.network.stallMs} ms)` };
    return { claim, holds: true, why: `stalled ${run.network.stallMs} ms under ${PRESET_NETWORK}` };
  }
  return { claim: 'none (reference)', holds: null, why: '' };
}

/**
 * Which presets a run measures: every preset of the three engines (hls.js and Shaka on ll200,
 * dash.js on dash-ll), both halves, then the target rows; the quick run two of hls.js's, unlimited only.
 */
export function presetPlan(quick: boolean): PresetPlanEntry[] {
  if (quick) return (['lowest', 'balanced'] as const).map((preset) => ({ engine: 'hls', preset, profile: 'll200', options: '', warmupS: 3, seconds: 5, stress: false, targetMs: null }));
  const presets = (['hls', 'dash', 'shaka'] as const).flatMap((engine) => ENGINE_CATALOG[engine].presets.map((p): PresetPlanEntry => ({
    engine, preset: p.id, profile: engine === 'dash' ? 'dash-ll' : 'll200', options: '', warmupS: 5, seconds: 20, stress: true, targetMs: null,
  })));
  const targets = LATENCY_TARGETS.map((t): PresetPlanEntry => ({ ...t, warmupS: TARGET_WARMUP_S, seconds: TARGET_SECONDS, stress: false, targetMs: t.maxP50Ms }));
  return [...presets, ...targets];
}

/**
 * The unlimited-link half, on the default-ladder origin: UNLIMITED_ROUNDS rounds of every preset
 * (one for the quick run), interleaved so that a slow minute of the machine falls on every preset.
 */
export async function runPresetsUnlimited(browser: Browser, baseUrl: string, quick: boolean, log: (m: string) => void): Promise<PresetRun[]> {
  const plan = presetPlan(quick);
  const rounds = quick ? 1 : UNLIMITED_ROUNDS;
  const passes: LatencyRun[][] = plan.map(() => []);
  const failed: string[][] = plan.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, entry] of plan.entries()) {
      log(`presets: ${entry.engine} ${entry.preset} on ${streamLabel(entry)}, unlimited link, ${entry.seconds} s (round ${round} of ${rounds})`);
      try {
        passes[i]!.push(await runLatency(browser, baseUrl, entry.profile, entry.engine, entry.preset, entry.warmupS, entry.seconds, entry.options));
      } catch (err) {
        // One page that plays nothing must not cost the other 30-odd passes: the row says so. The quick run has one pass: it fails.
        if (rounds === 1) throw err;
        const why = err instanceof Error ? err.message : String(err);
        log(`presets: that pass measured nothing: ${why}`);
        failed[i]!.push(why);
      }
    }
  }
  return plan.map((entry, i) => ({ ...entry, unlimited: passes[i]!.length > 0 ? medianOfPasses(passes[i]!) : nothingMeasured(entry), unlimitedRounds: passes[i]!, failedPasses: failed[i]!, network: null }));
}

/** The row of a preset none of whose passes measured anything. */
function nothingMeasured(entry: PresetPlanEntry): LatencyRun {
  return { profile: entry.profile, engine: entry.engine, preset: entry.preset, seconds: entry.seconds, frames: 0, decodeRate: 0, g2gMs: describe([]), engineP50Ms: null, stalls: 0, stallMs: 0, switches: 0, fps: 0, encodePackageP50Ms: null, deliveryP50Ms: null, bufferP50Ms: null, avOffsetP50Ms: null };
}

/** "2 of 3" passes stalled; '' for a results file with one pass per preset. */
function stalledPasses(r: PresetRun): string {
  const done = r.unlimitedRounds ?? [];
  const failed = r.failedPasses?.length ?? 0;
  const ofAll = done.length + failed;
  if (ofAll <= 1) return '';
  const stalled = `${done.filter((p) => p.stalls > 0).length} of ${ofAll} stalled`;
  return failed > 0 ? ` (${stalled}; ${failed} measured nothing)` : ` (${stalled})`;
}

const streamLabel = (r: Pick<PresetPlanEntry, 'profile' | 'options'>) => (r.options ? `${r.profile} (${r.options})` : r.profile);

/** The network half, on the twitch-ladder origin (the one the MMSys profiles were made for). */
export async function runPresetsNetwork(browser: Browser, baseUrl: string, runs: PresetRun[], log: (m: string) => void): Promise<void> {
  for (const run of runs.filter((r) => r.stress)) {
    log(`presets: ${run.engine} ${run.preset} on ${run.profile}, ${STRESS}`);
    run.network = await runNetworkProfile(browser, baseUrl, PRESET_NETWORK, STALL_RULE.seconds, run.engine, run.preset, run.profile);
  }
}

/** What the target rows are, when the run has any (results from before them have none). */
function targetsIntro(runs: readonly PresetRun[]): string {
  const targets = runs.filter(isTargetRow);
  if (targets.length === 0) return '';
  const which = targets.map((r) => `${ENGINE_CATALOG[r.engine].label} \`${r.preset}\` on ${r.unlimited.profile} at most ${r.targetMs} ms`).join(', ');
  return ` The target rows (last: ${which}) play ${targets[0]!.unlimited.seconds} s after a ${targets[0]!.warmupS} s warm-up with no stall allowed, each judged against its bound alone (LATENCY_TARGETS).`;
}

export function renderPresets(runs: readonly PresetRun[]): string[] {
  const fps = (frames: number, seconds: number) => (frames / seconds).toFixed(1);
  const passes = (runs[0]?.unlimitedRounds?.length ?? 1) + (runs[0]?.failedPasses?.length ?? 0);
  const how = passes > 1 ? `${passes} passes of ${runs[0]?.unlimited.seconds ?? '—'} s each, after a warm-up, in ${passes} interleaved rounds, on an unlimited link (default ladder; every unlimited number is the median pass, "stalls" says how many passes stalled)` : `${runs[0]?.unlimited.seconds ?? '—'} s after a warm-up on an unlimited link (default ladder)`;
  return [
    `Every preset of each engine, one after the other in the same run, on the stream in the table: ${how}, then the first ${STALL_RULE.seconds} s of \`${PRESET_NETWORK}\` (twitch ladder), the stall rule in bench/presets-section.ts. "Does it" compares each preset with its engine's other presets in this run (${Math.round((LATENCY_TOLERANCE - 1) * 100)}% and ${STALL_TOLERANCE_MS} ms allowed for noise).${targetsIntro(runs)} fps is the frames the page presented per second.`,
    '',
    `| engine | preset | stream | unlimited: g2g p50 (ms) | p95 | stalls | stalled (ms) | fps | ${PRESET_NETWORK}: g2g mean (s) | stalled (s) | switches | fps | claim | does it |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r) => {
      const u = r.unlimited;
      const n = r.network;
      const v = judgePreset(r, runs);
      const verdict = v.holds === null ? (v.why || '—') : `${v.holds ? 'yes' : '**no**'}: ${v.why}`;
      const net = n ? `${n.g2gMeanMs === null ? '—' : (n.g2gMeanMs / 1000).toFixed(2)} | ${(n.stallMs / 1000).toFixed(1)} | ${n.switches} | ${fps(n.frames, n.seconds)}` : '— | — | — | —';
      return `| ${ENGINE_CATALOG[r.engine].label} | ${r.preset} | ${streamLabel({ profile: u.profile, options: r.options ?? '' })} | ${u.g2gMs.p50} | ${u.g2gMs.p95} | ${u.stalls}${stalledPasses(r)} | ${u.stallMs} | ${fps(u.frames, u.seconds)} | ${net} | ${v.claim} | ${verdict} |`;
    }),
  ];
}
