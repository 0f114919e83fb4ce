import { describe, expect, it } from 'vitest';
import { renderEncoder, type EncoderRun } from './encoder-section.ts';

const d = (p50: number) => ({ n: 900, p50, p95: p50 + 4, p99: p50 + 8, min: p50 - 5, max: p50 + 30, mean: p50 });
const run = (audio: boolean): EncoderRun => ({
  audio,
  seconds: 30,
  originCpuPercentOfOneCore: 7.8,
  ffmpegCpuPercentOfOneCore: 34.1,
  audioFfmpegCpuPercentOfOneCore: audio ? 1.2 : null,
  framesDropped: 0,
  tracks: [{ track: '720p', chunks: 900, captureToPackagedMs: d(41.2) }, ...(audio ? [{ track: 'audio', chunks: 1406, captureToPackagedMs: d(49) }] : [])],
});

describe('renderEncoder', () => {
  it('one row per rung and run, audio on and off, and the CPU of each process', () => {
    const lines = renderEncoder({ ladder: 'default', warmupS: 5, runs: [run(true), run(false)] });
    expect(lines).toContain('| on | 720p | 30 s | 900 | 41.2 | 45.2 | 49.2 | 71.2 |');
    expect(lines).toContain('| off | 720p | 30 s | 900 | 41.2 | 45.2 | 49.2 | 71.2 |');
    expect(lines).toContain('| on | 30 s | 7.8 / 34.1 / 1.2 | 0 |');
    // With audio off there is no audio encoder and no audio row.
    expect(lines).toContain('| off | 30 s | 7.8 / 34.1 / — | 0 |');
    expect(lines.filter((l) => l.startsWith('| off | audio'))).toEqual([]);
  });
});
