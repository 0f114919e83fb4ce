import type { AnalyzerSession } from '../../analyzer/session.ts';
import { frameHealth } from '../../analyzer/starvation.ts';
import { stallSummary, summarize, switchCount, windowStats } from '../../analyzer/stats.ts';
import { fmtMs, fmtPercent } from '../format.ts';
import { WINDOWS, useUiStore } from '../stores/ui-store.ts';

/** Latest glass-to-glass latency: the median of the last half second of frames (steadier than one frame). */
export function currentLatencyMs(session: AnalyzerSession): number {
  const n = session.frames.length;
  const values: number[] = [];
  session.frames.forEachInRange(Math.max(0, n - 15), n, (s) => {
    if (Number.isFinite(s.latencyMs)) values.push(s.latencyMs);
  });
  return summarize(values).p50;
}

export function Readout({ id, label, value, unit, title }: { id: string; label: string; value: string; unit: string; title?: string }) {
  return (
    <div className="readout" title={title}>
      <span className="label">{label}</span>
      <span className="value">
        <span data-testid={id}>{value}</span>
        <span className="unit">{unit}</span>
      </span>
    </div>
  );
}

export function WindowSelect() {
  const windowId = useUiStore((s) => s.windowId);
  const setWindow = useUiStore((s) => s.setWindow);
  return (
    <div className="window-select" role="group" aria-label="Window">
      {WINDOWS.map((w) => (
        <button key={w.id} className={w.id === windowId ? 'active' : ''} onClick={() => setWindow(w.id)} data-testid={`window-${w.id}`}>
          {w.label}
        </button>
      ))}
    </div>
  );
}

/**
 * Statistics over the selected window, one row per player; every number element holds only the
 * number. With one player the row also holds the window selector (the page as it always was).
 */
export function Readouts({ session, label, color }: { session: AnalyzerSession; label?: string; color?: string }) {
  const windowId = useUiStore((s) => s.windowId);
  const windowMs = WINDOWS.find((w) => w.id === windowId)?.ms ?? Infinity;
  const now = session.now();
  const from = Number.isFinite(windowMs) ? now - windowMs : -Infinity;
  const stats = windowStats(session.frames, from, now);
  const stalls = stallSummary(session.markers, now);
  const clock = session.clock;
  const costs = session.recentReadCosts();
  const meanCost = costs.length ? costs.reduce((a, b) => a + b, 0) / costs.length : NaN;
  const health = frameHealth(session.frames, now);
  return (
    <section className="readouts" aria-label={label ? `Statistics of ${label}` : 'Statistics'} data-player={label}>
      {label === undefined ? (
        <WindowSelect />
      ) : (
        <span className="player-label" style={{ borderColor: color }} data-testid="player-label">
          {label}
        </span>
      )}
      <Readout id="latency-p50" label="p50" value={fmtMs(stats.latency.p50)} unit="ms" />
      <Readout id="latency-p95" label="p95" value={fmtMs(stats.latency.p95)} unit="ms" />
      <Readout id="latency-p99" label="p99" value={fmtMs(stats.latency.p99)} unit="ms" />
      <Readout id="latency-min" label="min" value={fmtMs(stats.latency.min)} unit="ms" />
      <Readout id="latency-max" label="max" value={fmtMs(stats.latency.max)} unit="ms" />
      <Readout id="engine-latency-p50" label="engine p50" value={fmtMs(stats.engineLatencyP50Ms)} unit="ms" title="The engine's own latency estimate" />
      <Readout id="pdt-latency-p50" label="PDT p50" value={fmtMs(stats.pdtLatencyP50Ms)} unit="ms" title="Display time minus the program date time of the playhead" />
      <Readout
        id="prft-latency-p50"
        label="prft p50"
        value={fmtMs(stats.prftLatencyP50Ms)}
        unit="ms"
        title="Display time minus the producer's wall clock in the segment's CMAF prft box (read by hls.js only; dash.js and Shaka: —). It excludes what happens before the packager stamps prft."
      />
      <Readout id="decode-rate" label="decoded" value={fmtPercent(stats.decodeRate)} unit="%" title="Frames whose GTC1 timecode was read" />
      <Readout id="frames" label="frames" value={String(stats.frames)} unit="" />
      <Readout id="fps" label="fps" value={health.fps.toFixed(0)} unit={health.lost ? `${health.lost} lost` : ''} title="Frames the page got per second over the last 5 s; lost = dropped or presented without a callback" />
      {health.starved && (
        <span className="starved" data-testid="starved" title="The browser is not keeping up with this player (under 24 fps, or over 10% of frames lost): its numbers say more about the CPU than about its settings. Cap its rendition (Lock rendition, Cap to player size) or remove a player.">
          frame-starved
        </span>
      )}
      <Readout id="stall-count" label="stalls" value={String(stalls.count)} unit="" />
      <Readout id="stall-time" label="stalled" value={fmtMs(stalls.totalMs)} unit="ms" />
      <Readout id="switch-count" label="switches" value={String(switchCount(session.markers))} unit="" />
      <Readout
        id="clock-offset"
        label="clock offset"
        value={fmtMs(clock.offsetMs)}
        unit="ms"
        title={clock.error ?? `origin clock - this clock, +- ${clock.uncertaintyMs.toFixed(1)} ms`}
      />
      <Readout
        id="clock-source"
        label="clock"
        value={session.clock.synced ? session.clockChoice.source : 'unsynced'}
        unit=""
        title={`${session.clockChoice.url}/time`}
      />
      <Readout id="clock-uncertainty" label="±" value={Number.isFinite(clock.uncertaintyMs) ? clock.uncertaintyMs.toFixed(1) : '—'} unit="ms" />
      <Readout id="read-cost" label="read cost" value={Number.isFinite(meanCost) ? meanCost.toFixed(2) : '—'} unit={`ms ${session.readPath ?? ''}`} />
    </section>
  );
}
