/**
 * DES odd parity (FIPS 46-3: the low bit of each key byte makes its number of one-bits odd).
 * Placeholder until the keys module of the crypto layer lands; the EMV derivations import it from here.
 */

/**
 * Set the parity bit of every byte so that each byte has an odd number of one-bits (in place).
 *
 * @example
 * ```ts
 * adjustOddParity(hex('0000')); // 0101
 * ```
 */
export function adjustOddParity(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    let ones = b ^ (b >> 4);
    ones ^= ones >> 2;
    ones ^= ones >> 1;
    key[i] = b | (~ones & 1);
  }
  return key;
}
