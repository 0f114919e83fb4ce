// What `glassmeter check` found in a sample of frames (pure: the reading is done by check.ts).
import { gtc1Geometry, unwrapGtc1, type Gtc1Placement } from '../timecode/index.ts';

/** A step between consecutive decoded frames off the median by more than this is irregular. */
export const IRREGULAR_STEP_MS = 5;
const MAX_SAMPLES = 100_000; // frames kept for the percentiles (~55 min at 30 fps)

export interface CheckReport {
  source: string;
  width: number;
  height: number;
  frames: number;
  decoded: number;
  decodeRate: number;
  failures: Record<string, number>;
  /** Where the code was last found, and its cells relative to the size burned for this height. */
  code: (Gtc1Placement & { scale: number }) | null;
  firstCaptureMs: number | null;
  lastCaptureMs: number | null;
  /** Capture-time steps between consecutive decoded frames. */
  stepMs: { min: number; median: number; max: number; irregular: number; repeated: number } | null;
  /** This machine's clock minus the capture time, when the frame came out of ffmpeg here. */
  ageMs: { min: number; median: number } | null;
}

function median(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}

export class CheckStats {
  private frames = 0;
  private readonly failures = new Map<string, number>();
  private readonly steps: number[] = [];
  private readonly ages: number[] = [];
  private prev: number | null = null;
  private first: number | null = null;
  private last: number | null = null;
  private placement: Gtc1Placement | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** A decoded frame (t32 from its code), read at `p`, seen at local time `nowMs`. */
  decoded(t32: number, p: Gtc1Placement, nowMs: number): void {
    this.frames++;
    const ms = unwrapGtc1(t32, this.last ?? nowMs);
    if (this.prev !== null && this.steps.length < MAX_SAMPLES) this.steps.push(ms - this.prev);
    if (this.ages.length < MAX_SAMPLES) this.ages.push(nowMs - ms);
    this.prev = ms;
    this.first ??= ms;
    this.last = ms;
    this.placement = p;
  }

  failed(reason: string): void {
    this.frames++;
    this.prev = null; // a step across a failed frame is not one frame interval
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  report(source: string): CheckReport {
    const bad = [...this.failures.values()].reduce((a, b) => a + b, 0);
    const decoded = this.frames - bad;
    const steps = [...this.steps].sort((a, b) => a - b);
    const ages = [...this.ages].sort((a, b) => a - b);
    const med = steps.length ? median(steps) : NaN;
    const g = gtc1Geometry(this.width, this.height);
    const p = this.placement;
    return {
      source,
      width: this.width,
      height: this.height,
      frames: this.frames,
      decoded,
      decodeRate: this.frames ? decoded / this.frames : 0,
      failures: Object.fromEntries(this.failures),
      code: p ? { ...p, scale: g ? p.cellH / g.cell : NaN } : null,
      firstCaptureMs: this.first,
      lastCaptureMs: this.last,
      stepMs: steps.length
        ? {
            min: steps[0] as number,
            median: med,
            max: steps[steps.length - 1] as number,
            irregular: steps.filter((s) => Math.abs(s - med) > IRREGULAR_STEP_MS).length,
            repeated: steps.filter((s) => s === 0).length,
          }
        : null,
      ageMs: ages.length ? { min: ages[0] as number, median: median(ages) } : null,
    };
  }
}

const f1 = (n: number) => n.toFixed(1);

/** The report as a person reads it. */
export function formatCheckReport(r: CheckReport): string {
  const lines = [`${r.source}: ${r.width}x${r.height}, ${r.frames} frames, ${r.decoded} decoded (${f1(r.decodeRate * 100)}%)`];
  const fails = Object.entries(r.failures);
  if (fails.length) lines.push(`  not decoded: ${fails.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.code) {
    const c = r.code;
    lines.push(`  code at x ${f1(c.x)}, y ${f1(c.y)}; cells ${f1(c.cellW)} x ${f1(c.cellH)} px (${c.scale.toFixed(2)}x the size burned for ${r.height} lines)`);
  } else lines.push('  no GTC1 found in any frame');
  if (r.firstCaptureMs !== null && r.lastCaptureMs !== null) {
    lines.push(`  capture times ${new Date(r.firstCaptureMs).toISOString()} .. ${new Date(r.lastCaptureMs).toISOString()}`);
  }
  const s = r.stepMs;
  if (s) {
    lines.push(`  capture-time step between frames: median ${f1(s.median)} ms (min ${f1(s.min)}, max ${f1(s.max)}); ${s.irregular} off the median by > ${IRREGULAR_STEP_MS} ms`);
    if (s.repeated) lines.push(`  WARNING: ${s.repeated} frames repeat the previous capture time (a frame-rate conversion duplicated them)`);
  }
  if (r.ageMs) lines.push(`  age when decoded here: min ${f1(r.ageMs.min)} ms, median ${f1(r.ageMs.median)} ms (this machine's clock minus the capture time)`);
  return lines.join('\n');
}
