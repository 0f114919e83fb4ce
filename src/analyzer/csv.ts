// RFC 4180 CSV export of the analyzer's samples. Every form is a generator of lines underneath,
// so a 500,000-row export can be handed to `new Blob(chunks)` without building one giant string.

import type { FrameSample, Marker, RequestSample } from './types.ts';

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const LINE_END = '\r\n';

/** Numbers: empty when not finite, integers plainly, others with at most 3 decimals and never an exponent. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) {
    // String() switches to exponent notation from 1e21; BigInt prints every digit.
    return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  }
  // Non-integers are below 2^53, so toFixed never uses an exponent here.
  const fixed = value.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** One cell: quoted (with inner quotes doubled) when it contains a comma, quote, CR or LF. */
export function csvEscape(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, ending with CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvEscape).join(',') + LINE_END;
}

type ColumnTable<T> = readonly (readonly [name: string, valueOf: (item: T) => CsvValue])[];

const FRAME_COLUMNS: ColumnTable<FrameSample> = [
  ['display_time_ms', (s) => s.displayTimeMs],
  ['capture_time_ms', (s) => s.captureTimeMs],
  ['latency_ms', (s) => s.latencyMs],
  ['engine_latency_ms', (s) => s.engineLatencyMs],
  ['rendition_height', (s) => s.renditionHeight],
  ['bitrate_bps', (s) => s.bitrateBps],
  ['buffer_s', (s) => s.bufferS],
  ['playback_rate', (s) => s.playbackRate],
  ['target_latency_ms', (s) => s.targetLatencyMs],
  ['pdt_latency_ms', (s) => s.pdtLatencyMs],
  ['prft_latency_ms', (s) => s.prftLatencyMs],
  ['bandwidth_estimate_bps', (s) => s.bandwidthEstimateBps],
  ['dropped_frames', (s) => s.droppedFrames],
  ['missed_frames', (s) => s.missedFrames],
  ['clock_offset_ms', (s) => s.clockOffsetMs],
  ['clock_uncertainty_ms', (s) => s.clockUncertaintyMs],
  ['engine', (s) => s.engine],
  // The latency breakdown (breakdown.ts): empty until the frame is joined, or when it cannot be.
  ['available_ms', (s) => s.breakdown?.availableMs],
  // Without Server-Timing (another origin) received and buffer come from the media-time join (arrival.ts).
  ['received_ms', (s) => s.breakdown?.receivedMs ?? s.arrival?.receivedMs],
  ['encode_package_ms', (s) => s.breakdown?.encodePackageMs],
  ['delivery_ms', (s) => s.breakdown?.deliveryMs],
  ['buffer_ms', (s) => s.breakdown?.bufferMs ?? s.arrival?.bufferMs],
  ['breakdown_miss', (s) => s.breakdownMiss],
  ['before_arrival_ms', (s) => s.arrival?.beforeArrivalMs],
];

const REQUEST_COLUMNS: ColumnTable<RequestSample> = [
  ['start_ms', (r) => r.startMs],
  ['kind', (r) => r.kind],
  ['url', (r) => r.url],
  ['rendition_height', (r) => r.renditionHeight],
  ['ttfb_ms', (r) => r.ttfbMs],
  ['duration_ms', (r) => r.durationMs],
  ['bytes', (r) => r.bytes],
  ['media_duration_s', (r) => r.mediaDurationS],
  ['status', (r) => r.status],
  ['directives', (r) => r.directives],
  ['cache_status', (r) => r.cacheStatus],
  ['age_s', (r) => r.ageS],
  ['engine', (r) => r.engine],
];

/** A row of the events CSV: a marker, or a measurement row such as `av_offset`. */
export type EventRow = Omit<Marker, 'kind'> & { kind: Marker['kind'] | 'av_offset' };

const MARKER_COLUMNS: ColumnTable<EventRow> = [
  ['time_ms', (m) => m.timeMs],
  ['kind', (m) => m.kind],
  ['label', (m) => m.label],
  ['engine', (m) => m.engine],
];

export const FRAME_CSV_COLUMNS: readonly string[] = FRAME_COLUMNS.map(([name]) => name);
export const REQUEST_CSV_COLUMNS: readonly string[] = REQUEST_COLUMNS.map(([name]) => name);
export const MARKER_CSV_COLUMNS: readonly string[] = MARKER_COLUMNS.map(([name]) => name);

/**
 * Header line, then one line per item; `extraColumns` (e.g. stream_url, origin_options) are
 * appended to the header and repeated on every row, so a file stands alone when shared.
 */
function* csvLines<T>(columns: ColumnTable<T>, items: Iterable<T>, extraColumns: Record<string, string>): Generator<string, void, undefined> {
  const extraNames = Object.keys(extraColumns);
  for (const name of extraNames) {
    if (columns.some(([builtIn]) => builtIn === name)) throw new Error(`CSV extra column "${name}" clashes with a built-in column`);
  }
  yield csvLine([...columns.map(([name]) => name), ...extraNames]);
  // The constant cells are escaped once, not once per row.
  const extraCells = extraNames.map((name) => ',' + csvEscape(extraColumns[name])).join('');
  for (const item of items) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += csvEscape((columns[i] as ColumnTable<T>[number])[1](item));
    }
    yield line + extraCells + LINE_END;
  }
}

export function* frameCsvLines(samples: Iterable<FrameSample>, extraColumns: Record<string, string> = {}): Generator<string, void, undefined> {
  yield* csvLines(FRAME_COLUMNS, samples, extraColumns);
}

export function* requestCsvLines(requests: Iterable<RequestSample>, extraColumns: Record<string, string> = {}): Generator<string, void, undefined> {
  yield* csvLines(REQUEST_COLUMNS, requests, extraColumns);
}

export function* markerCsvLines(markers: Iterable<EventRow>, extraColumns: Record<string, string> = {}): Generator<string, void, undefined> {
  yield* csvLines(MARKER_COLUMNS, markers, extraColumns);
}

/**
 * Groups lines into strings of roughly `chunkChars` characters, for
 * `new Blob(Array.from(csvChunks(frameCsvLines(store))), { type: 'text/csv' })`:
 * a few hundred Blob parts instead of one per row or one huge string.
 */
export function* csvChunks(lines: Iterable<string>, chunkChars = 1 << 20): Generator<string, void, undefined> {
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= chunkChars) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
