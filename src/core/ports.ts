/** The `Clock` and `Random` ports of DESIGN.md §1: injected so tests are deterministic. */

/** A source of the current time. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A source of random bytes (a CSPRNG in production; a fixed sequence in tests). */
export interface Random {
  /** Fill and return a new array of `n` random bytes. */
  bytes(n: number): Uint8Array;
}

/**
 * A cancellation signal: the shape of the platform's `AbortSignal` that the ports need, so the pure
 * layers name no DOM or Node type (an `AbortController().signal` fits as it is).
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The system clock.
 *
 * @example
 * ```ts
 * systemClock.now(); // new Date()
 * ```
 */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock stopped at one instant, for tests.
 *
 * @example
 * ```ts
 * fixedClock('2025-12-31T23:59:59Z').now().getUTCFullYear(); // 2025
 * ```
 */
export function fixedClock(at: Date | string): Clock {
  const t = typeof at === 'string' ? new Date(at) : at;
  return { now: () => new Date(t.getTime()) };
}
