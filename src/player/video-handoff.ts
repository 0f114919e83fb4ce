/**
 * Engines hand one <video> element from one to the next. hls.js and dash.js let go of it at once;
 * Shaka Player's destroy() is asynchronous and resets the element when it is done, which would
 * tear down the MediaSource of an engine that attached in the meantime. An engine whose release
 * is asynchronous registers it here; every engine is created only once the element is free.
 */
const pending = new WeakMap<HTMLVideoElement, Promise<unknown>>();

/** Marks the element busy until `release` settles. */
export function releasingVideo(video: HTMLVideoElement, release: Promise<unknown>): void {
  const previous = pending.get(video) ?? Promise.resolve();
  pending.set(video, Promise.all([previous, release.catch(() => undefined)]));
}

/** Resolves once every engine that had the element has let go of it (never rejects). */
export function videoReleased(video: HTMLVideoElement): Promise<unknown> {
  return pending.get(video) ?? Promise.resolve();
}
