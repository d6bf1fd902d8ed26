/**
 * PBKDF2 (RFC 8018 §5.2) over HMAC (RFC 2104) with the backend's SHA-1, SHA-256 or SM3: the
 * terminal stores operator and supervisor passwords as salted PBKDF2 hashes, never in the clear.
 */
import { concatBytes, fail } from '../../core/index';
import type { CryptoBackend, HashAlgorithm } from '../backend';
import { backendOf, type CryptoOptions } from '../backend-choice';

const BLOCK = 64;

function hmacWith(backend: CryptoBackend, hash: HashAlgorithm, key: Uint8Array): (data: Uint8Array) => Uint8Array {
  const k = key.length > BLOCK ? backend.hash(hash, key) : key;
  const ipad = new Uint8Array(BLOCK).fill(0x36);
  const opad = new Uint8Array(BLOCK).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    ipad[i]! ^= k[i]!;
    opad[i]! ^= k[i]!;
  }
  return (data) => backend.hash(hash, concatBytes(opad, backend.hash(hash, concatBytes(ipad, data))));
}

/** Options of {@link pbkdf2}. */
export interface Pbkdf2Options extends CryptoOptions {
  readonly hash: HashAlgorithm;
  readonly iterations: number;
  /** Derived key length in bytes. */
  readonly length: number;
}

/**
 * PBKDF2-HMAC.
 *
 * @example
 * ```ts
 * // RFC 7914 §11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64
 * toHex(pbkdf2(encodeAscii('passwd'), encodeAscii('salt'), { hash: 'sha256', iterations: 1, length: 64 })); // '55AC046E56E3089F…'
 * ```
 */
export function pbkdf2(password: Uint8Array, salt: Uint8Array, options: Pbkdf2Options): Uint8Array {
  const { iterations, length } = options;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) fail('INVALID_ARGUMENT', 'iterations must be 1..10000000', { path: 'iterations' });
  if (!Number.isInteger(length) || length < 1 || length > 1024) fail('INVALID_ARGUMENT', 'length must be 1..1024 bytes', { path: 'length' });
  const prf = hmacWith(backendOf(options), options.hash, password);
  const out = new Uint8Array(length);
  let at = 0;
  for (let block = 1; at < length; block++) {
    let u = prf(concatBytes(salt, new Uint8Array([block >>> 24, (block >>> 16) & 255, (block >>> 8) & 255, block & 255])));
    const t = u.slice();
    for (let i = 1; i < iterations; i++) {
      u = prf(u);
      for (let j = 0; j < t.length; j++) t[j]! ^= u[j]!;
    }
    out.set(t.subarray(0, Math.min(t.length, length - at)), at);
    at += t.length;
  }
  return out;
}
