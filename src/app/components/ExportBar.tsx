import { ENGINE_CATALOG } from '../../player/catalog.ts';
import { download, eventsCsvBlob, framesCsvBlob, jsonReportBlob, requestsCsvBlob, stamp, type ExportPlayer } from '../export.ts';
import { usePlayerStore } from '../stores/player-store.ts';
import { useSessionStore } from '../stores/session-store.ts';

/** Exports of every player: one file per kind, a `player` column (CSV) or section (JSON) each. */
export function ExportBar() {
  const players = usePlayerStore((s) => s.players);
  const live = useSessionStore((s) => s.live);
  const exports: ExportPlayer[] = players.flatMap((p) => {
    const session = Object.hasOwn(live, p.id) ? live[p.id]!.session : null;
    return session ? [{ session, ctx: { label: p.label, src: p.src, engineLabel: ENGINE_CATALOG[p.engine].label, presetId: p.presetId, settings: p.settings } }] : [];
  });
  const full = exports.some((p) => p.session.frames.full);
  return (
    <div className="export-bar">
      <button data-testid="export-csv" onClick={() => download(framesCsvBlob(exports), `glassmeter-frames-${stamp()}.csv`)}>
        Download CSV (frames)
      </button>
      <button data-testid="export-requests-csv" onClick={() => download(requestsCsvBlob(exports), `glassmeter-requests-${stamp()}.csv`)}>
        Requests CSV
      </button>
      <button data-testid="export-events-csv" onClick={() => download(eventsCsvBlob(exports), `glassmeter-events-${stamp()}.csv`)}>
        Events CSV
      </button>
      <button data-testid="export-json" onClick={() => download(jsonReportBlob(exports), `glassmeter-report-${stamp()}.json`)}>
        JSON report
      </button>
      {full && <span className="field-error">Sample store full: later frames are not recorded. Export, then reload.</span>}
    </div>
  );
}
