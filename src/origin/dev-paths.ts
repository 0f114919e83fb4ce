/**
 * What `--dev` lets through to Vite: the page, its modules and Vite's own client. Vite would
 * otherwise serve anything under the project root (package.json, the origin's sources as
 * `?raw`, node_modules) and answer 403 pages that echo absolute paths. The same folders are
 * Vite's `server.fs.allow` (vite.config.ts).
 */
export const DEV_APP_FOLDERS = ['src/app', 'src/player', 'src/analyzer', 'src/shared', 'src/timecode', 'public', 'node_modules/.vite', 'node_modules/vite/dist/client'] as const;

const EXACT = new Set(['/', '/index.html', '/favicon.svg', '/@react-refresh', '/@vite/client', '/@vite/env']);
const PREFIXES = [...DEV_APP_FOLDERS.filter((f) => f !== 'public').map((f) => `/${f}/`), '/@id/'];

/** True when the dev server may hand `pathname` (already without the query) to Vite. */
export function devPathAllowed(pathname: string): boolean {
  if (pathname.includes('..') || pathname.includes('\\') || pathname.includes('%')) return false;
  return EXACT.has(pathname) || PREFIXES.some((p) => pathname.startsWith(p));
}
