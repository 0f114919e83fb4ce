import { describe, expect, it } from 'vitest';
import { fatalMessage } from './fatal-message.ts';

const URL = 'http://localhost:8080/live/ll200/master.m3u8';

describe('fatalMessage', () => {
  it('tells a stream that answered with an HTTP error from one that did not answer at all', () => {
    expect(fatalMessage({ code: 'unreachable', status: 404, detail: 'manifestLoadError (HTTP 404)' }, URL, 'hls')).toBe(`Cannot load the stream: ${URL} answered HTTP 404.`);
    expect(fatalMessage({ code: 'unreachable', detail: 'manifestLoadError: status 0' }, URL, 'hls')).toBe(`Cannot reach the stream at ${URL} (network error, CORS, or the server is down).`);
  });

  it('names the manifest the stream should have been, by its format', () => {
    expect(fatalMessage({ code: 'manifest', detail: 'manifestParsingError: no EXTM3U' }, URL, 'hls')).toBe(`${URL} is not an HLS playlist (manifestParsingError: no EXTM3U).`);
    expect(fatalMessage({ code: 'manifest', detail: 'MPD could not be parsed' }, 'http://x/a.mpd', 'dash')).toBe('http://x/a.mpd is not a DASH MPD (MPD could not be parsed).');
    expect(fatalMessage({ code: 'manifest', detail: 'not a manifest Shaka can play' }, 'http://x/a', null)).toBe('http://x/a is not a playlist or MPD (not a manifest Shaka can play).');
  });

  it('says when this browser cannot play the stream, and passes every other failure on in the library’s words', () => {
    expect(fatalMessage({ code: 'unsupported', detail: 'manifestIncompatibleCodecsError' }, URL, 'hls')).toBe('This browser cannot play the stream (manifestIncompatibleCodecsError).');
    for (const code of ['network', 'media', 'other'] as const) expect(fatalMessage({ code, status: 503, detail: 'fragLoadError (HTTP 503)' }, URL, 'hls')).toBe('Playback failed: fragLoadError (HTTP 503)');
  });
});
