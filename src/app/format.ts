/** Whole milliseconds, or an em dash when unknown. */
export const fmtMs = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '—');
export const fmtPercent = (fraction: number) => (Number.isFinite(fraction) ? (fraction * 100).toFixed(1) : '—');
export const fmtKbps = (bps: number) => (Number.isFinite(bps) ? `${Math.round(bps / 1000)} kbps` : '—');
export const fmtClock = (ms: number) => {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
};
