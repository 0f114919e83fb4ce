// Test data for the breakdown bars: a player's window statistics with only what the bars read.
import type { BarStats } from '../charts/breakdown-bars.ts';

export const barStats = (encode: number, delivery: number, buffer: number, g2g: number, beforeArrival = Number.NaN): BarStats => ({
  encodePackageP50Ms: encode,
  deliveryP50Ms: delivery,
  bufferP50Ms: buffer,
  beforeArrivalP50Ms: beforeArrival,
  latency: { p50: g2g },
});
