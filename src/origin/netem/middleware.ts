import type { IncomingMessage, ServerResponse } from 'node:http';
import { findSchedule } from '../../shared/network-schedules.ts';
import { objectKindOf } from '../../shared/stream/object-names.ts';
import type { RequestKind } from '../../shared/stream/request-kinds.ts';
import { splitStreamUrl } from '../../shared/stream/stream-url.ts';
import { parseUrlOptions } from '../../shared/stream/url-options.ts';
import type { Metrics } from '../server/metrics.ts';
import { sendBodyThrough, sendError } from '../server/respond.ts';
import { LIVE_VIEW, streamView, type StreamView } from './delayed-view.ts';
import { faultFor, NetemSessions, nowSeconds } from './sessions.ts';
import { ShapedBody } from './shaped-body.ts';
import { TokenBucket } from './token-bucket.ts';

/** What a player session's URL options change in the responses (see shared/stream/url-options.ts). */
export interface SessionOptions {
  /** The stream as the session sees it: live, or `delay=` ms late. */
  view: StreamView;
  /** `avoffset=`: the audio's decode times moved by this much, ms (server/av-shift.ts). */
  avOffsetMs: number;
  /** HLS hold-back multiple (`holdback=`), null for the default. */
  holdback: number | null;
  /** DASH ServiceDescription target (`target=`, ms), null for the profile's own. */
  targetMs: number | null;
}

/** A plain /live/ request: no options. */
export const PLAIN_SESSION: SessionOptions = { view: LIVE_VIEW, avOffsetMs: 0, holdback: null, targetMs: null };

/** The request goes on to the /live/ routes with this path (after /live/) and these options; or it was answered here. */
export type Emulated = { livePath: string; session: SessionOptions } | { answered: RequestKind };

/** Resolves true after `ms`, or false as soon as the client goes away. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Network emulation, `/o/<options>/live/...`: the same streams through an emulated network.
 * The options pick the player session's bandwidth schedule (shaping the response), added round
 * trip, injected faults and injected delay (the session's StreamView); the routes behind it
 * only see the delayed view and the options that change a response.
 */
export class NetworkEmulation {
  private readonly sessions = new NetemSessions();

  constructor(private readonly metrics: Metrics) {}

  /** Player sessions seen within the idle timeout (/metrics). */
  get activeSessions(): number {
    return this.sessions.active;
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, signal: AbortSignal): Promise<Emulated> {
    const parts = splitStreamUrl(path);
    if (!parts || parts.prefix !== '') {
      sendError(req, res, 404, 'URL options go before the stream path: /o/<options>/live/<profile>/...');
      return { answered: 'unknown' };
    }
    if (parts.options === null) {
      sendError(req, res, 400, 'bad URL options encoding');
      return { answered: 'unknown' };
    }
    const parsed = parseUrlOptions(parts.options);
    if (!parsed.ok) {
      sendError(req, res, 400, parsed.message);
      return { answered: 'unknown' };
    }
    const options = parsed.options;
    const livePath = parts.rest.slice('/live/'.length);
    const session = this.sessions.get(options.sid ?? `${req.socket.remoteAddress ?? ''}|${options.raw}`, options);
    if (options.rttMs > 0 && !(await sleep(options.rttMs, signal))) return { answered: 'unknown' };
    const objectKind = objectKindOf(livePath);
    const fault = objectKind ? faultFor(session, objectKind, nowSeconds()) : null;
    let bucket = session.bucket;
    if (fault && objectKind) {
      this.metrics.inc('glassmeter_netem_faults_total', 'Injected faults by action and object kind', { action: fault.type === 'status' ? String(fault.status) : fault.type, kind: objectKind });
      if (fault.type === 'status') {
        sendError(req, res, fault.status, `injected fault (${options.raw})`);
        return { answered: objectKind };
      }
      if (fault.type === 'hang' && !(await sleep(fault.seconds * 1000, signal))) return { answered: objectKind };
      if (fault.type === 'slow') bucket = new TokenBucket(findSchedule(`cap${Math.max(10, fault.kbps)}`)!, nowSeconds());
    }
    if (bucket) sendBodyThrough(res, new ShapedBody(res, bucket, (n) => this.metrics.inc('glassmeter_netem_shaped_bytes_total', 'Bytes sent through emulated networks', {}, n)));
    return { livePath, session: { view: streamView(options.delayMs), avOffsetMs: options.avOffsetMs, holdback: options.holdback, targetMs: options.targetMs } };
  }
}
