import { ORIGIN_CONFIG } from '../config.ts';
import type { Pipeline } from '../pipeline.ts';
import type { EncoderStats } from '../encoder/ladder-encoder.ts';
import { DEFAULT_PROFILE, findProfile } from '../../shared/stream/profiles.ts';

/**
 * When the origin may be played (`OriginServer.ready`, what the tests, `measure` and the bench
 * wait for) and whether it is healthy (`/healthz`), both read from the pipeline.
 */
export class Readiness {
  constructor(private readonly pipeline: Pipeline) {}

  /**
   * Ready to be played: ffmpeg runs and every rung has ORIGIN_CONFIG.readySegments complete segments (a player
   * that starts on a shorter playlist cannot sit at its usual hold-back and starts late or stalls).
   */
  get ready(): boolean {
    return this.pipeline.encoder.stats.running && this.readySegments() >= ORIGIN_CONFIG.readySegments;
  }

  /** Resolves once ready; rejects after timeoutMs. */
  async waitUntilReady(timeoutMs: number = ORIGIN_CONFIG.readyTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready) {
      if (Date.now() > deadline) throw new Error(`the origin was not ready within ${timeoutMs / 1000} s (encoder: ${JSON.stringify(this.pipeline.encoder.stats)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The /healthz answer: ready and a part published within ORIGIN_CONFIG.healthStaleParts part durations. */
  health(): { healthy: boolean; body: { ok: boolean; segments: number; lastPartAgeMs: number | null; encoder: EncoderStats } } {
    const lastPartAgeMs = this.lastPartAgeMs();
    const healthy = this.ready && lastPartAgeMs !== null && lastPartAgeMs <= this.staleAfterMs;
    return { healthy, body: { ok: healthy, segments: this.readySegments(), lastPartAgeMs, encoder: this.pipeline.encoder.stats } };
  }

  /** Ms since the default profile last published a part on the top rung; null before the first. */
  private lastPartAgeMs(): number | null {
    const at = this.pipeline.packager.timeline(DEFAULT_PROFILE, 0)?.lastPublishedAtMs ?? null;
    return at === null ? null : Math.max(0, Math.round(Date.now() - at));
  }

  /** /healthz turns 503 when no part came for this long (ORIGIN_CONFIG.healthStaleParts part durations). */
  private get staleAfterMs(): number {
    const profile = findProfile(DEFAULT_PROFILE);
    return ORIGIN_CONFIG.healthStaleParts * (profile?.partMs ?? profile?.segmentMs ?? 1000);
  }

  /** Complete default-profile segments on the rung that has the fewest. */
  private readySegments(): number {
    return Math.min(...this.pipeline.packager.rungs.map((r) => r.timelines.get(DEFAULT_PROFILE)?.segments.filter((s) => s.complete).length ?? 0));
  }
}
