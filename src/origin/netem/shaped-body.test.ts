import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findSchedule } from '../../shared/network-schedules.ts';
import { nowSeconds } from './sessions.ts';
import { ShapedBody } from './shaped-body.ts';
import { TokenBucket } from './token-bucket.ts';

/** A socket-like sink: small buffer, slow to accept; records what reached it and any write made while it was full. */
function slowSink(highWaterMark = 4096) {
  const received: Buffer[] = [];
  let writesWhileFull = 0;
  let refusals = 0;
  let firstAt = Infinity;
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      if (received.length === 0) firstAt = performance.now();
      received.push(chunk);
      setTimeout(done, 1);
    },
  });
  const write = sink.write.bind(sink);
  sink.write = ((chunk: Buffer) => {
    if (sink.writableNeedDrain) writesWhileFull++;
    const ok = write(chunk);
    if (!ok) refusals++;
    return ok;
  }) as typeof sink.write;
  return { sink, received, stats: () => ({ writesWhileFull, refusals, firstAt }) };
}

const bucket = (name: string) => new TokenBucket(findSchedule(name)!, nowSeconds());
const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));

describe('ShapedBody', () => {
  it('delivers every byte in order and ends the sink, never writing while the sink is full', async () => {
    const { sink, received, stats } = slowSink();
    let counted = 0;
    // 100 Mbit/s: tokens are plenty, so only the sink's backpressure holds the body back.
    const body = new ShapedBody(sink, bucket('cap100000'), (n) => (counted += n));
    const chunks = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => bytes(25_000, i));
    for (const c of chunks) body.write(c);
    body.end();
    await once(sink, 'finish');
    expect(Buffer.concat(received).equals(Buffer.concat(chunks))).toBe(true);
    expect(counted).toBe(200_000);
    // The sink did refuse (the test exercises backpressure), and the body waited each time.
    expect(stats().refusals).toBeGreaterThan(0);
    expect(stats().writesWhileFull).toBe(0);
  });

  it('paces bytes at the bucket rate: 40 kB at 800 kbit/s takes at least the time the tokens need', async () => {
    const { sink } = slowSink(1 << 20);
    const started = performance.now();
    const body = new ShapedBody(sink, bucket('cap800'), () => undefined);
    body.end(bytes(40_000, 1));
    await once(sink, 'finish');
    const seconds = (performance.now() - started) / 1000;
    // 100 kB/s, minus the 50 ms burst the bucket may fill to (5 kB).
    expect(seconds).toBeGreaterThanOrEqual((40_000 - 5_000) / 100_000 - 0.005);
    expect(seconds).toBeLessThan(5);
  });

  it('shares one bucket between parallel bodies: together they go no faster than the link', async () => {
    const link = bucket('cap800');
    const a = slowSink(1 << 20);
    const b = slowSink(1 << 20);
    const started = performance.now();
    new ShapedBody(a.sink, link, () => undefined).end(bytes(20_000, 2));
    new ShapedBody(b.sink, link, () => undefined).end(bytes(20_000, 3));
    const finished = [a, b].map(async (s) => {
      await once(s.sink, 'finish');
      return performance.now();
    });
    const [aDone, bDone] = await Promise.all(finished);
    const seconds = (Math.max(aDone!, bDone!) - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual((40_000 - 5_000) / 100_000 - 0.005);
    // Interleaved, not one after the other: each got its first bytes before either was done.
    expect(Math.max(a.stats().firstAt, b.stats().firstAt)).toBeLessThan(Math.min(aDone!, bDone!));
    expect(Buffer.concat(a.received).length + Buffer.concat(b.received).length).toBe(40_000);
  });

  it('stops pacing and drops the rest when the sink closes (the client left)', async () => {
    const { sink } = slowSink(1 << 20);
    let counted = 0;
    const body = new ShapedBody(sink, bucket('cap800'), (n) => (counted += n));
    body.end(bytes(200_000, 4));
    await new Promise((r) => setTimeout(r, 100));
    sink.destroy();
    await once(body, 'close');
    const atClose = counted;
    await new Promise((r) => setTimeout(r, 200));
    expect(counted).toBe(atClose);
    expect(atClose).toBeLessThan(200_000);
    expect(body.destroyed).toBe(true);
  });
});
