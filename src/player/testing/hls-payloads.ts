// Pieces of hls.js event payloads for the tests, built from hls.js's own classes.
import { LoadStats } from 'hls.js';

/** A LoadStats as hls.js's loaders fill it: loading.* are performance.now() milliseconds. */
export function loadStats(start: number, first: number, end: number, loaded: number): LoadStats {
  const stats = new LoadStats();
  stats.loading = { start, first, end };
  stats.loaded = loaded;
  stats.total = loaded;
  return stats;
}
