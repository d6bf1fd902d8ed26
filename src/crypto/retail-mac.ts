/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC", ANSI X9.19) on prepared ciphers, with padding
 * methods 1 and 2: the form EMV application cryptograms, ARPC method 2 and issuer script MACs use
 * (EMV Book 2 A1.2.1). Kept on prepared ciphers so an issuer host verifying ARQCs sets each key
 * schedule up once. The MAC module (mac/mac.ts) offers the same algorithm on `SecretKey`s of MAC
 * usage; EMV session keys are derived per transaction and are not MAC-usage keys.
 */
import type { PreparedCipher } from './backend';

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
 * retailMacPadded(key, padIso9797(data, 2, 8)); // 8 bytes
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
