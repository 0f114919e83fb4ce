import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic (fast, no ffmpeg, no network);
// `integration` runs the real origin with the real ffmpeg, one file at a time
// because each test owns an encoder and these machines have 2 cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.itest.ts', 'bench/**/*.itest.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
