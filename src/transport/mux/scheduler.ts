/**
 * The timer port of the pure transport layer: shaped like `setTimeout`/`clearTimeout`, so the
 * platform's own timers fit, and tests use {@link ManualScheduler} instead of waiting.
 */

import { fail } from '../../core/index';

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** Timers, injected. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

interface GlobalTimers {
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * The platform's timers (Node, browsers, React Native and most embedded engines have them).
 *
 * @example
 * ```ts
 * const mux = new Mux({ scheduler: systemScheduler(), … });
 * ```
 */
export function systemScheduler(): Scheduler {
  const g = globalThis as GlobalTimers;
  const set = g.setTimeout;
  const clear = g.clearTimeout;
  if (!set || !clear) fail('INVALID_ARGUMENT', 'this platform has no setTimeout; pass a Scheduler', { path: 'scheduler' });
  return { setTimeout: (cb, ms) => set(cb, ms), clearTimeout: (h) => clear(h) };
}

/**
 * A scheduler whose time moves only when told to: `advance(ms)` runs the timers that fall due, in
 * order. For tests of timeouts and backoff without waiting.
 *
 * @example
 * ```ts
 * const s = new ManualScheduler();
 * s.setTimeout(() => fired = true, 1000);
 * s.advance(999); // not yet
 * s.advance(1);   // fired
 * ```
 */
export class ManualScheduler implements Scheduler {
  private nowMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  /** Milliseconds advanced so far. */
  get now(): number {
    return this.nowMs;
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Move time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= target && t.at < nextAt) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const t = this.timers.get(nextId);
      this.timers.delete(nextId);
      this.nowMs = nextAt;
      t?.callback();
    }
    this.nowMs = target;
  }
}
