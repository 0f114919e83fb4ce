import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findVarnishd, longestHoldMs, renderVcl, VarnishNotFoundError } from './varnish.ts';

const template = readFileSync(new URL('../../edge/glassmeter.vcl', import.meta.url), 'utf8');

describe('edge VCL', () => {
  it('fills in the origin and a backend timeout past the longest hold', () => {
    const vcl = renderVcl(template, { host: '127.0.0.1', port: 8610 }, longestHoldMs());
    expect(vcl).toContain('.host = "127.0.0.1";');
    expect(vcl).toContain('.port = "8610";');
    // ll500: 3 x its 2 s target duration; then 5 s more.
    expect(longestHoldMs()).toBe(6000);
    expect(vcl).toContain('.first_byte_timeout = 11s;');
    expect(vcl).not.toMatch(/@[A-Z_]+@/);
  });

  it('refuses a host that would break out of the VCL string', () => {
    expect(() => renderVcl(template, { host: '1.2.3.4"; }', port: 80 }, 1000)).toThrow(/bad origin host/);
  });
});

describe('findVarnishd', () => {
  it('takes VARNISHD_PATH first, and says how to install Varnish when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-varnishd-'));
    const fake = join(dir, 'varnishd');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(findVarnishd({ VARNISHD_PATH: fake, PATH: '' })).toBe(fake);
    expect(findVarnishd({ PATH: dir })).toBe(fake);
    expect(() => findVarnishd({ VARNISHD_PATH: join(dir, 'nope') })).toThrow(VarnishNotFoundError);
    expect(() => findVarnishd({ VARNISHD_PATH: join(dir, 'nope') })).toThrow(/apt-get install varnish/);
  });
});
