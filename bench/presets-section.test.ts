import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATENCY_TARGETS, STALL_RULE, judgePreset, medianOfPasses, presetPlan, renderPresets, type PresetRun } from './presets-section.ts';

const run = (preset: string, p50: number, stallsUnlimited: number, stalledNetMs: number | null): PresetRun => ({
  engine: 'hls',
  preset,
  profile: 'll200',
  options: '',
  warmupS: 5,
  seconds: 20,
  stress: stalledNetMs !== null,
  targetMs: null,
  unlimited: { profile: 'll200', engine: 'hls', preset, seconds: 20, frames: 600, decodeRate: 1, g2gMs: { p50, p95: p50 + 200, p99: p50 + 300, n: 600 } as PresetRun['unlimited']['g2gMs'], engineP50Ms: p50 - 100, stalls: stallsUnlimited, stallMs: stallsUnlimited * 800, switches: 0, fps: 30, encodePackageP50Ms: 100, deliveryP50Ms: 20, bufferP50Ms: p50 - 120, avOffsetP50Ms: null },
  network: stalledNetMs === null ? null : { profile: STALL_RULE.network, stream: 'll200', engine: 'hls', preset, seconds: STALL_RULE.seconds, frames: 800, averageBitrateKbps: 500, g2gMeanMs: p50 + 500, g2gP95Ms: p50 + 900, stallMs: stalledNetMs, switches: 2 },
});

describe('judgePreset', () => {
  it('says yes when each preset does what its name says', () => {
    const all = [run('lowest', 900, 0, 4000), run('balanced', 1300, 0, 1500), run('smooth', 2800, 0, 200), run('defaults', 1100, 0, 2500)];
    expect(all.map((r) => judgePreset(r, all).holds)).toEqual([true, true, true, null]);
  });

  it('says no, with the reason, when lowest stalls or is beaten, balanced stalls past the bound, smooth is not the smoothest', () => {
    const stalled = [run('lowest', 800, 2, 0), run('defaults', 1100, 0, 0)];
    expect(judgePreset(stalled[0]!, stalled)).toMatchObject({ holds: false, why: 'stalled 1600 ms on the unlimited link' });
    const beaten = [run('lowest', 1200, 0, 0), run('defaults', 1000, 0, 0)];
    expect(judgePreset(beaten[0]!, beaten)).toMatchObject({ holds: false, why: 'defaults is lower (1000 ms against 1200 ms)' });
    // A rival that stalled does not count against lowest; 5% is noise.
    const noisy = [run('lowest', 1040, 0, 0), run('defaults', 1000, 0, 0), run('balanced', 700, 1, 0)];
    expect(judgePreset(noisy[0]!, noisy).holds).toBe(true);
    const tooMuch = [run('balanced', 1300, 0, STALL_RULE.balancedBoundMs + 1)];
    expect(judgePreset(tooMuch[0]!, tooMuch).holds).toBe(false);
    const slowBalanced = [run('balanced', 3000, 0, 0), run('smooth', 2800, 0, 0)];
    expect(judgePreset(slowBalanced[0]!, slowBalanced).why).toMatch(/not below smooth/);
    const rough = [run('smooth', 2800, 0, 3000), run('defaults', 1100, 0, 1000)];
    expect(judgePreset(rough[0]!, rough)).toMatchObject({ holds: false, why: 'defaults stalled less (1000 ms against 3000 ms)' });
    expect(judgePreset(run('smooth', 2800, 0, null), []).holds).toBeNull();
  });
});

describe('target rows', () => {
  const target = (p50: number, stalls: number): PresetRun => ({ ...run('lowest', p50, stalls, null), profile: 'll100', targetMs: 450 });

  it('are judged against their target alone: at or under it with no stall', () => {
    const rivals = [run('defaults', 300, 0, null)];
    expect(judgePreset(target(450, 0), [target(450, 0), ...rivals])).toMatchObject({ holds: true, why: 'p50 450 ms, no stall' });
    expect(judgePreset(target(451, 0), rivals)).toMatchObject({ holds: false, why: 'p50 451 ms' });
    expect(judgePreset(target(400, 1), rivals)).toMatchObject({ holds: false, why: 'stalled 800 ms (1x), p50 400 ms' });
  });

  it('do not count as rivals of the engine\'s presets on their own profile', () => {
    const all = [run('lowest', 900, 0, null), target(400, 0)];
    expect(judgePreset(all[0]!, all).holds).toBe(true);
  });

  it('a results file from before the target rows still renders and judges (no targetMs)', () => {
    // The shape of bench/results/2026-12-02T03-08-56.json's rows: engine, preset and the two halves only.
    const { engine, preset, unlimited, network } = run('lowest', 900, 0, null);
    const old = { engine, preset, unlimited, network } as PresetRun;
    const lines = renderPresets([old]).join('\n');
    expect(lines).toContain('| hls.js | lowest | ll200 | 900 |');
    expect(lines).toContain('yes: 900 ms');
    expect(lines).not.toContain('target rows');
  });

  it('are planned last, one per target, over 60 s with no network half', () => {
    const plan = presetPlan(false);
    const targets = plan.slice(-LATENCY_TARGETS.length);
    expect(targets.map((f) => `${f.engine}/${f.preset}/${f.profile}/${f.targetMs}`)).toEqual(LATENCY_TARGETS.map((f) => `${f.engine}/${f.preset}/${f.profile}/${f.maxP50Ms}`));
    expect(targets.every((f) => f.seconds === 60 && !f.stress)).toBe(true);
  });
});

describe('the stall rule', () => {
  it('lets Balanced stall up to its bound and no more', () => {
    const at = (ms: number) => [run('balanced', 1300, 0, ms), run('smooth', 2800, 0, 0)];
    expect(judgePreset(at(STALL_RULE.balancedBoundMs)[0]!, at(STALL_RULE.balancedBoundMs)).holds).toBe(true);
    expect(judgePreset(at(STALL_RULE.balancedBoundMs + 1)[0]!, at(STALL_RULE.balancedBoundMs + 1))).toMatchObject({ holds: false, why: `stalled ${STALL_RULE.balancedBoundMs + 1} ms under ${STALL_RULE.network}` });
  });

  it('is the rule README and docs/benchmarks.md state', () => {
    const phrase = `at most ${STALL_RULE.balancedBoundMs / 1000} s stalled in the first ${STALL_RULE.seconds} s of \`${STALL_RULE.network}\``;
    for (const doc of ['../README.md', '../docs/benchmarks.md']) {
      expect(readFileSync(new URL(doc, import.meta.url), 'utf8').replace(/\s+/g, ' '), doc).toContain(phrase);
    }
    expect(judgePreset(run('balanced', 1300, 0, 0), []).claim).toContain(`${STALL_RULE.balancedBoundMs / 1000} s in the first ${STALL_RULE.seconds} s of ${STALL_RULE.network}`);
  });
});

describe('presets section', () => {
  it('plans every preset of the three engines, and two for the quick run', () => {
    const plan = presetPlan(false).filter((p) => p.targetMs === null).map((p) => `${p.engine}/${p.preset}/${p.profile}`);
    expect(plan).toEqual(['hls/lowest/ll200', 'hls/balanced/ll200', 'hls/smooth/ll200', 'hls/defaults/ll200', 'dash/lowest/dash-ll', 'dash/balanced/dash-ll', 'dash/lolp/dash-ll', 'dash/defaults/dash-ll', 'shaka/lowest/ll200', 'shaka/balanced/ll200', 'shaka/defaults/ll200']);
    expect(presetPlan(true)).toHaveLength(2);
  });

  it('renders a row per preset with fps and the verdict', () => {
    const lines = renderPresets([run('lowest', 900, 1, 4000), run('defaults', 1100, 0, 2500)]);
    expect(lines.filter((l) => l.startsWith('| hls.js'))).toHaveLength(2);
    expect(lines.join('\n')).toContain('| 30.0 |');
    expect(lines.join('\n')).toContain('**no**: stalled 800 ms on the unlimited link');
  });
});

describe('passes of the unlimited half', () => {
  const pass = (p50: number, stalls: number) => run('lowest', p50, stalls, null).unlimited;

  it('are summed up by their median pass, field by field', () => {
    const m = medianOfPasses([pass(1500, 2), pass(900, 0), pass(1000, 0)]);
    expect(m.g2gMs.p50).toBe(1000);
    expect(m.g2gMs.p95).toBe(1200);
    expect(m.g2gMs.n).toBe(1800);
    expect(m.stalls).toBe(0);
    expect(m.stallMs).toBe(0);
    // A preset that stalls in most passes is a preset that stalls.
    expect(medianOfPasses([pass(900, 1), pass(900, 3), pass(900, 0)]).stalls).toBe(1);
    expect(() => medianOfPasses([])).toThrow();
  });

  it('say in the table how many passes stalled, and the verdict reads the median', () => {
    const rounds = [pass(1500, 2), pass(900, 0), pass(1000, 0)];
    const lowest: PresetRun = { ...run('lowest', 0, 0, null), unlimited: medianOfPasses(rounds), unlimitedRounds: rounds };
    const lines = renderPresets([lowest, run('defaults', 1100, 0, null)]).join('\n');
    expect(lines).toContain('| hls.js | lowest | ll200 | 1000 | 1200 | 0 (1 of 3 stalled) | 0 |');
    expect(lines).toContain('3 passes of 20 s each');
    expect(lines).toContain('yes: 1000 ms, next defaults 1100 ms');
  });

  it('that presented no frame are counted beside the ones that measured', () => {
    const rounds = [pass(1500, 2), pass(900, 0)];
    const lowest: PresetRun = { ...run('lowest', 0, 0, null), unlimited: medianOfPasses(rounds), unlimitedRounds: rounds, failedPasses: ['no frame was presented within 60 s'] };
    expect(renderPresets([lowest]).join('\n')).toContain('| 1 (1 of 3 stalled; 1 measured nothing) |');
  });
});
