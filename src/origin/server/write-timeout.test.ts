import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WriteTimeouts } from './write-timeout.ts';

/** Just what WriteTimeouts reads from a socket. */
class FakeSocket extends EventEmitter {
  bytesWritten = 0;
  writableLength = 0;
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function setup() {
  let now = 0;
  let drops = 0;
  const timeouts = new WriteTimeouts(5000, 60_000, () => drops++, () => now);
  const socket = new FakeSocket();
  timeouts.watch(socket as unknown as Socket);
  return { timeouts, socket, advance: (ms: number) => (now += ms), drops: () => drops };
}

describe('WriteTimeouts', () => {
  it('drops a socket whose queued bytes did not move for the timeout', () => {
    const { timeouts, socket, advance, drops } = setup();
    socket.bytesWritten = 1000;
    socket.writableLength = 800; // 200 flushed, 800 stuck
    timeouts.sweep();
    advance(4000);
    timeouts.sweep();
    expect(socket.destroyed).toBe(false);
    advance(1000);
    timeouts.sweep();
    expect(socket.destroyed).toBe(true);
    expect(drops()).toBe(1);
    timeouts.close();
  });

  it('keeps a slow reader that makes progress, and an idle (held) socket', () => {
    const { timeouts, socket, advance, drops } = setup();
    for (let i = 0; i < 10; i++) {
      socket.bytesWritten += 100; // 100 more bytes flushed every 4 s while 800 stay queued
      socket.writableLength = 800;
      timeouts.sweep();
      advance(4000);
    }
    socket.writableLength = 0; // a held request: nothing queued for a long time
    for (let i = 0; i < 10; i++) {
      advance(4000);
      timeouts.sweep();
    }
    expect(socket.destroyed).toBe(false);
    expect(drops()).toBe(0);
    timeouts.close();
  });
});
