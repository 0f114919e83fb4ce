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

export class Metrics {
  private readonly counters = new Map<string, CounterFamily>();
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

  counterValue(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.values.get(labelKey(labels))?.value ?? 0;
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
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} ${g.type}`, `${name} ${g.read()}`);
    }
    return out.join('\n') + '\n';
  }
}
