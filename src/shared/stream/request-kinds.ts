import type { ObjectKind } from './object-names.ts';

/**
 * What the origin counts a request as (`glassmeter_http_requests_total{kind}` in /metrics,
 * docs/origin.md): the objects a player asks for, a playlist request held for a future part
 * (`blocking_playlist`), and the origin's own routes. A fixed set, so the metric's label sets
 * stay bounded whatever visitors send.
 */
export type RequestKind = ObjectKind | 'profiles' | 'master' | 'blocking_playlist' | 'time' | 'metrics' | 'health' | 'app' | 'options' | 'unknown';
