/** The latency table: one row per (profile, engine, preset), with both floors beside the p50 (bench/floor.ts). */
import type { EngineName } from '../src/analyzer/types.ts';
import { ENGINE_CATALOG } from '../src/player/catalog.ts';
import { ORIGIN_DEFAULTS } from '../src/origin/config.ts';
import { findProfile } from '../src/shared/stream/profiles.ts';
import type { LatencyRun } from './browser-runs.ts';
import { framePackagedFromRow, latencyFloor } from './floor.ts';

const engineLabel = (engine: EngineName) => ENGINE_CATALOG[engine].label;

export const LATENCY_INTRO = [
  'LL-HLS and HLS with hls.js, LL-DASH with dash.js, LL-HLS and LL-DASH with Shaka Player, one after the other on the same encode in the same run.',
  '',
  'Where the time goes: encode+package (capture to complete at the origin), delivery (to the last byte in the page), buffer (to the screen), each a p50 over the joined frames; the three add up per frame, not per p50. A/V: beep heard minus flash shown, p50 (positive = audio late).',
  '',
  'Two floors (bench/floor.ts), from E, one frame\'s capture to its own chunk packaged, taken from the row (encode+package p50 minus half the rest of the object: the column is per frame, and the k-th of n frames waits n − 1 − k frames for its object):',
  '',
  '- **Packaging floor**: what no player can go below with this packaging. The newest frame a player can show must be in a complete object: a part on LL-HLS (the hinted part is held and sent whole), a segment on HLS, but on LL-DASH its own one-frame chunk (the live-edge segment is sent chunk by chunk). The first frame of an object waits longest: E + the rest of the object (n − 1 frames) + one 60 Hz refresh. A player at a steady rate shows every frame at that delay.',
  '- **Hold-back floor**: what a player that keeps the advertised PART-HOLD-BACK (3 parts) / HOLD-BACK (3 target durations) cannot go below. The hold-back counts from the end of the playlist, the end of its newest complete object, so it already holds the wait for that object: E + hold-back − one frame + one refresh (= packaging floor + hold-back − one object). On DASH, players measure latency against the MPD\'s wall clock (here the capture clock): the ServiceDescription target + one refresh (never below the packaging floor).',
  '',
  'A row under 1.0x against the hold-back floor is a player closer to live than the playlist asks (less margin for a late part), not a measuring error; under the packaging floor would be one. Delivery and decode are in neither floor.',
];

export function renderLatency(runs: LatencyRun[]): string[] {
  return [
    ...LATENCY_INTRO,
    '',
    '| profile | engine | preset | over | frames (fps) | decoded | g2g p50 (ms) | p95 | engine p50 | encode+package p50 | delivery p50 | buffer p50 | packaging floor | p50 / packaging floor | hold-back floor | p50 / hold-back floor | A/V p50 | stalls | stalled (ms) | switches |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((x) => {
      const profile = findProfile(x.profile);
      const fps = ORIGIN_DEFAULTS.fps;
      const floor = profile && x.encodePackageP50Ms !== null ? latencyFloor(profile, framePackagedFromRow(profile, x.encodePackageP50Ms, fps), fps) : null;
      const over = (ms: number | undefined) => (ms !== undefined && x.g2gMs.p50 !== null ? `${(x.g2gMs.p50 / ms).toFixed(2)}x` : '—');
      const ms = (v: number | undefined) => (v === undefined ? '—' : String(Math.round(v)));
      return `| ${x.profile} | ${engineLabel(x.engine)} | ${x.preset} | ${x.seconds} s | ${x.frames} (${x.fps}) | ${(x.decodeRate * 100).toFixed(1)}% | ${x.g2gMs.p50} | ${x.g2gMs.p95} | ${x.engineP50Ms ?? '—'} | ${x.encodePackageP50Ms ?? '—'} | ${x.deliveryP50Ms ?? '—'} | ${x.bufferP50Ms ?? '—'} | ${ms(floor?.packagingFloorMs)} | ${over(floor?.packagingFloorMs)} | ${ms(floor?.holdBackFloorMs)} | ${over(floor?.holdBackFloorMs)} | ${x.avOffsetP50Ms ?? '—'} | ${x.stalls} | ${x.stallMs} | ${x.switches} |`;
    }),
  ];
}
