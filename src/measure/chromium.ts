import { existsSync } from 'node:fs';

/**
 * How Glassmeter launches Chromium headless everywhere (e2e, benchmarks, measurement): the
 * system Chromium when there is one (Playwright cannot download its own here), without the
 * sandbox (root in CI) and without background networking, which this network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** CHROMIUM_PATH, then Debian's or Ubuntu's Chromium; undefined lets Playwright use its own browser. */
export function systemChromium(explicit?: string): string | undefined {
  return [explicit, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => !!p && existsSync(p),
  );
}
