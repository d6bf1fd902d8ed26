/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC", ANSI X9.19) on prepared ciphers, with padding
 * methods 1 and 2: the form EMV application cryptograms, ARPC method 2 and issuer script MACs use
 * (EMV Book 2 A1.2.1). Kept on prepared ciphers so an issuer host verifying ARQCs sets each key
 * schedule up once. The MAC module (mac/mac.ts) offers the same algorithm on `SecretKey`s of MAC
 * usage; EMV session keys are derived per transaction and are not MAC-usage keys.
 */
import type { PreparedCipher } from './backend';

/** The two single-DES halves of a double-length MAC key K = K_L ‖ K_R, prepared. */
export interface RetailMacKey {
  /** Single DES under K_L. */
  readonly left: PreparedCipher;
  /** Single DES under K_R. */
  readonly right: PreparedCipher;
}

/**
 * MAC algorithm 3 over already padded data: DES-CBC under K_L over every block, then the output
 * transformation E_L(D_R(H_q)) (ISO/IEC 9797-1 §7.3, output transformation 3).
 *
 * @example
 * ```ts
 * retailMacPadded({ left, right }, padIso9797(data, 2, 8)); // 8 bytes
 * ```
 */
export function retailMacPadded(key: RetailMacKey, padded: Uint8Array): Uint8Array {
  const cbc = key.left.encrypt(padded, 'cbc');
  return key.left.encrypt(key.right.decrypt(cbc.subarray(cbc.length - 8)));
}
