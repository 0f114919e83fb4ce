import { describe, expect, it } from 'vitest';
import { initUri, mediaPlaylistUri, objectKindOf, parseMediaObject, partUri, segmentUri } from './object-names.ts';

describe('media object names', () => {
  it('builds the names a playlist lists', () => {
    expect(mediaPlaylistUri('720p')).toBe('720p.m3u8');
    expect(initUri(3)).toBe('init-3.mp4');
    expect(segmentUri(42)).toBe('42.m4s');
    expect(partUri(42, 4)).toBe('42.4.m4s');
  });

  it.each([0, 1, 17, 999_999_999])('round-trips init-%i.mp4', (run) => {
    expect(parseMediaObject(initUri(run))).toEqual({ kind: 'init', run });
  });

  it.each([0, 7, 123_456, 999_999_999_999])('round-trips segment %i', (msn) => {
    expect(parseMediaObject(segmentUri(msn))).toEqual({ kind: 'segment', msn });
  });

  it.each([
    [0, 0],
    [12, 4],
    [999_999_999_999, 9999],
  ])('round-trips part %i.%i', (msn, part) => {
    expect(parseMediaObject(partUri(msn, part))).toEqual({ kind: 'part', msn, part });
  });

  it.each([
    '',
    '../x',
    '../1.m4s',
    '..%2F1.m4s',
    '1.m4s.bak',
    '1.m4s/',
    ' 1.m4s',
    '1.m4s ',
    'x1.m4s',
    '1.M4S',
    '1.mp4',
    '-1.m4s',
    '1..m4s',
    '1.2.3.m4s',
    '1.-1.m4s',
    '1.12345.m4s', // part index over 4 digits
    '1234567890123.m4s', // msn over 12 digits
    'init-.mp4',
    'init-x.mp4',
    'init-1.m4s',
    'init-1234567890.mp4',
    'init1.mp4',
    'INIT-1.mp4',
    'init-1.mp4?x=1',
    '720p.m3u8',
  ])('rejects %j', (name) => {
    expect(parseMediaObject(name)).toBeNull();
  });
});

describe('objectKindOf', () => {
  it.each([
    ['ll200/master.m3u8', 'playlist'],
    ['ll200/720p.m3u8', 'playlist'],
    ['dash-ll/manifest.mpd', 'playlist'],
    ['ll200/720p/57.3.m4s', 'part'],
    ['ll200/720p/57.m4s', 'segment'],
    ['dash-ll/audio/12.m4s', 'segment'],
    ['ll200/720p/init-1.mp4', null],
    ['', null],
    ['ll200/720p/x.m4s', null],
  ])('%s is %s', (path, kind) => {
    expect(objectKindOf(path)).toBe(kind);
  });
});
