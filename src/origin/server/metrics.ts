/**
 * A tiny Prometheus text-format registry: counters with labels and gauges read at scrape
 * time. Label sets are bounded by the code (request kinds x status codes), not by input.
 */
type Labels = Record<string, string>;

interface CounterFamily {
  help: string;
  values: Map<string, { labels: Labels; value: number }>;
}

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

/** A Prometheus histogram with fixed buckets: constant memory whatever the traffic. */
class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(
    readonly help: string,
    readonly bounds: readonly number[],
  ) {
    this.counts = bounds.map(() => 0);
  }
  add(value: number): void {
    this.sum += value;
    this.count++;
    this.bounds.forEach((b, i) => {
      if (value <= b) this.counts[i] = (this.counts[i] ?? 0) + 1;
    });
  }
}

export class Metrics {
  private readonly counters = new Map<string, CounterFamily>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<string, { help: string; type: 'gauge' | 'counter'; read: () => number }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let family = this.counters.get(name);
    if (!family) {
      family = { help, values: new Map() };
      this.counters.set(name, family);
    }
    const key = labelKey(labels);
    const entry = family.values.get(key);
    if (entry) entry.value += by;
    else family.values.set(key, { labels, value: by });
  }

  /** A value read when /metrics is scraped (type `counter` for monotonic ones kept elsewhere). */
  observe(name: string, help: string, read: () => number, type: 'gauge' | 'counter' = 'gauge'): void {
    this.gauges.set(name, { help, type, read });
  }

  /** Adds a value to a histogram (created on first use with these bucket bounds). */
  histogram(name: string, help: string, bounds: readonly number[], value: number): void {
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram(help, bounds);
      this.histograms.set(name, h);
    }
    h.add(value);
  }

  render(): string {
    const out: string[] = [];
    for (const [name, family] of this.counters) {
      out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} counter`);
      for (const { labels, value } of family.values.values()) {
        const key = labelKey(labels);
        out.push(`${name}${key ? `{${key}}` : ''} ${value}`);
      }
    }
    for (const [name, h] of this.histograms) {
      out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      h.bounds.forEach((b, i) => out.push(`${name}_bucket{le="${b}"} ${h.counts[i]}`));
      out.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} ${g.type}`, `${name} ${g.read()}`);
    }
    return out.join('\n') + '\n';
  }
}
