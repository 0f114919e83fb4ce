import { BREAKDOWN_PARTS, breakdownBars, type BarStats, type BreakdownBar } from '../charts/breakdown-bars.ts';
import { fmtMs } from '../format.ts';

const SPLIT_NOTES: Record<BreakdownBar['split'], string> = {
  origin: '',
  arrival: 'no Server-Timing: split at the last byte',
  none: 'not split yet',
};

function Bar({ bar }: { bar: BreakdownBar }) {
  return (
    <div className="breakdown-bar" data-testid="breakdown-bar" data-player={bar.label}>
      <span className="player-label" style={{ borderColor: bar.color }}>
        {bar.label}
      </span>
      <div className="bar-track">
        {bar.parts.map((p) => (
          <span key={p.key} className="bar-part" style={{ width: `${p.width * 100}%`, background: p.color }} title={`${p.label}: ${fmtMs(p.ms)} ms`} />
        ))}
        {Number.isFinite(bar.g2gAt) && <span className="bar-g2g-tick" style={{ left: `${bar.g2gAt * 100}%` }} title={`glass-to-glass p50: ${fmtMs(bar.g2gP50Ms)} ms`} />}
      </div>
      <span className="bar-numbers">
        {bar.parts.map((p, i) => (
          <span key={p.key}>
            {i > 0 && ' + '}
            <span style={{ color: p.color }}>{p.label}</span> <span data-testid={`bar-${p.key}`}>{fmtMs(p.ms)}</span>
          </span>
        ))}
        {bar.split !== 'none' && (
          <>
            {' = '}
            <span data-testid="bar-sum">{fmtMs(bar.sumMs)}</span>
            {' ms · '}
          </>
        )}
        {'glass-to-glass p50 '}
        <span data-testid="bar-g2g">{fmtMs(bar.g2gP50Ms)}</span>
        {' ms'}
        {SPLIT_NOTES[bar.split] && <span className="readouts-caption"> ({SPLIT_NOTES[bar.split]})</span>}
      </span>
    </div>
  );
}

/**
 * Compare view: each player's latency split as a stacked bar, every bar on one scale, with the
 * player's glass-to-glass p50 as a tick, from the very statistics its breakdown readouts show.
 */
export function BreakdownBars({ players }: { players: ReadonlyArray<{ label: string; color: string; stats: BarStats }> }) {
  const bars = breakdownBars(players);
  return (
    <section className="breakdown-bars" data-testid="breakdown-bars" aria-label="Where the time goes, per player">
      <h3>
        Where the time goes (p50 over the window):{' '}
        {(['encode', 'delivery', 'buffer'] as const).map((k) => (
          <span key={k} className="legend-key" style={{ color: BREAKDOWN_PARTS[k].color }}>
            ■ {BREAKDOWN_PARTS[k].label}{' '}
          </span>
        ))}
        <span className="legend-key">│ glass-to-glass p50 (medians do not add: the bar and the tick differ a little)</span>
      </h3>
      {bars.map((bar, i) => (
        <Bar key={`${i}:${bar.label}`} bar={bar} />
      ))}
    </section>
  );
}
