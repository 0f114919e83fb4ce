import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../packager/chunk.ts';
import { Timeline } from '../packager/timeline.ts';
import { SyntheticStream } from '../packager/test-support/synthetic-stream.ts';
import { WaiterPool } from '../packager/waiters.ts';
import { streamSegment, type ByteSink, type SegmentFeed } from './segment-stream.ts';

/** A 1 s-segment timeline (no parts, like dash-ll) fed by a synthetic 30 fps encoder. */
function setup(windowMs = 60_000) {
  const pool = new WaiterPool(4);
  const timeline = new Timeline({ partFrames: null, segmentFrames: 30 }, windowMs, pool);
  const stream = new SyntheticStream(timeline);
  /** The request's feed; with `signal`, its waits end when the client goes away, as dash-routes wires it. */
  const feed = (msn: number, signal?: AbortSignal): SegmentFeed => ({
    current: () => timeline.segment(msn),
    waitFor: (ready, timeoutMs) => timeline.waiters.wait(ready, timeoutMs, signal),
  });
  const writes: Buffer[] = [];
  let ended = false;
  const sink: ByteSink = { write: (b) => writes.push(b), end: () => (ended = true) };
  return { pool, timeline, stream, feed, writes, sink, ended: () => ended };
}

const identity = (c: Chunk) => c.bytes;
const tick = () => new Promise((r) => setImmediate(r));

describe('streamSegment (LL-DASH chunked delivery)', () => {
  it('writes what exists at once, then each chunk as it is published, and ends with the segment', async () => {
    const { stream, feed, writes, sink, ended } = setup();
    const chunks = stream.frames(10); // segment 0 is a third done
    const done = streamSegment(feed(0), sink, identity, 5000, () => false);
    await tick();
    expect(writes).toEqual(chunks.map((c) => c.bytes));
    const next = stream.frames(1);
    await tick();
    expect(writes).toHaveLength(11);
    expect(writes[10]).toBe(next[0]!.bytes);
    expect(ended()).toBe(false);
    stream.frames(19);
    expect(await done).toBe('complete');
    expect(writes).toHaveLength(30);
    expect(ended()).toBe(true);
    // Nothing of the next segment leaks into this body.
    stream.frames(5);
    await tick();
    expect(writes).toHaveLength(30);
  });

  it('writes a completed segment whole and ends', async () => {
    const { stream, feed, writes, sink, ended } = setup();
    stream.frames(31);
    expect(await streamSegment(feed(0), sink, identity, 5000, () => false)).toBe('complete');
    expect(writes).toHaveLength(30);
    expect(ended()).toBe(true);
  });

  it('sends only what bytesOf returns (single-track fragments; chunks without the track are skipped)', async () => {
    const { stream, feed, writes, sink } = setup();
    stream.frames(30);
    const odd = (c: Chunk) => (c.frameInRun % 2 === 1 ? Buffer.from([c.frameInRun]) : null);
    expect(await streamSegment(feed(0), sink, odd, 5000, () => false)).toBe('complete');
    expect(writes.map((b) => b[0])).toEqual(Array.from({ length: 15 }, (_, i) => 2 * i + 1));
  });

  it('ends early when an encoder restart closes the segment', async () => {
    const { stream, feed, writes, sink } = setup();
    stream.frames(12);
    const done = streamSegment(feed(0), sink, identity, 5000, () => false);
    await tick();
    stream.restart();
    stream.frames(1);
    expect(await done).toBe('complete');
    expect(writes).toHaveLength(12);
  });

  it('reports a stall when no chunk comes within the limit, without ending the body', async () => {
    const { stream, feed, sink, ended } = setup();
    stream.frames(5);
    expect(await streamSegment(feed(0), sink, identity, 20, () => false)).toBe('stalled');
    expect(ended()).toBe(false);
  });

  it('reports a segment that is not there (evicted or never started) as gone', async () => {
    const { feed, sink, writes } = setup();
    expect(await streamSegment(feed(3), sink, identity, 5000, () => false)).toBe('gone');
    expect(writes).toEqual([]);
  });

  it('stops when the client goes away: its waiter leaves the bounded pool at once, and no abort listener stays on the request', async () => {
    const { pool, stream, feed, sink, writes, timeline } = setup();
    stream.frames(5);
    const client = new AbortController();
    const listeners = () => getEventListeners(client.signal, 'abort').length;
    let outcome: string | null = null;
    void streamSegment(feed(0, client.signal), sink, identity, 5000, () => client.signal.aborted).then((o) => (outcome = o));
    await tick();
    expect(timeline.waiters.size).toBe(1);
    expect(listeners()).toBe(1);
    // A wait per chunk on the one request: each one ended by a publish takes its listener along.
    for (let k = 0; k < 3; k++) {
      stream.frames(1);
      await tick();
      expect(listeners()).toBe(1);
    }
    expect(writes).toHaveLength(8);
    // The client goes away, no publish, no timeout: the abort alone ends the wait.
    client.abort();
    await tick();
    expect(outcome).toBe('aborted');
    expect(timeline.waiters.size).toBe(0);
    expect(pool.waiting).toBe(0);
    expect(listeners()).toBe(0);
    stream.frames(1);
    await tick();
    expect(writes).toHaveLength(8);
  });
});
