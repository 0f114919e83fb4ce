import { describe, expect, it } from 'vitest';
import { inMediaScope, mediaScopeOf } from './resource-timing.ts';

describe('media scope', () => {
  it('is the folder of the playlist or manifest, origin included', () => {
    expect(mediaScopeOf('http://127.0.0.1:8080/live/ll200/master.m3u8')).toBe('http://127.0.0.1:8080/live/ll200/');
    expect(mediaScopeOf('http://h:1/o/delay=500,sid=ab/live/dash-ll/manifest.mpd?x=1')).toBe('http://h:1/o/delay=500,sid=ab/live/dash-ll/');
    expect(mediaScopeOf('not a url')).toBeNull();
  });

  it('keeps another player\'s objects out: same stream with other options, another profile, another host', () => {
    const plain = mediaScopeOf('http://h:1/live/ll200/master.m3u8');
    expect(inMediaScope('http://h:1/live/ll200/360p/part-12-3.m4s', plain)).toBe(true);
    expect(inMediaScope('http://h:1/o/delay=500/live/ll200/360p/part-12-3.m4s', plain)).toBe(false);
    expect(inMediaScope('http://h:1/live/ll100/360p/part-12-3.m4s', plain)).toBe(false);
    expect(inMediaScope('http://edge:2/live/ll200/360p/part-12-3.m4s', plain)).toBe(false);
    const delayed = mediaScopeOf('http://h:1/o/delay=500/live/ll200/master.m3u8');
    expect(inMediaScope('http://h:1/live/ll200/360p/part-12-3.m4s', delayed)).toBe(false);
    expect(inMediaScope('http://h:1/o/delay=500/live/ll200/360p/part-12-3.m4s', delayed)).toBe(true);
  });

  it('takes every entry before a stream is set', () => {
    expect(inMediaScope('http://anything/x.m4s', null)).toBe(true);
  });
});
