import { describe, expect, it } from 'vitest';
import { findPrfts, ntpToUnixMs } from './prft.ts';

// The first 112 bytes of a media segment ffmpeg 5.1 wrote (styp, sidx, prft; the moof after it
// cut off) with:
//   ffmpeg -f lavfi -i testsrc2=s=320x180:r=30 -t 2 -c:v libx264 -preset ultrafast -g 30 \
//     -f hls -hls_segment_type fmp4 -hls_time 1 -hls_segment_options write_prft=wallclock live.m3u8
const FFMPEG_SEGMENT_HEAD =
  '00000018737479706d736468000000006d7364686d7369780000003473696478010000000000000100003c000000000000000000000000000000000000' +
  '0000010001611600003c008000000000000020707266740100001800000001eeb9ea29c872b01f0000000000000000000000e0';

function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
}

describe('prft', () => {
  it("reads ffmpeg's box: track 1, its wall clock when it wrote the segment, media time 0", () => {
    const [p, ...more] = findPrfts(hex(FFMPEG_SEGMENT_HEAD));
    expect(more).toEqual([]);
    expect(p!.referenceTrackId).toBe(1);
    expect(p!.mediaTime).toBe(0);
    // NTP 0xeeb9ea29.c872b01f: 2026-12-02T00:51:53.783Z, the minute the fixture was made.
    expect(new Date(p!.wallMs).toISOString()).toBe('2026-12-02T00:51:53.783Z');
  });

  it('converts NTP time (seconds since 1900 plus a 32-bit fraction) to Unix milliseconds', () => {
    expect(ntpToUnixMs(2_208_988_800, 0)).toBe(0);
    expect(ntpToUnixMs(2_208_988_801, 2 ** 31)).toBe(1500);
  });

  it('reads version 0 (32-bit media time), skips other boxes, and refuses short, truncated and unknown-version boxes', () => {
    const v0 = '0000001c70726674' + '00000000' + '00000002' + '83aa7e80' + '00000000' + '0000abcd';
    const other = '0000000c667265650000ffff'; // 'free'
    expect(findPrfts(hex(other + v0))).toEqual([{ referenceTrackId: 2, wallMs: 0, mediaTime: 0xabcd }]);
    expect(findPrfts(hex(v0.slice(0, -8)))).toEqual([]); // the box claims more bytes than there are
    expect(findPrfts(hex('0000001470726674' + '02000000' + '00000002' + '83aa7e80' + '00000000'))).toEqual([]); // version 2
    expect(findPrfts(hex('0000000c70726674' + '00000000'))).toEqual([]); // no room for the fields
    expect(findPrfts(hex('00000004deadbeef'))).toEqual([]); // a size below its own header
    expect(findPrfts(new Uint8Array(0))).toEqual([]);
  });
});
