import { describe, expect, it } from 'vitest';
import { engineForUrl } from './stream-format.ts';

describe('engineForUrl', () => {
  it('tells DASH from HLS by the path, ignoring query and case', () => {
    expect(engineForUrl('/live/dash-ll/manifest.mpd')).toBe('dash');
    expect(engineForUrl('https://cdn.example/a/Stream.MPD?token=x.m3u8')).toBe('dash');
    expect(engineForUrl('/live/ll200/master.m3u8#t=1')).toBe('hls');
    expect(engineForUrl('https://cdn.example/play?id=42')).toBeNull();
  });
});
