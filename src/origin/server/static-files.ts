import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, posix, resolve, sep } from 'node:path';
import serveStaticFiles from 'serve-static';
import { CACHE_IMMUTABLE, sendError } from './respond.ts';

/**
 * Serves the built app from one folder with serve-static (Express's; `send` underneath): MIME
 * types, Range, ETag and conditional GET (304) come from it. What stays here is the origin's own
 * policy: a path is decoded and normalised first and must stay inside the folder (a visitor's
 * path is hostile), unknown paths without an extension get index.html (client-side routes),
 * fingerprinted assets are immutable and everything else is revalidated.
 */
export function createStaticFiles(root: string): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<'app' | 'unknown'> {
  const base = resolve(root);
  const files = serveStaticFiles(base, {
    index: ['index.html'],
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    cacheControl: false,
    // Vite fingerprints assets, so they never change; index.html must always be revalidated.
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? CACHE_IMMUTABLE : 'no-cache'),
  });

  return (req, res, pathname) =>
    new Promise((done) => {
      const settle = () => done(res.statusCode < 400 ? 'app' : 'unknown');
      res.once('finish', settle);
      res.once('close', settle);
      const path = insidePath(base, pathname);
      if (typeof path === 'number') {
        sendError(req, res, path, path === 400 ? 'bad path' : 'not found');
        return;
      }
      const failed = (err: unknown) => {
        if (res.headersSent) return res.destroy();
        // A client error found once the file is known (416 for a range past the end) is answered as such.
        const { status, headers } = (err ?? {}) as { status?: unknown; headers?: Record<string, string> };
        if (typeof status !== 'number' || status < 400 || status >= 500) return sendError(req, res, 500, 'internal error');
        for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
        sendError(req, res, status, status === 416 ? 'range not satisfiable' : 'bad request');
      };
      // Only the checked path reaches the library; the query (cache busters) does not matter to files.
      req.url = path.split('/').map(encodeURIComponent).join('/');
      files(req, res, (err?: unknown) => {
        if (err) return failed(err);
        if (extname(path) !== '') return sendError(req, res, 404, 'not found');
        req.url = '/index.html';
        files(req, res, (again?: unknown) => (again ? failed(again) : sendError(req, res, 404, 'the app is not built: run "npm run build"')));
      });
    });
}

/** The request path decoded and normalised, if it names something inside `base`; else the status to answer. */
function insidePath(base: string, pathname: string): string | 400 | 404 {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 400;
  }
  if (decoded.includes('\0')) return 400;
  // posix.normalize of an absolute path stops at the root: "/../../etc/passwd" is "/etc/passwd" inside base.
  const path = posix.normalize(`/${decoded.replaceAll('\\', '/')}`);
  const file = resolve(join(base, path));
  return file === base || file.startsWith(base + sep) ? path : 404;
}
