import type { EngineEvent } from './engine.ts';

/**
 * Stalls as the viewer sees them, from the video element itself (not from a library's
 * guess): playback had started, then the element waits for data until it plays again.
 * Seeks are not stalls, but a jump forward of at least JUMP_S (an engine skipping back to the
 * live edge after a freeze) is reported as a recovery, "jumped N s", so freeze-and-jump cycles
 * show on the charts. Returns a function that detaches the listeners.
 */
/** A forward seek this long or longer is a jump to the live edge, not a nudge over a buffer gap. */
const JUMP_S = 1;

export function detectStalls(video: HTMLVideoElement, emit: (event: EngineEvent) => void): () => void {
  let started = false;
  let stalledAt: number | null = null;
  let seeking = false;
  const onPlaying = () => {
    started = true;
    if (stalledAt !== null) {
      emit({ type: 'stall-end', durationMs: performance.now() - stalledAt });
      stalledAt = null;
    }
  };
  const onWaiting = () => {
    if (!started || seeking || stalledAt !== null) return;
    stalledAt = performance.now();
    emit({ type: 'stall-start' });
  };
  // The position before a seek: 'seeking' already reports the target.
  let lastTimeS = NaN;
  const onTimeUpdate = () => {
    if (!seeking) lastTimeS = video.currentTime;
  };
  const onSeeking = () => {
    seeking = true;
    const jumpS = video.currentTime - lastTimeS;
    if (started && jumpS >= JUMP_S) emit({ type: 'recovered', detail: `jumped ${jumpS.toFixed(1)} s` });
  };
  const onSeeked = () => (seeking = false);
  video.addEventListener('playing', onPlaying);
  video.addEventListener('waiting', onWaiting);
  video.addEventListener('seeking', onSeeking);
  video.addEventListener('seeked', onSeeked);
  video.addEventListener('timeupdate', onTimeUpdate);
  return () => {
    video.removeEventListener('timeupdate', onTimeUpdate);
    video.removeEventListener('playing', onPlaying);
    video.removeEventListener('waiting', onWaiting);
    video.removeEventListener('seeking', onSeeking);
    video.removeEventListener('seeked', onSeeked);
    if (stalledAt !== null) emit({ type: 'stall-end', durationMs: performance.now() - stalledAt });
  };
}
