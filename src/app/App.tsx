import { useEffect, useState } from 'react';

interface ProfileInfo {
  name: string;
  description: string;
  url: string;
}

/** Placeholder page until the player lands: lists the origin's live streams. */
export function App() {
  const [profiles, setProfiles] = useState<ProfileInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/live/')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`GET /live/ answered ${r.status}`))))
      .then((body: { profiles: ProfileInfo[] }) => setProfiles(body.profiles))
      .catch((err: Error) => setError(err.message));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Glassmeter</h1>
      {error && <p role="alert">Cannot list streams: {error}</p>}
      <ul data-testid="stream-list">
        {profiles?.map((p) => (
          <li key={p.name}>
            <a href={p.url}>{p.name}</a> — {p.description}
          </li>
        ))}
      </ul>
    </main>
  );
}
