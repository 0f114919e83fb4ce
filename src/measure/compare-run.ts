import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { summarizeMeasurement, type MeasurementSummary } from '../analyzer/summary.ts';
import type { FrameSample, Marker } from '../analyzer/types.ts';
import { joinStreamUrl } from '../shared/stream/stream-url.ts';
import { parseUrlOptions } from '../shared/stream/url-options.ts';
import { DEFAULT_PROFILE, entryUrl, findProfile } from '../shared/stream/profiles.ts';
import type { CompareSpec } from './compare-spec.ts';
import { openPlayer, pageNow } from './page-session.ts';
import { jsonNumbers } from '../shared/json-numbers.ts';

/**
 * The options with a session id of their own when they shape the link or inject faults: the
 * origin keys an emulated link by `sid`, else by client address and options, so two players of
 * one page with the same `net=` would share one link (each getting half of it) and see each
 * other's faults. The page's network picker gives each player a sid for the same reason.
 */
export function withOwnSession(options: string, sid: string): string {
  if (options === '') return options;
  const parsed = parseUrlOptions(options);
  return parsed.ok && (parsed.options.net || parsed.options.fault) && !parsed.options.sid ? `${options},sid=${sid}` : options;
}

/** What a spec plays, relative to the page's origin (or its own URL); `sid` names its emulated link. */
export function specStream(spec: CompareSpec, sid: string): string {
  if (spec.url) return spec.url;
  return joinStreamUrl({ prefix: '', options: withOwnSession(spec.options ?? '', sid), rest: entryUrl(findProfile(spec.profile ?? DEFAULT_PROFILE)!) });
}

/**
 * The page's multi-player permalink for the specs (docs: README, Permalinks): player 1 with the
 * plain keys, players 2-4 prefixed p<n>.; so the players run concurrently on one page, on the
 * same frames, with one clock sync.
 */
export function compareQuery(specs: readonly CompareSpec[], runId = Date.now().toString(36)): string {
  const query = new URLSearchParams();
  specs.forEach((spec, i) => {
    const prefix = i === 0 ? '' : `p${i + 1}.`;
    query.set(`${prefix}src`, specStream(spec, `cmp${runId}p${i + 1}`));
    query.set(`${prefix}engine`, spec.engine);
    query.set(`${prefix}preset`, spec.preset);
    query.set(`${prefix}label`, spec.label);
    for (const [k, v] of Object.entries(spec.settings)) query.set(`${prefix}${k}`, v === null ? '' : String(v));
  });
  return query.toString();
}

export interface ComparedPlayer {
  label: string;
  spec: CompareSpec;
  summary: MeasurementSummary;
  /** Why the player measured nothing (no frame, no timecode), from what the page reported; null when it measured. */
  note: string | null;
}

/** What the page reported of a player besides the window's frames. */
export interface PlayerDiagnostics {
  /** The error its tile shows (a fatal engine error, a load that failed), else null. */
  pageError: string | null;
  /** The last error the engine reported, fatal or not (its 'error' marker), else null. */
  lastEngineError: string | null;
  /** Frames presented since the page opened, the window's included. */
  framesSeen: number;
  /** Seconds from opening the page to reading the window. */
  elapsedS: number;
}

/** Longest page or engine error quoted in a note (an engine's message can carry a whole URL list). */
const NOTE_ERROR_CHARS = 160;

const quoted = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > NOTE_ERROR_CHARS ? `${t.slice(0, NOTE_ERROR_CHARS - 1)}…` : t;
};

/**
 * Why a player measured nothing, from what the page reported: no frame presented (in the whole
 * run, or in the measured window only), with the tile's error or else the engine's last one; or
 * frames but no burned-in timecode read. Null when it measured something.
 */
export function measuredNothingNote(s: Pick<MeasurementSummary, 'frames' | 'framesDecoded'>, d: PlayerDiagnostics, seconds: number): string | null {
  if (s.frames > 0) return s.framesDecoded > 0 ? null : `no burned-in timecode read in ${s.frames} frames`;
  const when = d.framesSeen > 0 ? `no frame presented in the ${seconds} s measured (${d.framesSeen} before)` : `no frame presented in ${Math.round(d.elapsedS)} s`;
  const why = d.pageError ? quoted(d.pageError) : d.lastEngineError ? `last engine error: ${quoted(d.lastEngineError)}` : null;
  return why ? `${when}: ${why}` : `${when}, and no error reported`;
}

/**
 * How a sweep or comparison ends (the CLI's exit code): `unplayable` (3) when a configuration presented no
 * frame, `noTimecode` (4) when every one presented frames but none read a timecode (no
 * glass-to-glass anywhere), else `ok`. The rows' notes say why.
 */
export function measurementOutcome(swept: readonly { summary: Pick<MeasurementSummary, 'frames' | 'framesDecoded'> }[]): 'ok' | 'unplayable' | 'noTimecode' {
  if (swept.some((c) => c.summary.frames === 0)) return 'unplayable';
  if (swept.length > 0 && swept.every((c) => c.summary.framesDecoded === 0)) return 'noTimecode';
  return 'ok';
}


const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—');

/** Runs the players on one page: warm-up, then `seconds` measured; one summary per player. */
export async function runCompare(browser: Browser, baseUrl: string, specs: readonly CompareSpec[], warmup: number, seconds: number): Promise<ComparedPlayer[]> {
  const opened = Date.now();
  const run = await openPlayer(browser, `${baseUrl}/?${compareQuery(specs)}`);
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const playing = await run.page.evaluate(() => window.__glassmeter?.players().filter((p) => p.session.frames.length > 0).length ?? 0);
      if (playing === specs.length) break;
      await run.page.waitForTimeout(250);
    }
    await run.page.waitForTimeout(warmup * 1000);
    const from = await pageNow(run.page);
    await run.page.waitForTimeout(seconds * 1000);
    const now = await pageNow(run.page);
    const got: { players: Array<{ label: string; frames: FrameSample[]; markers: Marker[]; framesSeen: number; lastEngineError: string | null }>; tileErrors: Array<string | null> } =
      await run.page.evaluate(
        (t) => ({
          players:
            window.__glassmeter?.players().map((p) => ({
              label: p.label,
              frames: p.session.frames.toArray().filter((f) => f.displayTimeMs >= t),
              markers: p.session.markers.toArray().filter((m) => m.timeMs >= t),
              framesSeen: p.session.frames.length,
              lastEngineError: p.session.markers.toArray().findLast((m) => m.kind === 'error')?.label ?? null,
            })) ?? [],
          tileErrors: Array.from(document.querySelectorAll('[data-testid="player-tile"]'), (tile) => tile.querySelector('[data-testid="error-message"]')?.textContent ?? null),
        }),
        from,
      );
    const elapsedS = (Date.now() - opened) / 1000;
    // By position: the page keeps the permalink's order, and cleans and caps labels (40 chars).
    return specs.map((spec, i) => {
      const mine = got.players[i];
      const summary = summarizeMeasurement(mine?.frames ?? [], mine?.markers ?? [], now);
      const diagnostics = { pageError: got.tileErrors[i] ?? null, lastEngineError: mine?.lastEngineError ?? null, framesSeen: mine?.framesSeen ?? 0, elapsedS };
      return { label: spec.label, spec, summary, note: measuredNothingNote(summary, diagnostics, seconds) };
    });
  } finally {
    await run.close();
  }
}

/** The side-by-side table: one column per player. */
export function compareTable(players: readonly ComparedPlayer[]): string {
  const rows: Array<[string, (s: MeasurementSummary) => string]> = [
    ['frames decoded', (s) => `${s.framesDecoded}/${s.frames}`],
    ['g2g p50 ms', (s) => fmt(s.latencyMs.p50)],
    ['g2g p95 ms', (s) => fmt(s.latencyMs.p95)],
    ['engine p50 ms', (s) => fmt(s.engineLatencyP50Ms)],
    ['stalls', (s) => String(s.stalls.count)],
    ['stalled ms', (s) => fmt(s.stalls.totalMs)],
    ['switches', (s) => String(s.renditionSwitches)],
  ];
  const width = Math.max(12, ...players.map((p) => p.label.length + 2));
  const head = ''.padEnd(16) + players.map((p) => p.label.padStart(width)).join('');
  return [head, ...rows.map(([name, value]) => name.padEnd(16) + players.map((p) => value(p.summary).padStart(width)).join(''))].join('\n');
}

export function writeCompareJson(file: string, players: readonly ComparedPlayer[]): void {
  writeFileSync(file, JSON.stringify({ players: players.map((p) => ({ label: p.label, spec: p.spec, summary: p.summary, note: p.note })) }, jsonNumbers, 2) + '\n');
}
