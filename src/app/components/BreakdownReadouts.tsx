import type { MissReason } from '../../analyzer/breakdown.ts';
import type { AnalyzerSession } from '../../analyzer/session.ts';
import { summarize, type WindowStats } from '../../analyzer/stats.ts';
import { BREAKDOWN_PARTS } from '../charts/breakdown-bars.ts';
import { fmtMs } from '../format.ts';
import { statsOverWindow, useWindowMs } from '../window-stats.ts';
import { Readout } from './Readouts.tsx';

const MISS_LABELS: Record<MissReason, string> = {
  'no-timecode': 'no GTC1 read',
  'no-server-timing': 'stream has no Server-Timing',
  'no-object': 'no delivering request seen',
};

const share = (part: number, whole: number) => (Number.isFinite(part) && whole > 0 ? `${Math.round((100 * part) / whole)}%` : '');

/**
 * Where the time goes, over the selected window: medians of the three parts of each frame's
 * latency (they add up to glass-to-glass frame by frame), with their share of the whole.
 * `stats` when the caller already has them (the compare view draws its bars from the same).
 */
export function BreakdownReadouts({ session, stats: given }: { session: AnalyzerSession; stats?: WindowStats }) {
  const windowMs = useWindowMs();
  const stats = given ?? statsOverWindow(session, windowMs);
  const total = stats.encodePackageP50Ms + stats.deliveryP50Ms + stats.bufferP50Ms;
  const missed = session.joiner.counts.missed;
  const reasons = (Object.keys(missed) as MissReason[]).filter((r) => missed[r] > 0).map((r) => `${MISS_LABELS[r]}: ${missed[r]}`);
  return (
    <section className="readouts breakdown-readouts" aria-label="Latency breakdown">
      <span className="readouts-caption">where the time goes (p50)</span>
      <Readout id="encode-package-p50" label={`${BREAKDOWN_PARTS.encode.label} ${share(stats.encodePackageP50Ms, total)}`} value={fmtMs(stats.encodePackageP50Ms)} unit="ms" title="Capture to complete at the origin: encoder, packager and any injected delay" />
      <Readout id="delivery-p50" label={`${BREAKDOWN_PARTS.delivery.label} ${share(stats.deliveryP50Ms, total)}`} value={fmtMs(stats.deliveryP50Ms)} unit="ms" title="Complete at the origin to the last byte at this page: request scheduling, hold, network, shaping, added round trip" />
      <Readout id="player-buffer-p50" label={`${BREAKDOWN_PARTS.buffer.label} ${share(stats.bufferP50Ms, total)}`} value={fmtMs(stats.bufferP50Ms)} unit="ms" title="Last byte at this page to the frame on screen: forward buffer, decode, render (lower the live-sync target to shrink it)" />
      <Readout id="before-arrival-p50" label={BREAKDOWN_PARTS.beforeArrival.label} value={fmtMs(stats.beforeArrivalP50Ms)} unit="ms" title="Capture to the last byte at this page, joined by media time to the engine's request (hls.js, Shaka): on a stream without Server-Timing it stands in for encoder + packager + delivery" />
      <Readout id="unjoined-frames" label="not split" value={String(stats.unjoinedFrames)} unit="frames" title={reasons.length ? reasons.join('; ') : 'every frame in the window was joined to the request that delivered it'} />
      {reasons.length > 0 && (
        <span className="readouts-caption" data-testid="unjoined-reasons">
          {reasons.join(' · ')}
        </span>
      )}
    </section>
  );
}

const TAP_NOTES: Record<string, string> = {
  'waiting-for-click': 'click the page to start (the browser lets audio run only after a click; you still hear nothing)',
  unsupported: 'this browser has no AudioWorklet',
  failed: 'the audio tap failed',
};

/**
 * A/V sync over the window: the median offset between the beep as played by the element (WebAudio
 * tap, one sample of resolution, see audio-tap.ts) and the flash as shown (its frame's display
 * time: one frame of resolution).
 */
export function AvSyncReadouts({ session }: { session: AnalyzerSession }) {
  const windowMs = useWindowMs();
  const now = session.now();
  const from = Number.isFinite(windowMs) ? now - windowMs : -Infinity;
  const offsets: number[] = [];
  const at = (a: { timeMs: number }) => a.timeMs;
  session.avOffsets.forEachInRange(session.avOffsets.indexAtOrAfter(from, at), session.avOffsets.indexAfter(now, at), (a) => offsets.push(a.offsetMs));
  const p50 = summarize(offsets).p50;
  const note = TAP_NOTES[session.audioState];
  return (
    <section className="readouts av-readouts" aria-label="A/V sync">
      <span className="readouts-caption">A/V sync</span>
      <Readout
        id="av-offset-p50"
        label="A/V offset p50"
        value={Number.isFinite(p50) ? (p50 > 0 ? `+${Math.round(p50)}` : String(Math.round(p50))) : '—'}
        unit="ms"
        title="Beep played minus flash shown, median over the window; + = audio late. Resolution: one frame for the flash, one audio sample for the beep"
      />
      <Readout id="av-pairs" label="seconds paired" value={String(offsets.length)} unit="" />
      {session.audioState === 'off' && (
        <button data-testid="av-start" onClick={() => session.startAvSync()} title="Taps the video's audio in the page to find the beeps; you still hear nothing">
          Measure A/V sync
        </button>
      )}
      {note && (
        <span className="readouts-caption" data-testid="av-note">
          {note}
        </span>
      )}
    </section>
  );
}
