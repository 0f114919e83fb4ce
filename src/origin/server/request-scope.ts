import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionOptions } from '../netem/middleware.ts';
import type { Packager } from '../packager/packager.ts';
import type { Metrics } from './metrics.ts';
import type { PlaylistCache } from './playlist-cache.ts';
import type { RecentValues } from './recent-values.ts';

/** What the /live/ routes serve from: the same for every request of one origin. */
export interface StreamContext {
  packager: Packager;
  fps: number;
  metrics: Metrics;
  playlists: PlaylistCache;
  /** Recent server-side release delays (ms), for benchmarks; bounded. */
  releaseDelaysMs: RecentValues;
  /** Port of the CDN edge started in front of this origin (--edge), told to the page in /live/; null without one. */
  edgePort: number | null;
}

/**
 * One request on its way through the /live/ routes: what every handler needs, in one object
 * instead of a list of positional parameters.
 */
export interface RequestScope {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The parsed request URL (its query carries the LL-HLS directives). */
  readonly url: URL;
  /** Aborts when the client goes away before the response is finished. */
  readonly signal: AbortSignal;
  readonly stream: StreamContext;
  /** The URL options' effect (network emulation), PLAIN_SESSION on /live/. */
  readonly session: SessionOptions;
  /** Origin clock when the request reached the routes, after any emulated round trip (Server-Timing's hold). */
  readonly arrivedAtMs: number;
}
