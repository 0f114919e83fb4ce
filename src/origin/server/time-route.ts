import type { IncomingMessage, ServerResponse } from 'node:http';
import { originNow } from './object-timing.ts';
import { CONTENT_TYPES, sendText } from './respond.ts';

/**
 * Clock sync: ISO 8601 with milliseconds (like DASH http-iso), or JSON when asked for, with a
 * sub-millisecond now_ms (the page's probe is timed to a fraction of a millisecond too).
 */
export function sendTime(req: IncomingMessage, res: ServerResponse, url: URL): void {
  const now = originNow();
  const iso = new Date(Math.floor(now)).toISOString();
  const wantsJson = url.searchParams.get('format') === 'json' || /application\/json/.test(String(req.headers.accept ?? ''));
  if (wantsJson) sendText(req, res, JSON.stringify({ now_ms: Math.round(now * 1000) / 1000, iso }), CONTENT_TYPES.json, 'no-store');
  else sendText(req, res, iso, CONTENT_TYPES.text, 'no-store');
}
