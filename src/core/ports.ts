/** The `Clock` and `Random` ports of DESIGN.md §1: injected so tests are deterministic. */
import { fail } from './errors/error';

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
 * A `Random` that draws its bytes from a pool refilled `poolSize` bytes at a time from `fill` (a
 * CSPRNG): one system call for many small requests, as a host answering thousands of requests a
 * second makes (a 6-digit authorisation code, a working key). Every byte is handed out once.
 *
 * @example
 * ```ts
 * const random = pooledRandom((n) => crypto.getRandomValues(new Uint8Array(n)));
 * random.bytes(3).length; // 3
 * ```
 */
export function pooledRandom(fill: (n: number) => Uint8Array, poolSize = 4096): Random {
  if (!Number.isInteger(poolSize) || poolSize < 1) fail('INVALID_ARGUMENT', 'the pool holds at least one byte', { path: 'poolSize' });
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  return {
    bytes(n) {
      if (!Number.isInteger(n) || n < 0) fail('INVALID_ARGUMENT', 'a count of random bytes is a whole number', { path: 'n' });
      if (n > poolSize) return fill(n);
      if (pool.length - at < n) {
        pool = fill(poolSize);
        at = 0;
      }
      const out = pool.slice(at, at + n);
      // Handed out: forget them.
      pool.fill(0, at, at + n);
      at += n;
      return out;
    },
  };
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
