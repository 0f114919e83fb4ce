import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeMeasurement, type MeasurementSummary } from '../analyzer/summary.ts';
import { parseMeasureArgs, UsageError } from './measure-options.ts';
import { measurementOutcome } from './compare-run.ts';
import { sweepTable, writeSweep, type SweptConfig } from './sweep-run.ts';

describe('measure --sweep options', () => {
  it('puts each configuration over the command\'s stream, preset, options and --set', () => {
    const o = parseMeasureArgs(['--profile', 'll100', '--preset', 'balanced', '--options', 'net=cascade,rtt=40', '--set', 'maxBufferLength=6', '--sweep', 'liveSyncDuration=1,2', '--sweep', 'maxLiveSyncPlaybackRate=1.1,1.5', '--concurrent', '2', '--out', '/tmp/x']);
    expect(o.sweep).toHaveLength(4);
    expect(o.sweepAxes.map((a) => a.key)).toEqual(['liveSyncDuration', 'maxLiveSyncPlaybackRate']);
    expect(o.sweep[1]!.config).toEqual({ liveSyncDuration: '1', maxLiveSyncPlaybackRate: '1.5' });
    expect(o.sweep[1]!.spec).toEqual({
      label: 'liveSyncDuration=1 maxLiveSyncPlaybackRate=1.5',
      engine: 'hls',
      profile: 'll100',
      url: null,
      options: 'net=cascade,rtt=40',
      preset: 'balanced',
      settings: { maxBufferLength: 6, liveSyncDuration: 1, maxLiveSyncPlaybackRate: 1.5 },
    });
    expect(o.concurrent).toBe(2);
    expect(o.out).toBe('/tmp/x');
  });

  it('sweeps spec keys too: presets, and origin options with ;', () => {
    const o = parseMeasureArgs(['--engine', 'dash', '--sweep', 'preset=defaults,lolp', '--sweep', 'options=net=cascade;delay=100,net=spike']);
    expect(o.sweep.map((c) => [c.spec.preset, c.spec.options, c.spec.profile])).toEqual([
      ['defaults', 'net=cascade,delay=100', 'dash-ll'],
      ['defaults', 'net=spike', 'dash-ll'],
      ['lolp', 'net=cascade,delay=100', 'dash-ll'],
      ['lolp', 'net=spike', 'dash-ll'],
    ]);
  });

  it('sweeps the engine\'s own settings: Shaka\'s recovery knobs', () => {
    const o = parseMeasureArgs(['--sweep', 'returnToEndOfLiveWindow=false,true', '--sweep', 'maxDisabledTime=null,5', '--engine', 'shaka']);
    expect(o.sweep.map((c) => [c.spec.engine, c.spec.settings])).toEqual([
      ['shaka', { returnToEndOfLiveWindow: false, maxDisabledTime: null }],
      ['shaka', { returnToEndOfLiveWindow: false, maxDisabledTime: 5 }],
      ['shaka', { returnToEndOfLiveWindow: true, maxDisabledTime: null }],
      ['shaka', { returnToEndOfLiveWindow: true, maxDisabledTime: 5 }],
    ]);
    expect(() => parseMeasureArgs(['--sweep', 'maxDisabledTime=-1', '--engine', 'shaka'])).toThrow(/maxDisabledTime must be at least 0/);
  });

  it('names the bad key or value, and refuses what does not apply', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--sweep', 'liveSyncDurration=1,2'], /--sweep: unknown key "liveSyncDurration"/],
      [['--sweep', 'liveSyncDuration=1,-2'], /--sweep: liveSyncDuration must be at least/],
      [['--sweep', 'preset=fastest'], /--sweep: preset "fastest"/],
      [['--sweep', 'label=a,b'], /label is not a setting/],
      [['--sweep', 'liveSyncDuration'], /expected key=v1/],
      [['--sweep', 'a=1', '--sweep', 'a=2'], /swept twice/],
      [['--sweep', 'liveSyncDuration=1', '--json', 'x.json'], /excludes/],
      // It would be ignored: a sweep's exit status does not depend on it.
      [['--sweep', 'liveSyncDuration=1', '--min-decode-rate', '50'], /excludes .*--min-decode-rate/],
      [['--compare', 'engine=hls,label=a', '--compare', 'engine=hls,label=b', '--min-decode-rate', '50'], /--min-decode-rate do not apply/],
      [['--sweep', 'liveSyncDuration=1', '--concurrent', '5'], /--concurrent must be between 1 and 4/],
      [['--concurrent', '2'], /apply to --sweep only/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseMeasureArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseMeasureArgs(argv), argv.join(' ')).toThrow(message);
    }
  });
});

describe('sweep outputs', () => {
  const summary = (p50: number, stalledMs: number): MeasurementSummary => {
    const s = summarizeMeasurement([], [], 0);
    return { ...s, frames: 300, framesDecoded: 300, latencyMs: { ...s.latencyMs, p50, p95: p50 + 100 }, stalls: { ...s.stalls, count: stalledMs > 0 ? 1 : 0, totalMs: stalledMs } };
  };
  const o = parseMeasureArgs(['--sweep', 'liveSyncDuration=0.6,1,2']);
  const swept: SweptConfig[] = o.sweep.map((c, i) => ({ ...c, summary: summary([900, 1000, 1800][i]!, [3000, 0, 0][i]!), onFront: i < 2, note: null }));
  const nothing = summarizeMeasurement([], [], 0);
  const why = 'no frame presented in 47 s: last engine error: fragLoadError';
  const withEmpty: SweptConfig[] = swept.map((c, i) => (i === 1 ? { ...c, summary: nothing, onFront: false, note: why } : c));

  it('prints a row per configuration with the front marked', () => {
    const lines = sweepTable(o.sweepAxes, swept).split('\n');
    expect(lines[0]).toMatch(/^liveSyncDuration\s+frames\s+decoded\s+g2g_p50_ms/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^0\.6\s.*\s900\s.*3000\s+0\s+front$/);
    expect(lines[3]).not.toMatch(/front/);
    // No note column while every configuration measured.
    expect(lines[0]).not.toMatch(/note/);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('says in the table, the CSV and the JSON why a configuration measured nothing', () => {
    const lines = sweepTable(o.sweepAxes, withEmpty).split('\n');
    expect(lines[0]).toMatch(/pareto\s+note$/);
    expect(lines[2]).toMatch(new RegExp(`^1\\s+0\\s+0\\s+—\\s+—\\s+—\\s+0\\s+0\\s+0\\s+${why}$`));
    expect(lines[1]).toMatch(/front$/);
    const dir = mkdtempSync(join(tmpdir(), 'gm-sweep-'));
    const files = writeSweep(dir, o.sweepAxes, withEmpty, {});
    const csv = readFileSync(files[0]!, 'utf8').trim().split('\r\n');
    expect(csv[2]).toBe(`1,0,0,,,,0,0,0,,${why}`);
    expect(csv[1]).toMatch(/,front,$/);
    const json = JSON.parse(readFileSync(files[1]!, 'utf8')) as { configs: Array<{ note: string | null }> };
    expect(json.configs.map((c) => c.note)).toEqual([null, why, null]);
  });

  it('exits 3 when a configuration presented no frame, 4 when none read a timecode, else 0', () => {
    expect(measurementOutcome(swept)).toBe('ok');
    expect(measurementOutcome(withEmpty)).toBe('unplayable');
    expect(measurementOutcome(swept.map((c) => ({ ...c, summary: nothing })))).toBe('unplayable');
    const noCode = (c: SweptConfig) => ({ ...c, summary: { ...c.summary, framesDecoded: 0 } });
    expect(measurementOutcome(swept.map(noCode))).toBe('noTimecode');
    // Some configurations without a timecode: the others measured, and their rows say so.
    expect(measurementOutcome(swept.map((c, i) => (i === 0 ? noCode(c) : c)))).toBe('ok');
  });

  it('writes the CSV, the JSON and the SVG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-sweep-'));
    const files = writeSweep(dir, o.sweepAxes, swept, { command: 'measure --sweep liveSyncDuration=0.6,1,2' });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['sweep.csv', 'sweep.json', 'sweep.svg']);
    const csv = readFileSync(files[0]!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('liveSyncDuration,frames,decoded,g2g_p50_ms,g2g_p95_ms,engine_p50_ms,stalls,stalled_ms,switches,pareto,note');
    expect(csv[2]).toBe('1,300,300,1000,1100,,0,0,0,front,');
    const json = JSON.parse(readFileSync(files[1]!, 'utf8')) as { front: string[]; configs: Array<{ config: Record<string, string>; summary: { latencyMs: { p50: number } } }> };
    expect(json.front).toEqual(['liveSyncDuration=0.6', 'liveSyncDuration=1']);
    expect(json.configs[2]!.summary.latencyMs.p50).toBe(1800);
    const svg = readFileSync(files[2]!, 'utf8');
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('>liveSyncDuration=0.6</text>');
  });
});
