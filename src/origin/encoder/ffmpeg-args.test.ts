import { describe, expect, it } from 'vitest';
import { buildAudioArgs, buildLadderArgs, FIRST_OUTPUT_FD, type LadderArgsOptions } from './ffmpeg-args.ts';
import { parseLadder } from './ladder.ts';

function options(overrides: Partial<LadderArgsOptions> = {}): LadderArgsOptions {
  return {
    sourceWidth: 1280,
    sourceHeight: 720,
    fps: 30,
    rungs: parseLadder('1280x720@2500,854x480@1200,426x240@300'),
    supportsCmafFlag: true,
    ...overrides,
  };
}

/** The value after each occurrence of `flag`. */
const valuesOf = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

/** The arguments of each output: everything after -filter_complex up to and including its pipe. */
function outputs(args: string[]): string[][] {
  const start = args.indexOf('-filter_complex') + 2;
  const groups: string[][] = [];
  let current: string[] = [];
  for (const a of args.slice(start)) {
    current.push(a);
    if (/^pipe:\d+$/.test(a)) {
      groups.push(current);
      current = [];
    }
  }
  expect(current).toEqual([]);
  return groups;
}

describe('buildLadderArgs', () => {
  it('writes one fragmented MP4 output per rung on pipes from fd 4', () => {
    const args = buildLadderArgs(options());
    expect(FIRST_OUTPUT_FD).toBe(4);
    const outs = outputs(args);
    expect(outs.map((o) => o[o.length - 1])).toEqual(['pipe:4', 'pipe:5', 'pipe:6']);
    expect(outs.map((o) => valuesOf(o, '-map')[0])).toEqual(['[v0]', '[v1]', '[v2]']);
    expect(outs.map((o) => valuesOf(o, '-b:v')[0])).toEqual(['2500k', '1200k', '300k']);
    expect(outs.map((o) => valuesOf(o, '-maxrate')[0])).toEqual(['2500k', '1200k', '300k']);
    for (const o of outs) {
      expect(valuesOf(o, '-f')).toEqual(['mp4']);
      expect(valuesOf(o, '-frag_duration')).toEqual([String(Math.floor(1e6 / 30))]);
    }
  });

  it('splits the source once and scales it to every rung', () => {
    const args = buildLadderArgs(options());
    expect(valuesOf(args, '-filter_complex')).toEqual([
      '[0:v]split=3[s0][s1][s2];[s0]scale=1280:720:flags=bicubic[v0];[s1]scale=854:480:flags=bicubic[v1];[s2]scale=426:240:flags=bicubic[v2]',
    ]);
    expect(valuesOf(args, '-video_size')).toEqual(['1280x720']);
    expect(valuesOf(args, '-i')[0]).toBe('pipe:0');
  });

  it.each([
    [30, '30'],
    [25, '25'],
    [60, '60'],
    [29.97, '30'],
  ])('uses a GOP of exactly one second at %d fps with no scene-cut keyframes', (fps, gop) => {
    const args = buildLadderArgs(options({ fps }));
    expect(valuesOf(args, '-g')).toEqual([gop, gop, gop]);
    expect(valuesOf(args, '-keyint_min')).toEqual([gop, gop, gop]);
    expect(valuesOf(args, '-sc_threshold')).toEqual(['0', '0', '0']);
    expect(valuesOf(args, '-bf')).toEqual(['0', '0', '0']);
    expect(valuesOf(args, '-framerate')).toEqual([String(fps)]);
  });

  it('encodes video only: no audio input, mapping or codec (audio is its own encoder)', () => {
    const args = buildLadderArgs(options());
    expect(valuesOf(args, '-i')).toEqual(['pipe:0']);
    expect(args).not.toContain('pipe:3');
    expect(args.some((a) => a.includes(':a'))).toBe(false);
    expect(outputs(args).map((o) => valuesOf(o, '-map'))).toEqual([['[v0]'], ['[v1]'], ['[v2]']]);
  });

  it('encodes audio alone: PCM on stdin, one AAC frame per fragment on stdout', () => {
    const args = buildAudioArgs(true);
    expect(valuesOf(args, '-i')).toEqual(['pipe:0']);
    expect(valuesOf(args, '-f')).toEqual(['s16le', 'mp4']);
    expect(valuesOf(args, '-c:a')).toEqual(['aac']);
    expect(valuesOf(args, '-b:a')).toEqual(['64k']);
    expect(valuesOf(args, '-frag_duration')).toEqual(['21333']);
    expect(valuesOf(args, '-movflags')).toEqual(['+empty_moov+default_base_moof+cmaf']);
    expect(args[args.length - 1]).toBe('pipe:1');
    expect(args).not.toContain('-c:v');
  });

  it('adds +cmaf to movflags only when ffmpeg supports it', () => {
    expect(valuesOf(buildLadderArgs(options({ supportsCmafFlag: true })), '-movflags')).toEqual(
      Array(3).fill('+empty_moov+default_base_moof+cmaf'),
    );
    expect(valuesOf(buildLadderArgs(options({ supportsCmafFlag: false })), '-movflags')).toEqual(
      Array(3).fill('+empty_moov+default_base_moof'),
    );
  });
});
