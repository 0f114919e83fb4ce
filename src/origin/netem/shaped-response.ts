import type { ServerResponse } from 'node:http';
import { nowSeconds } from './sessions.ts';
import type { TokenBucket } from './token-bucket.ts';

/** Largest slice written at once: small enough that parallel responses interleave. */
const SLICE_BYTES = 16 * 1024;

type Write = (chunk: Buffer) => boolean;
type End = () => void;

/**
 * Makes `res` send its body through `bucket`: write() and end() queue the bytes, and a pump
 * releases them as tokens allow. The route code stays unaware of shaping. Memory is bounded by
 * the response itself (the route already holds those buffers).
 */
export function shapeResponse(res: ServerResponse, bucket: TokenBucket, onBytes: (bytes: number) => void): void {
  const write: Write = res.write.bind(res) as Write;
  const end: End = res.end.bind(res) as End;
  const queue: Buffer[] = [];
  let ending = false;
  let ended = false;
  let timer: NodeJS.Timeout | null = null;

  const toBuffer = (chunk: unknown): Buffer | null =>
    chunk === undefined || chunk === null || typeof chunk === 'function' ? null : Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));

  const pump = () => {
    if (timer || ended) return;
    while (queue.length > 0) {
      const head = queue[0]!;
      const granted = bucket.take(Math.min(head.length, SLICE_BYTES), nowSeconds());
      if (granted === 0) {
        const waitS = bucket.waitFor(Math.min(1500, head.length), nowSeconds());
        timer = setTimeout(() => {
          timer = null;
          pump();
        }, Math.max(1, Math.ceil(waitS * 1000)));
        return;
      }
      write(head.subarray(0, granted));
      onBytes(granted);
      if (granted < head.length) queue[0] = head.subarray(granted);
      else queue.shift();
    }
    if (ending) {
      ended = true;
      end();
    }
  };

  // Overriding the two methods is the point: routes write as usual, the pump paces the bytes.
  (res as unknown as { write: (chunk: unknown) => boolean }).write = (chunk: unknown) => {
    const b = toBuffer(chunk);
    if (b && b.length > 0) queue.push(b);
    pump();
    return true;
  };
  (res as unknown as { end: (chunk?: unknown) => ServerResponse }).end = (chunk?: unknown) => {
    const b = toBuffer(chunk);
    if (b && b.length > 0) queue.push(b);
    ending = true;
    pump();
    return res;
  };
  res.on('close', () => {
    if (timer) clearTimeout(timer);
    timer = null;
    ended = true;
  });
}
