import { describe, it, expect } from 'vitest';
import {
  FRAME_CSV_COLUMNS,
  MARKER_CSV_COLUMNS,
  REQUEST_CSV_COLUMNS,
  csvChunks,
  csvEscape,
  frameCsvLines,
  markerCsvLines,
  requestCsvLines,
} from './csv.ts';
import { SampleStore } from './sample-store.ts';
import type { FrameSample, Marker, RequestSample } from './types.ts';

/** A file's text as the export builds it: the lines grouped into Blob chunks. */
const text = (lines: Iterable<string>) => Array.from(csvChunks(lines)).join('');

const SAMPLE: FrameSample = {
  displayTimeMs: 1_773_578_096_789.25,
  captureTimeMs: 1_773_578_094_500,
  latencyMs: 2289.25,
  engineLatencyMs: 2100.123456,
  targetLatencyMs: 2000,
  pdtLatencyMs: Number.NaN,
  prftLatencyMs: Number.NaN,
  renditionHeight: 720,
  bitrateBps: 1_500_000,
  bufferS: 0.4567,
  playbackRate: 1.05,
  bandwidthEstimateBps: Number.POSITIVE_INFINITY,
  droppedFrames: 3,
  missedFrames: 0,
  clockOffsetMs: -12.5,
  clockUncertaintyMs: 0.5,
  engine: 'hls',
};

/** Minimal RFC 4180 parser for round-trip checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

describe('csvEscape', () => {
  it('quotes cells containing comma, quote, CR or LF and doubles inner quotes', () => {
    expect(csvEscape('plain')).toBe('plain');
    expect(csvEscape('a,b')).toBe('"a,b"');
    expect(csvEscape('say "hi"')).toBe('"say ""hi"""');
    expect(csvEscape('line\nbreak')).toBe('"line\nbreak"');
    expect(csvEscape('cr\rhere')).toBe('"cr\rhere"');
    expect(csvEscape('')).toBe('');
    expect(csvEscape(' spaced ')).toBe(' spaced ');
  });

  it('formats numbers without exponents, with at most 3 decimals', () => {
    expect(csvEscape(Number.NaN)).toBe('');
    expect(csvEscape(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvEscape(Number.NEGATIVE_INFINITY)).toBe('');
    expect(csvEscape(0)).toBe('0');
    expect(csvEscape(-0)).toBe('0');
    expect(csvEscape(1_773_578_094_500)).toBe('1773578094500');
    expect(csvEscape(-42)).toBe('-42');
    expect(csvEscape(1.5)).toBe('1.5');
    expect(csvEscape(2.123456)).toBe('2.123');
    expect(csvEscape(2.0005)).toBe('2.001');
    expect(csvEscape(99.9999)).toBe('100');
    expect(csvEscape(1e-7)).toBe('0');
    expect(csvEscape(-1e-7)).toBe('0');
    expect(csvEscape(1.5e-3)).toBe('0.002');
    expect(csvEscape(1e21)).toBe('1000000000000000000000');
    expect(csvEscape(1_773_578_096_789.25)).toBe('1773578096789.25');
  });

  it('formats booleans and empties', () => {
    expect(csvEscape(true)).toBe('true');
    expect(csvEscape(null)).toBe('');
    expect(csvEscape(undefined)).toBe('');
  });
});

describe('frameCsvLines', () => {
  it('has the documented header order', () => {
    expect(FRAME_CSV_COLUMNS.join(',')).toBe(
      'display_time_ms,capture_time_ms,latency_ms,engine_latency_ms,rendition_height,bitrate_bps,buffer_s,playback_rate,' +
        'target_latency_ms,pdt_latency_ms,prft_latency_ms,bandwidth_estimate_bps,dropped_frames,missed_frames,clock_offset_ms,clock_uncertainty_ms,engine,' +
        'available_ms,received_ms,encode_package_ms,delivery_ms,buffer_ms,breakdown_miss,before_arrival_ms',
    );
  });

  it('writes a header and one CRLF-terminated row per sample', () => {
    const breakdown = { availableMs: 1773578094610, receivedMs: 1773578094650.5, encodePackageMs: 110, deliveryMs: 40.5, bufferMs: 2138.75 };
    const arrival = { receivedMs: 1773578095100, beforeArrivalMs: 600, bufferMs: 1689.25 };
    const csv = text(frameCsvLines([SAMPLE, { ...SAMPLE, engine: 'dash', breakdown }, { ...SAMPLE, breakdownMiss: 'no-server-timing', arrival }]));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    // Another origin: no availability, received and buffer from the media-time join, and before arrival.
    expect(lines[3]?.endsWith(',hls,,1773578095100,,,1689.25,no-server-timing,600')).toBe(true);
    expect(lines[0]).toMatch(/^display_time_ms,capture_time_ms,latency_ms,engine_latency_ms,rendition_height,bitrate_bps,buffer_s,playback_rate,/);
    expect(lines[1]).toBe('1773578096789.25,1773578094500,2289.25,2100.123,720,1500000,0.457,1.05,2000,,,,3,0,-12.5,0.5,hls,,,,,,,');
    expect(lines[2]?.endsWith(',dash,1773578094610,1773578094650.5,110,40.5,2138.75,,')).toBe(true);
  });

  it('appends context columns to the header and every row, escaped', () => {
    const extra = { stream_url: 'http://localhost:8080/o/net=3g,delay=500/live/ll200/master.m3u8', origin_options: 'net=3g' };
    const rows = parseCsv(text(frameCsvLines([SAMPLE, SAMPLE], extra)));
    expect(rows[0]).toEqual([...FRAME_CSV_COLUMNS, 'stream_url', 'origin_options']);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(FRAME_CSV_COLUMNS.length + 2);
      expect(row.slice(-2)).toEqual([extra.stream_url, 'net=3g']);
    }
  });

  it('rejects an extra column that shadows a built-in one', () => {
    expect(() => text(frameCsvLines([SAMPLE], { engine: 'x' }))).toThrow(/clashes/);
  });

  it('writes only the header for no samples', () => {
    expect(text(frameCsvLines([]))).toBe(FRAME_CSV_COLUMNS.join(',') + '\r\n');
  });

  it('streams a large store as lines and chunks that add up to the whole file', () => {
    const store = new SampleStore<FrameSample>(10_000);
    for (let i = 0; i < 5000; i++) store.push({ ...SAMPLE, displayTimeMs: 1000 + i });
    const lines = Array.from(frameCsvLines(store, { run: 'a' }));
    expect(lines).toHaveLength(5001);
    for (const line of lines) expect(line.endsWith('\r\n')).toBe(true);
    const chunks = Array.from(csvChunks(lines, 64 * 1024));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThan(20);
    expect(chunks.join('')).toBe(lines.join(''));
    expect(Array.from(csvChunks([]))).toEqual([]);
  });
});

describe('requestCsvLines and markerCsvLines', () => {
  it('writes requests with snake_case columns, quoting URLs that need it', () => {
    const request: RequestSample = {
      kind: 'part',
      url: 'http://o/live/ll200/720p/part.m4s?_HLS_msn=12&_HLS_part=3,x',
      renditionHeight: 720,
      startMs: 1000.5,
      ttfbMs: Number.NaN,
      durationMs: 210.25,
      bytes: 40_000,
      mediaDurationS: 0.2,
      status: 200,
      directives: '_HLS_msn=12&_HLS_part=3',
      cacheStatus: 'coalesced',
      ageS: 0,
      engine: 'hls',
    };
    const rows = parseCsv(text(requestCsvLines([request], { stream_url: 'u' })));
    expect(rows[0]).toEqual([...REQUEST_CSV_COLUMNS, 'stream_url']);
    expect(REQUEST_CSV_COLUMNS).toEqual(['start_ms', 'kind', 'url', 'rendition_height', 'ttfb_ms', 'duration_ms', 'bytes', 'media_duration_s', 'status', 'directives', 'cache_status', 'age_s', 'engine']);
    expect(rows[1]).toEqual(['1000.5', 'part', request.url, '720', '', '210.25', '40000', '0.2', '200', '_HLS_msn=12&_HLS_part=3', 'coalesced', '0', 'hls', 'u']);
  });

  it('writes markers, keeping labels with quotes and newlines intact', () => {
    const markers: Marker[] = [
      { timeMs: 5, kind: 'settings', label: 'part "200ms",\nnet=3g', engine: 'dash' },
      { timeMs: 6, kind: 'stall-start', label: '', engine: 'dash' },
    ];
    const csv = text(markerCsvLines(markers));
    expect(csv.startsWith(MARKER_CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    expect(MARKER_CSV_COLUMNS).toEqual(['time_ms', 'kind', 'label', 'engine']);
    expect(parseCsv(csv)).toEqual([
      ['time_ms', 'kind', 'label', 'engine'],
      ['5', 'settings', 'part "200ms",\nnet=3g', 'dash'],
      ['6', 'stall-start', '', 'dash'],
    ]);
  });
});
