/**
 * Imported by dash-engine.ts before 'dashjs' (ES modules run in import order). When dash.js's
 * bundle is evaluated after the page has loaded, which is always the case here (it is loaded on
 * demand), it polls every 500 ms, for ever, for a global `dashjs` so it can turn
 * <video data-dashjs-player> elements into players. This page creates its player itself;
 * dash.js's documented `dashjs.skipAutoCreate` flag turns that scan off.
 */
// Through unknown: dash.js's typings declare the global `dashjs` as the whole library (its UMD build).
const scope = globalThis as unknown as { dashjs?: { skipAutoCreate?: boolean } };
if (typeof window !== 'undefined' && scope.dashjs === undefined) scope.dashjs = { skipAutoCreate: true };

export {};
