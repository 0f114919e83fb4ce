import type { Socket } from 'node:net';

interface Progress {
  /** Bytes the socket has handed to the kernel so far. */
  flushed: number;
  sinceMs: number;
}

/**
 * Drops clients that stopped reading: a socket with response bytes queued in user space whose
 * flushed byte count has not moved for `timeoutMs`. A held request queues nothing, so blocking
 * reloads and injected hangs never trip it. One sweep timer for all sockets, whose number the
 * server's connection count bounds.
 */
export class WriteTimeouts {
  private readonly sockets = new Map<Socket, Progress>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    sweepMs: number,
    private readonly onDrop: () => void,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  watch(socket: Socket): void {
    this.sockets.set(socket, { flushed: 0, sinceMs: this.nowMs() });
    socket.once('close', () => this.sockets.delete(socket));
  }

  sweep(): void {
    const now = this.nowMs();
    for (const [socket, p] of this.sockets) {
      const flushed = socket.bytesWritten - socket.writableLength;
      if (socket.writableLength === 0 || flushed !== p.flushed) {
        p.flushed = flushed;
        p.sinceMs = now;
      } else if (now - p.sinceMs >= this.timeoutMs) {
        this.sockets.delete(socket);
        this.onDrop();
        socket.destroy();
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.sockets.clear();
  }
}
