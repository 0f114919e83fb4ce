import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error.ts';
import { parseCheckArgs } from './check.ts';

describe('glassmeter check arguments', () => {
  it('takes one URL or FILE with the defaults, or the flags given before or after it', () => {
    expect(parseCheckArgs(['http://h/live/ll200/master.m3u8'])).toEqual({ source: 'http://h/live/ll200/master.m3u8', seconds: 10, minDecodeRate: 0.99, json: false, help: false });
    expect(parseCheckArgs(['--seconds', '2.5', 'a.mp4', '--min-decode-rate', '90', '--json'])).toEqual({ source: 'a.mp4', seconds: 2.5, minDecodeRate: 0.9, json: true, help: false });
    expect(parseCheckArgs(['-h']).help).toBe(true);
  });

  it('refuses a bad command line with a UsageError naming what is wrong', () => {
    expect(() => parseCheckArgs([])).toThrow(/give one URL or FILE \(got none\)/);
    expect(() => parseCheckArgs(['a.mp4', 'b.mp4'])).toThrow(/give one URL or FILE \(got "a.mp4" "b.mp4"\)/);
    expect(() => parseCheckArgs(['a.mp4', '--bogus'])).toThrow(/--bogus/);
    expect(() => parseCheckArgs(['a.mp4', '--seconds'])).toThrow(/--seconds/);
    expect(() => parseCheckArgs(['a.mp4', '--seconds', '0.1'])).toThrow(/--seconds 0.1: from 0.5 to 3600/);
    expect(() => parseCheckArgs(['a.mp4', '--min-decode-rate', '101'])).toThrow(/--min-decode-rate 101/);
    expect(() => parseCheckArgs(['a.mp4', '--json=yes'])).toThrow(UsageError);
  });

  it('exits 2 with the message and the usage text on a bad argument (the CLI, no ffmpeg run)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/burn/cli.ts', 'check', 'a.mp4', '--bogus'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/error: .*--bogus/);
    expect(run.stderr).toContain('Usage: npm run check');
    // A cold tsx start on a loaded 2-core machine can pass vitest's 5 s default; the spawn's own 30 s bounds it.
  }, 60_000);
});
