import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendError, setCommonHeaders } from '../origin/server/respond.ts';
import { createStaticFiles } from '../origin/server/static-files.ts';
import { sendTime } from '../origin/server/time-route.ts';

export interface PageServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The built app and /time, nothing else: what `measure --url` needs to play someone else's
 * stream (the bundled origin's encoder would only take CPU from the browser).
 */
export async function startPageServer(appRoot: string): Promise<PageServer> {
  const staticFiles = createStaticFiles(appRoot);
  const server: Server = createServer((req, res) => {
    setCommonHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://page');
    } catch {
      sendError(req, res, 400, 'bad request URL');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') sendError(req, res, 405, 'GET or HEAD only');
    else if (url.pathname === '/time') sendTime(req, res, url);
    else void staticFiles(req, res, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
