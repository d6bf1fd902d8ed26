/**
 * Reconnect delays: exponential backoff with jitter, so that a fleet of terminals that lost the
 * host at the same moment does not reconnect in lock-step.
 */

/** Backoff parameters. */
export interface BackoffOptions {
  /** Delay before the first retry in ms (default 250). */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay in ms (default 30 000). */
  readonly maxDelayMs?: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Relative jitter, 0 to 1 (default 0.2: the delay varies by ±20 %). */
  readonly jitter?: number;
}

/**
 * The delay before retry number `attempt` (0-based), given a uniform `random` value in [0, 1).
 *
 * @example
 * ```ts
 * backoffDelay(0, {}, 0.5); // 250
 * backoffDelay(3, {}, 0.5); // 2000
 * backoffDelay(3, {}, 0);   // 1600 (2000 − 20 %)
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: number): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  const base = Math.min(max, initial * factor ** Math.min(attempt, 64));
  return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random)));
}
