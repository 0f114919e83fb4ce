import { readObjectTiming } from '../shared/server-timing.ts';
import type { DeliveredObject } from './breakdown.ts';

/** URLs that look like media objects: a response of these without our Server-Timing is from another origin. */
const MEDIA_URL = /\.(m4s|mp4|m4a|m4v|ts|aac|cmf[va])(\?|#|$)/i;

/**
 * The absolute URL prefix a stream's media objects sit under: its playlist's or manifest's
 * folder (the origin serves parts, segments and inits below it, with any /o/ options and
 * through an edge alike). null for a URL that does not parse: then every entry counts.
 */
export function mediaScopeOf(streamUrl: string): string | null {
  if (!URL.canParse(streamUrl)) return null;
  const url = new URL(streamUrl);
  return url.origin + url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
}

/**
 * Whether a Resource Timing entry belongs to the stream with this scope. The page has one
 * Resource Timing for every player on it: without this, a compare player joins its frames to
 * another player's objects of the same capture times (a delay=500 player read the plain one's
 * encode time, its 500 ms landing in delivery).
 */
export const inMediaScope = (entryUrl: string, scope: string | null): boolean => scope === null || entryUrl.startsWith(scope);

export type DeliveryEvent = { type: 'object'; object: DeliveredObject } | { type: 'foreign' };

/**
 * One Resource Timing entry as the breakdown sees it: a video-carrying object with the
 * origin's timing, a media object without it, or nothing of interest. `toOrigin` maps a
 * local wall-clock time (timeOrigin + performance time) to the origin's clock.
 */
export function deliveryOf(entry: PerformanceResourceTiming, toOrigin: (localMs: number) => number): DeliveryEvent | null {
  const status = (entry as PerformanceResourceTiming & { responseStatus?: number }).responseStatus;
  if (status !== undefined && status !== 0 && status !== 200) return null;
  const timing = readObjectTiming(entry.serverTiming ?? []);
  if (!timing) return MEDIA_URL.test(entry.name) ? { type: 'foreign' } : null;
  const { captureFirstMs, captureLastMs, videoHeight } = timing;
  if (captureFirstMs === null || captureLastMs === null || videoHeight === null || entry.responseEnd <= 0) return null;
  const local = (t: number) => toOrigin(performance.timeOrigin + t);
  return {
    type: 'object',
    object: {
      videoHeight,
      captureFirstMs,
      captureLastMs,
      availableMs: timing.availableMs,
      packagingMs: timing.packagingMs,
      delayMs: timing.delayMs,
      responseStartMs: local(entry.responseStart > 0 ? entry.responseStart : entry.startTime),
      responseEndMs: local(entry.responseEnd),
    },
  };
}

/**
 * Every resource entry from now on (and those already buffered). The observer sees each entry
 * even when the browser's buffer (250 by default, a minute of parts) is full; the buffer is
 * cleared then so the browser keeps no copies. Returns the function that stops it.
 */
export function observeResources(onEntry: (entry: PerformanceResourceTiming) => void): () => void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return () => undefined;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) onEntry(e as PerformanceResourceTiming);
  });
  observer.observe({ type: 'resource', buffered: true });
  const onFull = () => performance.clearResourceTimings();
  performance.addEventListener('resourcetimingbufferfull', onFull);
  return () => {
    observer.disconnect();
    performance.removeEventListener('resourcetimingbufferfull', onFull);
  };
}
