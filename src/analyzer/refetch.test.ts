import { describe, expect, it } from 'vitest';
import { refetchSummary } from './refetch.ts';

const req = (url: string, startMs: number, bytes = 1000, kind: 'part' | 'segment' | 'init' | 'playlist' = 'part', status = 200) => ({ kind, url, status, bytes, startMs });

describe('refetchSummary', () => {
  it('counts every answered request for a media URL already answered as a refetch', () => {
    const s = refetchSummary([req('/a/5.0.m4s', 0), req('/a/5.1.m4s', 10, 2000), req('/a/5.0.m4s', 20, 1500), req('/a/5.0.m4s', 30)], 0);
    expect(s).toEqual({ objects: 4, bytes: 5500, refetched: 2, refetchedBytes: 2500 });
  });

  it('leaves out playlists, failed requests and requests before the window, but remembers what came before it', () => {
    const s = refetchSummary(
      [req('/a.m3u8', 0, 500, 'playlist'), req('/a.m3u8', 5, 500, 'playlist'), req('/a/6.0.m4s', 1), req('/a/6.1.m4s', 50, 900, 'part', 404), req('/a/6.1.m4s', 60), req('/a/6.0.m4s', 70)],
      40,
    );
    expect(s).toEqual({ objects: 2, bytes: 2000, refetched: 1, refetchedBytes: 1000 });
  });

  it('is zero for no requests', () => {
    expect(refetchSummary([], 0)).toEqual({ objects: 0, bytes: 0, refetched: 0, refetchedBytes: 0 });
  });
});
