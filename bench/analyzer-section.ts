/** The analyzer section: what reading GTC1 costs per frame, once locked and when searching. */
import type { ReadCostRun } from './browser-runs.ts';

/** #15's bound for a locked read of a 720p frame. */
export const LOCKED_READ_BOUND_MS = 0.5;

export function renderReadCost(r: { runs: ReadCostRun[]; canvasOverWebcodecsP50: Record<string, number | null> }): string[] {
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const locked720 = r.runs.find((x) => x.path === 'webcodecs' && x.height === 720)?.costMs;
  const verdict = locked720?.p50 == null
    ? 'No 720p WebCodecs run in this report.'
    : `Locked read of a 720p frame on the WebCodecs path: p50 ${locked720.p50} ms, p95 ${ms(locked720.p95)} ms, against #15's bound of ${LOCKED_READ_BOUND_MS} ms: ${locked720.p50 <= LOCKED_READ_BOUND_MS ? 'the p50 is within it' : 'the p50 is over it'}${locked720.p95 !== null && locked720.p95 > LOCKED_READ_BOUND_MS ? `, the p95 is not` : ''}.`;
  return [
    'll200 with hls.js, one rendition locked per run. **Locked**: every frame the reader reads at the place the code was found (CodeTracker), one small copy of the GTC1 strip; the test source\'s code never moves, so after the first frame every read is locked. **Search**: the frames right after, each searched whole as if nothing were locked (`CodeTracker.forceSearches`): a copy of the whole frame and `locateGtc1` over it (in the page a search runs only while no code is locked, at most every 250 ms). Both include the flash-square read (one cell), and are wall time per frame from the callback to the end of the reads, the asynchronous copies included, not CPU alone. The page\'s clock (`performance.now()`) is coarsened to 0.1 ms in Chromium without cross-origin isolation, so the locked values are multiples of 0.1 ms: a p50 of 0.2 means 0.15-0.25 ms.',
    '',
    '| path | rendition | locked frames (fps) | locked p50 (ms) | locked p95 (ms) | search frames | search p50 (ms) | search p95 (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.runs.map((x) => `| ${x.path} | ${x.height}p | ${x.frames} (${x.seconds ? (x.frames / x.seconds).toFixed(1) : '—'}) | ${ms(x.costMs.p50)} | ${ms(x.costMs.p95)} | ${x.searchFrames ?? '—'} | ${ms(x.searchCostMs?.p50)} | ${ms(x.searchCostMs?.p95)} |`),
    '',
    `${verdict} Canvas / WebCodecs, locked p50: 720p ${r.canvasOverWebcodecsP50['720p']}x, 240p ${r.canvasOverWebcodecsP50['240p']}x.`,
  ];
}
