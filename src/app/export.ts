import { csvChunks, frameCsvLines, markerCsvLines, requestCsvLines, type EventRow } from '../analyzer/csv.ts';
import type { AnalyzerSession } from '../analyzer/session.ts';
import { summarizeMeasurement } from '../analyzer/summary.ts';
import type { EngineSettings } from '../player/engine.ts';
import { splitStreamUrl } from '../shared/stream/stream-url.ts';
import { jsonNumbers } from '../shared/json-numbers.ts';

export interface ExportContext {
  /** The player's label: the `player` column and the JSON section's name. */
  label: string;
  src: string;
  engineLabel: string;
  presetId: string | null;
  settings: EngineSettings;
}

/** One player to export: its session and what it played. */
export interface ExportPlayer {
  session: AnalyzerSession;
  ctx: ExportContext;
}

/** Origin URL options (/o/<options>/live/...) carried by the stream URL, as written, or "". */
export function originOptions(src: string): string {
  return splitStreamUrl(src)?.raw ?? '';
}

function extraColumns(ctx: ExportContext): Record<string, string> {
  return { stream_url: ctx.src, origin_options: originOptions(ctx.src), player: ctx.label };
}

/**
 * One CSV for every player: the header once, then each player's rows (the `player` column says
 * whose). Players are written one after the other, each in its own time order.
 */
function* allPlayers(players: readonly ExportPlayer[], lines: (p: ExportPlayer) => Iterable<string>): Generator<string, void, undefined> {
  let first = true;
  for (const player of players) {
    let header = true;
    for (const line of lines(player)) {
      if (header && !first) {
        header = false;
        continue;
      }
      header = false;
      yield line;
    }
    first = false;
  }
}

const csvBlob = (lines: Iterable<string>) => new Blob(Array.from(csvChunks(lines)), { type: 'text/csv' });

/** The summary numbers the page shows, over the whole session. */
export function sessionSummary(session: AnalyzerSession) {
  return {
    ...summarizeMeasurement(session.frames, session.markers, session.now(), session.avOffsets),
    // null with a reason when unsynced: the latencies then assume this machine's clock is the source's.
    clock: session.clock.synced
      ? { url: session.clockChoice.url, source: session.clockChoice.source, offsetMs: session.clock.offsetMs, uncertaintyMs: session.clock.uncertaintyMs, rttMs: session.clock.rttMs, error: session.clock.error }
      : null,
    clockUnsyncedReason: session.clock.synced ? null : (session.clock.error ?? 'clock sync has not completed yet'),
    noTimecode: session.noTimecode,
    storeFull: session.frames.full,
  };
}

/** CSV blobs are built from ~1 MB string chunks: a 500k-row export never becomes one giant string. */
export function framesCsvBlob(players: readonly ExportPlayer[]): Blob {
  return csvBlob(allPlayers(players, (p) => frameCsvLines(p.session.frames, extraColumns(p.ctx))));
}

export function requestsCsvBlob(players: readonly ExportPlayer[]): Blob {
  return csvBlob(allPlayers(players, (p) => requestCsvLines(p.session.requests, extraColumns(p.ctx))));
}

export function eventsCsvBlob(players: readonly ExportPlayer[]): Blob {
  return csvBlob(allPlayers(players, (p) => markerCsvLines(eventRows(p.session), extraColumns(p.ctx))));
}

/**
 * The events CSV: every marker, and one `av_offset` row per paired second (label = the offset
 * in ms, positive = audio late), merged in time order.
 */
export function* eventRows(session: Pick<AnalyzerSession, 'markers' | 'avOffsets'>): Generator<EventRow, void, undefined> {
  const markers = session.markers.toArray();
  const av = session.avOffsets.toArray();
  let i = 0;
  let j = 0;
  while (i < markers.length || j < av.length) {
    const m = markers[i];
    const a = av[j];
    if (m && (!a || m.timeMs <= a.timeMs)) {
      yield m;
      i++;
    } else if (a) {
      yield { timeMs: a.timeMs, kind: 'av_offset', label: String(Math.round(a.offsetMs * 10) / 10), engine: m?.engine ?? markers[markers.length - 1]?.engine ?? 'hls' };
      j++;
    }
  }
}

/** The report: what the page ran on, then one section per player with everything it recorded. */
export function jsonReportBlob(players: readonly ExportPlayer[]): Blob {
  const report = {
    generatedAt: new Date().toISOString(),
    tool: 'glassmeter',
    environment: { userAgent: navigator.userAgent, readPath: players[0]?.session.readPath ?? null, hardwareConcurrency: navigator.hardwareConcurrency },
    players: players.map(({ session, ctx }) => ({
      label: ctx.label,
      stream: { url: ctx.src, originOptions: originOptions(ctx.src) },
      engine: ctx.engineLabel,
      preset: ctx.presetId,
      settings: ctx.settings,
      readPath: session.readPath,
      summary: sessionSummary(session),
      samples: session.frames.toArray(),
      requests: session.requests.toArray(),
      events: session.markers.toArray(),
      avOffsets: session.avOffsets.toArray(),
    })),
  };
  return new Blob([JSON.stringify(report, jsonNumbers)], { type: 'application/json' });
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}
