import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { DEV_APP_FOLDERS } from './src/origin/dev-paths.ts';

// The app is served by the origin (npm start) from dist/, or through Vite's middleware
// inside the origin (npm run dev), so stream URLs are same-origin in both cases.
export default defineConfig({
  plugins: [react()],
  // The dev server reads only the page's folders (the origin's --dev also filters paths).
  server: { fs: { strict: true, allow: ['index.html', ...DEV_APP_FOLDERS] } },
  build: {
    outDir: 'dist',
    // Maps carry the sources (sourcesContent, ~8 MB): only when asked for.
    sourcemap: process.env.GM_SOURCEMAPS === '1',
    chunkSizeWarningLimit: 1500,
  },
});
