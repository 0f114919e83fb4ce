import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './src/measure/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 8181);

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // One origin (one ffmpeg) and one browser at a time: these machines have 2 cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    // Traces snapshot the DOM continuously, which costs the CPU the video needs on 2 cores.
    trace: 'off',
    screenshot: 'only-on-failure',
    // Playwright cannot download its browsers here: the system Chromium, else Playwright's own.
    launchOptions: { executablePath: systemChromium(), args: CHROMIUM_ARGS },
  },
  // The twitch ladder (1000/600/200 kbps) spans the MMSys 2020 network profiles' rates, so ABR
  // can move under cascade (the default ladder's rungs mostly sit above 1.2 Mbit/s); three cheap
  // rungs also leave the browser more of the 2 cores. --edge puts Varnish on port + 1 (e2e/edge.spec.ts).
  webServer: {
    command: `npx tsx src/origin/main.ts --port ${port} --ladder twitch --edge`,
    url: `http://localhost:${port}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
