/**
 * The process-wide default {@link CryptoBackend}. Every algorithm in this layer takes an optional
 * `backend` and falls back to this one. It starts as the pure backend (the only one the pure
 * `cardwire/crypto` entry may load); Node programs that want OpenSSL call
 * `setDefaultBackend(nodeBackend)` with `nodeBackend` from `cardwire/crypto/node`.
 */
import type { CryptoBackend } from './backend';
import { pureBackend } from './backends/pure';

let current: CryptoBackend = pureBackend;

/**
 * The backend used when a call does not name one.
 *
 * @example
 * ```ts
 * defaultBackend().name; // 'pure' until setDefaultBackend() is called
 * ```
 */
export function defaultBackend(): CryptoBackend {
  return current;
}

/**
 * Replace the default backend; returns the previous one (so tests can restore it).
 *
 * @example
 * ```ts
 * const previous = setDefaultBackend(nodeBackend);
 * setDefaultBackend(previous);
 * ```
 */
export function setDefaultBackend(backend: CryptoBackend): CryptoBackend {
  const previous = current;
  current = backend;
  return previous;
}
