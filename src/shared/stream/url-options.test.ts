import { describe, expect, it } from 'vitest';
import { parseUrlOptions } from './url-options.ts';

describe('parseUrlOptions', () => {
  it('parses every option', () => {
    const r = parseUrlOptions('net=cascade,rtt=80,delay=500,fault=404.part.every5,sid=p-1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options.net?.name).toBe('cascade');
    expect(r.options.rttMs).toBe(80);
    expect(r.options.delayMs).toBe(500);
    expect(r.options.fault).toEqual({ action: { type: 'status', status: 404 }, kind: 'part', when: { type: 'every', n: 5 } });
    expect(r.options.sid).toBe('p-1');
    expect(r.options.raw).toBe('net=cascade,rtt=80,delay=500,fault=404.part.every5,sid=p-1');
  });

  it('parses avoffset, negative too', () => {
    const late = parseUrlOptions('avoffset=200');
    expect(late.ok && late.options.avOffsetMs).toBe(200);
    const early = parseUrlOptions('avoffset=-1000');
    expect(early.ok && early.options.avOffsetMs).toBe(-1000);
  });

  it('parses fault actions and windows', () => {
    const hang = parseUrlOptions('fault=hang5.playlist.10-15s');
    expect(hang.ok && hang.options.fault).toEqual({ action: { type: 'hang', seconds: 5 }, kind: 'playlist', when: { type: 'window', fromSeconds: 10, toSeconds: 15 } });
    const slow = parseUrlOptions('fault=slow100.segment.every3');
    expect(slow.ok && slow.options.fault?.action).toEqual({ type: 'slow', kbps: 100 });
    const any = parseUrlOptions('fault=503.any.every1');
    expect(any.ok && any.options.fault?.kind).toBe('any');
  });

  it('parses holdback= and target=', () => {
    const r = parseUrlOptions('holdback=2.5,target=800');
    expect(r.ok && r.options.holdback).toBe(2.5);
    expect(r.ok && r.options.targetMs).toBe(800);
    const plain = parseUrlOptions('holdback=2');
    expect(plain.ok && plain.options).toMatchObject({ holdback: 2, targetMs: null });
    const none = parseUrlOptions('rtt=5');
    expect(none.ok && none.options).toMatchObject({ holdback: null, targetMs: null });
  });

  it.each([
    ['holdback=1', 'holdback', /between 2 and 6/],
    ['holdback=6.5', 'holdback', /between 2 and 6/],
    ['holdback=2.333', 'holdback', /like 2, 2.5 or 3/],
    ['holdback=abc', 'holdback', /like 2, 2.5 or 3/],
    ['holdback=-3', 'holdback', /like 2, 2.5 or 3/],
    ['holdback=1e1', 'holdback', /like 2, 2.5 or 3/],
    ['target=100', 'target', /between 200 and 30000/],
    ['target=1.5', 'target', /whole number/],
    ['target=40000', 'target', /between 200 and 30000/],
    ['speed=9', 'speed', /unknown URL option "speed"/],
    ['net=dialup', 'net', /unknown network profile net=dialup/],
    ['net=cap1', 'net', /unknown network profile/],
    ['rtt=-5', 'rtt', /whole number/],
    ['rtt=99999', 'rtt', /between 0 and 10000/],
    ['delay=abc', 'delay', /whole number/],
    ['delay=40000', 'delay', /between 0 and 30000/],
    ['avoffset=1001', 'avoffset', /between -1000 and 1000/],
    ['avoffset=-2000', 'avoffset', /between -1000 and 1000/],
    ['avoffset=1.5', 'avoffset', /whole number/],
    ['fault=418.part.every2', 'fault', /bad fault "418.part.every2"/],
    ['fault=404.part.every0', 'fault', /N >= 1/],
    ['fault=404.part.20-10s', 'fault', /must end after it starts/],
    ['fault=hang0.part.every2', 'fault', /1..120 s/],
    ['sid=a b', 'sid', /sid must be/],
    ['rtt=10,rtt=20', 'rtt', /given twice/],
    ['rtt', 'rtt', /needs a value/],
    ['', '', /empty URL options/],
  ])('rejects %j naming the key', (raw, key, message) => {
    const r = parseUrlOptions(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.key).toBe(key);
    expect(r.message).toMatch(message);
  });

  it.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'])('refuses the prototype name %s as a key and as a schedule', (name) => {
    const asSchedule = parseUrlOptions(`net=${name}`);
    expect(asSchedule).toMatchObject({ ok: false, key: 'net' });
    const asKey = parseUrlOptions(`${name}=1`);
    expect(asKey).toMatchObject({ ok: false, key: name });
  });
});
