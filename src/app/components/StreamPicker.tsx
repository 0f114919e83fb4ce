import { useEffect, useState, type FormEvent } from 'react';
import type { EngineName } from '../../analyzer/types.ts';
import { ENGINE_CATALOG } from '../../player/catalog.ts';
import { edgeOrigin, isViaEdge, routeDirect, routeViaEdge } from '../edge-route.ts';
import { usePlayer, usePlayerId } from '../player-context.ts';
import { usePlayerStore } from '../stores/player-store.ts';

interface OriginProfile {
  name: string;
  description: string;
  url: string;
}

interface ProfileList {
  profiles: OriginProfile[];
  /** The edge in front of the origin (npm start -- --edge), or null. */
  edge?: { port: number } | null;
}

/** Picks the stream (the origin's profiles, or any URL, straight or via the origin's edge) and the engine. */
export function StreamPicker() {
  const id = usePlayerId();
  const src = usePlayer((p) => p.src) ?? '';
  const engine = usePlayer((p) => p.engine) ?? 'hls';
  const setSrcOf = usePlayerStore((s) => s.setSrc);
  const setEngineOf = usePlayerStore((s) => s.setEngine);
  const setSrc = (next: string) => setSrcOf(id, next);
  const setEngine = (next: EngineName) => setEngineOf(id, next);
  const [profiles, setProfiles] = useState<OriginProfile[]>([]);
  const [draft, setDraft] = useState(src);
  const [listError, setListError] = useState<string | null>(null);
  const [edge, setEdge] = useState<string | null>(null);

  useEffect(() => setDraft(src), [src]);
  useEffect(() => {
    fetch('/live/')
      .then((r) => (r.ok ? (r.json() as Promise<ProfileList>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body) => {
        setProfiles(Array.isArray(body.profiles) ? body.profiles : []);
        const port = body.edge?.port;
        const via = typeof port === 'number' ? edgeOrigin(location.origin, port) : null;
        // A page loaded from the edge itself already plays everything through it: nothing to toggle.
        setEdge(via === location.origin ? null : via);
      })
      .catch((err: Error) => setListError(`this page's origin lists no streams (${err.message}); enter a URL`));
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) setSrc(draft.trim());
  };
  const page = location.origin;
  const viaEdge = edge !== null && isViaEdge(src, page, edge);
  const direct = edge === null ? src : routeDirect(src, page, edge);
  const selected = profiles.find((p) => p.url === direct)?.url ?? '';
  const pickProfile = (url: string) => setSrc(viaEdge && edge ? (routeViaEdge(url, page, edge) ?? url) : url);
  // Only the origin's own streams can go through its edge.
  const routable = edge !== null && routeViaEdge(src, page, edge) !== null;
  return (
    <form className="stream-picker" onSubmit={submit}>
      <label>
        Stream
        <select data-testid="profile-select" value={selected} onChange={(e) => e.target.value && pickProfile(e.target.value)}>
          <option value="">{profiles.length ? 'Custom URL' : 'No origin streams'}</option>
          {profiles.map((p) => (
            <option key={p.name} value={p.url} title={p.description}>
              {p.name} — {p.description}
            </option>
          ))}
        </select>
      </label>
      {edge !== null && (
        <label title={`streams through the CDN edge (Varnish) at ${edge}: its X-Cache and Age show in the requests CSV and the fetch-times chart`}>
          <input
            type="checkbox"
            data-testid="via-edge"
            checked={viaEdge}
            disabled={!routable}
            onChange={(e) => setSrc(e.target.checked ? (routeViaEdge(src, page, edge) ?? src) : routeDirect(src, page, edge))}
          />
          via edge
        </label>
      )}
      <input data-testid="stream-url" className="url" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="https://…/master.m3u8" spellCheck={false} />
      <button type="submit" data-testid="load-stream">
        Load
      </button>
      <label>
        Engine
        <select data-testid="engine-select" value={engine} onChange={(e) => setEngine(e.target.value as EngineName)}>
          {Object.values(ENGINE_CATALOG).map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
      {listError && <span className="hint">{listError}</span>}
    </form>
  );
}
