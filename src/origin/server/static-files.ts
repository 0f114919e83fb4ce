import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ownValue } from '../../shared/own.ts';
import { sendError } from './respond.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built app from one folder. Paths are normalised and must stay inside it, so no
 * request reaches the file system elsewhere; unknown paths without an extension get
 * index.html (client-side routes), others 404.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): 'app' | 'unknown' {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendError(req, res, 400, 'bad path encoding');
    return 'unknown';
  }
  if (decoded.includes('\0')) {
    sendError(req, res, 400, 'bad path');
    return 'unknown';
  }
  let file = resolve(join(base, normalize(decoded)));
  if (file !== base && !file.startsWith(base + sep)) {
    sendError(req, res, 404, 'not found');
    return 'unknown';
  }
  let stat = safeStat(file);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = safeStat(file);
  }
  if (!stat && extname(decoded) === '') {
    file = join(base, 'index.html');
    stat = safeStat(file);
  }
  if (!stat || !stat.isFile()) {
    sendError(req, res, 404, stat === null && extname(decoded) === '' ? 'the app is not built: run "npm run build"' : 'not found');
    return 'unknown';
  }
  const isAsset = file.includes(`${sep}assets${sep}`);
  res.statusCode = 200;
  res.setHeader('Content-Type', ownValue(TYPES, extname(file)) ?? 'application/octet-stream');
  res.setHeader('Content-Length', stat.size);
  // Vite fingerprints assets, so they never change; index.html must always be revalidated.
  res.setHeader('Cache-Control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('Last-Modified', stat.mtime.toUTCString());
  if (req.method === 'HEAD') {
    res.end();
    return 'app';
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return 'app';
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
