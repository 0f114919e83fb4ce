/**
 * "Via edge": the bundled origin started with --edge tells the page its edge's port (GET /live/);
 * the page moves the origin's stream URLs onto that port, on the host the page was loaded from,
 * and back. The stream URL itself says which way it goes, so the permalink carries it.
 */

/** Paths of the origin's streams, plain or with URL options. */
const STREAM_PATH = /^\/(live|o)\//;

/** The edge's origin (scheme, host, port) for a page served from `pageOrigin`. */
export function edgeOrigin(pageOrigin: string, edgePort: number): string | null {
  if (!Number.isInteger(edgePort) || edgePort < 1 || edgePort > 65535) return null;
  try {
    const url = new URL(pageOrigin);
    url.port = String(edgePort);
    return url.origin;
  } catch {
    return null;
  }
}

function parse(src: string, pageOrigin: string): URL | null {
  try {
    return new URL(src, pageOrigin);
  } catch {
    return null;
  }
}

/** Whether `src` is one of the origin's streams played through the edge. */
export function isViaEdge(src: string, pageOrigin: string, edge: string): boolean {
  const url = parse(src, pageOrigin);
  return url !== null && url.origin === edge && STREAM_PATH.test(url.pathname);
}

/** `src` through the edge; null when it is not one of this page's origin's streams (nothing to route). */
export function routeViaEdge(src: string, pageOrigin: string, edge: string): string | null {
  const url = parse(src, pageOrigin);
  if (!url || !STREAM_PATH.test(url.pathname)) return null;
  if (url.origin === edge) return src;
  if (url.origin !== new URL(pageOrigin).origin) return null;
  return `${edge}${url.pathname}${url.search}`;
}

/** `src` straight from the origin again (the page-relative path), or `src` as it is when it is not via the edge. */
export function routeDirect(src: string, pageOrigin: string, edge: string): string {
  if (!isViaEdge(src, pageOrigin, edge)) return src;
  const url = new URL(src, pageOrigin);
  return `${url.pathname}${url.search}`;
}
