// The transport of clock sync: one probe of a server's /time, timed by Resource Timing where the
// browser allows. ClockSync (clock-sync.ts) decides what to make of the probes.
import type { TimedServerTime } from './clock-sync.ts';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface FetchTimeOptions {
  /** Defaults to the global fetch; injectable for tests. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** A probe that takes longer is useless for sync anyway. */
  timeoutMs?: number;
}

/**
 * Reads the origin's clock from `${origin}/time?format=json` ({ now_ms }). Only the origin of
 * baseUrl is used, so URL path options (network emulation, injected delay) never skew the sync.
 */
export async function fetchTimeFromOrigin(baseUrl: string, options: FetchTimeOptions = {}): Promise<number | TimedServerTime> {
  const fetchImpl = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 5000;
  let base: URL;
  try {
    // A relative URL (e.g. "/live/ll200/master.m3u8") resolves against the page.
    base = typeof location !== 'undefined' ? new URL(baseUrl, location.href) : new URL(baseUrl);
  } catch (err) {
    throw new Error(`clock sync: cannot tell the origin of "${baseUrl}"`, { cause: err });
  }
  // A unique URL per probe finds its own Resource Timing entry.
  const url = `${base.origin}/time?format=json&probe=${++probeCounter}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new Error(`clock sync: GET ${url} failed: ${errorMessage(err)}`, { cause: err });
  }
  if (response.status !== 200) throw new Error(`clock sync: GET ${url} returned HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    throw new Error(`clock sync: GET ${url} did not return JSON`, { cause: err });
  }
  // now_ms (Glassmeter), or now_s in seconds (what nginx's $msec gives: see measure-your-pipeline.md).
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  const ms = obj && Object.hasOwn(obj, 'now_ms') ? obj.now_ms : undefined;
  const sec = obj && Object.hasOwn(obj, 'now_s') ? obj.now_s : undefined;
  const nowMs = typeof ms === 'number' ? ms : typeof sec === 'number' ? sec * 1000 : undefined;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new Error(`clock sync: GET ${url} returned JSON without a numeric now_ms`);
  const timing = resourceTimingOf(url);
  return timing ? { serverMs: nowMs, ...timing } : nowMs;
}

let probeCounter = 0;

/**
 * When the request was sent and the response's first byte came (local wall clock), from the
 * Resource Timing entry of `url`: the server read its clock between the two. Null where the
 * browser gives no such entry (no Performance API, a cross-origin server without
 * Timing-Allow-Origin, a full buffer).
 */
function resourceTimingOf(url: string): { sendMs: number; receiveMs: number } | null {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByName !== 'function') return null;
  const entries = performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[];
  const e = entries[entries.length - 1];
  if (!e || !(e.requestStart > 0) || !(e.responseStart >= e.requestStart)) return null;
  return { sendMs: performance.timeOrigin + e.requestStart, receiveMs: performance.timeOrigin + e.responseStart };
}
