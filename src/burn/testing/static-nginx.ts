// A plain nginx serving a folder with CORS, plus the /time snippet exactly as
// docs/measure-your-pipeline.md prints it: the "stream host" of a pipeline that is not Glassmeter's.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginx, type RunningNginx } from '../../../bench/nginx.ts';

const doc = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/measure-your-pipeline.md');

/** The fenced block right after `<!-- name -->` in docs/measure-your-pipeline.md. */
export function docSnippet(name: string): string {
  const text = readFileSync(doc, 'utf8');
  const m = new RegExp(`<!-- ${name} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!m?.[1]) throw new Error(`no snippet <!-- ${name} --> in ${doc}`);
  return m[1];
}

export async function startStaticNginx(root: string, port: number): Promise<RunningNginx> {
  const nginx = await startNginx({
    port,
    readyPath: '/time',
    http: () => `  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
${docSnippet('nginx-time-http')}
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / {
      add_header Access-Control-Allow-Origin * always;
      add_header Cache-Control no-cache always;
    }
${docSnippet('nginx-time-server')}
  }`,
  });
  if (!nginx) throw new Error('nginx not found (/usr/sbin/nginx): apt-get install nginx');
  return nginx;
}
