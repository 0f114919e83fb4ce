import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The origin's /metrics, on prom-client: the standard exposition format and its escaping,
 * process metrics, and a library that follows the format. Each origin has its own Registry
 * (never prom-client's global one, so two origins in one test process do not share counts).
 * Metrics are created on first use from the name and help at the call site; label sets are
 * bounded by the code (request kinds x status codes), not by input.
 */
type Labels = Record<string, string>;

/** Labels in name order, so a series prints the same whichever order the caller wrote. */
const sortedLabels = (labels: Labels): Labels => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

let processRegistry: Registry | null = null;
/**
 * process_* and nodejs_* (CPU, memory, fds, event-loop lag, GC): one set per process, however
 * many origins it runs, since they describe the process. Created on the first scrape that asks.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  private readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();

  /** @param withProcessMetrics add prom-client's default process metrics to render() */
  constructor(private readonly withProcessMetrics = false) {}

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const sorted = sortedLabels(labels);
    let counter = this.counters.get(name);
    if (!counter) {
      counter = new Counter({ name, help, labelNames: Object.keys(sorted), registers: [this.registry] });
      this.counters.set(name, counter);
    }
    counter.inc(sorted, by);
  }

  /** A value read when /metrics is scraped (type `counter` for monotonic ones kept elsewhere). */
  observe(name: string, help: string, read: () => number, type: 'gauge' | 'counter' = 'gauge'): void {
    if (type === 'gauge') {
      new Gauge({ name, help, registers: [this.registry], collect: function (this: Gauge) { this.set(read()); } });
    } else {
      // The count lives elsewhere (packager, encoder): the counter mirrors it at scrape time.
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect: function (this: Counter) {
          this.reset();
          this.inc(read());
        },
      });
    }
  }

  /** Adds a value to a histogram (created on first use with these bucket bounds): constant memory. */
  histogram(name: string, help: string, bounds: readonly number[], value: number): void {
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram({ name, help, buckets: [...bounds], registers: [this.registry] });
      this.histograms.set(name, h);
    }
    h.observe(value);
  }

  /** The Prometheus text exposition of every metric (and the process metrics, if asked for). */
  render(): Promise<string> {
    return this.withProcessMetrics ? Registry.merge([this.registry, processMetrics()]).metrics() : this.registry.metrics();
  }
}
