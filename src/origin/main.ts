import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBuildIsStale, buildApp } from './app-build.ts';
import { CliError, ORIGIN_USAGE, parseOriginArgs } from './cli-options.ts';
import { FfmpegNotFoundError } from './encoder/find-ffmpeg.ts';
import { Pipeline } from './pipeline.ts';
import { DEFAULT_PROFILE, PROFILES, profileFrames } from './profiles.ts';
import { OriginServer } from './server/origin-server.ts';

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

  let pipeline: Pipeline;
  try {
    pipeline = new Pipeline({
      rungs: options.rungs,
      fps: options.fps,
      audio: options.audio,
      windowMs: options.windowMs,
      maxWaiters: options.maxWaiters,
      log,
    });
  } catch (err) {
    if (err instanceof FfmpegNotFoundError) {
      console.error(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
  log(`encoder: using ffmpeg ${pipeline.ffmpeg.version} from ${pipeline.ffmpeg.origin} (${pipeline.ffmpeg.path})`);

  const server = new OriginServer({ pipeline, appRoot: distRoot, log });
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
    server.useAppHandler((req, res) => devServer.middlewares(req, res));
  }

  pipeline.start();
  const port = await server.listen(options.port, options.host);
  const base = `http://localhost:${port}`;
  log(`origin: listening on ${base} (ladder ${options.ladderName}, ${options.fps} fps, audio ${options.audio ? 'on' : 'off'})`);
  console.log(`\n  Glassmeter app:   ${base}/\n  Default stream:   ${base}/live/master.m3u8 (${DEFAULT_PROFILE})\n  Profiles:         ${base}/live/\n`);

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
  await server.close();
  await pipeline.stop();
  await vite?.close();
  log('origin: stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
