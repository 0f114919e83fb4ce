/**
 * Unit tests only: loads the real Shaka Player in Node, so its defaults and error codes are checked
 * against the library itself instead of a copied table. Shaka needs no media element to create a
 * player and read its configuration, but its bundle reads `self` and `window` while it is
 * evaluated, and every new Player reads `navigator` and listens on `window`: those get minimal
 * stand-ins, left in place for the test file (vitest isolates test files from each other).
 */
type ShakaModule = typeof import('../shaka-lib.ts').default;

let loaded: Promise<ShakaModule> | null = null;

export function loadShaka(): Promise<ShakaModule> {
  loaded ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    const stub = (name: string, value: unknown) => {
      if (!(name in g)) g[name] = value;
    };
    stub('self', globalThis);
    stub('window', globalThis);
    stub('navigator', { userAgent: 'node', vendor: '', platform: '' });
    stub('addEventListener', () => undefined);
    stub('removeEventListener', () => undefined);
    const shaka = (await import('../shaka-lib.ts')).default;
    // Shaka's own polyfills (Map.getOrInsertComputed, which Node 20 lacks, among them).
    shaka.polyfill.installAll();
    return shaka;
  })();
  return loaded;
}
