import type { Pipeline } from '../pipeline.ts';
import type { Metrics } from './metrics.ts';
import { processFaults } from './process-guard.ts';

/** The /metrics values read at scrape time from the pipeline and the process (docs/origin.md lists them). */
export function registerOriginGauges(m: Metrics, pipeline: Pipeline, netemSessions: () => number): void {
  m.observe('glassmeter_http_waiting_requests', 'Requests held for a future part or segment', () => pipeline.packager.stats.waiting);
  m.observe('glassmeter_parts_published_total', 'LL-HLS parts published, all profiles and rungs', () => pipeline.packager.stats.partsPublished, 'counter');
  m.observe('glassmeter_segments_published_total', 'Segments published, all profiles and rungs', () => pipeline.packager.stats.segmentsPublished, 'counter');
  m.observe('glassmeter_chunks_total', 'CMAF chunks (frames) received from the encoder, all rungs', () => pipeline.packager.stats.chunks, 'counter');
  m.observe('glassmeter_source_frames_produced_total', 'Frames painted by the live source', () => pipeline.source.stats.produced, 'counter');
  m.observe('glassmeter_source_frames_skipped_late_total', 'Frames skipped because the source woke up late', () => pipeline.source.stats.skippedLate, 'counter');
  m.observe(
    'glassmeter_encoder_frames_dropped_total',
    'Frames dropped because the encoder was behind or down',
    () => pipeline.source.stats.droppedBackpressure + pipeline.encoder.stats.framesDropped,
    'counter',
  );
  m.observe('glassmeter_encoder_frames_written_total', 'Frames handed to ffmpeg (repeats included)', () => pipeline.encoder.stats.framesWritten, 'counter');
  m.observe('glassmeter_encoder_frames_repeated_total', 'Repeats written in place of skipped or dropped frames, keeping media time on the capture clock', () => pipeline.encoder.stats.framesRepeated, 'counter');
  m.observe('glassmeter_ffmpeg_restarts_total', 'Times ffmpeg died and was restarted', () => pipeline.encoder.stats.restarts, 'counter');
  m.observe('glassmeter_encoder_stall_restarts_total', 'Restarts the watchdog ordered: ffmpeg produced no output for the stall bound while frames went in', () => pipeline.encoder.stats.stallRestarts, 'counter');
  m.observe('glassmeter_encoder_slip_restarts_total', 'Restarts ordered because an input gap was too long to fill with repeats (new run instead of a media-clock slip)', () => pipeline.encoder.stats.slipRestarts, 'counter');
  m.observe('glassmeter_netem_sessions_active', 'Player sessions on an emulated network (requests in the last 2 min)', netemSessions);
  m.observe('glassmeter_uncaught_exceptions_total', 'Errors that escaped a request and reached the process (logged, kept running)', () => processFaults.uncaughtExceptions, 'counter');
  m.observe('glassmeter_unhandled_rejections_total', 'Rejected promises nobody awaited (logged, kept running)', () => processFaults.unhandledRejections, 'counter');
  m.observe('glassmeter_encoder_run', 'Current encoder run (increments on every ffmpeg start)', () => pipeline.encoder.stats.run);
}
