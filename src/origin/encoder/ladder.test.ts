import { describe, expect, it } from 'vitest';
import { LADDER_PRESETS, LadderSpecError, parseLadder } from './ladder.ts';

/** The error parseLadder throws for `spec` (fails the test if it does not throw). */
function ladderError(spec: string): LadderSpecError {
  try {
    parseLadder(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(LadderSpecError);
    return err as LadderSpecError;
  }
  throw new Error(`parseLadder(${JSON.stringify(spec)}) did not throw`);
}

describe('parseLadder', () => {
  it('returns the presets by name, as copies', () => {
    const ladder = parseLadder('default');
    expect(ladder.map((r) => r.name)).toEqual(['720p', '480p', '360p', '240p']);
    expect(ladder[0]).toEqual({ name: '720p', width: 1280, height: 720, videoKbps: 2500 });
    ladder[0]!.videoKbps = 1;
    expect(LADDER_PRESETS.default![0]!.videoKbps).toBe(2500);
    expect(parseLadder('twitch').map((r) => [r.name, r.videoKbps])).toEqual([
      ['720p', 1000],
      ['480p', 600],
      ['360p', 200],
    ]);
  });

  it('parses a custom list, names rungs by height and sorts them from the top', () => {
    expect(parseLadder('640x360@700, 1920x1080@5000,1280x720@2500')).toEqual([
      { name: '1080p', width: 1920, height: 1080, videoKbps: 5000 },
      { name: '720p', width: 1280, height: 720, videoKbps: 2500 },
      { name: '360p', width: 640, height: 360, videoKbps: 700 },
    ]);
    expect(parseLadder('426x240@300')).toEqual([{ name: '240p', width: 426, height: 240, videoKbps: 300 }]);
  });

  it('accepts the limits', () => {
    expect(parseLadder('128x96@50')).toHaveLength(1);
    expect(parseLadder('3840x2160@50000')).toHaveLength(1);
    expect(parseLadder('130x96@50')).toHaveLength(1); // 130 >= 1.25 * 96 = 120
  });

  it.each([
    ['1280x720', '1280x720'],
    ['1280x720@', '1280x720@'],
    ['1280x@2500', '1280x@2500'],
    ['axb@c', 'axb@c'],
    ['1280X720@2500', '1280X720@2500'],
    ['1280x720@2500k', '1280x720@2500k'],
    ['1281x720@2500', '1281x720@2500'], // odd width
    ['1280x721@2500', '1280x721@2500'], // odd height
    ['126x96@300', '126x96@300'], // too narrow
    ['3842x2160@3000', '3842x2160@3000'], // too wide
    ['2880x2162@3000', '2880x2162@3000'], // too tall
    ['320x320@500', '320x320@500'], // narrower than 5:4
    ['1280x720@40', '1280x720@40'], // kbps too low
    ['1280x720@60000', '1280x720@60000'], // kbps too high
    ['1280x720@2500,bogus', 'bogus'],
  ])('rejects %j, naming the rung', (spec, rung) => {
    const err = ladderError(spec);
    expect(err.message).toContain(`"${rung}"`);
  });

  it.each(['', ',', '1280x720@2500,', ' , 640x360@700', 'ultra'])('rejects the spec %j with the accepted forms', (spec) => {
    const err = ladderError(spec);
    expect(err.message).toMatch(/WxH@kbps/);
  });

  it('rejects two rungs of the same height', () => {
    const err = ladderError('1280x720@2500,1280x720@1500');
    expect(err.message).toContain('two rungs are 720p');
  });
});
