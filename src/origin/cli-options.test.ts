import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliError, ORIGIN_USAGE, originFlagTable, parseOriginArgs, wholeFrameRates } from './cli-options.ts';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseOriginArgs(argv, env);

describe('parseOriginArgs', () => {
  it('has the documented defaults', () => {
    const o = parse([]);
    expect(o).toMatchObject({
      port: 8080,
      host: undefined,
      ladderName: 'default',
      fps: 30,
      audio: true,
      windowMs: 60_000,
      maxWaiters: 10_000,
      dev: false,
      buildAppIfNeeded: false,
      help: false,
    });
    expect(o.rungs.map((r) => r.name)).toEqual(['720p', '480p', '360p', '240p']);
  });

  it('takes the port from $PORT unless --port is given', () => {
    expect(parse([], { PORT: '9000' }).port).toBe(9000);
    expect(parse(['--port', '7000'], { PORT: '9000' }).port).toBe(7000);
    expect(parse(['--port=0']).port).toBe(0);
  });

  it('reads every option', () => {
    const o = parse([
      '--host', '127.0.0.1',
      '--ladder', '1280x720@2000,640x360@600',
      '--fps', '60',
      '--no-audio',
      '--window', '10',
      '--max-waiters', '5',
      '--dev',
      '--build-app-if-needed',
    ]);
    expect(o).toMatchObject({
      host: '127.0.0.1',
      ladderName: '1280x720@2000,640x360@600',
      fps: 60,
      audio: false,
      windowMs: 10_000,
      maxWaiters: 5,
      dev: true,
      buildAppIfNeeded: true,
    });
    expect(o.rungs.map((r) => r.name)).toEqual(['720p', '360p']);
    expect(parse(['-h']).help).toBe(true);
    expect(parse(['--help']).help).toBe(true);
    expect(parse(['--ladder', 'twitch']).rungs).toHaveLength(3);
  });

  it.each([
    [['--port', '70000'], /--port must be between 0 and 65535, got 70000/],
    [['--port', 'abc'], /--port must be a whole number, got "abc"/],
    [['--port', '-1'], /--port/],
    [['--fps', '5'], /--fps must be between 10 and 60/],
    [['--fps', '61'], /--fps/],
    [['--fps', '29.97'], /--fps must be a whole number/],
    [['--window', '5'], /--window must be between 10 and 600/],
    [['--window', '601'], /--window/],
    [['--max-waiters', '0'], /--max-waiters/],
    [['--bogus'], /bogus/],
    [['extra'], /extra/],
    [['--port'], /port/],
    [['--dev=yes'], /dev/],
    [['--ladder', '1x1@1'], /bad rung "1x1@1"/],
    [['--ladder', 'ultra'], /unknown --ladder preset "ultra": use default or twitch/],
    [['--ladder', ''], /unknown --ladder preset ""/],
    [['--edge-port', '9000'], /--edge-port needs --edge/],
    [['--edge', '--port', '0'], /--port 0 needs an --edge-port/],
    [['--edge', '--port', '9000', '--edge-port', '9000'], /must differ/],
    [['--edge', '--edge-port', 'x'], /--edge-port must be a whole number/],
  ])('rejects %j with a CliError', (argv, message) => {
    expect(() => parse(argv)).toThrow(CliError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('rejects a bad $PORT', () => {
    expect(() => parse([], { PORT: 'http' })).toThrow(CliError);
    expect(() => parse([], { PORT: '99999' })).toThrow(/--port/);
  });

  it('puts the edge on the next port unless told otherwise', () => {
    expect(parse([]).edgePort).toBeNull();
    expect(parse(['--edge', '--port', '8610']).edgePort).toBe(8611);
    expect(parse(['--edge', '--port', '8610', '--edge-port', '8615']).edgePort).toBe(8615);
  });
});

describe('ORIGIN_USAGE', () => {
  it('is what the README shows as the command line', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('```\n' + ORIGIN_USAGE + '```');
  });
});

describe('docs/origin.md', () => {
  it("shows the option table rendered from config.ts (regenerate it with originFlagTable())", () => {
    const doc = readFileSync(new URL('../../docs/origin.md', import.meta.url), 'utf8');
    const table = /\| option \| default \| meaning \|\n(?:\|.*\|\n)+/.exec(doc)?.[0];
    expect(table).toBe(originFlagTable() + '\n');
  });
});

describe('wholeFrameRates', () => {
  it('keeps the rates at which every profile cuts whole frames', () => {
    expect(wholeFrameRates()).toEqual([10, 20, 30, 40, 50, 60]);
  });
});
