import type { AnalyzerSession } from '../../analyzer/session.ts';
import { ENGINE_CATALOG } from '../../player/catalog.ts';
import { download, eventsCsvBlob, framesCsvBlob, jsonReportBlob, requestsCsvBlob, stamp, type ExportContext } from '../export.ts';
import { usePlayerStore } from '../stores/player-store.ts';

export function ExportBar({ session }: { session: AnalyzerSession }) {
  const { src, engine, presetId, settings } = usePlayerStore();
  const ctx: ExportContext = { src, engineLabel: ENGINE_CATALOG[engine]?.label ?? engine, presetId, settings };
  return (
    <div className="export-bar">
      <button data-testid="export-csv" onClick={() => download(framesCsvBlob(session, ctx), `glassmeter-frames-${stamp()}.csv`)}>
        Download CSV (frames)
      </button>
      <button data-testid="export-requests-csv" onClick={() => download(requestsCsvBlob(session, ctx), `glassmeter-requests-${stamp()}.csv`)}>
        Requests CSV
      </button>
      <button data-testid="export-events-csv" onClick={() => download(eventsCsvBlob(session, ctx), `glassmeter-events-${stamp()}.csv`)}>
        Events CSV
      </button>
      <button data-testid="export-json" onClick={() => download(jsonReportBlob(session, ctx), `glassmeter-report-${stamp()}.json`)}>
        JSON report
      </button>
      {session.frames.full && <span className="field-error">Sample store full: later frames are not recorded. Export, then reload.</span>}
    </div>
  );
}
