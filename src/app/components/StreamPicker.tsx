import { useEffect, useState, type FormEvent } from 'react';
import type { EngineName } from '../../analyzer/types.ts';
import { ENGINE_CATALOG } from '../../player/catalog.ts';
import { usePlayer, usePlayerId } from '../player-context.ts';
import { usePlayerStore } from '../stores/player-store.ts';

interface OriginProfile {
  name: string;
  description: string;
  url: string;
}

/** Picks the stream (the origin's profiles, or any URL) and the engine. */
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

  useEffect(() => setDraft(src), [src]);
  useEffect(() => {
    fetch('/live/')
      .then((r) => (r.ok ? (r.json() as Promise<{ profiles: OriginProfile[] }>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body) => setProfiles(body.profiles))
      .catch((err: Error) => setListError(`this page's origin lists no streams (${err.message}); enter a URL`));
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) setSrc(draft.trim());
  };
  const selected = profiles.find((p) => p.url === src)?.url ?? '';
  return (
    <form className="stream-picker" onSubmit={submit}>
      <label>
        Stream
        <select data-testid="profile-select" value={selected} onChange={(e) => e.target.value && setSrc(e.target.value)}>
          <option value="">{profiles.length ? 'Custom URL' : 'No origin streams'}</option>
          {profiles.map((p) => (
            <option key={p.name} value={p.url} title={p.description}>
              {p.name} — {p.description}
            </option>
          ))}
        </select>
      </label>
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
