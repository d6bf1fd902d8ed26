/**
 * Big-endian bytes ↔ native bigint for the RSA operations, through hex text: one BigInt() parse
 * and one toString(16) instead of a shift per byte (which is quadratic in the key length).
 */
import { hex, toHex } from '../core/index';

/** Big-endian bytes → bigint (0n for no bytes). */
export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${toHex(b)}`);
}

/** bigint → big-endian bytes, left-padded with zeros to `length` (the caller ensures it fits). */
export function bigIntToBytes(x: bigint, length: number): Uint8Array {
  const text = x.toString(16);
  const out = new Uint8Array(length);
  const digits = text.length % 2 === 0 ? text : `0${text}`;
  out.set(hex(digits), length - digits.length / 2);
  return out;
}

/** base^exponent mod modulus, left to right with a 4-bit fixed window (Handbook of Applied Cryptography 14.82). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  const b = base % modulus;
  if (exponent < 16n) {
    let result = 1n;
    for (let k = 0n; k < exponent; k++) result = (result * b) % modulus;
    return result;
  }
  const table: bigint[] = [1n, b];
  for (let k = 2; k < 16; k++) table.push((table[k - 1]! * b) % modulus);
  const digits = exponent.toString(16);
  let result = table[parseInt(digits[0]!, 16)]!;
  for (let i = 1; i < digits.length; i++) {
    for (let s = 0; s < 4; s++) result = (result * result) % modulus;
    const d = parseInt(digits[i]!, 16);
    if (d !== 0) result = (result * table[d]!) % modulus;
  }
  return result;
}
