import { summarize } from '../src/analyzer/stats.ts';

/** Median and tail of a list of numbers, rounded for tables. */
export function describe(values: number[], digits = 2) {
  const s = summarize(values);
  const r = (n: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);
  return { n: s.count, p50: r(s.p50), p95: r(s.p95), p99: r(s.p99), min: r(s.min), max: r(s.max), mean: r(s.mean) };
}

/** CPU seconds (user + system) of a process from /proc, or NaN where /proc is missing. */
export async function processCpuSeconds(pid: number): Promise<number> {
  try {
    const { readFile } = await import('node:fs/promises');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
