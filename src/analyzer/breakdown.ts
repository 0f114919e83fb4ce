// Where the time goes: each presented frame joined to the object (part, segment, chunked DASH
// segment) that delivered its bytes, splitting its glass-to-glass latency into three parts
// that add up to it exactly, by construction:
//   encode_package = available - capture   (encoder, packager, injected delay)
//   delivery       = received  - available (scheduling, hold, network, shaping, added RTT)
//   buffer         = display   - received  (forward buffer, decode, render)
// All times on the origin's clock, ms since the epoch.

/** A media object the page received, with the origin's Server-Timing (see shared/server-timing.ts). */
export interface DeliveredObject {
  /** Height of the video it carries; objects without video are not indexed. */
  videoHeight: number;
  captureFirstMs: number;
  captureLastMs: number;
  /** When it was complete at the origin; null for a DASH segment streamed while produced. */
  availableMs: number | null;
  /** Streamed segment: capture -> publication of its chunks, ms (the origin's gm-pkg). */
  packagingMs: number | null;
  delayMs: number;
  /** First and last byte at the page (Resource Timing responseStart / responseEnd). */
  responseStartMs: number;
  responseEndMs: number;
}

export interface Breakdown {
  availableMs: number;
  receivedMs: number;
  encodePackageMs: number;
  deliveryMs: number;
  bufferMs: number;
}

export type MissReason = 'no-timecode' | 'no-server-timing' | 'no-object';

/** Capture times are whole ms on both sides; a planned last frame may round 1 ms either way. */
const CAPTURE_SLACK_MS = 1;

/**
 * When this frame was available and when its bytes were received. A complete object: its
 * availability and last byte. A streamed segment's chunks are sent as they are published, so
 * the frame's chunk was available at capture + packaging + delay, and arrived no earlier than
 * that or the response's first byte, no later than its last byte or the frame's display.
 */
export function frameTimes(object: DeliveredObject, captureMs: number, displayMs: number): { availableMs: number; receivedMs: number } | null {
  if (object.availableMs !== null) return { availableMs: object.availableMs, receivedMs: object.responseEndMs };
  if (object.packagingMs === null) return null;
  const availableMs = captureMs + object.packagingMs + object.delayMs;
  const latest = Math.min(object.responseEndMs, displayMs);
  const receivedMs = Math.min(latest, Math.max(availableMs, object.responseStartMs));
  return { availableMs, receivedMs };
}

export function breakdownOf(captureMs: number, displayMs: number, times: { availableMs: number; receivedMs: number }): Breakdown {
  return {
    availableMs: times.availableMs,
    receivedMs: times.receivedMs,
    encodePackageMs: times.availableMs - captureMs,
    deliveryMs: times.receivedMs - times.availableMs,
    bufferMs: displayMs - times.receivedMs,
  };
}

/**
 * The recent delivered objects per video height, bounded. Lookups scan from the newest, since
 * a frame on screen was delivered recently.
 */
export class DeliveryIndex {
  private readonly byHeight = new Map<number, DeliveredObject[]>();
  private count = 0;

  constructor(private readonly capacity = 4000) {}

  get size(): number {
    return this.count;
  }

  add(object: DeliveredObject): void {
    let list = this.byHeight.get(object.videoHeight);
    if (!list) this.byHeight.set(object.videoHeight, (list = []));
    list.push(object);
    this.count++;
    while (this.count > this.capacity) this.evictOldest();
  }

  private evictOldest(): void {
    let oldestList: DeliveredObject[] | null = null;
    for (const list of this.byHeight.values()) {
      const head = list[0];
      if (head && (!oldestList || head.responseEndMs < oldestList[0]!.responseEndMs)) oldestList = list;
    }
    if (!oldestList) return;
    oldestList.shift();
    this.count--;
  }

  /**
   * The object that delivered the frame captured at `captureMs`: of those covering it, the
   * first to arrive before the frame was shown (a later copy did not put it on screen), else
   * the first to arrive at all. null when none covers it.
   */
  find(videoHeight: number, captureMs: number, displayMs: number): DeliveredObject | null {
    const list = this.byHeight.get(videoHeight);
    if (!list) return null;
    let best: DeliveredObject | null = null;
    let bestInTime = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      if (captureMs < o.captureFirstMs - CAPTURE_SLACK_MS || captureMs > o.captureLastMs + CAPTURE_SLACK_MS) continue;
      const inTime = o.responseEndMs <= displayMs || o.availableMs === null;
      if (!best || (inTime && !bestInTime) || (inTime === bestInTime && o.responseEndMs < best.responseEndMs)) {
        best = o;
        bestInTime = inTime;
      }
    }
    return best;
  }

  /** True when an object of this height covering captures after `captureMs` has arrived (so a gap is a miss, not a wait). */
  hasLater(videoHeight: number, captureMs: number): boolean {
    const list = this.byHeight.get(videoHeight);
    return !!list?.some((o) => o.captureFirstMs > captureMs + CAPTURE_SLACK_MS);
  }
}

/** What the join needs to know of a frame, and where it writes the result. */
export interface JoinableFrame {
  captureTimeMs: number;
  displayTimeMs: number;
  videoHeight: number;
  /** Called once, with the breakdown or the reason there is none. */
  settle(result: Breakdown | MissReason): void;
}

/** Frames waiting for their object (a streamed segment is reported when it ends), bounded. */
const MAX_PENDING = 3000;
/** A frame whose object has not been reported this long after display is given up. */
const PENDING_TIMEOUT_MS = 10_000;

export interface JoinCounts {
  joined: number;
  pending: number;
  missed: Record<MissReason, number>;
}

/**
 * Joins frames to delivered objects as both arrive, in either order: a frame shown before its
 * object's Resource Timing entry (chunked DASH, or an entry delivered late) waits, bounded.
 */
export class FrameJoiner {
  readonly index = new DeliveryIndex();
  private pending: JoinableFrame[] = [];
  /** Media responses seen without our Server-Timing: the stream is from another origin. */
  private foreignObjects = 0;
  readonly counts: JoinCounts = { joined: 0, pending: 0, missed: { 'no-timecode': 0, 'no-server-timing': 0, 'no-object': 0 } };

  addObject(object: DeliveredObject): void {
    this.index.add(object);
    this.retryPending(Number.NEGATIVE_INFINITY);
  }

  /** A media response without Server-Timing. */
  addForeignObject(): void {
    this.foreignObjects++;
  }

  addFrame(frame: JoinableFrame, nowMs: number): void {
    if (!Number.isFinite(frame.captureTimeMs)) return this.miss(frame, 'no-timecode');
    if (!this.tryJoin(frame)) {
      if (this.index.size === 0 && this.foreignObjects > 0) return this.miss(frame, 'no-server-timing');
      if (this.index.hasLater(frame.videoHeight, frame.captureTimeMs)) return this.miss(frame, 'no-object');
      this.pending.push(frame);
      if (this.pending.length > MAX_PENDING) this.miss(this.pending.shift()!, 'no-object');
    }
    this.retryPending(nowMs - PENDING_TIMEOUT_MS);
  }

  private tryJoin(frame: JoinableFrame): boolean {
    const object = this.index.find(frame.videoHeight, frame.captureTimeMs, frame.displayTimeMs);
    const times = object && frameTimes(object, frame.captureTimeMs, frame.displayTimeMs);
    if (!times) return false;
    frame.settle(breakdownOf(frame.captureTimeMs, frame.displayTimeMs, times));
    this.counts.joined++;
    return true;
  }

  private miss(frame: JoinableFrame, reason: MissReason): void {
    this.counts.missed[reason]++;
    frame.settle(reason);
  }

  /** Joins what can be joined now; frames displayed before `giveUpBeforeMs` are given up. */
  private retryPending(giveUpBeforeMs: number): void {
    if (this.pending.length > 0) {
      this.pending = this.pending.filter((f) => {
        if (this.tryJoin(f)) return false;
        if (f.displayTimeMs < giveUpBeforeMs) {
          this.miss(f, this.index.size === 0 && this.foreignObjects > 0 ? 'no-server-timing' : 'no-object');
          return false;
        }
        return true;
      });
    }
    this.counts.pending = this.pending.length;
  }
}
