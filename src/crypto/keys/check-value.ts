/**
 * The key check value of a prepared cipher, below the key objects so that `SecretKey.kcv` and
 * `keyCheckValue` share it without importing each other. TDES/DES/SM4 (X9.24-1): encrypt a block
 * of zeros, keep the leftmost 3 bytes; AES (X9.24-1:2017, TR-31 version D): the CMAC of a block
 * of zeros, leftmost 5 bytes.
 */
import { fail } from '../../core/index';
import type { BlockCipherAlgorithm, PreparedCipher } from '../backend';
import { cmacWith } from '../mac/prepared';

/** `'ecb'`: encrypt a zero block; `'cmac'`: CMAC of a zero block. */
export type KcvMethod = 'ecb' | 'cmac';

/** Options of `keyCheckValue`. */
export interface KcvOptions {
  /** Default: `'cmac'` for AES, `'ecb'` otherwise. */
  readonly method?: KcvMethod;
  /** Bytes to keep (2 to the block size; default 5 for the CMAC method, 3 for ECB). */
  readonly length?: number;
}

/** The check value under `cipher`, a key of `algorithm` (an HMAC key has none). @internal */
export function cipherCheckValue(algorithm: BlockCipherAlgorithm | 'hmac', cipher: () => PreparedCipher, options: KcvOptions = {}): Uint8Array {
  if (algorithm === 'hmac') fail('CIPHER_UNSUPPORTED', 'an HMAC key has no block-cipher check value', { path: 'key' });
  const prepared = cipher();
  const n = prepared.blockSize;
  const method = options.method ?? (algorithm === 'aes' ? 'cmac' : 'ecb');
  const length = options.length ?? (method === 'cmac' ? 5 : 3);
  if (!Number.isInteger(length) || length < 2 || length > n) fail('KCV_LENGTH_INVALID', `KCV length must be 2 to ${n} bytes`, { path: 'length' });
  switch (method) {
    case 'ecb':
      return prepared.encrypt(new Uint8Array(n)).slice(0, length);
    case 'cmac':
      return cmacWith(prepared, new Uint8Array(n)).slice(0, length);
    default:
      return fail('INVALID_ARGUMENT', `unknown KCV method '${String(method satisfies never)}'`, { path: 'method' });
  }
}
