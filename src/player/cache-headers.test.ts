import { describe, expect, it } from 'vitest';
import { cacheFromHeaderRecord, cacheFromHeaderText, cacheHeaders } from './cache-headers.ts';

describe('cacheHeaders (hls.js networkDetails)', () => {
  const xhr = (headers: Record<string, string>) => ({ getResponseHeader: (n: string) => headers[n.toLowerCase()] ?? null });
  it('reads X-Cache and Age from an XHR or a fetch Response', () => {
    expect(cacheHeaders(xhr({ 'x-cache': 'coalesced', age: '0' }))).toEqual({ cacheStatus: 'coalesced', ageS: 0 });
    expect(cacheHeaders({ headers: new Headers({ 'X-Cache': 'HIT', Age: '12' }) })).toEqual({ cacheStatus: 'hit', ageS: 12 });
  });
  it('leaves out what is missing, unexposed or malformed', () => {
    expect(cacheHeaders(xhr({}))).toEqual({});
    expect(cacheHeaders(xhr({ 'x-cache': 'hit, <script>', age: '-1' }))).toEqual({});
    expect(cacheHeaders(null)).toEqual({});
    expect(cacheHeaders({ getResponseHeader: () => { throw new Error('not done'); } })).toEqual({});
  });
});

describe('cacheFromHeaderText (dash.js _responseHeaders)', () => {
  it('reads the lines dash.js writes, any case, any line ending', () => {
    expect(cacheFromHeaderText('content-type: video/mp4\r\nX-Cache: hit\r\nage: 3\r\n')).toEqual({ cacheStatus: 'hit', ageS: 3 });
    expect(cacheFromHeaderText('x-cache:miss\nAge:0')).toEqual({ cacheStatus: 'miss', ageS: 0 });
  });
  it('gives nothing for no headers, other types, or bad values', () => {
    expect(cacheFromHeaderText('')).toEqual({});
    expect(cacheFromHeaderText(null)).toEqual({});
    expect(cacheFromHeaderText({ 'x-cache': 'hit' })).toEqual({});
    expect(cacheFromHeaderText('x-cache: hit hit\r\nage: 1e3\r\n__proto__: x')).toEqual({});
  });
});

describe('cacheFromHeaderRecord (Shaka response.headers)', () => {
  it('reads a record, any case of name', () => {
    expect(cacheFromHeaderRecord({ 'x-cache': 'coalesced', age: '0' })).toEqual({ cacheStatus: 'coalesced', ageS: 0 });
    expect(cacheFromHeaderRecord({ 'X-Cache': 'MISS', Age: '7' })).toEqual({ cacheStatus: 'miss', ageS: 7 });
  });
  it('ignores inherited and non-string values', () => {
    expect(cacheFromHeaderRecord(Object.create({ 'x-cache': 'hit' }))).toEqual({});
    expect(cacheFromHeaderRecord({ 'x-cache': 1, age: ['2'] })).toEqual({});
    expect(cacheFromHeaderRecord(undefined)).toEqual({});
  });
});
