import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

describe('Metrics', () => {
  it('renders counters in the Prometheus text format, labels sorted by name, one series per label set', () => {
    const m = new Metrics();
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { status: '200', kind: 'part' });
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { kind: 'part', status: '200' }, 2);
    m.inc('gm_requests_total', 'HTTP requests by kind and status', { kind: 'playlist', status: '503' });
    m.inc('gm_restarts_total', 'Encoder restarts');
    expect(m.render()).toBe(
      [
        '# HELP gm_requests_total HTTP requests by kind and status',
        '# TYPE gm_requests_total counter',
        'gm_requests_total{kind="part",status="200"} 3',
        'gm_requests_total{kind="playlist",status="503"} 1',
        '# HELP gm_restarts_total Encoder restarts',
        '# TYPE gm_restarts_total counter',
        'gm_restarts_total 1',
        '',
      ].join('\n'),
    );
  });

  it('reads observed values at render time, after the counters', () => {
    const m = new Metrics();
    let waiting = 3;
    m.observe('gm_waiting_requests', 'Requests held for future media', () => waiting);
    m.observe('gm_parts_published_total', 'Parts published', () => 120, 'counter');
    m.inc('gm_requests_total', 'HTTP requests');
    const first = m.render();
    expect(first).toBe(
      [
        '# HELP gm_requests_total HTTP requests',
        '# TYPE gm_requests_total counter',
        'gm_requests_total 1',
        '# HELP gm_waiting_requests Requests held for future media',
        '# TYPE gm_waiting_requests gauge',
        'gm_waiting_requests 3',
        '# HELP gm_parts_published_total Parts published',
        '# TYPE gm_parts_published_total counter',
        'gm_parts_published_total 120',
        '',
      ].join('\n'),
    );
    waiting = 7;
    expect(m.render()).toContain('\ngm_waiting_requests 7\n');
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    const m = new Metrics();
    m.inc('gm_errors_total', 'Errors', { reason: 'a "b"\\c\nd' });
    expect(m.render()).toContain('gm_errors_total{reason="a \\"b\\"\\\\c\\nd"} 1\n');
  });

  it('renders nothing but a newline when empty', () => {
    expect(new Metrics().render()).toBe('\n');
  });
});
