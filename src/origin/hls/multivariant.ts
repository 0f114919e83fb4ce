import type { InitSegment } from '../packager/chunk.ts';
import type { Rung } from '../encoder/ladder.ts';
import { AUDIO_KBPS } from '../encoder/ffmpeg-args.ts';
import { mediaPlaylistUri } from '../../shared/stream/object-names.ts';

export interface VariantInput {
  rung: Rung;
  init: InitSegment | null;
  /** Highest and average bits per second measured over the window's segments, if any. */
  measuredPeakBps: number | null;
  measuredAverageBps: number | null;
}

/** The audio rendition: its media playlist and (once known) its init segment. */
export interface AudioInput {
  uri: string;
  init: InitSegment | null;
}

export const AUDIO_GROUP = 'aac';

/**
 * The multivariant playlist of one profile. The rungs are video only; the audio is one
 * rendition of its own (`EXT-X-MEDIA:TYPE=AUDIO`) that every variant names, so a player loads
 * it beside whichever rung it plays and video parts never wait for audio. BANDWIDTH is the peak
 * segment bitrate measured in the window plus the audio (the configured rate plus container
 * overhead until there is data), and CODECS come from the actual init segments.
 */
export function renderMultivariant(variants: VariantInput[], fps: number, uriPrefix = '', audio: AudioInput | null = null): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (audio) {
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${AUDIO_GROUP}",NAME="audio",LANGUAGE="und",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="${audio.init?.audioChannels ?? 1}",URI="${uriPrefix}${audio.uri}"`);
  }
  const audioBps = audio ? AUDIO_KBPS * 1000 * 1.1 : 0;
  const audioCodec = audio ? (audio.init?.audioCodec ?? 'mp4a.40.2') : null;
  for (const v of variants) {
    const nominal = Math.round(v.rung.videoKbps * 1000 * 1.1);
    const average = Math.round((v.measuredAverageBps ?? nominal) + audioBps);
    const peak = Math.max(Math.round((v.measuredPeakBps ?? nominal) + audioBps), average);
    const codecs = [v.init?.videoCodec ?? 'avc1.42c01f', audioCodec].filter(Boolean).join(',');
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average},RESOLUTION=${v.rung.width}x${v.rung.height},` +
        `CODECS="${codecs}",FRAME-RATE=${fps.toFixed(3)}${audio ? `,AUDIO="${AUDIO_GROUP}"` : ''}`,
      uriPrefix + mediaPlaylistUri(v.rung.name),
    );
  }
  return lines.join('\n') + '\n';
}
