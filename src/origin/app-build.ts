import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Inputs of the app build; if any is newer than dist/index.html, the build is stale. */
const APP_INPUTS = ['index.html', 'vite.config.ts', 'public', 'src/app', 'src/player', 'src/analyzer', 'src/timecode', 'src/shared'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function appBuildIsStale(projectRoot: string, distRoot: string): boolean {
  const index = join(distRoot, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return APP_INPUTS.some((input) => newestMtime(join(projectRoot, input)) > built);
}

/** Builds the app with Vite's API (no child process), quietly. */
export async function buildApp(projectRoot: string): Promise<void> {
  const vite = await import('vite');
  await vite.build({ root: projectRoot, configFile: join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}
