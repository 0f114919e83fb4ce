import { describe, expect, it } from 'vitest';
import { burnFfmpegArgs, outputFormatOf, parseBurnArgs, shellQuote, UsageError } from './burn-options.ts';
import { fpsModeFlag } from './burn.ts';

const parse = (...a: string[]) => parseBurnArgs(a);

describe('glassmeter burn arguments', () => {
  it('takes INPUT and OUTPUT with defaults', () => {
    const o = parse('udp://@:5000', 'out/live.m3u8');
    expect(o).toMatchObject({ input: 'udp://@:5000', output: 'out/live.m3u8', gopS: 1, bitrateKbps: 3000, preset: 'veryfast', audio: true, size: null, durationS: null });
  });

  it('names the flag that is wrong', () => {
    expect(() => parse('a')).toThrow(/INPUT and OUTPUT/);
    expect(() => parse('a', 'b', '--size', '1281x720')).toThrow(/--size 1281x720/);
    expect(() => parse('a', 'b', '--gop', '0')).toThrow(/--gop 0/);
    expect(() => parse('a', 'b', '--preset', 'turbo')).toThrow(/--preset turbo/);
    expect(() => parse('a', 'b', '--input-format', 'lavfi;rm')).toThrow(/--input-format/);
    expect(() => parse('a', 'b', '--input-option', '=x')).toThrow(/--input-option =x/);
    expect(() => parse('a', 'b', '--bogus')).toThrow(UsageError);
  });

  it('picks the muxer from the output', () => {
    expect(outputFormatOf({ output: 'x/live.m3u8', outputFormat: null })).toBe('hls');
    expect(outputFormatOf({ output: 'rtmp://host/app/key', outputFormat: null })).toBe('flv');
    expect(outputFormatOf({ output: 'srt://host:9000', outputFormat: null })).toBe('mpegts');
    expect(outputFormatOf({ output: '-', outputFormat: null })).toBe('mpegts');
    expect(outputFormatOf({ output: 'out.mp4', outputFormat: null })).toBeNull();
    expect(outputFormatOf({ output: 'out.mp4', outputFormat: 'matroska' })).toBe('matroska');
  });

  it('puts video and audio on the wall clock of the graph start, then shifts both back together', () => {
    const o = parse('--input-format', 'v4l2', '--input-option', 'video_size=1280x720', '/dev/video0', 'rtmp://h/a/k');
    const args = burnFfmpegArgs(o, 1_796_000_000, '-fps_mode');
    const at = (flag: string) => args.indexOf(flag);
    expect(args).not.toContain('-copyts');
    expect(args.slice(at('-f'), at('-f') + 2)).toEqual(['-f', 'v4l2']);
    expect(args.slice(at('-video_size'), at('-video_size') + 2)).toEqual(['-video_size', '1280x720']);
    expect(at('-video_size')).toBeLessThan(at('-i'));
    expect(args[at('-fps_mode') + 1]).toBe('passthrough');
    expect(args[at('-output_ts_offset') + 1]).toBe('-1796000000');
    const graph = args[at('-filter_complex') + 1]!;
    expect(graph).toMatch(/^\[0:v\]settb=AVTB,setpts=PTS\+RTCSTART\/1000000\/TB\[gtc_in\];\[gtc_in\]split/);
    expect(graph).toMatch(/st\(2,mod\(0\+round\(T\*1000\)/); // GTC1 from T itself, base 0
    expect(graph).toMatch(/;\[0:a\]asetpts=PTS\+RTCSTART\/1000000\/TB\[a\]$/);
    expect(args.slice(args.lastIndexOf('-map'), args.lastIndexOf('-map') + 2)).toEqual(['-map', '[a]']);
    expect(args.slice(-4)).toEqual(['-flvflags', 'no_duration_filesize', '-y', 'rtmp://h/a/k']);
    const scaled = burnFfmpegArgs(parse('--size', '1280x720', 'in', '-'), 0, '-vsync');
    expect(scaled[scaled.indexOf('-filter_complex') + 1]).toMatch(/^\[0:v\]scale=1280:720,settb=AVTB/);
    expect(scaled).toContain('-vsync');
    expect(scaled.slice(-2)).toEqual(['-y', 'pipe:1']);
  });

  it('writes HLS with segments of the GOP length, and drops audio when asked', () => {
    const args = burnFfmpegArgs(parse('--gop', '2', '--no-audio', 'in', 'o/live.m3u8'), 0, '-fps_mode');
    expect(args.join(' ')).toContain('-f hls -hls_time 2');
    expect(args.join(' ')).toContain('gte(t,prev_forced_t+2)');
    expect(args[args.indexOf('-filter_complex') + 1]).not.toContain(':a]');
    expect(args).not.toContain('[a]');
  });

  it('takes the audio from a second input', () => {
    const args = burnFfmpegArgs(parse('--input-format', 'v4l2', '--audio-input', 'hw:1', '--audio-input-format', 'alsa', '/dev/video0', 'o.ts'), 0, '-fps_mode');
    const second = args.lastIndexOf('-i');
    expect(args.slice(second - 2, second + 2)).toEqual(['-f', 'alsa', '-i', 'hw:1']);
    expect(args[args.indexOf('-filter_complex') + 1]).toContain(';[1:a]asetpts=');
    expect(() => parse('--audio-input-format', 'alsa', 'a', 'b')).toThrow(/needs --audio-input/);
    expect(() => parse('--audio-input', 'x', '--no-audio', 'a', 'b')).toThrow(/exclude/);
  });

  it('prints a command a shell takes back', () => {
    expect(shellQuote(['-i', "it's here", 'a;b', 'plain/x.m3u8'])).toBe(`-i 'it'\\''s here' 'a;b' plain/x.m3u8`);
  });

  it('knows which ffmpeg has -fps_mode', () => {
    expect(fpsModeFlag('5.1.9-0+deb12u1')).toBe('-fps_mode');
    expect(fpsModeFlag('7.1')).toBe('-fps_mode');
    expect(fpsModeFlag('5.0.1')).toBe('-vsync');
    expect(fpsModeFlag('4.4.2-0ubuntu0')).toBe('-vsync');
    expect(fpsModeFlag('N-112233-gabcdef')).toBe('-fps_mode');
  });
});
