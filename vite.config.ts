import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served by the origin (npm start) from dist/, or through Vite's middleware
// inside the origin (npm run dev), so stream URLs are same-origin in both cases.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
