import { describe, expect, it } from 'vitest';
import { counterpartOf, defaultProfileFor, findProfile, PROFILES, profileOfLivePath, type LatencyProfile } from './profiles.ts';

const profile = (name: string): LatencyProfile => {
  const p = findProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  return p;
};

describe('counterpartOf', () => {
  it('pairs low latency with low latency and segments with segments, nearest duration, the default on a tie', () => {
    const pairs = Object.fromEntries(PROFILES.map((p) => [p.name, counterpartOf(p)?.name]));
    expect(pairs).toEqual({ ll100: 'dash-ll', ll200: 'dash-ll', ll500: 'dash-ll', hls2: 'dash2', hls6: 'dash2', 'dash-ll': 'll200', dash2: 'hls2' });
  });
});

describe('profileOfLivePath', () => {
  it('reads the profile of an entry or object path; /live/master.m3u8 is the default', () => {
    expect(profileOfLivePath('/live/master.m3u8')?.name).toBe('ll200');
    expect(profileOfLivePath('/live/dash2/manifest.mpd')?.name).toBe('dash2');
    expect(profileOfLivePath('/live/ll100/720p.m3u8')?.name).toBe('ll100');
    expect(profileOfLivePath('/live/index.m3u8')).toBeUndefined();
    expect(profileOfLivePath('/live/nope/master.m3u8')).toBeUndefined();
    expect(profileOfLivePath('/live/__proto__/master.m3u8')).toBeUndefined();
  });
});

describe('defaultProfileFor', () => {
  it('names an existing profile of that format', () => {
    expect(profile(defaultProfileFor('hls')).kind).toBe('ll-hls');
    expect(profile(defaultProfileFor('dash')).kind).toBe('ll-dash');
  });
});
