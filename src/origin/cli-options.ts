import { ORIGIN_CONFIG, ORIGIN_DEFAULTS, ORIGIN_RANGES } from './config.ts';
import { LadderSpecError, parseLadder, type Rung } from './encoder/ladder.ts';
import { parseFlags } from '../cli/flags.ts';
import { wholeNumberFlag } from '../cli/whole-number-flag.ts';
import { PROFILES, profileFrames, type LatencyProfile } from '../shared/stream/profiles.ts';

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

/** Frame rates in range at which every profile's parts and segments are whole frames. */
export function wholeFrameRates(): number[] {
  const out: number[] = [];
  for (let fps = ORIGIN_RANGES.fps.min; fps <= ORIGIN_RANGES.fps.max; fps++) {
    if (PROFILES.every((p) => profileFits(p, fps))) out.push(fps);
  }
  return out;
}

function profileFits(profile: LatencyProfile, fps: number): boolean {
  try {
    profileFrames(profile, fps);
    return true;
  } catch {
    return false;
  }
}

const D = ORIGIN_DEFAULTS;
const R = ORIGIN_RANGES;
const fpsList = () => wholeFrameRates().join(', ').replace(/, (\d+)$/, ' or $1');

/**
 * The documented options: `usage` is the --help line (wrapped), `default` and `doc` are
 * docs/origin.md's table row (cli-options.test.ts keeps that table equal to this).
 * `--build-app-if-needed` is internal (npm start passes it) and is not listed.
 */
export const ORIGIN_FLAGS: readonly { flag: string; usage: string; default: string; doc: string }[] = [
  { flag: '--port N', usage: `HTTP port (default: $PORT or ${D.port}; 0 picks a free port)`, default: `\`$PORT\`, else ${D.port}`, doc: `HTTP port, ${R.port.min}..${R.port.max} (0 picks a free port)` },
  {
    flag: '--host ADDR',
    usage: `address to listen on (default: all interfaces, so phones and TVs on the network can play; with --dev ${ORIGIN_CONFIG.devHost})`,
    default: `all interfaces; \`${ORIGIN_CONFIG.devHost}\` with \`--dev\``,
    doc: 'address to listen on. All interfaces so that devices under test on the network can play; `--dev` (Vite serves sources) stays on this machine unless `--host` opens it',
  },
  { flag: '--ladder SPEC', usage: `"default", "twitch", or WxH@kbps[,WxH@kbps...] (default: ${D.ladder})`, default: `\`${D.ladder}\``, doc: '`default`, `twitch`, or `WxH@kbps[,WxH@kbps...]` ([Ladders](#ladders))' },
  { flag: '--fps N', usage: `frame rate (default ${D.fps}); parts must be whole frames, so ${fpsList()}`, default: String(D.fps), doc: `frame rate: ${fpsList()} (every profile's parts and segments must be whole frames, see below)` },
  { flag: '--no-audio', usage: 'no audio track (default: 48 kHz AAC with a beep every second)', default: 'audio on', doc: 'no audio track (otherwise 48 kHz mono AAC, 64 kbit/s, a 1 kHz beep in the first 100 ms of every second)' },
  { flag: '--window S', usage: `seconds of media each playlist keeps, ${R.windowS.min}..${R.windowS.max} (default ${D.windowS})`, default: String(D.windowS), doc: `seconds of media each playlist keeps, ${R.windowS.min}..${R.windowS.max}` },
  { flag: '--max-waiters N', usage: `most requests held for future parts at once (default ${D.maxWaiters})`, default: String(D.maxWaiters), doc: `most requests held for future parts at once, ${R.maxWaiters.min.toLocaleString('en')}..${R.maxWaiters.max.toLocaleString('en')}` },
  {
    flag: '--edge',
    usage: 'also start a Varnish edge (CDN cache) in front of the origin; streams via the edge are on --edge-port (needs varnishd: PATH or VARNISHD_PATH)',
    default: 'off',
    doc: 'also start a Varnish edge (CDN cache) in front of the origin ([scale-out.md](scale-out.md)); needs `varnishd` on `PATH` or `VARNISHD_PATH`',
  },
  { flag: '--edge-port N', usage: "the edge's HTTP port (default: the origin's port + 1)", default: "the origin's port + 1", doc: `the edge's HTTP port, ${R.edgePort.min}..${R.edgePort.max} (needs \`--edge\`; with \`--port 0\` it must be given)` },
  { flag: '--dev', usage: 'serve the app through the Vite dev server (hot reload)', default: 'off', doc: 'serve the app through the Vite dev middleware with hot reload (`npm run dev`)' },
  { flag: '--help, -h', usage: 'this text', default: '', doc: 'print the usage' },
];

const FLAG_COLUMN = 22;
const WIDTH = 104;

/** Words of `text` in lines that start at FLAG_COLUMN and end before WIDTH. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && FLAG_COLUMN + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

export const ORIGIN_USAGE = `Usage: npm start -- [options]

Runs the Glassmeter reference origin: a live test source with a burned-in GTC1 timecode,
encoded by ffmpeg into an ABR ladder and served as LL-HLS, HLS, LL-DASH and DASH, with
the app at /.

Options:
${ORIGIN_FLAGS.map(({ flag, usage }) => {
  const [first, ...rest] = wrap(usage);
  return [`  ${flag.padEnd(FLAG_COLUMN - 2)}${first ?? ''}`, ...rest.map((l) => ' '.repeat(FLAG_COLUMN) + l)].join('\n');
}).join('\n')}
`;

/** docs/origin.md's option table. */
export function originFlagTable(): string {
  const rows = ORIGIN_FLAGS.map((f) => `| \`${f.flag}\` | ${f.default} | ${f.doc} |`);
  return ['| option | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

const cliFail = (message: string): never => {
  throw new CliError(message);
};
const intOption = (name: string, text: string | undefined, fallback: number, range: { min: number; max: number }) => wholeNumberFlag(name, text, fallback, range, cliFail);

export function parseOriginArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): OriginCliOptions {
  const values = parseFlags(
    argv,
    {
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
    cliFail,
  );
  const ladderName = values.ladder ?? ORIGIN_DEFAULTS.ladder;
  let rungs: Rung[];
  try {
    rungs = parseLadder(ladderName);
  } catch (err) {
    if (err instanceof LadderSpecError) throw new CliError(err.message);
    throw err;
  }
  const port = intOption('port', values.port ?? env.PORT, D.port, R.port);
  if (values['edge-port'] !== undefined && !values.edge) throw new CliError('--edge-port needs --edge');
  if (values.edge && port === 0 && values['edge-port'] === undefined) throw new CliError('--edge with --port 0 needs an --edge-port');
  const edgePort = values.edge ? intOption('edge-port', values['edge-port'], port + 1, R.edgePort) : null;
  if (edgePort !== null && edgePort === port) throw new CliError(`--edge-port must differ from the origin's port ${port}`);
  return {
    port,
    host: values.host,
    rungs,
    ladderName,
    fps: intOption('fps', values.fps, D.fps, R.fps),
    audio: values['no-audio'] ? false : D.audio,
    windowMs: intOption('window', values.window, D.windowS, R.windowS) * 1000,
    maxWaiters: intOption('max-waiters', values['max-waiters'], D.maxWaiters, R.maxWaiters),
    dev: values.dev ?? false,
    edgePort,
    buildAppIfNeeded: values['build-app-if-needed'] ?? false,
    help: values.help ?? false,
  };
}
