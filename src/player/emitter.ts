/**
 * A typed emitter over a union of events told apart by `type`: a listener of one type gets that
 * event's own payload type, a listener of all gets the union. No string-keyed `any` anywhere.
 */
export type EventOf<E extends { type: string }, K extends E['type']> = Extract<E, { type: K }>;

/**
 * Listeners per emitter: a few per page (the session, the playback hook, tests). More means a
 * caller subscribes in a loop without unsubscribing, which this turns into an error.
 */
export const MAX_LISTENERS = 64;

export class Emitter<E extends { type: string }> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Every event; returns the unsubscribe function. */
  on(listener: (event: E) => void): () => void;
  /** Only events of `type`, typed as such. */
  on<K extends E['type']>(type: K, listener: (event: EventOf<E, K>) => void): () => void;
  on<K extends E['type']>(a: ((event: E) => void) | K, b?: (event: EventOf<E, K>) => void): () => void {
    const listener: (event: E) => void =
      typeof a === 'function'
        ? a
        : (event) => {
            if (event.type === a) b?.(event as EventOf<E, K>);
          };
    if (this.listeners.size >= MAX_LISTENERS) throw new Error(`more than ${MAX_LISTENERS} listeners on one emitter: a subscription is never undone`);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.listeners) listener(event);
  }

  clear(): void {
    this.listeners.clear();
  }
}
