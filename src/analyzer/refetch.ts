import type { RequestSample } from './types.ts';

/** Media objects (init, parts, segments) an engine fetched in a window, and how many it had fetched already. */
export interface RefetchSummary {
  objects: number;
  bytes: number;
  /** Answered requests for a URL the engine had already had answered (in or before the window). */
  refetched: number;
  refetchedBytes: number;
}

type Fetch = Pick<RequestSample, 'kind' | 'url' | 'status' | 'bytes' | 'startMs'>;

const MEDIA_KINDS: ReadonlySet<RequestSample['kind']> = new Set(['init', 'part', 'segment']);
const isMedia = (r: Fetch) => MEDIA_KINDS.has(r.kind);
const answered = (r: Fetch) => r.status >= 200 && r.status < 300;

/**
 * Bytes an engine spends twice: each media URL counts once, every further answered request for it
 * is a refetch (Shaka 5 fetches a prefetched LL-HLS part again: docs/benchmarks.md). `requests` in
 * the order they ended, as the session stores them; only those that started at or after `fromMs` count.
 */
export function refetchSummary(requests: Iterable<Fetch>, fromMs: number): RefetchSummary {
  const seen = new Set<string>();
  const out: RefetchSummary = { objects: 0, bytes: 0, refetched: 0, refetchedBytes: 0 };
  for (const r of requests) {
    if (!isMedia(r) || !answered(r)) continue;
    const again = seen.has(r.url);
    seen.add(r.url);
    if (r.startMs < fromMs) continue;
    out.objects++;
    out.bytes += r.bytes;
    if (again) {
      out.refetched++;
      out.refetchedBytes += r.bytes;
    }
  }
  return out;
}
