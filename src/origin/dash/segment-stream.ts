import type { Chunk } from '../packager/chunk.ts';
import type { Segment } from '../packager/timeline.ts';

/** Where a segment comes from, as one request sees it (through its injected delay). */
export interface SegmentFeed {
  /** The segment now, or undefined (not started yet, or evicted). */
  current(): Segment | undefined;
  /** Resolves true once `ready()` holds (checked on every publication), false on timeout or abort. */
  waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean>;
}

/** Where the bytes go: an HTTP response in chunked transfer encoding. */
export interface ByteSink {
  write(bytes: Buffer): void;
  end(): void;
}

export type StreamOutcome = 'complete' | 'stalled' | 'gone' | 'aborted';

/**
 * LL-DASH chunked delivery: writes the chunks a segment has so far, then each new one the
 * moment it is published, and ends the body when the segment completes. `bytesOf` turns a
 * muxed chunk into the bytes to send (the single-track fragment) or null to skip it.
 * `stallMs` bounds the wait for the next chunk: a frame interval is expected, an encoder
 * restart closes the segment, so a long silence means something is wrong.
 */
export async function streamSegment(
  feed: SegmentFeed,
  sink: ByteSink,
  bytesOf: (chunk: Chunk) => Buffer | null,
  stallMs: number,
  isAborted: () => boolean,
): Promise<StreamOutcome> {
  let sent = 0;
  for (;;) {
    if (isAborted()) return 'aborted';
    const segment = feed.current();
    if (!segment) return 'gone';
    for (; sent < segment.chunks.length; sent++) {
      const bytes = bytesOf(segment.chunks[sent]!);
      if (bytes) sink.write(bytes);
    }
    if (segment.complete) {
      sink.end();
      return 'complete';
    }
    const more = await feed.waitFor(() => {
      const now = feed.current();
      return !now || now.complete || now.chunks.length > sent;
    }, stallMs);
    if (!more) return isAborted() ? 'aborted' : 'stalled';
  }
}
