/**
 * A CDN edge's cache status (X-Cache) and Age as each engine hands over a response's headers:
 * hls.js an XHR or a fetch Response, dash.js the headers as "name: value" lines, Shaka a
 * record. The values are checked once, here: they end up in the CSV and on the charts.
 */

export interface CacheFields {
  cacheStatus?: string;
  ageS?: number;
}

/** The two headers through `read` (any case of name), checked; a failing or missing read gives nothing. */
function fromReader(read: (name: string) => string | null | undefined): CacheFields {
  const out: CacheFields = {};
  try {
    const status = read('x-cache')?.trim().toLowerCase();
    if (status && /^[a-z-]{1,20}$/.test(status)) out.cacheStatus = status;
    const age = read('age')?.trim();
    if (age && /^\d{1,10}$/.test(age)) out.ageS = Number(age);
  } catch {
    // An XHR that is not done yet throws on some browsers: no headers then.
  }
  return out;
}

/** What an XMLHttpRequest or a fetch Response (hls.js's `networkDetails`) lets us read of its headers. */
type HeaderSource = { getResponseHeader(name: string): string | null } | { headers: { get(name: string): string | null } };

/** From hls.js's `networkDetails`, when it is an XHR or a fetch Response and the headers are exposed through CORS. */
export function cacheHeaders(networkDetails: unknown): CacheFields {
  if (typeof networkDetails !== 'object' || networkDetails === null) return {};
  const source = networkDetails as Partial<Record<'getResponseHeader' | 'headers', unknown>>;
  if (typeof source.getResponseHeader === 'function') return fromReader((n) => (networkDetails as Extract<HeaderSource, { getResponseHeader: unknown }>).getResponseHeader(n));
  if (typeof (source.headers as { get?: unknown } | undefined)?.get === 'function') return fromReader((n) => (networkDetails as Extract<HeaderSource, { headers: unknown }>).headers.get(n));
  return {};
}

/** From response headers as text, "Name: value" per line (dash.js's HttpList `_responseHeaders`). */
export function cacheFromHeaderText(text: unknown): CacheFields {
  if (typeof text !== 'string' || text === '') return {};
  const found = new Map<string, string>();
  // Bounded: a response's header block, not a document.
  for (const line of text.slice(0, 16_384).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) found.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1));
  }
  return fromReader((n) => found.get(n));
}

/** From a header record (Shaka's `response.headers`, names lower-cased by its fetch plugin). */
export function cacheFromHeaderRecord(headers: unknown): CacheFields {
  if (typeof headers !== 'object' || headers === null) return {};
  const record = headers as Record<string, unknown>;
  return fromReader((n) => {
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (key.toLowerCase() === n && typeof value === 'string') return value;
    }
    return null;
  });
}
