import { csvChunks, frameCsvLines, markerCsvLines, requestCsvLines } from '../analyzer/csv.ts';
import type { AnalyzerSession } from '../analyzer/session.ts';
import { summarizeMeasurement } from '../analyzer/summary.ts';
import type { EngineSettings } from '../player/engine.ts';

export interface ExportContext {
  src: string;
  engineLabel: string;
  presetId: string | null;
  settings: EngineSettings;
}

/** Origin URL options (/o/<options>/live/...) carried by the stream URL, or "". */
export function originOptions(src: string): string {
  return /\/o\/([^/]+)\/live\//.exec(src)?.[1] ?? '';
}

function extraColumns(ctx: ExportContext): Record<string, string> {
  return { stream_url: ctx.src, origin_options: originOptions(ctx.src) };
}

/** The summary numbers the page shows, over the whole session. */
export function sessionSummary(session: AnalyzerSession) {
  return {
    ...summarizeMeasurement(session.frames, session.markers, session.now()),
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
export function framesCsvBlob(session: AnalyzerSession, ctx: ExportContext): Blob {
  return new Blob(Array.from(csvChunks(frameCsvLines(session.frames, extraColumns(ctx)))), { type: 'text/csv' });
}

export function requestsCsvBlob(session: AnalyzerSession, ctx: ExportContext): Blob {
  return new Blob(Array.from(csvChunks(requestCsvLines(session.requests, extraColumns(ctx)))), { type: 'text/csv' });
}

export function eventsCsvBlob(session: AnalyzerSession, ctx: ExportContext): Blob {
  return new Blob(Array.from(csvChunks(markerCsvLines(session.markers, extraColumns(ctx)))), { type: 'text/csv' });
}

/** NaN and Infinity are not JSON: write them as null. */
const jsonNumbers = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value);

export function jsonReportBlob(session: AnalyzerSession, ctx: ExportContext): Blob {
  const report = {
    generatedAt: new Date().toISOString(),
    tool: 'glassmeter',
    stream: { url: ctx.src, originOptions: originOptions(ctx.src) },
    engine: ctx.engineLabel,
    preset: ctx.presetId,
    settings: ctx.settings,
    environment: { userAgent: navigator.userAgent, readPath: session.readPath, hardwareConcurrency: navigator.hardwareConcurrency },
    summary: sessionSummary(session),
    samples: session.frames.toArray(),
    requests: session.requests.toArray(),
    events: session.markers.toArray(),
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
