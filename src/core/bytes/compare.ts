/** Byte-array helpers shared by every layer. */
import { fail } from '../errors/error';

/**
 * Constant-time equality of two byte arrays (DESIGN.md §2: MACs, PIN verification results and
 * cryptograms are compared without early exit). Arrays of different lengths are unequal; the
 * length itself is not secret.
 *
 * @example
 * ```ts
 * constantTimeEqual(hex('0102'), hex('0102')); // true
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Concatenate byte arrays into one new array.
 *
 * @example
 * ```ts
 * concatBytes(hex('01'), hex('0203')); // [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * XOR two equal-length byte arrays into a new array.
 *
 * @example
 * ```ts
 * xorBytes(hex('0F0F'), hex('FF00')); // [0xF0, 0x0F]
 * ```
 */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) fail('INVALID_ARGUMENT', `xorBytes: lengths differ (${a.length} and ${b.length})`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
