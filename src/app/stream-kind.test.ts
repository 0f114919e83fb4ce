import { describe, expect, it } from 'vitest';
import { streamForEngine } from './stream-kind.ts';

describe('streamForEngine', () => {
  it('keeps a stream the engine can play, and URLs whose format is unknown', () => {
    expect(streamForEngine('/live/ll200/master.m3u8', 'hls')).toBe('/live/ll200/master.m3u8');
    expect(streamForEngine('https://cdn.example/play?id=42', 'dash')).toBe('https://cdn.example/play?id=42');
  });

  it("moves a bundled stream to the other format's nearest profile, keeping host and URL options", () => {
    expect(streamForEngine('/live/ll200/master.m3u8', 'dash')).toBe('/live/dash-ll/manifest.mpd');
    expect(streamForEngine('/live/master.m3u8', 'dash')).toBe('/live/dash-ll/manifest.mpd');
    expect(streamForEngine('/live/hls6/master.m3u8', 'dash')).toBe('/live/dash2/manifest.mpd');
    expect(streamForEngine('/live/dash-ll/manifest.mpd', 'hls')).toBe('/live/ll200/master.m3u8');
    expect(streamForEngine('/live/dash2/manifest.mpd', 'hls')).toBe('/live/hls2/master.m3u8');
    expect(streamForEngine('http://host:8080/o/net=cascade,sid=ab12/live/ll100/master.m3u8', 'dash')).toBe(
      'http://host:8080/o/net=cascade,sid=ab12/live/dash-ll/manifest.mpd',
    );
  });

  it('keeps any stream for Shaka Player, which plays HLS and DASH', () => {
    expect(streamForEngine('/live/ll200/master.m3u8', 'shaka')).toBe('/live/ll200/master.m3u8');
    expect(streamForEngine('/live/dash-ll/manifest.mpd', 'shaka')).toBe('/live/dash-ll/manifest.mpd');
  });

  it('leaves a foreign HLS URL alone: there is no counterpart to guess', () => {
    expect(streamForEngine('https://cdn.example/live/index.m3u8', 'dash')).toBe('https://cdn.example/live/index.m3u8');
  });
});
