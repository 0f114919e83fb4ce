import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
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

const bodies = new WeakMap<ServerResponse, Writable>();

/** Sends this response's body through `body` (an emulated link, see netem/shaped-body.ts) instead of straight to the socket. */
export function sendBodyThrough(res: ServerResponse, body: Writable): void {
  bodies.set(res, body);
}

/**
 * Where a response's body goes: the emulated link when the request asked for one, else the
 * response itself. Every body write in the origin goes through here, so routes stay unaware of
 * shaping. Status and headers are still set on the response; they go out with the first byte.
 */
export function bodyOf(res: ServerResponse): Writable {
  return bodies.get(res) ?? res;
}

/** A short text error; never a stack trace. Errors are not cached: the object may exist soon. */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  // Once a body has started it cannot become an error: on a shaped link the headers may not be
  // out yet while bytes are queued (or the body has ended), so ask the body, not only the headers.
  const body = bodyOf(res);
  if (res.headersSent || (body !== res && (body.writableEnded || body.writableLength > 0))) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPES.text);
  res.setHeader('Cache-Control', 'no-cache');
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  const text = Buffer.from(`${status} ${message}\n`);
  res.setHeader('Content-Length', text.length);
  body.end(req.method === 'HEAD' ? undefined : text);
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
  const gzip = rendered.bytes.length > 512 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  const bytes = gzip ? rendered.gzipped() : rendered.bytes;
  res.setHeader('Content-Length', bytes.length);
  const out = bodyOf(res);
  if (req.method === 'HEAD') out.end();
  // Straight to the socket as a latin1 string, not a Buffer: node:http then writes header and
  // body in one write (see RenderedBody). A shaped link takes the bytes.
  else if (out === res) res.end(rendered.wire(gzip), 'latin1');
  else out.end(bytes);
}
