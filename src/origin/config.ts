/**
 * The origin's defaults, limits and timeouts, in one place (as hls.js keeps its config.ts).
 * Each one bounds a resource or says how long a fault may last before the origin acts; the
 * command line's usage text and docs/origin.md's option table are rendered from ORIGIN_DEFAULTS
 * and ORIGIN_RANGES (cli-options.ts), and docs/origin.md ("Failure behaviour") explains the rest.
 */

/** What the origin runs with when the command line (or startOrigin's caller) says nothing. */
export const ORIGIN_DEFAULTS = {
  /** HTTP port when neither --port nor $PORT is given. */
  port: 8080,
  /** Ladder preset or rung list (encoder/ladder.ts). */
  ladder: 'default',
  /** Frame rate of the test source and the encode. */
  fps: 30,
  /** Audio track on (48 kHz AAC with a beep every second). */
  audio: true,
  /** Seconds of media each playlist and MPD keeps. */
  windowS: 60,
  /** Most requests held for future parts at once, over all profiles (one waiter list per track). */
  maxWaiters: 10_000,
} as const;

/** Inclusive bounds of the numeric command-line options. */
export const ORIGIN_RANGES = {
  port: { min: 0, max: 65535 },
  edgePort: { min: 1, max: 65535 },
  /** Only rates at which every profile's parts are whole frames pass (profiles.ts). */
  fps: { min: 10, max: 60 },
  windowS: { min: 10, max: 600 },
  maxWaiters: { min: 1, max: 1_000_000 },
} as const;

export const ORIGIN_CONFIG = {
  /** No output from ffmpeg for this long while frames go in: it is frozen; restart it as after a crash. */
  encoderStallMs: 1000,
  /**
   * Media time may fall behind the capture clock by this much per encoder run (input gaps longer
   * than the repeats fill); beyond it the encoder restarts, so the slip becomes a discontinuity.
   * Up to it, a DASH player at most asks for the next segment early, which the origin holds.
   */
  maxClockSlipMs: 250,
  /** Longest input gap (in frames) the encoder fills with repeats of the last frame; a longer one starts a new run. */
  maxRepeatedFrames: 30,
  /** Before a run's first output x264 is still starting (several rungs on a loaded machine): no stall restart yet. */
  encoderStartupGraceMs: 15_000,
  /** Wait before restarting a crashed ffmpeg; doubles per crash without output, up to encoderRestartMaxMs. */
  encoderRestartMs: 500,
  encoderRestartMaxMs: 8000,
  /** On stop, ffmpeg gets SIGTERM, then SIGKILL after this long. */
  encoderStopGraceMs: 2000,
  /** /healthz answers 503 when the newest part (or chunk) is older than this many part durations. */
  healthStaleParts: 2,
  /** Complete segments of the default profile on every rung before /healthz says ready (a player can start). */
  readySegments: 3,
  /** How long waitUntilReady (tests, benchmarks) waits for readySegments before it gives up. */
  readyTimeoutMs: 60_000,
  /** An LL-HLS blocking request (or part) is held this many target durations, then 503 (HLS spec 6.2.5.2). */
  blockingHoldTargetDurations: 3,
  /**
   * A DASH segment asked for before it exists is held up to 2 segment durations + 1 s, then 503:
   * the player's clock and the encoder's own latency put requests a little ahead of publication.
   */
  dashHoldMs: (segmentMs: number): number => 2 * segmentMs + 1000,
  /** A chunked LL-DASH response with no new chunk for this long is cut: a frame is due every 1/fps s. */
  dashChunkSilenceMs: (segmentMs: number): number => segmentMs + 1000,
  /** A client with unread response bytes that took none for this long is dropped (holds send nothing, so they never trip it). */
  writeTimeoutMs: 20_000,
  /** How often sockets are checked against the write timeout. */
  writeTimeoutSweepMs: 1000,
  /** Idle keep-alive connections are closed after this long (above common proxies' 60 s). */
  keepAliveTimeoutMs: 65_000,
  /** Address `--dev` listens on unless `--host` says otherwise: Vite serves sources, never to the network. */
  devHost: '127.0.0.1',
  /** Server-side release delays of blocking requests kept for /metrics and the bench (a ring). */
  releaseDelaySamples: 20_000,
  /** `avoffset=` copies of a chunk kept, for this many most recent offsets (the offset is the visitor's choice). */
  avShiftCopies: 2,
  /** Network-emulation sessions kept at once; past it the least recently used one goes. */
  netemSessionLimit: 1000,
  /** A network-emulation session with no request for this long expires. */
  netemSessionIdleMs: 120_000,
} as const;
