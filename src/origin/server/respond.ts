import type { IncomingMessage, ServerResponse } from 'node:http';
import { RenderedBody } from './playlist-cache.ts';

export const CONTENT_TYPES = {
  m3u8: 'application/vnd.apple.mpegurl',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  mpd: 'application/dash+xml',
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
} as const;

/** Media objects never change once published: any cache may keep them. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';

/** Headers every response carries: players on other origins may read timing and Age/Date. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Age, Date, Content-Length, Content-Type, ETag, Last-Modified, Server-Timing');
  res.setHeader('Timing-Allow-Origin', '*');
  // Browsers must not guess types: an error text or a playlist is never run as script.
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** A short text error; never a stack trace. Errors are not cached: the object may exist soon. */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPES.text);
  res.setHeader('Cache-Control', 'no-cache');
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  const body = Buffer.from(`${status} ${message}\n`);
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Sends text (playlists, JSON, metrics), gzipped when the client accepts it and it is worth it. */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  body: string | RenderedBody,
  contentType: string,
  cacheControl: string,
  status = 200,
): void {
  const rendered = typeof body === 'string' ? new RenderedBody(body) : body;
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  let bytes = rendered.bytes;
  if (bytes.length > 512 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    bytes = rendered.gzipped();
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
