import type { EngineEvent } from './engine.ts';

/**
 * Stalls as the viewer sees them, from the video element itself (not from a library's
 * guess): playback had started, then the element waits for data until it plays again.
 * Seeks are not stalls. Returns a function that detaches the listeners.
 */
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
  const onSeeking = () => (seeking = true);
  const onSeeked = () => (seeking = false);
  video.addEventListener('playing', onPlaying);
  video.addEventListener('waiting', onWaiting);
  video.addEventListener('seeking', onSeeking);
  video.addEventListener('seeked', onSeeked);
  return () => {
    video.removeEventListener('playing', onPlaying);
    video.removeEventListener('waiting', onWaiting);
    video.removeEventListener('seeking', onSeeking);
    video.removeEventListener('seeked', onSeeked);
    if (stalledAt !== null) emit({ type: 'stall-end', durationMs: performance.now() - stalledAt });
  };
}
