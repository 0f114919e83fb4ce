/**
 * Unit tests only: loads the real dash.js 5 in Node, so its defaults, constants and settings
 * handling can be checked against the library itself instead of a copied table. dash.js needs no
 * DOM to create a player and read or update its settings, but its bundle touches three browser
 * globals while it is evaluated: navigator.userAgent (its UA parser), and
 * window.getComputedStyle(document.documentElement) (the bundled IMSC renderer feature-tests CSS
 * properties). Those get minimal stand-ins for the import and are removed again afterwards.
 */
type DashModule = typeof import('dashjs');

let loaded: Promise<DashModule> | null = null;

export function loadDashjs(): Promise<DashModule> {
  loaded ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    const added: string[] = [];
    const stub = (name: string, value: unknown) => {
      if (name in g) return;
      g[name] = value;
      added.push(name);
    };
    stub('navigator', { userAgent: 'node' });
    stub('document', { documentElement: {}, readyState: 'loading' });
    stub('getComputedStyle', () => ({}));
    stub('window', globalThis);
    try {
      return await import('dashjs');
    } finally {
      for (const name of added) delete g[name];
    }
  })();
  return loaded;
}
