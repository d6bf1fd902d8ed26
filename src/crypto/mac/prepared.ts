/**
 * MAC primitives over a prepared block cipher, below the key objects: the CBC-MAC chain of
 * ISO/IEC 9797-1 and CMAC (NIST SP 800-38B). The key check value (X9.24-1:2017 CMAC KCV) and the
 * TR-31 key derivation use them on ciphers that are not MAC keys; `mac.ts` puts the usage checks
 * of `SecretKey` MAC keys on top.
 */
import { fail } from '../../core/index';
import type { PreparedCipher } from '../backend';

/** The MAC length to keep: `length` (default `max`) checked against `min`..`max`. @internal */
export function macOutputLength(length: number | undefined, max: number, min = 4): number {
  const n = length ?? max;
  if (!Number.isInteger(n) || n < min || n > max) {
    fail('MAC_LENGTH_INVALID', `MAC length must be ${min} to ${max} bytes, got ${String(n)}`, { path: 'length' });
  }
  return n;
}

/** `acc` ^= `data[offset …]`, in place. @internal */
export function xorInto(acc: Uint8Array, data: Uint8Array, offset: number): void {
  for (let i = 0; i < acc.length; i++) acc[i]! ^= data[offset + i]!;
}

/** CBC over `padded` with zero IV, keeping only the chaining value. @internal */
export function cbcChain(cipher: PreparedCipher, padded: Uint8Array): Uint8Array {
  const n = cipher.blockSize;
  let h: Uint8Array = new Uint8Array(n);
  for (let o = 0; o < padded.length; o += n) {
    xorInto(h, padded, o);
    h = cipher.encrypt(h);
  }
  return h;
}

/** SP 800-38B §6.1 subkey generation: L·x in GF(2^b), R_64 = 0x1B, R_128 = 0x87. */
function doubleBlock(l: Uint8Array): Uint8Array {
  const out = new Uint8Array(l.length);
  let carry = 0;
  for (let i = l.length - 1; i >= 0; i--) {
    const b = l[i]!;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >>> 7;
  }
  if (l[0]! & 0x80) out[l.length - 1]! ^= l.length === 16 ? 0x87 : 0x1b;
  return out;
}

/** CMAC (SP 800-38B) on a prepared cipher, leftmost `length` bytes (default the block). @internal */
export function cmacWith(cipher: PreparedCipher, data: Uint8Array, length?: number): Uint8Array {
  const n = cipher.blockSize;
  const t = macOutputLength(length, n, 1);
  const k1 = doubleBlock(cipher.encrypt(new Uint8Array(n)));
  const blocks = Math.max(1, Math.ceil(data.length / n));
  const complete = data.length > 0 && data.length % n === 0;
  const last = new Uint8Array(n);
  const lastStart = (blocks - 1) * n;
  last.set(data.subarray(lastStart));
  if (complete) xorInto(last, k1, 0);
  else {
    last[data.length - lastStart] = 0x80;
    xorInto(last, doubleBlock(k1), 0);
  }
  let h: Uint8Array = new Uint8Array(n);
  for (let o = 0; o < lastStart; o += n) {
    xorInto(h, data, o);
    h = cipher.encrypt(h);
  }
  xorInto(h, last, 0);
  return cipher.encrypt(h).slice(0, t);
}
