import type { InitSegment } from '../packager/chunk.ts';
import type { Rung } from '../encoder/ladder.ts';
import { AUDIO_KBPS } from '../encoder/ffmpeg-args.ts';
import { mediaPlaylistUri } from './uris.ts';

export interface VariantInput {
  rung: Rung;
  init: InitSegment | null;
  /** Highest and average bits per second measured over the window's segments, if any. */
  measuredPeakBps: number | null;
  measuredAverageBps: number | null;
}

/**
 * The multivariant playlist of one profile. BANDWIDTH is the peak segment bitrate measured
 * in the window (the configured rate plus audio and container overhead until there is data),
 * and CODECS come from the rung's actual init segment.
 */
export function renderMultivariant(variants: VariantInput[], fps: number, uriPrefix = ''): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const nominal = Math.round((v.rung.videoKbps + (v.init?.audioCodec ? AUDIO_KBPS : 0)) * 1000 * 1.1);
    const average = Math.round(v.measuredAverageBps ?? nominal);
    const peak = Math.max(Math.round(v.measuredPeakBps ?? nominal), average);
    const codecs = v.init ? [v.init.videoCodec, v.init.audioCodec].filter(Boolean).join(',') : 'avc1.42c01f,mp4a.40.2';
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average},RESOLUTION=${v.rung.width}x${v.rung.height},` +
        `CODECS="${codecs}",FRAME-RATE=${fps.toFixed(3)}`,
      uriPrefix + mediaPlaylistUri(v.rung.name),
    );
  }
  return lines.join('\n') + '\n';
}
