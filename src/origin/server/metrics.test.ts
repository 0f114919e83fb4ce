import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

/** The rendered families, blank lines between them dropped: what a scraper reads. */
const lines = async (m: Metrics) => (await m.render()).split('\n').filter((l) => l !== '');

describe('Metrics', () => {
  it('renders counters in the Prometheus text format, labels sorted by name, one series per label set', async () => {
    const m = new Metrics();
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { status: '200', kind: 'part' });
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { kind: 'part', status: '200' }, 2);
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { kind: 'playlist', status: '503' });
    m.inc('gm_restarts_total', 'Encoder restarts');
    expect(await lines(m)).toEqual([
      '# HELP gm_requests_total HTTP requests by kind and status',
      '# TYPE gm_requests_total counter',
      'gm_requests_total{kind="part",status="200"} 3',
      'gm_requests_total{kind="playlist",status="503"} 1',
      '# HELP gm_restarts_total Encoder restarts',
      '# TYPE gm_restarts_total counter',
      'gm_restarts_total 1',
    ]);
  });

  it('reads observed values at render time, as gauges or as counters kept elsewhere', async () => {
    const m = new Metrics();
    let waiting = 3;
    let published = 120;
    m.observe('gm_waiting_requests', 'Requests held for future media', () => waiting);
    m.observe('gm_parts_published_total', 'Parts published', () => published, 'counter');
    m.inc('gm_requests_total', 'HTTP requests');
    expect(await lines(m)).toEqual([
      '# HELP gm_waiting_requests Requests held for future media',
      '# TYPE gm_waiting_requests gauge',
      'gm_waiting_requests 3',
      '# HELP gm_parts_published_total Parts published',
      '# TYPE gm_parts_published_total counter',
      'gm_parts_published_total 120',
      '# HELP gm_requests_total HTTP requests',
      '# TYPE gm_requests_total counter',
      'gm_requests_total 1',
    ]);
    waiting = 7;
    published = 125;
    const again = await m.render();
    expect(again).toContain('\ngm_waiting_requests 7\n');
    // Mirrored, not accumulated: the value read, not 120 + 125.
    expect(again).toContain('\ngm_parts_published_total 125\n');
  });

  it('renders a histogram with its fixed buckets, cumulative, plus +Inf, sum and count', async () => {
    const m = new Metrics();
    for (const v of [0.004, 0.02, 0.02, 3]) m.histogram('gm_release_seconds', 'Release delay', [0.005, 0.05], v);
    expect(await lines(m)).toEqual([
      '# HELP gm_release_seconds Release delay',
      '# TYPE gm_release_seconds histogram',
      'gm_release_seconds_bucket{le="0.005"} 1',
      'gm_release_seconds_bucket{le="0.05"} 3',
      'gm_release_seconds_bucket{le="+Inf"} 4',
      'gm_release_seconds_sum 3.044',
      'gm_release_seconds_count 4',
    ]);
  });

  it('escapes backslashes, quotes and newlines in label values', async () => {
    const m = new Metrics();
    m.inc('gm_errors_total', 'Errors', { reason: 'a "b"\\c\nd' });
    expect(await m.render()).toContain('gm_errors_total{reason="a \\"b\\"\\\\c\\nd"} 1\n');
  });

  it('renders nothing but a newline when empty', async () => {
    expect(await new Metrics().render()).toBe('\n');
  });

  it('adds the process metrics when asked, once per process, beside its own', async () => {
    const a = new Metrics(true);
    const b = new Metrics(true);
    a.inc('gm_requests_total', 'HTTP requests');
    const text = await a.render();
    expect(text).toContain('\ngm_requests_total 1\n');
    expect(text).toMatch(/\nprocess_resident_memory_bytes [1-9]\d*\n/);
    expect(text).toMatch(/\nnodejs_eventloop_lag_p99_seconds \d/);
    // The second origin shares the process set and keeps its own counts.
    expect(await b.render()).not.toContain('gm_requests_total');
    expect(await b.render()).toContain('# TYPE process_cpu_seconds_total counter');
  });
});
