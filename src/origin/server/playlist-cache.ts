import { gzipSync } from 'node:zlib';

/**
 * A rendered text body, with its gzip form made on first demand. Each form is also kept as a
 * latin1 string of its bytes: node:http joins a latin1 string body to the header it builds and
 * writes both in one socket write, where a Buffer body costs a second chunk (a writev) per
 * response — measurable when one publication releases a thousand blocked requests.
 */
export class RenderedBody {
  private gz: Buffer | null = null;
  private wires: [string | null, string | null] = [null, null];
  readonly bytes: Buffer;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }

  gzipped(): Buffer {
    this.gz ??= gzipSync(this.bytes, { level: 1 });
    return this.gz;
  }

  /** The bytes as sent (gzipped or not) as a latin1 string: one char per byte, so its length is Content-Length. */
  wire(gzip: boolean): string {
    const i = gzip ? 1 : 0;
    return (this.wires[i] ??= (gzip ? this.gzipped() : this.bytes).toString('latin1'));
  }
}

/**
 * Playlists rendered once per state of the packager. A part publication releases every
 * blocked request at once (a thousand, with a thousand viewers); they all get the same
 * playlist, so it is rendered and gzipped once, not once per request. One entry per
 * (timeline, variant), replaced when the state moves on, so memory stays bounded.
 */
export class PlaylistCache {
  private readonly entries = new WeakMap<object, Map<string, { version: number; body: RenderedBody }>>();

  get(owner: object, variant: string, version: number, render: () => string): RenderedBody {
    let byVariant = this.entries.get(owner);
    if (!byVariant) {
      byVariant = new Map();
      this.entries.set(owner, byVariant);
    }
    const hit = byVariant.get(variant);
    if (hit && hit.version === version) return hit.body;
    const body = new RenderedBody(render());
    byVariant.set(variant, { version, body });
    return body;
  }
}
