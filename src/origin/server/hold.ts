import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Timeline } from '../packager/timeline.ts';
import { delayedView, type TimelineState } from '../packager/timeline-view.ts';
import { WaiterLimitError } from '../packager/waiters.ts';
import { sendError } from './respond.ts';

/** The timeline as a request sees it: itself, or as it was `delayMs` ago (injected delay). */
export type Viewer = (timeline: Timeline) => TimelineState;

export function viewer(delayMs: number): Viewer {
  if (delayMs <= 0) return (timeline) => timeline;
  return (timeline) => delayedView(timeline, performance.timeOrigin + performance.now() - delayMs);
}

/**
 * Holds a request until `ready()` (true), the hold times out (false), or the waiter pool is
 * full, in which case the 503 is already sent (null).
 */
export async function holdUntil(
  req: IncomingMessage,
  res: ServerResponse,
  timeline: Timeline,
  ready: () => boolean,
  timeoutMs: number,
  signal: AbortSignal,
  delayMs: number,
): Promise<boolean | null> {
  const unwatch = delayMs > 0 ? timeline.watchDelay(delayMs) : () => undefined;
  try {
    return await timeline.waiters.wait(ready, timeoutMs, signal);
  } catch (err) {
    if (!(err instanceof WaiterLimitError)) throw err;
    sendError(req, res, 503, err.message, { 'Retry-After': '1' });
    return null;
  } finally {
    unwatch();
  }
}

