import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFiles } from './static-files.ts';

let root: string;
let server: Server;
let port: number;
const kinds: string[] = [];

/** A raw GET (fetch would normalise "/../" away before it leaves). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gm-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>test app</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log("0123456789");');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  const files = createStaticFiles(root);
  server = createServer((req, res) => {
    void files(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((kind) => kinds.push(kind));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves the app revalidated and fingerprinted assets immutable, with types and ETags', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('test app');
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/app-1234.js?v=1');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.etag).toBeTruthy();
    const again = await get('/assets/app-1234.js', { 'if-none-match': String(asset.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('answers byte ranges: 416 for ones it cannot satisfy, the whole file for other units', async () => {
    const part = await get('/assets/app-1234.js', { range: 'bytes=13-22' });
    expect(part.status).toBe(206);
    expect(part.body).toBe('0123456789');
    expect(part.headers['content-range']).toBe('bytes 13-22/26');
    expect((await get('/assets/app-1234.js', { range: 'bytes=500-600' })).status).toBe(416);
    expect((await get('/assets/app-1234.js', { range: 'bytes=9-2' })).status).toBe(416);
    expect((await get('/assets/app-1234.js', { range: 'pages=1' })).status).toBe(200);
  });

  it('gives client-side routes the app and never a file outside the folder', async () => {
    expect((await get('/compare')).body).toContain('test app');
    expect((await get('/../../../etc/passwd')).body).toContain('test app');
    expect((await get('/..\\..\\etc\\passwd')).body).toContain('test app');
    for (const path of ['/%2e%2e/%2e%2e/%2e%2e/etc/os-release.txt', '/..%2f..%2f..%2fetc%2fpasswd.txt', '/assets/../../package.json', '/missing.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('test app');
    }
    expect((await get('/.env')).body).not.toContain('SECRET');
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/index.html%00.js')).status).toBe(400);
  });

  it('answers HEAD without a body and reports what it served', async () => {
    kinds.length = 0;
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    await get('/missing.js');
    await new Promise((r) => setTimeout(r, 20));
    expect(kinds).toEqual(['app', 'unknown']);
  });
});

describe('static files without a built app', () => {
  it('says how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gm-static-empty-'));
    const files = createStaticFiles(empty);
    const s = createServer((req, res) => void files(req, res, '/'));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/npm run build/);
    await new Promise((r) => s.close(r));
    rmSync(empty, { recursive: true, force: true });
  });
});
