import type { EngineName } from '../analyzer/types.ts';
import { Emitter } from './emitter.ts';
import type { Engine, EngineError, EngineEvent, EngineSettings, EngineSnapshot, Rendition } from './engine.ts';
import { RecoveryPolicy } from './recovery.ts';
import { changedKeys, type SettingDef } from './settings-schema.ts';
import { detectStalls } from './stall-detector.ts';

/** What a snapshot reads while no player runs (before a load, after giving up). */
export const EMPTY_SNAPSHOT: EngineSnapshot = { latencyS: NaN, targetLatencyS: NaN, playheadDateMs: NaN, playheadPrftMs: NaN, rendition: null, bandwidthEstimateBps: NaN };

/** The `levelLock` knob as a rendition index, -1 = automatic. */
export const lockOf = (settings: EngineSettings): number => (typeof settings.levelLock === 'number' && settings.levelLock >= 0 ? settings.levelLock : -1);

/**
 * The skeleton every adapter shares: its events (a typed emitter, stalls from the element
 * itself), load/destroy, the settings round (what changed, re-create or apply live, report it),
 * the rendition lock and the recovery policy (recovery.ts) with its timers. An adapter adds only
 * what its library needs: create/tear down the player, apply knobs live, read snapshots, and
 * turn the library's events into engine events.
 */
export abstract class EngineBase implements Engine {
  abstract readonly name: EngineName;
  protected settings: EngineSettings;
  protected url: string | null = null;
  /** Requested rendition lock, -1 = automatic. */
  protected lock: number;
  protected destroyed = false;
  private readonly events = new Emitter<EngineEvent>();
  private readonly recovery = new RecoveryPolicy();
  /** Pending recoveries and deferred teardowns: at most MAX_RECOVERIES + 1 (each fatal error adds one, a give-up clears them). */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly reloadKeys: ReadonlySet<string>;
  private detachStalls: () => void;

  constructor(
    protected readonly video: HTMLVideoElement,
    settings: EngineSettings,
    defs: readonly SettingDef[],
  ) {
    this.settings = { ...settings };
    this.lock = lockOf(settings);
    this.reloadKeys = new Set(defs.filter((d) => d.requiresReload === true).map((d) => d.key));
    this.detachStalls = detectStalls(video, (e) => this.emit(e));
  }

  readonly on: Engine['on'] = this.events.on.bind(this.events);

  load(url: string): void {
    if (this.destroyed) return;
    this.url = url;
    this.restart();
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelTimers();
    this.teardown();
    this.detachStalls();
    this.detachStalls = () => undefined;
    this.events.clear();
  }

  applySettings(next: EngineSettings): void {
    const changed = changedKeys(this.settings, next);
    if (changed.length === 0 || this.destroyed) return;
    this.settings = { ...next };
    if (changed.includes('levelLock')) this.lock = lockOf(next);
    const reload = changed.some((k) => this.reloadKeys.has(k)) || !this.applyLive(changed, next);
    if (reload && this.url) this.restart();
    this.emit({ type: 'settings-applied', changed, reloaded: reload });
  }

  setRenditionLock(index: number): void {
    this.lock = index >= 0 ? index : -1;
    this.applyLock();
  }

  abstract snapshot(): EngineSnapshot;
  abstract effectiveSettings(): Record<string, unknown>;
  abstract renditions(): Rendition[];

  /** Replaces the library's player with a new one for `this.url` and `this.settings`. */
  protected abstract create(): void;
  /** Lets go of the library's player (destroy, or giving up for good). */
  protected abstract teardown(): void;
  /** Applies changed knobs to the running player; false when there is none or a change needs a new one. */
  protected abstract applyLive(changed: readonly string[], next: EngineSettings): boolean;
  /** Makes the player follow `this.lock` (now, or once it knows its renditions). */
  protected abstract applyLock(): void;

  protected emit(event: EngineEvent): void {
    this.events.emit(event);
  }

  /**
   * The recovery policy for an error the adapter has reported: for a fatal one, `recover` runs
   * after the policy's delay (on a timer, so never inside the library's own callback), or, when
   * the error is final or the recoveries are used up, `giveUp` runs at once.
   */
  protected afterError(error: EngineError, recoverable: boolean, recover: () => void, giveUp: () => void): void {
    if (!error.fatal) return;
    const delayMs = this.recovery.onFatal(error.code, recoverable);
    if (delayMs === null) {
      this.cancelTimers();
      giveUp();
    } else {
      this.later(recover, delayMs);
    }
  }

  /**
   * afterError for a library that recovers with a new player (dash.js, Shaka): a new one, or,
   * with nothing left to try, none (dropped once the library has finished dispatching; the
   * error's detail says why, snapshots read empty from then on). `isCurrent`: the erring player
   * is still the one playing.
   */
  protected recreateAfterError(error: EngineError, recoverable: boolean, isCurrent: () => boolean): void {
    this.afterError(
      error,
      recoverable,
      () => {
        if (isCurrent()) this.create();
      },
      () =>
        this.later(() => {
          if (isCurrent()) this.teardown();
        }, 0),
    );
  }

  /** Media arrived: the recovery count starts afresh, and a recovery in progress is over. */
  protected mediaLoaded(): void {
    if (this.recovery.onMedia()) this.emit({ type: 'recovered', detail: 'media loading again' });
  }

  /** Runs `action` after `ms` (0: once the library has finished dispatching the event at hand), unless a load or destroy comes first. */
  protected later(action: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** A new load: a new player, nothing pending, nothing being recovered. */
  private restart(): void {
    this.cancelTimers();
    this.recovery.reset();
    this.create();
  }

  private cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
