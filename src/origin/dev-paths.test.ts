import { describe, expect, it } from 'vitest';
import { devPathAllowed } from './dev-paths.ts';

describe('devPathAllowed', () => {
  it.each(['/', '/index.html', '/@vite/client', '/@react-refresh', '/src/app/main.tsx', '/src/player/hls-engine.ts', '/node_modules/.vite/deps/react.js', '/node_modules/vite/dist/client/env.mjs'])(
    'lets the page through: %s',
    (path) => expect(devPathAllowed(path)).toBe(true),
  );
  it.each(['/package.json', '/src/origin/main.ts', '/node_modules/react/package.json', '/@fs/etc/passwd', '/vite.config.ts', '/.git/config', '/src/app/../origin/main.ts', '/src/app/%2e%2e/x', '/.env'])(
    'keeps everything else away from Vite: %s',
    (path) => expect(devPathAllowed(path)).toBe(false),
  );
});
