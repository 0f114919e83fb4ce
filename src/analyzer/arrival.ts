// "Before arrival": for a stream whose origin sends no Server-Timing (anyone else's), each
// presented frame is joined by media time to the engine's request that carried it, and its
// latency splits in two parts that add up to it exactly:
//   before_arrival = received - capture  (encoder, packager, origin or CDN, network: all before the page)
//   buffer         = display  - received (forward buffer, decode, render)
// hls.js and Shaka say each object's media start; dash.js's request metrics do not, so its frames
// are not joined. On this origin the same join is a second opinion beside the full breakdown.

/** A part or segment the engine loaded: its media range (element time, s) and its last byte (origin clock). */
export interface ArrivedObject {
  /** Rendition height; 0 when the engine does not know it (a plain media playlist); NaN: not video (audio), not kept. */
  videoHeight: number;
  mediaStartS: number;
  mediaEndS: number;
  receivedMs: number;
}

export interface Arrival {
  receivedMs: number;
  beforeArrivalMs: number;
  bufferMs: number;
}

/** The engine's media start and its element time can differ by rounding: half a millisecond. */
const EDGE_S = 0.0005;

export class ArrivalIndex {
  private readonly objects: ArrivedObject[] = [];

  constructor(private readonly capacity = 2000) {}

  add(object: ArrivedObject): void {
    const { mediaStartS, mediaEndS, receivedMs } = object;
    if (Number.isNaN(object.videoHeight)) return;
    if (!Number.isFinite(mediaStartS) || !Number.isFinite(mediaEndS) || mediaEndS <= mediaStartS || !Number.isFinite(receivedMs)) return;
    this.objects.push(object);
    if (this.objects.length > this.capacity) this.objects.shift();
  }

  /**
   * The newest object whose media range holds `mediaTimeS`, of the frame's height where the
   * engine knows heights (after a switch both renditions may hold the same media time).
   */
  find(videoHeight: number, mediaTimeS: number): ArrivedObject | undefined {
    if (!Number.isFinite(mediaTimeS)) return undefined;
    let unsized: ArrivedObject | undefined;
    for (let i = this.objects.length - 1; i >= 0; i--) {
      const o = this.objects[i]!;
      if (mediaTimeS < o.mediaStartS - EDGE_S || mediaTimeS >= o.mediaEndS - EDGE_S) continue;
      if (o.videoHeight === videoHeight) return o;
      if (o.videoHeight === 0) unsized ??= o;
    }
    return unsized;
  }
}

export function arrivalOf(captureMs: number, displayMs: number, receivedMs: number): Arrival {
  return { receivedMs, beforeArrivalMs: receivedMs - captureMs, bufferMs: displayMs - receivedMs };
}
