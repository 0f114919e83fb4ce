import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RequestKind } from '../../shared/stream/request-kinds.ts';
import { ORIGIN_CONFIG } from '../config.ts';
import { NetworkEmulation, PLAIN_SESSION, type Emulated } from '../netem/middleware.ts';
import type { Pipeline } from '../pipeline.ts';
import { handleLive } from './live-routes.ts';
import { Metrics } from './metrics.ts';
import { originNow } from './object-timing.ts';
import { registerOriginGauges } from './origin-gauges.ts';
import { PlaylistCache } from './playlist-cache.ts';
import { Readiness } from './readiness.ts';
import { RecentValues } from './recent-values.ts';
import type { StreamContext } from './request-scope.ts';
import { CONTENT_TYPES, sendError, sendText, setCommonHeaders } from './respond.ts';
import { createStaticFiles } from './static-files.ts';
import { sendTime } from './time-route.ts';
import { WriteTimeouts } from './write-timeout.ts';

export interface OriginServerOptions {
  pipeline: Pipeline;
  /** Folder with the built app (vite build output). */
  appRoot: string;
  log: (message: string) => void;
  /** Drop a client that read nothing for this long (default ORIGIN_CONFIG.writeTimeoutMs). */
  writeTimeoutMs?: number;
}

/**
 * node:http rather than a framework: blocking playlist reload holds thousands of requests
 * open, parts are written as lists of chunk buffers, and network emulation needs raw control
 * of how bytes reach the socket; a router would add a layer to each of those and save little.
 */
export class OriginServer {
  readonly metrics = new Metrics(true);
  private readonly server: Server;
  private readonly stream: StreamContext;
  private readonly netem = new NetworkEmulation(this.metrics);
  private readonly readiness: Readiness;
  private readonly sockets = new Set<Socket>();
  private readonly writeTimeouts: WriteTimeouts;
  private appHandler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  private readonly staticFiles: ReturnType<typeof createStaticFiles>;

  constructor(private readonly options: OriginServerOptions) {
    const { pipeline } = options;
    this.staticFiles = createStaticFiles(options.appRoot);
    this.readiness = new Readiness(pipeline);
    this.stream = { packager: pipeline.packager, fps: pipeline.options.fps, metrics: this.metrics, playlists: new PlaylistCache(), releaseDelaysMs: new RecentValues(ORIGIN_CONFIG.releaseDelaySamples), edgePort: null };
    // handle() catches everything itself; the catch here is the belt to its braces.
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.fail(req, res, err));
    });
    this.server.keepAliveTimeout = ORIGIN_CONFIG.keepAliveTimeoutMs;
    this.writeTimeouts = new WriteTimeouts(options.writeTimeoutMs ?? ORIGIN_CONFIG.writeTimeoutMs, ORIGIN_CONFIG.writeTimeoutSweepMs, () =>
      this.metrics.inc('glassmeter_http_write_timeouts_total', 'Connections dropped because the client read nothing for the write timeout'),
    );
    this.server.on('connection', (socket: Socket) => {
      // Blocking requests are latency-critical: never wait for Nagle.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      this.writeTimeouts.watch(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // CONNECT never reaches 'request'; without a listener Node would just drop the socket.
    this.server.on('connect', (_req: IncomingMessage, socket: Socket) => {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, OPTIONS\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    // A malformed request line or oversized headers: a short 400/431, never a stack.
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    registerOriginGauges(this.metrics, pipeline, () => this.netem.activeSessions);
  }

  /** Ready to be played (see Readiness). */
  get ready(): boolean {
    return this.readiness.ready;
  }

  /** Resolves once ready; rejects after timeoutMs. */
  waitUntilReady(timeoutMs?: number): Promise<void> {
    return this.readiness.waitUntilReady(timeoutMs);
  }

  /** Server-side release delays of recent blocking playlist requests, ms (benchmarks). */
  get releaseDelaysMs(): RecentValues {
    return this.stream.releaseDelaysMs;
  }

  /** Tells the page (GET /live/) that streams are also served through an edge on this port. */
  setEdgePort(port: number | null): void {
    this.stream.edgePort = port;
  }

  /** Serves the paths the origin does not own with `handler` instead of appRoot (the Vite dev middleware). */
  useAppHandler(handler: (req: IncomingMessage, res: ServerResponse) => void): void {
    this.appHandler = handler;
  }

  /** The underlying server (the Vite dev middleware attaches its HMR websocket to it). */
  get httpServer(): Server {
    return this.server;
  }

  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    this.writeTimeouts.close();
    this.options.pipeline.packager.releaseWaiters();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => {
        for (const s of this.sockets) s.destroy();
      }, 1000).unref();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const abort = new AbortController();
    // Only a client that went away aborts; aborting after every response would build a
    // DOMException per request (measurable with a thousand blocked viewers).
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let kind: RequestKind = 'unknown';
    try {
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', '*');
        res.setHeader('Access-Control-Max-Age', '86400');
        res.end();
        kind = 'options';
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(req, res, 405, `method ${req.method} not allowed`, { Allow: 'GET, HEAD, OPTIONS' });
        return;
      }
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://origin');
      } catch {
        sendError(req, res, 400, 'bad request URL');
        return;
      }
      const path = url.pathname;
      if (path === '/time') {
        kind = 'time';
        sendTime(req, res, url);
      } else if (path === '/metrics') {
        kind = 'metrics';
        sendText(req, res, await this.metrics.render(), CONTENT_TYPES.prometheus, 'no-store');
      } else if (path === '/healthz') {
        kind = 'health';
        const { healthy, body } = this.readiness.health();
        sendText(req, res, JSON.stringify(body), CONTENT_TYPES.json, 'no-store', healthy ? 200 : 503);
      } else if (path.startsWith('/o/') || path === '/live' || path.startsWith('/live/')) {
        // Network emulation first (its options may answer, delay or shape), then the one /live/ path.
        const routed: Emulated = path.startsWith('/o/') ? await this.netem.handle(req, res, path, abort.signal) : { livePath: path.slice('/live/'.length), session: PLAIN_SESSION };
        if ('answered' in routed) kind = routed.answered;
        else kind = await handleLive({ req, res, url, signal: abort.signal, stream: this.stream, session: routed.session, arrivedAtMs: originNow() }, routed.livePath);
      } else if (this.appHandler) {
        kind = 'app';
        this.appHandler(req, res);
      } else {
        kind = await this.staticFiles(req, res, path);
      }
    } catch (err) {
      this.fail(req, res, err);
    } finally {
      const status = abort.signal.aborted ? 'aborted' : String(res.statusCode);
      this.metrics.inc('glassmeter_http_requests_total', 'HTTP requests by kind and status', { kind, status });
    }
  }

  /**
   * A request failed: log it, count it, answer a short 500, and if even that cannot be
   * written (headers gone, a broken shaped writer), destroy the socket. Never throws.
   */
  private fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    try {
      this.metrics.inc('glassmeter_http_handler_errors_total', 'Requests that failed inside the origin (answered 500 or cut)');
      this.options.log(`server: ${String(req.method).slice(0, 16)} ${String(req.url).slice(0, 200)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(req, res, 500, 'internal error');
    } catch {
      res.destroy();
      req.socket.destroy();
    }
  }
}
