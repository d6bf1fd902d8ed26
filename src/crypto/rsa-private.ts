/**
 * The raw RSA private-key operation (PKCS #1 v2.2 §5.1.2 RSADP / §5.2.1 RSASP1, without padding)
 * in the Chinese Remainder Theorem form of §3.2: what an EMV card does to sign its dynamic data
 * (EMV 4.4 Book 2 §6.5, §6.6) and to decipher an enciphered offline PIN (§7.2). Pure code on
 * native bigint, so a virtual card runs the same in a browser.
 *
 * Not constant-time (bigint arithmetic never is): for test cards and simulators, not for keys
 * that protect real value.
 */
import { fail } from '../core/index';
import { bigIntToBytes, bytesToBigInt as toBigInt, modPow } from './bigint-bytes';

/** An RSA private key in CRT form, every number big-endian bytes (PKCS #1 v2.2 §3.2). */
export interface RsaPrivateKey {
  /** n = p·q. */
  readonly modulus: Uint8Array;
  /** p. */
  readonly prime1: Uint8Array;
  /** q. */
  readonly prime2: Uint8Array;
  /** dP = d mod (p − 1). */
  readonly exponent1: Uint8Array;
  /** dQ = d mod (q − 1). */
  readonly exponent2: Uint8Array;
  /** qInv = q⁻¹ mod p. */
  readonly coefficient: Uint8Array;
}

function positive(value: Uint8Array | undefined, path: string): bigint {
  if (!(value instanceof Uint8Array) || value.length === 0) fail('RSA_INPUT_INVALID', `${path} is empty`, { path });
  const x = toBigInt(value);
  if (x < 1n) fail('RSA_INPUT_INVALID', `${path} is zero`, { path });
  return x;
}

/**
 * input^d mod n by the CRT (PKCS #1 v2.2 §5.1.2 step 2b): m1 = c^dP mod p, m2 = c^dQ mod q,
 * h = (m1 − m2)·qInv mod p, m = m2 + q·h. Big-endian, left-padded to the modulus length.
 *
 * @example
 * ```ts
 * // The textbook key p = 61, q = 53 (n = 3233, d = 2753): 2790^d mod n = 65.
 * rsaPrivateRaw({ modulus: hex('0CA1'), prime1: hex('3D'), prime2: hex('35'), exponent1: hex('35'),
 *   exponent2: hex('31'), coefficient: hex('26') }, hex('0AE6')); // 0041
 * ```
 */
export function rsaPrivateRaw(key: RsaPrivateKey, input: Uint8Array): Uint8Array {
  const n = positive(key.modulus, 'modulus');
  const p = positive(key.prime1, 'prime1');
  const q = positive(key.prime2, 'prime2');
  const dp = positive(key.exponent1, 'exponent1');
  const dq = positive(key.exponent2, 'exponent2');
  const qInv = positive(key.coefficient, 'coefficient');
  if (p * q !== n) fail('RSA_INPUT_INVALID', 'the primes do not multiply to the modulus', { path: 'prime1' });
  const c = toBigInt(input);
  if (c >= n) fail('RSA_INPUT_INVALID', 'the input is not smaller than the modulus', { path: 'input' });
  const m1 = modPow(c, dp, p);
  const m2 = modPow(c, dq, q);
  let h = ((m1 - m2) * qInv) % p;
  if (h < 0n) h += p;
  return bigIntToBytes(m2 + q * h, key.modulus.length);
}
