import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBuildIsStale, buildApp } from './app-build.ts';
import { CliError, ORIGIN_USAGE, parseOriginArgs } from './cli-options.ts';
import { ORIGIN_CONFIG } from './config.ts';
import { FfmpegNotFoundError } from './encoder/find-ffmpeg.ts';
import { DEFAULT_PROFILE, PROFILES, profileFrames } from '../shared/stream/profiles.ts';
import { devPathAllowed } from './dev-paths.ts';
import { guardProcess } from './server/process-guard.ts';
import { sendError } from './server/respond.ts';
import { startOrigin, type RunningOrigin } from './start-origin.ts';
import { startEdge, VarnishNotFoundError, type RunningEdge } from '../edge/varnish.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (message: string) => console.log(`[${new Date().toISOString()}] ${message}`);

async function main(): Promise<number> {
  let options;
  try {
    options = parseOriginArgs(process.argv.slice(2));
    for (const p of PROFILES) profileFrames(p, options.fps);
  } catch (err) {
    if (err instanceof CliError || err instanceof Error) {
      console.error(`error: ${err.message}\n\n${ORIGIN_USAGE}`);
      return 2;
    }
    throw err;
  }
  if (options.help) {
    console.log(ORIGIN_USAGE);
    return 0;
  }
  const distRoot = join(projectRoot, 'dist');
  if (options.buildAppIfNeeded && !options.dev && appBuildIsStale(projectRoot, distRoot)) {
    log('app: building (dist/ is missing or older than the sources)...');
    await buildApp(projectRoot);
    log('app: built');
  }

  guardProcess(log);
  // --dev serves the sources through Vite: localhost only unless --host opens it on purpose.
  const host = options.host ?? (options.dev ? ORIGIN_CONFIG.devHost : undefined);
  let origin: RunningOrigin;
  try {
    origin = await startOrigin({
      rungs: options.rungs,
      fps: options.fps,
      audio: options.audio,
      windowMs: options.windowMs,
      maxWaiters: options.maxWaiters,
      port: options.port,
      host,
      appRoot: distRoot,
      log,
    });
  } catch (err) {
    if (err instanceof FfmpegNotFoundError) {
      console.error(`error: ${err.message}`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`error: port ${options.port} is in use; pick another with --port or PORT`);
      return 1;
    }
    throw err;
  }
  const { pipeline, server, port } = origin;
  log(`encoder: using ffmpeg ${pipeline.ffmpeg.version} from ${pipeline.ffmpeg.origin} (${pipeline.ffmpeg.path})`);

  let vite: { close(): Promise<void> } | null = null;
  if (options.dev) {
    const { createServer } = await import('vite');
    const devServer = await createServer({
      root: projectRoot,
      configFile: join(projectRoot, 'vite.config.ts'),
      server: { middlewareMode: true, hmr: { server: server.httpServer } },
      appType: 'spa',
    });
    vite = devServer;
    server.useAppHandler((req, res) => {
      if (devPathAllowed(new URL(req.url ?? '/', 'http://dev').pathname)) return devServer.middlewares(req, res);
      sendError(req, res, 404, 'not found');
    });
  }

  const base = `http://localhost:${port}`;
  log(`origin: listening on ${base} (ladder ${options.ladderName}, ${options.fps} fps, audio ${options.audio ? 'on' : 'off'})`);
  const edge = options.edgePort === null ? null : await startEdgeOrExplain(port, options.edgePort, options.host);
  server.setEdgePort(edge?.port ?? null);
  const edgeLine = edge ? `  Via the edge:     ${edge.baseUrl}/live/master.m3u8 (Varnish, pid ${edge.pid})\n` : '';
  console.log(`\n  Glassmeter app:   ${base}/\n  Default stream:   ${base}/live/master.m3u8 (${DEFAULT_PROFILE})\n${edgeLine}  Profiles:         ${base}/live/\n`);

  const statsTimer = setInterval(() => {
    const s = pipeline.source.stats;
    const e = pipeline.encoder.stats;
    const p = pipeline.packager.stats;
    log(`stats: frames ${s.produced} (late ${s.skippedLate}, dropped ${s.droppedBackpressure + e.framesDropped}), run ${e.run}, restarts ${e.restarts}, parts ${p.partsPublished}, waiting ${p.waiting}`);
  }, 30_000);
  statsTimer.unref();

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      log(`origin: ${signal}, shutting down`);
      resolveStop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  clearInterval(statsTimer);
  await edge?.stop();
  await origin.stop();
  await vite?.close();
  log('origin: stopped');
  return 0;
}

/** The edge is an extra: when it cannot start, say why and keep serving from the origin. */
async function startEdgeOrExplain(originPort: number, edgePort: number, host: string | undefined): Promise<RunningEdge | null> {
  try {
    return await startEdge({ originPort, port: edgePort, host: host ?? '', log });
  } catch (err) {
    const why = err instanceof VarnishNotFoundError ? err.message : `the edge did not start: ${(err as Error).message}`;
    console.error(`warning: ${why}\nThe origin runs without an edge.`);
    return null;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
