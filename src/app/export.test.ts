import { describe, expect, it } from 'vitest';
import { originOptions } from './export.ts';

describe('originOptions', () => {
  it('reads the /o/<options>/ path segment in front of /live/', () => {
    expect(originOptions('/o/net=cascade,delay=500/live/ll200/master.m3u8')).toBe('net=cascade,delay=500');
    expect(originOptions('/o/loss=2/live/ll100/720p.m3u8')).toBe('loss=2');
  });

  it('works on absolute URLs and ignores the query', () => {
    expect(originOptions('http://localhost:8080/o/delay=250/live/ll100/master.m3u8?token=x')).toBe('delay=250');
  });

  it('is empty when the URL carries no options', () => {
    expect(originOptions('/live/ll200/master.m3u8')).toBe('');
    expect(originOptions('https://cdn.example.com/stream/master.m3u8')).toBe('');
    expect(originOptions('')).toBe('');
  });

  it('is empty for an empty or multi-segment options part', () => {
    expect(originOptions('/o//live/ll200/master.m3u8')).toBe('');
    expect(originOptions('/o/a/b/live/ll200/master.m3u8')).toBe('');
  });

  it('needs the options right before /live/', () => {
    expect(originOptions('/o/delay=500/vod/master.m3u8')).toBe('');
  });
});
