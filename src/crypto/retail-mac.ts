/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC", ANSI X9.19) on prepared ciphers, with padding
 * methods 1 and 2: the form EMV application cryptograms, ARPC method 2 and issuer script MACs use
 * (EMV Book 2 A1.2.1). Kept on prepared ciphers so an issuer host verifying ARQCs sets each key
 * schedule up once. (The general MAC module of the crypto layer offers the same algorithm over
 * raw keys; this file is the prepared-cipher form the EMV hot path needs.)
 */
import type { PreparedCipher } from './backend';

/** ISO/IEC 9797-1 padding: 1 = zeros (none when aligned), 2 = 80 then zeros (always). */
export type Iso9797Padding = 1 | 2;

/**
 * Pad `data` to a multiple of 8 bytes with ISO/IEC 9797-1 padding method 1 or 2.
 *
 * @example
 * ```ts
 * iso9797Pad(hex('0102'), 2); // 0102800000000000
 * ```
 */
export function iso9797Pad(data: Uint8Array, method: Iso9797Padding): Uint8Array {
  const extra = method === 2 ? 1 : 0;
  const length = data.length === 0 && method === 1 ? 8 : Math.ceil((data.length + extra) / 8) * 8;
  const out = new Uint8Array(length);
  out.set(data, 0);
  if (method === 2) out[data.length] = 0x80;
  return out;
}

/** The two prepared ciphers of a double-length MAC key K = K_L ‖ K_R. */
export interface RetailMacKey {
  /** Single DES under K_L. */
  readonly left: PreparedCipher;
  /** TDES under K_L ‖ K_R. */
  readonly full: PreparedCipher;
}

/**
 * MAC algorithm 3 over already padded data: DES-CBC under K_L over all blocks but the last, then
 * the last block XOR the chaining value enciphered with TDES (E_L ∘ D_R ∘ E_L equals the
 * algorithm's output transformation applied to a DES-CBC under K_L).
 *
 * @example
 * ```ts
 * retailMacPadded(key, iso9797Pad(data, 2)); // 8 bytes
 * ```
 */
export function retailMacPadded(key: RetailMacKey, padded: Uint8Array): Uint8Array {
  const n = padded.length;
  const last = padded.slice(n - 8);
  if (n > 8) {
    const cbc = key.left.encrypt(padded.subarray(0, n - 8), 'cbc');
    for (let i = 0; i < 8; i++) last[i]! ^= cbc[n - 16 + i]!;
  }
  return key.full.encrypt(last);
}
