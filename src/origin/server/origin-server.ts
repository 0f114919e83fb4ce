import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ORIGIN_CONFIG } from '../config.ts';
import type { Pipeline } from '../pipeline.ts';
import { DEFAULT_PROFILE, findProfile } from '../../shared/stream/profiles.ts';
import { handleLive, type LiveContext, type RequestKind } from './live-routes.ts';
import { Metrics } from './metrics.ts';
import { PlaylistCache } from './playlist-cache.ts';
import { processFaults } from './process-guard.ts';
import { RecentValues } from './recent-values.ts';
import { CONTENT_TYPES, sendError, sendText, setCommonHeaders } from './respond.ts';
import { createStaticFiles } from './static-files.ts';
import { findSchedule } from '../../shared/network-schedules.ts';
import { faultFor, NetemSessions, nowSeconds } from '../netem/sessions.ts';
import { shapeResponse } from '../netem/shaped-response.ts';
import { TokenBucket } from '../netem/token-bucket.ts';
import { objectKindOf } from '../../shared/stream/object-names.ts';
import { splitStreamUrl } from '../../shared/stream/stream-url.ts';
import { parseUrlOptions } from '../../shared/stream/url-options.ts';
import { WriteTimeouts } from './write-timeout.ts';
import { sendTime } from './time-route.ts';

/** Resolves true after `ms`, or false as soon as the client goes away. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

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
  readonly metrics = new Metrics();
  private readonly server: Server;
  private readonly live: LiveContext;
  private readonly netem = new NetemSessions();
  private readonly sockets = new Set<Socket>();
  private readonly writeTimeouts: WriteTimeouts;
  private appHandler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  private readonly staticFiles: ReturnType<typeof createStaticFiles>;

  constructor(private readonly options: OriginServerOptions) {
    const { pipeline } = options;
    this.staticFiles = createStaticFiles(options.appRoot);
    this.live = { packager: pipeline.packager, fps: pipeline.options.fps, metrics: this.metrics, playlists: new PlaylistCache(), releaseDelaysMs: new RecentValues(ORIGIN_CONFIG.releaseDelaySamples), edgePort: null };
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
    this.registerGauges();
  }

  private registerGauges(): void {
    const { pipeline } = this.options;
    const m = this.metrics;
    m.observe('glassmeter_http_waiting_requests', 'Requests held for a future part or segment', () => pipeline.packager.stats.waiting);
    m.observe('glassmeter_parts_published_total', 'LL-HLS parts published, all profiles and rungs', () => pipeline.packager.stats.partsPublished, 'counter');
    m.observe('glassmeter_segments_published_total', 'Segments published, all profiles and rungs', () => pipeline.packager.stats.segmentsPublished, 'counter');
    m.observe('glassmeter_chunks_total', 'CMAF chunks (frames) received from the encoder, all rungs', () => pipeline.packager.stats.chunks, 'counter');
    m.observe('glassmeter_source_frames_produced_total', 'Frames painted by the live source', () => pipeline.source.stats.produced, 'counter');
    m.observe('glassmeter_source_frames_skipped_late_total', 'Frames skipped because the source woke up late', () => pipeline.source.stats.skippedLate, 'counter');
    m.observe(
      'glassmeter_encoder_frames_dropped_total',
      'Frames dropped because the encoder was behind or down',
      () => pipeline.source.stats.droppedBackpressure + pipeline.encoder.stats.framesDropped,
      'counter',
    );
    m.observe('glassmeter_encoder_frames_written_total', 'Frames handed to ffmpeg (repeats included)', () => pipeline.encoder.stats.framesWritten, 'counter');
    m.observe('glassmeter_encoder_frames_repeated_total', 'Repeats written in place of skipped or dropped frames, keeping media time on the capture clock', () => pipeline.encoder.stats.framesRepeated, 'counter');
    m.observe('glassmeter_ffmpeg_restarts_total', 'Times ffmpeg died and was restarted', () => pipeline.encoder.stats.restarts, 'counter');
    m.observe('glassmeter_encoder_stall_restarts_total', 'Restarts the watchdog ordered: ffmpeg produced no output for the stall bound while frames went in', () => pipeline.encoder.stats.stallRestarts, 'counter');
    m.observe('glassmeter_encoder_slip_restarts_total', 'Restarts ordered because an input gap was too long to fill with repeats (new run instead of a media-clock slip)', () => pipeline.encoder.stats.slipRestarts, 'counter');
    m.observe('glassmeter_netem_sessions_active', 'Player sessions on an emulated network (requests in the last 2 min)', () => this.netem.active);
    m.observe('glassmeter_uncaught_exceptions_total', 'Errors that escaped a request and reached the process (logged, kept running)', () => processFaults.uncaughtExceptions, 'counter');
    m.observe('glassmeter_unhandled_rejections_total', 'Rejected promises nobody awaited (logged, kept running)', () => processFaults.unhandledRejections, 'counter');
    m.observe('glassmeter_encoder_run', 'Current encoder run (increments on every ffmpeg start)', () => pipeline.encoder.stats.run);
  }

  /** Ms since the default profile last published a part on the top rung; null before the first. */
  private lastPartAgeMs(): number | null {
    const at = this.options.pipeline.packager.timeline(DEFAULT_PROFILE, 0)?.lastPublishedAtMs ?? null;
    return at === null ? null : Math.max(0, Math.round(Date.now() - at));
  }

  /** /healthz turns 503 when no part came for this long (ORIGIN_CONFIG.healthStaleParts part durations). */
  private get staleAfterMs(): number {
    const profile = findProfile(DEFAULT_PROFILE);
    return ORIGIN_CONFIG.healthStaleParts * (profile?.partMs ?? profile?.segmentMs ?? 1000);
  }

  /** Complete default-profile segments on the rung that has the fewest. */
  private readySegments(): number {
    return Math.min(...this.options.pipeline.packager.rungs.map((r) => r.timelines.get(DEFAULT_PROFILE)?.segments.filter((s) => s.complete).length ?? 0));
  }

  /**
   * Ready to be played: ffmpeg runs and every rung has ORIGIN_CONFIG.readySegments complete segments (a player
   * that starts on a shorter playlist cannot sit at its usual hold-back and starts late or stalls).
   */
  get ready(): boolean {
    return this.options.pipeline.encoder.stats.running && this.readySegments() >= ORIGIN_CONFIG.readySegments;
  }

  /** Resolves once ready; rejects after timeoutMs. */
  async waitUntilReady(timeoutMs: number = ORIGIN_CONFIG.readyTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready) {
      if (Date.now() > deadline) throw new Error(`the origin was not ready within ${timeoutMs / 1000} s (encoder: ${JSON.stringify(this.options.pipeline.encoder.stats)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Server-side release delays of recent blocking playlist requests, ms (benchmarks). */
  get releaseDelaysMs(): RecentValues {
    return this.live.releaseDelaysMs;
  }

  /** Tells the page (GET /live/) that streams are also served through an edge on this port. */
  setEdgePort(port: number | null): void {
    this.live.edgePort = port;
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
    let kind: RequestKind | 'time' | 'metrics' | 'health' | 'app' | 'options' = 'unknown';
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
        sendText(req, res, this.metrics.render(), CONTENT_TYPES.prometheus, 'no-store');
      } else if (path === '/healthz') {
        kind = 'health';
        const stats = this.options.pipeline.encoder.stats;
        const lastPartAgeMs = this.lastPartAgeMs();
        const healthy = this.ready && lastPartAgeMs !== null && lastPartAgeMs <= this.staleAfterMs;
        const body = { ok: healthy, segments: this.readySegments(), lastPartAgeMs, encoder: stats };
        sendText(req, res, JSON.stringify(body), CONTENT_TYPES.json, 'no-store', healthy ? 200 : 503);
      } else if (path.startsWith('/o/')) {
        kind = await this.handleWithOptions(req, res, path, url, abort.signal);
      } else if (path === '/live' || path.startsWith('/live/')) {
        kind = await handleLive(this.live, req, res, path === '/live' ? '' : path.slice('/live/'.length), url.searchParams, abort.signal);
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

  /**
   * `/o/<options>/live/...`: the same streams through an emulated network. The options (see
   * shared/stream/url-options.ts) pick the player session's bandwidth schedule, added round trip and
   * injected faults; the route itself is the plain /live/ one.
   */
  private async handleWithOptions(req: IncomingMessage, res: ServerResponse, path: string, url: URL, signal: AbortSignal): Promise<RequestKind> {
    const parts = splitStreamUrl(path);
    if (!parts || parts.prefix !== '') {
      sendError(req, res, 404, 'URL options go before the stream path: /o/<options>/live/<profile>/...');
      return 'unknown';
    }
    if (parts.options === null) {
      sendError(req, res, 400, 'bad URL options encoding');
      return 'unknown';
    }
    const parsed = parseUrlOptions(parts.options);
    if (!parsed.ok) {
      sendError(req, res, 400, parsed.message);
      return 'unknown';
    }
    const options = parsed.options;
    const livePath = parts.rest.slice('/live/'.length);
    const session = this.netem.get(options.sid ?? `${req.socket.remoteAddress ?? ''}|${options.raw}`, options);
    if (options.rttMs > 0 && !(await sleep(options.rttMs, signal))) return 'unknown';
    const objectKind = objectKindOf(livePath);
    const fault = objectKind ? faultFor(session, objectKind, nowSeconds()) : null;
    let bucket = session.bucket;
    if (fault && objectKind) {
      this.metrics.inc('glassmeter_netem_faults_total', 'Injected faults by action and object kind', { action: fault.type === 'status' ? String(fault.status) : fault.type, kind: objectKind });
      if (fault.type === 'status') {
        sendError(req, res, fault.status, `injected fault (${options.raw})`);
        return objectKind;
      }
      if (fault.type === 'hang' && !(await sleep(fault.seconds * 1000, signal))) return objectKind;
      if (fault.type === 'slow') bucket = new TokenBucket(findSchedule(`cap${Math.max(10, fault.kbps)}`)!, nowSeconds());
    }
    if (bucket) shapeResponse(res, bucket, (n) => this.metrics.inc('glassmeter_netem_shaped_bytes_total', 'Bytes sent through emulated networks', {}, n));
    return handleLive(this.live, req, res, livePath, url.searchParams, signal, { delayMs: options.delayMs, avOffsetMs: options.avOffsetMs, holdback: options.holdback, targetMs: options.targetMs });
  }
}
