import { Writable } from 'node:stream';
import { nowSeconds } from './sessions.ts';
import type { TokenBucket } from './token-bucket.ts';

/** Largest slice written at once: small enough that parallel responses of a session interleave. */
const SLICE_BYTES = 16 * 1024;
/** What a paced wait waits for: one packet's worth of tokens (or the rest, if less). */
const PACKET_BYTES = 1500;

/**
 * A response body sent through an emulated link: bytes go on to `downstream` (the HTTP
 * response) only as the session's token bucket allows, and never while the downstream is
 * full (its write returned false: wait for 'drain'). The bucket is shared by every response
 * of the session, so parallel downloads split the link as on a real bottleneck; that is why
 * no throttle-stream package fits (they pace each stream at its own fixed rate, where ours
 * follows a schedule and a session-wide bucket).
 *
 * Queues are bounded: one chunk is paced at a time, and Writable's own buffer holds only what
 * the route wrote, which is a published object the packager already holds in memory.
 */
export class ShapedBody extends Writable {
  private timer: NodeJS.Timeout | null = null;
  /** The rest of the chunk being paced, sent once the downstream drains. */
  private resumeWith: (() => void) | null = null;
  private readonly resume = () => {
    const next = this.resumeWith;
    this.resumeWith = null;
    next?.();
  };

  constructor(
    private readonly downstream: Writable,
    private readonly bucket: TokenBucket,
    private readonly onBytes: (bytes: number) => void,
  ) {
    super();
    // The client left (or the response was cut): stop pacing, drop what is left.
    downstream.once('close', () => this.destroy());
    // A write after end (a route's bug) must cut this one response, not reach the process guard.
    this.on('error', () => {
      if (!downstream.destroyed) downstream.destroy();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pace(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.downstream.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.resumeWith) this.downstream.removeListener('drain', this.resume);
    this.resumeWith = null;
    done(error);
  }

  /** Sends `rest` slice by slice as tokens come, then calls `done` (which lets the next chunk in). */
  private pace(rest: Buffer, done: () => void): void {
    while (rest.length > 0) {
      if (this.destroyed) return;
      const granted = this.bucket.take(Math.min(rest.length, SLICE_BYTES), nowSeconds());
      if (granted === 0) {
        const waitS = this.bucket.waitFor(Math.min(PACKET_BYTES, rest.length), nowSeconds());
        const remaining = rest;
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pace(remaining, done);
        }, Math.max(1, Math.ceil(waitS * 1000)));
        return;
      }
      const ok = this.downstream.write(rest.subarray(0, granted));
      this.onBytes(granted);
      rest = rest.subarray(granted);
      if (!ok) {
        // Backpressure: the socket is full, so tokens taken now would only pile up in it.
        const remaining = rest;
        this.resumeWith = () => this.pace(remaining, done);
        this.downstream.once('drain', this.resume);
        return;
      }
    }
    done();
  }
}
