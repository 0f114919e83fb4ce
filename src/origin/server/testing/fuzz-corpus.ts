import { mulberry32 } from '../../../shared/mulberry32.ts';
import { PROFILES } from '../../../shared/stream/profiles.ts';

/**
 * A deterministic corpus of hostile raw HTTP requests for the fault suite: prototype names in
 * every position a name or option can take, odd encodings and numbers, odd methods, malformed
 * request lines and oversized headers. Each entry is the exact bytes sent on one connection.
 */
const PROTO = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf', '__defineGetter__'];
const ODD = ['%zz', '%00', '%2e%2e', '%2F', '%25', '%C0%AE', '..', '.', '', '-1', '1e3', '0x10', '99999999999999999999', 'NaN', 'a'.repeat(300)];

const request = (method: string, target: string, extra = '') => `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;

function paths(): string[] {
  const names = [...PROTO, ...ODD];
  const profiles = [...PROFILES.map((p) => p.name), ...names];
  const renditions = ['360p', '240p', ...names];
  const objects = ['init-1.mp4', '1.m4s', '1.0.m4s', 'manifest.mpd', '360p.m3u8', 'master.m3u8', ...names, ...names.map((n) => `${n}.m4s`), ...names.map((n) => `1.${n}.m4s`), ...names.map((n) => `init-${n}.mp4`), ...names.map((n) => `${n}.m3u8`)];
  const out: string[] = [];
  for (const p of profiles) {
    out.push(`/live/${p}/master.m3u8`, `/live/${p}/manifest.mpd`, `/live/${p}/360p.m3u8`, `/live/${p}`);
    for (const o of objects) out.push(`/live/${p}/360p/${o}`);
  }
  for (const r of renditions) for (const o of objects.slice(0, 12)) out.push(`/live/ll200/${r}/${o}`, `/live/dash-ll/${r}/${o}`);
  for (const n of names) out.push(`/live/ll200/${n}.m3u8`, `/live/dash2/${n}`);
  return out;
}

function options(): string[] {
  const out: string[] = [];
  for (const n of [...PROTO, ...ODD]) {
    for (const key of ['net', 'rtt', 'delay', 'fault', 'sid']) out.push(`${key}=${n}`);
    out.push(`${n}=1`, n, `${n}=`, `fault=404.${n}.every1`, `fault=hang${n}.part.every1`, `net=cap${n}`, `net=${n},net=${n}`);
  }
  out.push(',', '=', ',,', 'net=', 'net=cap0', 'net=cap99999999', 'rtt=99999999', 'delay=-1', 'fault=404.part.0-0s', 'sid=' + 'x'.repeat(100));
  return out;
}

function queries(): string[] {
  const out: string[] = [];
  for (const n of [...PROTO, ...ODD]) out.push(`_HLS_msn=${n}`, `_HLS_part=${n}`, `_HLS_skip=${n}`, `_HLS_msn=1&_HLS_part=${n}`, `${n}=1`, `format=${n}`);
  out.push('_HLS_part=1', '_HLS_msn=0&_HLS_part=999', '_HLS_msn=1&_HLS_msn=2', '_HLS_skip=YES&_HLS_skip=v2', '_HLS_msn=999999999');
  return out;
}

const STATIC = [
  '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/src/app/main.tsx?raw', '/package.json', '/node_modules/react/package.json',
  '/%00', '/index.html%00.js', '//etc/passwd', '/assets/../../package.json', '/..\\..\\etc\\passwd', '/%zz', '/o/', '/o', '/o/%zz/live/ll200/master.m3u8',
  '/time?format=__proto__', '/metrics?__proto__=1', '/healthz/..', '/live/', '/live', '/favicon.svg', '/' + 'a/'.repeat(2000),
];

const MALFORMED = [
  'GET\r\n\r\n', 'GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n', '\x00\x01\x02\x03\r\n\r\n', 'GET /live/ HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'GET /live/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'GET /live/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'GET http://evil.example/live/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'GET /live/\r\nInjected: yes HTTP/1.1\r\n\r\n',
  `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, request('GET', '/live/', `X-Big: ${'a'.repeat(20_000)}\r\n`), request('GET', '/live/', 'X: y\r\n'.repeat(3000)),
  request('GET', '/live/', 'Host: second\r\n'), request('GET', '/live/', 'Accept-Encoding: gzip\r\nIf-None-Match: __proto__\r\n'), request('GET', '/live/', 'Range: bytes=9999999-\r\n'),
];

const METHODS = ['PUT', 'POST', 'DELETE', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'HEAD', 'OPTIONS', 'M'.repeat(200), '__proto__'];

/** At least 2,000 requests, always the same ones for the same seed. */
export function fuzzCorpus(seed: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: string[] = [...MALFORMED, ...STATIC.map((p) => request('GET', p))];
  for (const m of METHODS) out.push(m === 'CONNECT' ? request(m, '127.0.0.1:1') : request(m, pick(['/live/', '/live/ll200/360p.m3u8', '/metrics', '/'])));
  const allPaths = paths();
  const allOptions = options();
  const allQueries = queries();
  for (const o of allOptions) out.push(request('GET', `/o/${o}/live/ll200/360p.m3u8`), request('GET', `/o/${encodeURIComponent(o)}/live/dash-ll/manifest.mpd`));
  for (const q of allQueries) out.push(request('GET', `/live/ll200/360p.m3u8?${q}`), request('GET', `/live/ll100/240p.m3u8?${q}`));
  while (out.length < 2400) {
    const r = random();
    if (r < 0.6) out.push(request('GET', pick(allPaths)));
    else if (r < 0.8) out.push(request('GET', `/o/${pick(allOptions)}${pick(allPaths)}`));
    else out.push(request(pick(['GET', 'HEAD']), `${pick(allPaths)}?${pick(allQueries)}`));
  }
  return out;
}
