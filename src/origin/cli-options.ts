import { parseArgs } from 'node:util';
import { LadderSpecError, parseLadder, type Rung } from './encoder/ladder.ts';

export interface OriginCliOptions {
  port: number;
  host: string | undefined;
  rungs: Rung[];
  ladderName: string;
  fps: number;
  audio: boolean;
  windowMs: number;
  maxWaiters: number;
  dev: boolean;
  /** Port of a Varnish edge in front of the origin (--edge), or null. */
  edgePort: number | null;
  buildAppIfNeeded: boolean;
  help: boolean;
}

export class CliError extends Error {}

export const ORIGIN_USAGE = `Usage: npm start -- [options]

Runs the Glassmeter reference origin: a live test source with a burned-in GTC1 timecode,
encoded by ffmpeg into an ABR ladder and served as LL-HLS, HLS, LL-DASH and DASH, with
the app at /.

Options:
  --port N            HTTP port (default: $PORT or 8080; 0 picks a free port)
  --host ADDR         address to listen on (default: all interfaces, so phones and TVs on the
                      network can play; with --dev 127.0.0.1)
  --ladder SPEC       "default", "twitch", or WxH@kbps[,WxH@kbps...] (default: default)
  --fps N             frame rate (default 30); parts must be whole frames, so 10, 20, 30, 40, 50 or 60
  --no-audio          no audio track (default: 48 kHz AAC with a beep every second)
  --window S          seconds of media each playlist keeps, 10..600 (default 60)
  --max-waiters N     most requests held for future parts at once (default 10000)
  --edge              also start a Varnish edge (CDN cache) in front of the origin; streams
                      via the edge are on --edge-port (needs varnishd: PATH or VARNISHD_PATH)
  --edge-port N       the edge's HTTP port (default: the origin's port + 1)
  --dev               serve the app through the Vite dev server (hot reload)
  --help              this text
`;

function intOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new CliError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new CliError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseOriginArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): OriginCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        ladder: { type: 'string' },
        fps: { type: 'string' },
        'no-audio': { type: 'boolean' },
        window: { type: 'string' },
        'max-waiters': { type: 'string' },
        dev: { type: 'boolean' },
        edge: { type: 'boolean' },
        'edge-port': { type: 'string' },
        'build-app-if-needed': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const ladderName = values.ladder ?? 'default';
  let rungs: Rung[];
  try {
    rungs = parseLadder(ladderName);
  } catch (err) {
    if (err instanceof LadderSpecError) throw new CliError(err.message);
    throw err;
  }
  const port = intOption('port', values.port ?? env.PORT, 8080, 0, 65535);
  if (values['edge-port'] !== undefined && !values.edge) throw new CliError('--edge-port needs --edge');
  if (values.edge && port === 0 && values['edge-port'] === undefined) throw new CliError('--edge with --port 0 needs an --edge-port');
  const edgePort = values.edge ? intOption('edge-port', values['edge-port'], port + 1, 1, 65535) : null;
  if (edgePort !== null && edgePort === port) throw new CliError(`--edge-port must differ from the origin's port ${port}`);
  return {
    port,
    host: values.host,
    rungs,
    ladderName,
    fps: intOption('fps', values.fps, 30, 10, 60),
    audio: !values['no-audio'],
    windowMs: intOption('window', values.window, 60, 10, 600) * 1000,
    maxWaiters: intOption('max-waiters', values['max-waiters'], 10_000, 1, 1_000_000),
    dev: values.dev ?? false,
    edgePort,
    buildAppIfNeeded: values['build-app-if-needed'] ?? false,
    help: values.help ?? false,
  };
}
