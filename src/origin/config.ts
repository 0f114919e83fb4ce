/**
 * The origin's limits and timeouts, in one place. Each one bounds a resource or says how long
 * a fault may last before the origin acts; docs/origin.md ("Failure behaviour") explains them.
 */
export const ORIGIN_CONFIG = {
  /** No output from ffmpeg for this long while frames go in: it is frozen; restart it as after a crash. */
  encoderStallMs: 1000,
  /**
   * Media time may fall behind the capture clock by this much per encoder run (input gaps longer
   * than the 30 repeats fill); beyond it the encoder restarts, so the slip becomes a discontinuity.
   * Up to it, a DASH player at most asks for the next segment early, which the origin holds.
   */
  maxClockSlipMs: 250,
  /** /healthz answers 503 when the newest part (or chunk) is older than this many part durations. */
  healthStaleParts: 2,
  /** A client with unread response bytes that took none for this long is dropped (holds send nothing, so they never trip it). */
  writeTimeoutMs: 20_000,
  /** How often sockets are checked against the write timeout. */
  writeTimeoutSweepMs: 1000,
  /** Idle keep-alive connections are closed after this long. */
  keepAliveTimeoutMs: 65_000,
  /** Address `--dev` listens on unless `--host` says otherwise: Vite serves sources, never to the network. */
  devHost: '127.0.0.1',
} as const;
