import { describe, expect, it } from 'vitest';
import type { Rung } from '../encoder/ladder.ts';
import type { InitSegment } from '../packager/chunk.ts';
import { fakeInit } from '../packager/test-support/synthetic-stream.ts';
import { renderMultivariant, type VariantInput } from './multivariant.ts';

const R720: Rung = { name: '720p', width: 1280, height: 720, videoKbps: 2500 };
const R240: Rung = { name: '240p', width: 426, height: 240, videoKbps: 300 };

function init(videoCodec: string, audioCodec: string | null): InitSegment {
  return fakeInit({ videoCodec, audioCodec });
}

function variant(rung: Rung, overrides: Partial<VariantInput> = {}): VariantInput {
  return { rung, init: init('avc1.64001f', null), measuredPeakBps: null, measuredAverageBps: null, ...overrides };
}

const AUDIO = { uri: 'audio.m3u8', init: fakeInit({ videoCodec: null, videoTrackId: null, audioCodec: 'mp4a.40.2', audioChannels: 1 }) };

/** The STREAM-INF attributes and URI of every variant. */
function variants(text: string) {
  const lines = text.trim().split('\n');
  const out: { attrs: Record<string, string>; uri: string }[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const attrs: Record<string, string> = {};
    for (const m of line.slice('#EXT-X-STREAM-INF:'.length).matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)) attrs[m[1]!] = m[2]!;
    out.push({ attrs, uri: lines[i + 1]! });
  });
  return out;
}

describe('renderMultivariant', () => {
  it('lists every rung with its resolution, codecs from the init segments and frame rate, and the audio as one rendition they all name', () => {
    const text = renderMultivariant([variant(R720), variant(R240, { init: init('avc1.42c015', null) })], 30, '', AUDIO);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",LANGUAGE="und",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio.m3u8"',
    ]);
    expect(text.endsWith('\n')).toBe(true);
    const [v720, v240] = variants(text);
    expect(v720!.attrs).toMatchObject({ RESOLUTION: '1280x720', CODECS: '"avc1.64001f,mp4a.40.2"', 'FRAME-RATE': '30.000', AUDIO: '"aac"' });
    expect(v240!.attrs).toMatchObject({ RESOLUTION: '426x240', CODECS: '"avc1.42c015,mp4a.40.2"', AUDIO: '"aac"' });
    expect([v720!.uri, v240!.uri]).toEqual(['720p.m3u8', '240p.m3u8']);
  });

  it('has no audio group without audio', () => {
    const text = renderMultivariant([variant(R720)], 30);
    expect(text).not.toContain('#EXT-X-MEDIA');
    expect(variants(text)[0]!.attrs.AUDIO).toBeUndefined();
  });

  it('uses the measured peak and average bitrates', () => {
    const [v] = variants(renderMultivariant([variant(R720, { measuredPeakBps: 3_100_000.4, measuredAverageBps: 2_600_000.6 })], 30));
    expect(v!.attrs.BANDWIDTH).toBe('3100000');
    expect(v!.attrs['AVERAGE-BANDWIDTH']).toBe('2600001');
  });

  it('estimates from the configured rate (+ audio, +10%) before anything is measured', () => {
    const [withAudio] = variants(renderMultivariant([variant(R720)], 30, '', AUDIO));
    const [videoOnly] = variants(renderMultivariant([variant(R720)], 30));
    expect(withAudio!.attrs.BANDWIDTH).toBe(String((2500 + 64) * 1100));
    expect(withAudio!.attrs['AVERAGE-BANDWIDTH']).toBe(String((2500 + 64) * 1100));
    expect(videoOnly!.attrs.BANDWIDTH).toBe(String(2500 * 1100));
    expect(videoOnly!.attrs.CODECS).toBe('"avc1.64001f"');
  });

  it('falls back to common codecs while no init segment exists', () => {
    const [v] = variants(renderMultivariant([variant(R240, { init: null })], 30, '', { uri: 'audio.m3u8', init: null }));
    expect(v!.attrs.CODECS).toBe('"avc1.42c01f,mp4a.40.2"');
    expect(v!.attrs.BANDWIDTH).toBe(String(Math.round(300 * 1100 + 64 * 1100)));
  });

  it('never advertises a BANDWIDTH below AVERAGE-BANDWIDTH', () => {
    const cases: Partial<VariantInput>[] = [
      { measuredPeakBps: 1_000_000, measuredAverageBps: 2_000_000 },
      { measuredPeakBps: null, measuredAverageBps: 9_000_000 },
      { measuredPeakBps: 5_000_000, measuredAverageBps: null },
      { measuredPeakBps: 100, measuredAverageBps: null },
      {},
    ];
    for (const c of cases) {
      const [v] = variants(renderMultivariant([variant(R720, c)], 30));
      expect(Number(v!.attrs.BANDWIDTH)).toBeGreaterThanOrEqual(Number(v!.attrs['AVERAGE-BANDWIDTH']));
    }
    const [raised] = variants(renderMultivariant([variant(R720, cases[0])], 30));
    expect(raised!.attrs.BANDWIDTH).toBe('2000000');
  });

  it('prints the frame rate with three decimals and prefixes media playlist URIs', () => {
    const text = renderMultivariant([variant(R720), variant(R240)], 29.97, 'll200/', AUDIO);
    expect(text).toContain('URI="ll200/audio.m3u8"');
    const vs = variants(text);
    expect(vs.map((v) => v.attrs['FRAME-RATE'])).toEqual(['29.970', '29.970']);
    expect(vs.map((v) => v.uri)).toEqual(['ll200/720p.m3u8', 'll200/240p.m3u8']);
  });
});
