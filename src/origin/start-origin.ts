import { ORIGIN_DEFAULTS } from './config.ts';
import type { Rung } from './encoder/ladder.ts';
import { Pipeline } from './pipeline.ts';
import { OriginServer } from './server/origin-server.ts';

export interface StartOriginOptions {
  rungs: Rung[];
  fps?: number;
  audio?: boolean;
  windowMs?: number;
  maxWaiters?: number;
  port?: number;
  host?: string;
  appRoot: string;
  log?: (message: string) => void;
  /** Overrides ORIGIN_CONFIG.writeTimeoutMs (tests use a short one). */
  writeTimeoutMs?: number;
}

export interface RunningOrigin {
  pipeline: Pipeline;
  server: OriginServer;
  port: number;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the pipeline and the HTTP origin; used by the CLI, the tests and the benchmarks. */
export async function startOrigin(o: StartOriginOptions): Promise<RunningOrigin> {
  const log = o.log ?? (() => undefined);
  const pipeline = new Pipeline({
    rungs: o.rungs,
    fps: o.fps ?? ORIGIN_DEFAULTS.fps,
    audio: o.audio ?? ORIGIN_DEFAULTS.audio,
    windowMs: o.windowMs ?? ORIGIN_DEFAULTS.windowS * 1000,
    maxWaiters: o.maxWaiters ?? ORIGIN_DEFAULTS.maxWaiters,
    log,
  });
  const server = new OriginServer({ pipeline, appRoot: o.appRoot, log, writeTimeoutMs: o.writeTimeoutMs });
  // Listen first: a busy port should fail before ffmpeg is spawned.
  const port = await server.listen(o.port ?? 0, o.host);
  pipeline.start();
  return {
    pipeline,
    server,
    port,
    baseUrl: `http://localhost:${port}`,
    async stop() {
      await server.close();
      await pipeline.stop();
    },
  };
}
