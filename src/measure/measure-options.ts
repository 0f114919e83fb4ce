import { UsageError, usageError } from '../cli/usage-error.ts';
import type { EngineName } from '../analyzer/types.ts';
import { ENGINE_CATALOG, ENGINE_NAMES, canPlay, isEngineName } from '../player/catalog.ts';
import { engineForUrl } from '../player/stream-format.ts';
import { validateSetting } from '../player/settings-schema.ts';
import type { SettingValue } from '../player/engine.ts';
import { defaultProfileFor, findProfile, isDash, PROFILES } from '../shared/stream/profiles.ts';
import { parseUrlOptions } from '../shared/stream/url-options.ts';
import { parseCompareSpec, type CompareSpec } from './compare-spec.ts';
import { parseSweep, sweepConfigs, type SweepAxis, type SweepConfig } from './sweep.ts';
import { parseFlags } from '../cli/flags.ts';
import { wholeNumberFlag } from '../cli/whole-number-flag.ts';

export const MEASURE_USAGE = `Usage: npm run measure -- [options]     (or: npx glassmeter measure [options])

Plays a stream in the Glassmeter page in headless Chromium and reports the glass-to-glass
latency its analyzer measured from the burned-in GTC1 timecode.

Options:
  --url URL          stream to measure (HLS or DASH); default: the bundled origin's stream
  --origin URL       use a Glassmeter origin that is already running (e.g. npm start's
                     http://localhost:8080) for the page and the default stream, instead
                     of starting one
  --options OPTS     origin URL options, e.g. net=cascade,delay=500 (network emulation,
                     injected delay, faults; see docs/origin.md)
  --edge             play the bundled origin's stream through a Varnish edge (CDN cache) started
                     in front of it (needs varnishd: PATH or VARNISHD_PATH)
  --profile NAME     bundled origin profile: ${PROFILES.map((p) => p.name).join(', ')}
                     (default ll200 with hls and shaka, dash-ll with dash)
  --engine NAME      playback engine: ${ENGINE_NAMES.map((e) => `${e} (${ENGINE_CATALOG[e].label})`).join(', ')};
                     default: the stream's own (.mpd: dash, else hls); shaka plays both
  --preset ID        engine preset (default lowest); ${ENGINE_NAMES.map((e) => `${e}: ${presetIds(e)}`).join('\n                     ')}
  --set KEY=VALUE    an engine setting, repeatable (e.g. --set maxLiveSyncPlaybackRate=1.2)
  --clock URL        the Glassmeter (or any server answering /time) whose clock stamped
                     the frames; default: the stream host's /time if it answers, else
                     the page's own origin (this machine's clock with --url)
  --min-decode-rate P  exit 4 when fewer than P% of the frames carry a readable GTC1
                     (default 95; a single measurement only)
  --seconds N        measurement length after warm-up (default 30)
  --warmup N         seconds ignored at the start (default 5)
  --compare SPEC     a player of a comparison, repeatable (2-4): all run concurrently on one
                     page, on the same frames; SPEC is comma-separated key=value: engine,
                     profile or url, options (origin URL options with ; between them, e.g.
                     options=net=cascade;delay=500), preset, label, any engine setting.
                     Prints a side-by-side summary; --json writes { players: [...] }
  --sweep KEY=V1,V2,…  sweep a setting, repeatable (every combination, at most 64): KEY is an
                     engine setting or a --compare spec key (preset, options with ; between
                     them, profile); the rest comes from --profile, --options, --preset, --set.
                     Each configuration runs alone, with its own warm-up, unless --concurrent.
                     Prints a table and writes sweep.csv, sweep.json and sweep.svg (g2g p50
                     against stalled time, the Pareto front drawn and labelled) into --out;
                     a configuration that measured nothing says why in the note column
  --concurrent N     with --sweep: run N configurations at once on one page (1-4, default 1)
  --out DIR          with --sweep: the folder for its files (default: sweep-<date> here)
  --csv FILE         write the per-frame samples (same columns as the app's CSV)
  --json FILE        write the summary, settings and environment
  --chromium PATH    Chromium to use (default: $CHROMIUM_PATH or /usr/bin/chromium)
  --help             this text

Exit codes: 0 measured; 2 bad arguments; 3 the stream could not be played;
4 no burned-in timecode found, or read in fewer frames than --min-decode-rate
(engine latency still reported). --sweep: 3 when a configuration presented no frame,
4 when none read a timecode. With --url and no --origin only the page is served
(no encode runs).
`;

function presetIds(engine: EngineName): string {
  return ENGINE_CATALOG[engine].presets.map((p) => p.id).join(', ');
}

// The CLIs share one UsageError (src/cli/usage-error.ts); re-exported for this CLI's callers.
export { UsageError };

export interface MeasureOptions {
  url: string | null;
  /** Origin URL options (net, rtt, delay, fault), as in /o/<options>/live/... */
  originOptions: string | null;
  /** A running Glassmeter origin to use instead of starting one. */
  origin: string | null;
  /** Play through a Varnish edge in front of the bundled origin. */
  edge: boolean;
  profile: string;
  engine: EngineName;
  preset: string;
  settings: Record<string, SettingValue>;
  /** Origin whose /time the page syncs to, or null for its default choice. */
  clock: string | null;
  /** Fraction 0..1 of frames that must decode. */
  minDecodeRate: number;
  seconds: number;
  warmup: number;
  csv: string | null;
  json: string | null;
  chromium: string | undefined;
  help: boolean;
  /** --compare: the players of a comparison (empty: one measurement). */
  compare: CompareSpec[];
  /** --sweep: the axes and every configuration of the grid (empty: no sweep). */
  sweepAxes: SweepAxis[];
  sweep: SweepConfig[];
  /** --concurrent: sweep configurations played at once on one page. */
  concurrent: number;
  /** --out: the sweep's folder, or null for sweep-<date>. */
  out: string | null;
}

const positiveInt = (name: string, text: string | undefined, fallback: number, min: number, max: number, unit = ' of seconds') =>
  wholeNumberFlag(name, text, fallback, { min, max }, usageError, unit);

export function parseMeasureArgs(argv: string[]): MeasureOptions {
  const values = parseFlags(
    argv,
    {
      url: { type: 'string' },
      origin: { type: 'string' },
      edge: { type: 'boolean' },
      profile: { type: 'string' },
      options: { type: 'string' },
      engine: { type: 'string' },
      preset: { type: 'string' },
      set: { type: 'string', multiple: true },
      seconds: { type: 'string' },
      clock: { type: 'string' },
      'min-decode-rate': { type: 'string' },
      warmup: { type: 'string' },
      csv: { type: 'string' },
      compare: { type: 'string', multiple: true },
      sweep: { type: 'string', multiple: true },
      concurrent: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usageError,
  );
  let originOptions: string | null = null;
  if (values.options !== undefined) {
    if (values.url !== undefined) throw new UsageError('--options applies to the bundled origin\'s streams, not to --url');
    const parsed = parseUrlOptions(values.options);
    if (!parsed.ok) throw new UsageError(`--options: ${parsed.message}`);
    originOptions = values.options;
  }
  if (values.edge && (values.url !== undefined || values.origin !== undefined || values.options !== undefined)) {
    throw new UsageError('--edge puts an edge in front of the bundled origin: it excludes --url, --origin and --options');
  }
  if (values.engine !== undefined && !isEngineName(values.engine)) throw new UsageError(`--engine ${values.engine}: use ${ENGINE_NAMES.join(', ')}`);
  if (values.url !== undefined && values.profile !== undefined) throw new UsageError('--url and --profile exclude each other');
  const profileOf = values.profile !== undefined ? findProfile(values.profile) : undefined;
  if (values.profile !== undefined && !profileOf) throw new UsageError(`--profile ${values.profile}: not one of ${PROFILES.map((p) => p.name).join(', ')}`);
  // The stream's format decides the engine unless one is named; a named one must be able to play it.
  const streamEngine: EngineName | null = values.url !== undefined ? engineForUrl(values.url) : profileOf ? (isDash(profileOf) ? 'dash' : 'hls') : null;
  const engine: EngineName = (values.engine as EngineName | undefined) ?? streamEngine ?? 'hls';
  // A stand-in path of the profile's format, so one rule (canPlay) judges URLs and profiles alike.
  const streamPath = values.url ?? (profileOf ? (isDash(profileOf) ? 'x.mpd' : 'x.m3u8') : '');
  if (!canPlay(engine, streamPath)) {
    throw new UsageError(`--engine ${engine} cannot play ${values.url ?? `profile ${values.profile}`}: it is ${streamEngine === 'dash' ? 'DASH' : 'HLS'}`);
  }
  const profile = values.profile ?? defaultProfileFor(engine === 'dash' ? 'dash' : 'hls');
  const catalog = ENGINE_CATALOG[engine];
  if (values.url !== undefined && !/^https?:\/\/./.test(values.url)) throw new UsageError(`--url must be an http(s) URL, got "${values.url}"`);
  if (values.origin !== undefined && !/^https?:\/\/[^/]+\/?$/.test(values.origin)) {
    throw new UsageError(`--origin must be the base URL of a Glassmeter origin, e.g. http://localhost:8080, got "${values.origin}"`);
  }
  const preset = values.preset ?? 'lowest';
  if (!catalog.presets.some((p) => p.id === preset)) throw new UsageError(`--preset ${preset}: not a ${catalog.label} preset (${presetIds(engine)})`);
  const settings: Record<string, SettingValue> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected KEY=VALUE`);
    const key = pair.slice(0, eq);
    const def = catalog.settings.find((d) => d.key === key);
    if (!def) throw new UsageError(`--set ${key}: unknown ${catalog.label} setting (known: ${catalog.settings.map((d) => d.key).join(', ')})`);
    const result = validateSetting(def, pair.slice(eq + 1));
    if (!result.ok) throw new UsageError(`--set ${pair}: ${result.message}`);
    settings[key] = result.value;
  }
  let clock: string | null = null;
  if (values.clock !== undefined) {
    if (!/^https?:\/\/[^/]+/.test(values.clock)) throw new UsageError(`--clock must be an http(s) URL, e.g. http://localhost:8080, got "${values.clock}"`);
    clock = new URL(values.clock).origin;
  }
  let minDecodeRate = 0.95;
  if (values['min-decode-rate'] !== undefined) {
    const text = values['min-decode-rate'];
    const n = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || n > 100) throw new UsageError(`--min-decode-rate must be a percentage from 0 to 100, got "${text}"`);
    minDecodeRate = n / 100;
  }
  const compare = (values.compare ?? []).map((text, i) => parseCompareSpec(text, i));
  if (compare.length === 1 || compare.length > 4) throw new UsageError(`--compare takes 2 to 4 players, got ${compare.length}`);
  if (new Set(compare.map((c) => c.label)).size !== compare.length) throw new UsageError('--compare: two players have the same label');
  if (compare.length > 0 && (values.url !== undefined || values.profile !== undefined || values.set !== undefined || values.csv !== undefined || values.edge || values['min-decode-rate'] !== undefined)) {
    throw new UsageError('--compare: give the stream, preset and settings in each spec (--url, --profile, --set, --csv, --edge and --min-decode-rate do not apply)');
  }
  const sweepAxes = (values.sweep ?? []).map(parseSweep);
  let sweep: SweepConfig[] = [];
  if (sweepAxes.length > 0) {
    // --min-decode-rate too: a sweep reports each configuration's decode rate and says why in its note column.
    if (compare.length > 0 || values.csv !== undefined || values.json !== undefined || values.edge || values['min-decode-rate'] !== undefined) {
      throw new UsageError('--sweep excludes --compare, --csv, --json, --edge and --min-decode-rate (its files go into --out)');
    }
    // The command's own stream, preset and settings, as spec pairs the swept values go over.
    const base = new Map<string, string>([['engine', engine], ['preset', preset]]);
    if (values.url !== undefined) base.set('url', values.url);
    else base.set('profile', profile);
    if (originOptions) base.set('options', originOptions.replaceAll(',', ';'));
    for (const pair of values.set ?? []) base.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    sweep = sweepConfigs(base, sweepAxes);
  } else if (values.concurrent !== undefined || values.out !== undefined) {
    throw new UsageError('--concurrent and --out apply to --sweep only');
  }
  return {
    compare,
    sweepAxes,
    sweep,
    concurrent: positiveInt('concurrent', values.concurrent, 1, 1, 4, ''),
    out: values.out ?? null,
    url: values.url ?? null,
    clock,
    minDecodeRate,
    originOptions,
    origin: values.origin?.replace(/\/$/, '') ?? null,
    edge: values.edge ?? false,
    profile,
    engine,
    preset,
    settings,
    seconds: positiveInt('seconds', values.seconds, 30, 1, 86_400),
    warmup: positiveInt('warmup', values.warmup, 5, 0, 3_600),
    csv: values.csv ?? null,
    json: values.json ?? null,
    chromium: values.chromium,
    help: values.help ?? false,
  };
}
