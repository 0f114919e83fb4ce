/**
 * `npm run measure`: the Glassmeter page in headless Chromium, driven like a user would, with
 * the analyzer's own numbers printed (and written as JSON/CSV). See MEASURE_USAGE for flags.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameCsvLines } from '../analyzer/csv.ts';
import type { RefetchSummary } from '../analyzer/refetch.ts';
import { summarizeMeasurement, type MeasurementSummary } from '../analyzer/summary.ts';
import { appBuildIsStale, buildApp } from '../origin/app-build.ts';
import { parseLadder } from '../origin/encoder/ladder.ts';
import { joinStreamUrl } from '../shared/stream/stream-url.ts';
import { entryUrl, findProfile } from '../shared/stream/profiles.ts';
import { startOrigin, type RunningOrigin } from '../origin/start-origin.ts';
import { freePort } from '../edge/free-port.ts';
import { startEdge, type RunningEdge } from '../edge/varnish.ts';
import { ENGINE_CATALOG } from '../player/catalog.ts';
import { MEASURE_USAGE, parseMeasureArgs, UsageError, type MeasureOptions } from './measure-options.ts';
import { startPageServer, type PageServer } from './page-server.ts';
import { jsonNumbers } from '../shared/json-numbers.ts';
import { compareTable, measurementOutcome, runCompare, writeCompareJson } from './compare-run.ts';
import { runSweep, sweepTable, writeSweep } from './sweep-run.ts';
import { collectSince, launchChromium, openPlayer, pageNow, waitForFrames } from './page-session.ts';

const EXIT = { ok: 0, usage: 2, unplayable: 3, noTimecode: 4 } as const;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tty = process.stderr.isTTY;

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

const libraryLabel = (o: MeasureOptions) => ENGINE_CATALOG[o.engine].label;

/** The installed version of the engine's library (for the JSON report). */
function libraryVersion(o: MeasureOptions): string {
  const pkg = ENGINE_CATALOG[o.engine].library;
  try {
    return `${pkg} ${(JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version}`;
  } catch {
    return `${pkg} (version unknown)`;
  }
}

/** Where the time went: each component's p50/p95, and the frames that could not be split. */
function breakdownLines(s: MeasurementSummary): string[] {
  const b = s.breakdown;
  const row = (label: string, c: { p50: number; p95: number }) => `${label.padEnd(18)}p50 ${fmt(c.p50)} ms  p95 ${fmt(c.p95)} ms`;
  const missed = Object.entries(b.missed).filter(([, n]) => n > 0).map(([reason, n]) => `${reason} ${n}`);
  return [
    row('encode + package', b.encodePackageMs),
    row('delivery', b.deliveryMs),
    row('player buffer', b.bufferMs),
    // Joined by media time to the engine's requests: the stand-in for the first two on another origin.
    row('before arrival', b.beforeArrivalMs),
    `split frames      ${b.joined} of ${s.frames}${missed.length ? ` (not split: ${missed.join(', ')})` : ''}`,
  ];
}

/** The clock the page's latencies are on, as its summary() says; null clock = unsynced. */
interface PageClock {
  clock: { url: string; source: string; offsetMs: number; uncertaintyMs: number } | null;
  clockUnsyncedReason: string | null;
}

function clockLine(c: PageClock): string {
  if (c.clock) return `clock offset      ${fmt(c.clock.offsetMs, 1)} ms ± ${fmt(c.clock.uncertaintyMs, 1)} ms (${c.clock.source}: ${c.clock.url}/time)`;
  return `clock             WARNING: not synchronized (${c.clockUnsyncedReason ?? 'unknown reason'}); latency assumes this machine's clock is the one that stamped the frames`;
}

/** How the edge answered the window's requests, e.g. "hit 120, coalesced 3, miss 250"; null without an edge. */
function cacheLine(statuses: Record<string, number>): string | null {
  const entries = Object.entries(statuses).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return `edge cache        ${entries.map(([status, c]) => `${status} ${c}`).join(', ')} (of ${total} requests)`;
}

/** "640 objects, 25 fetched again (4% of the media bytes)": bandwidth an engine spends twice. */
function mediaLine(m: RefetchSummary): string {
  const share = m.bytes > 0 ? ` (${fmt((m.refetchedBytes / m.bytes) * 100)}% of the media bytes)` : '';
  return `media fetched     ${m.objects} objects, ${m.refetched} fetched again${share}`;
}

function printSummary(s: MeasurementSummary, o: MeasureOptions, stream: string, clock: PageClock, media: RefetchSummary, cache: string | null): void {
  const l = s.latencyMs;
  console.log(
    [
      `stream            ${stream} (${libraryLabel(o)}, preset ${o.preset})`,
      `measured          ${o.seconds} s after ${o.warmup} s warm-up`,
      `frames decoded    ${s.framesDecoded} of ${s.frames} (${fmt(s.decodeRate * 100, 1)}%)`,
      `glass-to-glass    p50 ${fmt(l.p50)} ms  p95 ${fmt(l.p95)} ms  p99 ${fmt(l.p99)} ms  min ${fmt(l.min)} ms  max ${fmt(l.max)} ms`,
      `engine latency    p50 ${fmt(s.engineLatencyP50Ms)} ms`,
      ...breakdownLines(s),
      `stalls            ${s.stalls.count} (${fmt(s.stalls.totalMs)} ms)`,
      `switches          ${s.renditionSwitches}`,
      `average bitrate   ${fmt(s.averageBitrateBps / 1000)} kbps`,
      mediaLine(media),
      clockLine(clock),
      ...(cache ? [cache] : []),
    ].join('\n'),
  );
}


async function measure(o: MeasureOptions): Promise<number> {
  // The page is Glassmeter's own app: an origin serves it (and the default stream), either one
  // already running (--origin) or the bundled one, started here; with --url, a page server only.
  let origin: RunningOrigin | null = null;
  let edge: RunningEdge | null = null;
  let pageServer: PageServer | null = null;
  let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    let baseUrl: string;
    let ffmpegVersion: string | null = null;
    if (o.origin) {
      baseUrl = o.origin;
      const health = await fetch(`${baseUrl}/healthz`).catch((err: Error) => err);
      if (health instanceof Error || !health.ok) {
        console.error(`error: no ready Glassmeter origin at ${baseUrl} (${health instanceof Error ? health.message : `GET /healthz answered ${health.status}`})`);
        return EXIT.unplayable;
      }
    } else {
      if (appBuildIsStale(root, join(root, 'dist'))) {
        if (tty) process.stderr.write('building the app...\n');
        await buildApp(root);
      }
      if (o.url) {
        // Someone else's stream: serve the page (and /time) only, no encode.
        pageServer = await startPageServer(join(root, 'dist'));
        baseUrl = pageServer.baseUrl;
      } else {
        origin = await startOrigin({ rungs: parseLadder('default'), appRoot: join(root, 'dist'), port: 0, host: '127.0.0.1' });
        await origin.server.waitUntilReady();
        baseUrl = origin.baseUrl;
        ffmpegVersion = origin.pipeline.ffmpeg.version;
        if (o.edge) {
          edge = await startEdge({ originPort: origin.port, port: await freePort() });
          await edge.waitUntilHealthy();
          origin.server.setEdgePort(edge.port);
        }
      }
    }
    // The page stays on the origin; through an edge, the stream is on the edge's port (CORS).
    const stream = o.url ?? joinStreamUrl({ prefix: edge ? edge.baseUrl : '', options: o.originOptions ?? '', rest: entryUrl(findProfile(o.profile)!) });
    const query = new URLSearchParams({ src: stream, engine: o.engine, preset: o.preset });
    if (o.clock) query.set('clock', o.clock);
    for (const [k, v] of Object.entries(o.settings)) query.set(k, v === null ? '' : String(v));
    browser = await launchChromium(o.chromium);
    if (o.compare.length > 0) {
      const players = await runCompare(browser, baseUrl, o.compare, o.warmup, o.seconds);
      console.log(compareTable(players));
      for (const p of players) if (p.note) console.error(`${p.label}: ${p.note}`);
      if (o.json) writeCompareJson(o.json, players);
      return EXIT[measurementOutcome(players)];
    }
    if (o.sweep.length > 0) {
      const swept = await runSweep(browser, baseUrl, o.sweep, { concurrent: o.concurrent, warmup: o.warmup, seconds: o.seconds, log: (line) => process.stderr.write(`${line}\n`) });
      console.log(sweepTable(o.sweepAxes, swept));
      const dir = o.out ?? `sweep-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
      const meta = { command: `measure ${process.argv.slice(2).join(' ')}`, seconds: o.seconds, warmup: o.warmup, concurrent: o.concurrent, environment: { machine: `${type()} ${cpus()[0]?.model ?? ''} x ${cpus().length}`, node: process.version, browser: browser.version(), library: libraryVersion(o), ffmpeg: ffmpegVersion } };
      console.log(`wrote ${writeSweep(dir, o.sweepAxes, swept, meta).join(', ')}`);
      return EXIT[measurementOutcome(swept)];
    }
    const run = await openPlayer(browser, `${baseUrl}/?${query}`);
    try {
      await waitForFrames(run.page);
    } catch (err) {
      console.error(`error: the stream could not be played: ${(err as Error).message}`);
      return EXIT.unplayable;
    }
    const started = Date.now();
    const total = o.warmup + o.seconds;
    const progress = tty
      ? setInterval(() => {
          void run.page
            .evaluate(() => document.querySelector('[data-testid="latency-now"]')?.textContent ?? '—')
            .then((now) => process.stderr.write(`\r${Math.round((Date.now() - started) / 1000)}/${total} s  glass-to-glass ${now} ms   `))
            .catch(() => undefined);
        }, 1000)
      : null;
    await run.page.waitForTimeout(o.warmup * 1000);
    const from = await pageNow(run.page);
    await run.page.waitForTimeout(o.seconds * 1000);
    if (progress) {
      clearInterval(progress);
      process.stderr.write('\n');
    }
    const got = await collectSince(run.page, from);
    const pageError = await run.page.evaluate(() => document.querySelector('[data-testid="error-message"]')?.textContent ?? null);
    const summary = summarizeMeasurement(got.frames, got.markers, await pageNow(run.page));
    const clock: PageClock = await run.page.evaluate(() => {
      const s = window.__glassmeter?.summary();
      return { clock: s?.clock ?? null, clockUnsyncedReason: s ? s.clockUnsyncedReason : 'the page has no analyzer session' };
    });
    printSummary(summary, o, stream, clock, got.media, cacheLine(got.cacheStatuses));
    if (o.json) {
      const report = {
        summary,
        // null with a reason when unsynced (the latencies then assume this machine's clock)
        clock: clock.clock,
        clockUnsyncedReason: clock.clockUnsyncedReason,
        stream,
        // Through an edge: how it answered the window's requests (X-Cache); {} without one.
        edgeCache: got.cacheStatuses,
        // Media objects fetched in the window, and how many of them the engine had fetched already.
        media: got.media,
        engine: o.engine,
        preset: o.preset,
        settings: await run.page.evaluate(() => window.__glassmeter?.engine?.effectiveSettings() ?? {}),
        seconds: o.seconds,
        warmup: o.warmup,
        environment: { machine: `${type()} ${cpus()[0]?.model ?? ''} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB`, node: process.version, browser: browser.version(), library: libraryVersion(o), ffmpeg: ffmpegVersion, readPath: got.readPath },
        pageError,
      };
      writeFileSync(o.json, JSON.stringify(report, jsonNumbers, 2) + '\n');
    }
    if (o.csv) {
      const out = createWriteStream(o.csv);
      for (const line of frameCsvLines(got.frames, { stream_url: stream, origin_options: o.originOptions ?? '' })) out.write(line);
      await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
    }
    await run.close();
    if (summary.frames > 0 && summary.framesDecoded === 0) {
      console.error('no burned-in timecode found: glass-to-glass latency cannot be measured (engine latency above)');
      return EXIT.noTimecode;
    }
    if (summary.frames > 0 && summary.decodeRate < o.minDecodeRate) {
      console.error(`timecode read in only ${fmt(summary.decodeRate * 100, 1)}% of the frames (--min-decode-rate ${fmt(o.minDecodeRate * 100, 1)}%): the latency covers those frames only`);
      return EXIT.noTimecode;
    }
    if (summary.frames === 0) {
      console.error(`error: no frame was presented during the measurement${pageError ? `: ${pageError}` : ''}`);
      return EXIT.unplayable;
    }
    return EXIT.ok;
  } finally {
    await browser?.close();
    await edge?.stop();
    await origin?.stop();
    await pageServer?.close();
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // `npx glassmeter measure ...` and `npm run measure -- ...` both land here.
  if (argv[0] === 'measure') argv.shift();
  let options: MeasureOptions;
  try {
    options = parseMeasureArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n\n${MEASURE_USAGE}`);
      return EXIT.usage;
    }
    throw err;
  }
  if (options.help) {
    console.log(MEASURE_USAGE);
    return EXIT.ok;
  }
  return measure(options);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
