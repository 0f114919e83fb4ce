import { describe, expect, it } from 'vitest';
import { Emitter, MAX_LISTENERS } from './emitter.ts';

type Ev = { type: 'a'; n: number } | { type: 'b'; s: string };

describe('Emitter', () => {
  it('gives every event to a listener of all, and only its own type, typed, to a listener of one', () => {
    const emitter = new Emitter<Ev>();
    const all: Ev[] = [];
    const numbers: number[] = [];
    emitter.on((e) => all.push(e));
    // `e.n` typechecks only because the listener gets the 'a' event's own type.
    emitter.on('a', (e) => numbers.push(e.n));
    emitter.emit({ type: 'a', n: 1 });
    emitter.emit({ type: 'b', s: 'x' });
    emitter.emit({ type: 'a', n: 2 });
    expect(all.map((e) => e.type)).toEqual(['a', 'b', 'a']);
    expect(numbers).toEqual([1, 2]);
  });

  it('stops calling a listener once unsubscribed, and every listener after clear', () => {
    const emitter = new Emitter<Ev>();
    const seen: string[] = [];
    const off = emitter.on('b', (e) => seen.push(`one ${e.s}`));
    emitter.on('b', (e) => seen.push(`two ${e.s}`));
    emitter.emit({ type: 'b', s: 'x' });
    off();
    emitter.emit({ type: 'b', s: 'y' });
    emitter.clear();
    emitter.emit({ type: 'b', s: 'z' });
    expect(seen).toEqual(['one x', 'two x', 'two y']);
  });

  it(`refuses listener ${MAX_LISTENERS + 1}: a subscription that is never undone shows at once`, () => {
    const emitter = new Emitter<Ev>();
    const offs = Array.from({ length: MAX_LISTENERS }, () => emitter.on(() => undefined));
    expect(() => emitter.on(() => undefined)).toThrow(/more than 64 listeners/);
    offs[0]!();
    expect(() => emitter.on('a', () => undefined)).not.toThrow();
  });
});
