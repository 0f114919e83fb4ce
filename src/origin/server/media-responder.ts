import type { ServerResponse } from 'node:http';
import type { Chunk, InitSegment } from '../packager/chunk.ts';
import type { Timeline } from '../packager/timeline.ts';
import { WaiterLimitError } from '../packager/waiters.ts';
import { completeObjectTiming, initTiming } from './object-timing.ts';
import type { RequestScope } from './request-scope.ts';
import { bodyOf, CACHE_IMMUTABLE, sendError } from './respond.ts';

/**
 * The media responses both protocols send, written once: init segments, complete parts and
 * segments with their validators (ETag, 304), the one status for an object that has left the
 * window, and holding a request until its object exists (then 503). The HLS and DASH routes
 * decide what is asked for; this decides how it is answered.
 */

/** An object that was in the window and left it: it will never come back (an object not there yet is a 404). */
export const GONE_STATUS = 410;

export function sendGone(scope: RequestScope, what: string, note?: string): void {
  sendError(scope.req, scope.res, GONE_STATUS, `${what} has left the window${note ? ` (${note})` : ''}`);
}

/** Media objects never change once published: any cache may keep them. */
export function setMediaHeaders(res: ServerResponse, contentType: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', CACHE_IMMUTABLE);
}

interface MediaBody {
  buffers: Buffer[];
  byteLength: number;
  etag: string;
  lastModifiedMs: number;
  /** The object's Server-Timing value (see shared/server-timing.ts). */
  serverTiming: string;
}

function sendMedia({ req, res }: RequestScope, media: MediaBody, contentType: string): void {
  setMediaHeaders(res, contentType);
  res.setHeader('ETag', media.etag);
  res.setHeader('Last-Modified', new Date(media.lastModifiedMs).toUTCString());
  res.setHeader('Server-Timing', media.serverTiming);
  if (req.headers['if-none-match'] === media.etag) {
    res.statusCode = 304;
    bodyOf(res).end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', media.byteLength);
  const body = bodyOf(res);
  if (req.method === 'HEAD') {
    body.end();
    return;
  }
  body.cork();
  for (const b of media.buffers) body.write(b);
  body.uncork();
  body.end();
}

/**
 * `init-<run>.mp4` of a track: 404 for a run never seen (or not yet), GONE_STATUS for one whose
 * segments have all left the window. `bytesOf` gives the bytes as served (null: this track has
 * none in that init). `tag` tells tracks of one URL space apart in the ETag.
 */
export function sendInit(
  scope: RequestScope,
  inits: ReadonlyMap<number, InitSegment>,
  run: number,
  media: { tag: string; contentType: string; videoHeight: number | null; bytesOf: (init: InitSegment) => Buffer | null },
): void {
  const init = inits.get(run);
  const bytes = init ? media.bytesOf(init) : null;
  if (!init || !bytes) {
    // Runs count from 1; a run before the oldest one kept was there once.
    if (!init && run > 0 && [...inits.keys()].some((kept) => kept > run)) sendGone(scope, `the init segment of run ${run}`);
    else sendError(scope.req, scope.res, 404, `no ${media.tag} init segment for run ${run}`);
    return;
  }
  const etag = `"init-${run}-${media.tag}-${bytes.length}"`;
  const serverTiming = initTiming(init.createdAtMs, scope.session.view.delayMs, media.videoHeight);
  sendMedia(scope, { buffers: [bytes], byteLength: bytes.length, etag, lastModifiedMs: init.createdAtMs, serverTiming }, media.contentType);
}

/**
 * A complete part or segment: `buffers` are its chunks' bytes as served, `tag` names the object
 * kind and track in the ETag (the first chunk's run and frame name the position).
 */
export function sendComplete(
  scope: RequestScope,
  object: { chunks: readonly Chunk[]; publishedAtMs: number | null },
  buffers: Buffer[],
  media: { tag: string; contentType: string; videoHeight: number | null },
): void {
  const { chunks } = object;
  const first = chunks[0];
  const byteLength = buffers.reduce((n, b) => n + b.length, 0);
  sendMedia(
    scope,
    {
      buffers,
      byteLength,
      etag: `"${first?.run ?? 0}-${first?.frameInRun ?? 0}-${media.tag}-${byteLength}"`,
      lastModifiedMs: chunks[chunks.length - 1]?.publishedAtMs ?? Date.now(),
      serverTiming: completeObjectTiming(chunks, object.publishedAtMs, scope.session.view.delayMs, scope.arrivedAtMs, media.videoHeight),
    },
    media.contentType,
  );
}

/** How a hold ended when it did not find its object; in both cases the response is already dealt with. */
export type HoldFailure = 'timeout' | 'aborted';

/**
 * Holds the request on `timeline` (through the session's view) until `find()` returns the
 * object, then resolves with it. Otherwise the response is answered here: 503 + `Retry-After`
 * when the waiter pool is full ('aborted', as is a client that left), 503 `timeoutMessage`
 * after `timeoutMs` ('timeout').
 */
export async function holdFor<T>(scope: RequestScope, timeline: Timeline, find: () => T | null, timeoutMs: number, timeoutMessage: string): Promise<{ found: T } | { failed: HoldFailure }> {
  const { req, res, signal } = scope;
  const unwatch = scope.session.view.watch(timeline);
  let ready: boolean;
  try {
    ready = await timeline.waiters.wait(() => find() !== null, timeoutMs, signal);
  } catch (err) {
    if (!(err instanceof WaiterLimitError)) throw err;
    sendError(req, res, 503, err.message, { 'Retry-After': '1' });
    return { failed: 'aborted' };
  } finally {
    unwatch();
  }
  if (signal.aborted) return { failed: 'aborted' };
  const found = ready ? find() : null;
  if (found === null) {
    sendError(req, res, 503, timeoutMessage);
    return { failed: 'timeout' };
  }
  return { found };
}
