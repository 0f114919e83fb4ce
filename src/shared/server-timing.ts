/**
 * The origin's per-object timing, sent as a standard `Server-Timing` header on every media
 * response and read back by the page (Resource Timing `serverTiming`, or the header itself).
 * The entries describe the object, not the hop, so a CDN can pass them through unchanged.
 * Absolute times are ms since the Unix epoch on the origin's clock (the GTC1 and /time clock),
 * in `desc`; durations are ms, in `dur`. docs/origin.md#server-timing lists them.
 */
export const TIMING_NAMES = {
  /** Capture time of the object's first frame. */
  captureFirst: 'gm-cap-first',
  /** Capture time of its last frame (for a segment still being streamed: its planned last frame). */
  captureLast: 'gm-cap-last',
  /** When the object was complete at the origin, after any injected delay; absent while streaming. */
  available: 'gm-avail',
  /** Chunked response of an object still being produced: capture -> publication of its chunks (ms). */
  packaging: 'gm-pkg',
  /** How long the origin held the request before answering (ms). */
  hold: 'gm-hold',
  /** Injected `delay=` included in `gm-avail` (ms). */
  delay: 'gm-delay',
  /** Height of the video the object carries; absent for audio-only objects. */
  videoHeight: 'gm-height',
} as const;

export interface ObjectTiming {
  captureFirstMs: number | null;
  captureLastMs: number | null;
  availableMs: number | null;
  packagingMs: number | null;
  holdMs: number;
  delayMs: number;
  videoHeight: number | null;
}

/** At most 3 decimals, no exponent: an epoch time keeps its sub-millisecond part. */
const num = (n: number) => String(Math.round(n * 1000) / 1000);

export function formatServerTiming(t: ObjectTiming): string {
  const entries: string[] = [];
  const at = (name: string, ms: number | null) => {
    if (ms !== null && Number.isFinite(ms)) entries.push(`${name};desc=${num(ms)}`);
  };
  const dur = (name: string, ms: number | null) => {
    if (ms !== null && Number.isFinite(ms)) entries.push(`${name};dur=${num(ms)}`);
  };
  at(TIMING_NAMES.captureFirst, t.captureFirstMs);
  at(TIMING_NAMES.captureLast, t.captureLastMs);
  at(TIMING_NAMES.available, t.availableMs);
  dur(TIMING_NAMES.packaging, t.packagingMs);
  dur(TIMING_NAMES.hold, t.holdMs);
  dur(TIMING_NAMES.delay, t.delayMs);
  dur(TIMING_NAMES.videoHeight, t.videoHeight);
  return entries.join(', ');
}

/** One entry as Resource Timing gives it (PerformanceServerTiming), or as parsed from the header. */
export interface TimingEntry {
  name: string;
  duration: number;
  description: string;
}

/** A non-negative finite number written plainly, else null: anything else a server sends is refused. */
function plainNumber(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  if (!/^\d{1,16}(\.\d{1,6})?$/.test(text.trim())) return null;
  return Number(text);
}

const positive = (n: number | null) => (n !== null && n > 0 ? n : null);

/**
 * The origin's timing from a response's entries; null when it carries none of ours (another
 * origin). Bad values of one entry make that field null, never the others.
 */
export function readObjectTiming(entries: Iterable<TimingEntry>): ObjectTiming | null {
  const byName = new Map<string, TimingEntry>();
  for (const e of entries) if (!byName.has(e.name)) byName.set(e.name, e);
  const at = (name: string) => {
    const e = byName.get(name);
    return e ? plainNumber(e.description) : null;
  };
  // Resource Timing reports a missing dur as 0, so a dur entry without a value reads 0.
  const dur = (name: string) => {
    const e = byName.get(name);
    return e ? plainNumber(e.duration) : null;
  };
  const captureFirstMs = at(TIMING_NAMES.captureFirst);
  if (captureFirstMs === null && !byName.has(TIMING_NAMES.available)) return null;
  return {
    captureFirstMs,
    captureLastMs: at(TIMING_NAMES.captureLast),
    availableMs: at(TIMING_NAMES.available),
    packagingMs: dur(TIMING_NAMES.packaging),
    holdMs: dur(TIMING_NAMES.hold) ?? 0,
    delayMs: dur(TIMING_NAMES.delay) ?? 0,
    videoHeight: positive(dur(TIMING_NAMES.videoHeight)),
  };
}

/**
 * Parses a `Server-Timing` header value (RFC 8941-like: `name;dur=1;desc="x", ...`), for
 * loaders that expose headers. Malformed entries are skipped.
 */
export function parseServerTimingHeader(header: string): TimingEntry[] {
  const out: TimingEntry[] = [];
  for (const raw of header.split(',')) {
    const [nameRaw, ...params] = raw.split(';');
    const name = (nameRaw ?? '').trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) continue;
    let duration = 0;
    let description = '';
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
      if (key === 'dur') {
        const n = Number(value);
        duration = Number.isFinite(n) ? n : 0;
      } else if (key === 'desc') description = value;
    }
    out.push({ name, duration, description });
  }
  return out;
}
