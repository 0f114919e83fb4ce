/**
 * Where the URL options sit in a stream URL: `<prefix>/o/<options>/live/...`. The origin routes
 * by it, the page edits and checks it, exports and `measure` record it; this is its one parser
 * and its one builder. Being a path segment, the options are inherited by every relative URI a
 * player fetches (as in DASH-IF livesim2).
 */
export interface StreamUrlParts {
  /** Scheme and host (or nothing, for a path). */
  prefix: string;
  /** The options, %-decoded; '' when the URL has none. */
  options: string;
  /** `/live` and everything after it, query included. */
  rest: string;
}

const WITH_OPTIONS = /^(.*?)\/o\/([^/]*)(\/live(?:[/?#].*)?)$/;
const PLAIN = /^(.*?)(\/live(?:[/?#].*)?)$/;

/** The options segment %-decoded, or null when its encoding is broken (e.g. "%zz"). */
function decodeOptions(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A split stream URL: `raw` is the options segment as written (null: no /o/ segment), `options` it decoded (null: broken %-encoding). */
export type SplitStreamUrl = Omit<StreamUrlParts, 'options'> & { options: string | null; raw: string | null };

/** Splits a stream URL or path at its options; null when it is not a /live/ URL. */
export function splitStreamUrl(src: string): SplitStreamUrl | null {
  const m = WITH_OPTIONS.exec(src);
  if (m) return { prefix: m[1] ?? '', options: decodeOptions(m[2] ?? ''), raw: m[2] ?? '', rest: m[3] ?? '' };
  const plain = PLAIN.exec(src);
  return plain ? { prefix: plain[1] ?? '', options: '', raw: null, rest: plain[2] ?? '' } : null;
}

/** The URL with these parts; options are %-encoded except the "," and "=" of the grammar. */
export function joinStreamUrl({ prefix, options, rest }: StreamUrlParts): string {
  const encoded = encodeURIComponent(options).replace(/%2C/g, ',').replace(/%3D/g, '=');
  return `${prefix}${options ? `/o/${encoded}` : ''}${rest}`;
}
