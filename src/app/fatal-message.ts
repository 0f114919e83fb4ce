import type { EngineError } from '../player/engine.ts';
import type { StreamFormat } from '../player/stream-format.ts';

const MANIFEST_NAME: Record<StreamFormat, string> = { hls: 'an HLS playlist', dash: 'a DASH MPD' };

/**
 * A fatal engine error in words, from its code (never its text, which is the library's own):
 * what failed and what to check. `format`: the stream's, when the URL or the engine tells.
 */
export function fatalMessage(error: Pick<EngineError, 'code' | 'status' | 'detail'>, url: string, format: StreamFormat | null): string {
  switch (error.code) {
    case 'unreachable':
      return error.status
        ? `Cannot load the stream: ${url} answered HTTP ${error.status}.`
        : `Cannot reach the stream at ${url} (network error, CORS, or the server is down).`;
    case 'manifest':
      return `${url} is not ${format ? MANIFEST_NAME[format] : 'a playlist or MPD'} (${error.detail}).`;
    case 'unsupported':
      return `This browser cannot play the stream (${error.detail}).`;
    case 'network':
    case 'media':
    case 'other':
      return `Playback failed: ${error.detail}`;
  }
}
