import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PlaylistCache, RenderedBody } from './playlist-cache.ts';

describe('RenderedBody', () => {
  it('sends the UTF-8 bytes as a latin1 string whose length is the byte length', () => {
    const body = new RenderedBody('#EXTM3U\n#EXT-X-TITLE:"café ☕"\n');
    const wire = body.wire(false);
    expect(wire.length).toBe(body.bytes.length);
    expect(Buffer.from(wire, 'latin1').equals(body.bytes)).toBe(true);
  });

  it('sends the gzip form the same way, and it inflates to the body', () => {
    const body = new RenderedBody('#EXT-X-PART:DURATION=0.2\n'.repeat(100));
    const wire = body.wire(true);
    expect(wire.length).toBe(body.gzipped().length);
    expect(gunzipSync(Buffer.from(wire, 'latin1')).equals(body.bytes)).toBe(true);
  });
});

describe('PlaylistCache', () => {
  it('renders once per (owner, variant, version) and again when the version moves on', () => {
    const cache = new PlaylistCache();
    const owner = {};
    let renders = 0;
    const render = () => `#EXTM3U\n#render ${++renders}\n`;
    const first = cache.get(owner, 'full-3', 7, render);
    expect(cache.get(owner, 'full-3', 7, render)).toBe(first);
    expect(renders).toBe(1);
    // Another variant of the same state, then a new state: each is its own render.
    expect(cache.get(owner, 'skip-3', 7, render)).not.toBe(first);
    const next = cache.get(owner, 'full-3', 8, render);
    expect(renders).toBe(3);
    expect(next.wire(false)).toContain('#render 3');
    // The old state is not kept: asking for it renders again (one entry per variant).
    cache.get(owner, 'full-3', 7, render);
    expect(renders).toBe(4);
  });
});
