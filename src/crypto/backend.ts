/**
 * The `CryptoBackend` port (DESIGN.md §1): the primitive operations every algorithm in this layer
 * is built from. Two implementations ship: `node` (node:crypto, src/crypto/backends/node.ts) and
 * `pure` (no Node APIs; node-forge where it serves, our own code for SM4/SM3 and where speed needs
 * cached key schedules). The whole vector suite runs against both.
 *
 * All operations are synchronous and work on whole blocks: no padding is ever added or removed
 * here (padding is the caller's, as ISO 9797-1 and ISO 9564-1 define it).
 */

/** Block ciphers: single DES (8-byte key), TDES (16 or 24-byte key), AES (16/24/32), SM4 (16). */
export type BlockCipherAlgorithm = 'des' | 'tdes' | 'aes' | 'sm4';

/** Cipher modes offered by the backends. */
export type BlockCipherMode = 'ecb' | 'cbc';

/** Hash functions offered by the backends. */
export type HashAlgorithm = 'sha1' | 'sha256' | 'sm3';

/** A block cipher with its key schedule prepared once (hot paths reuse it). */
export interface PreparedCipher {
  readonly algorithm: BlockCipherAlgorithm;
  /** 8 for DES/TDES, 16 for AES/SM4. */
  readonly blockSize: number;
  /** Encrypt whole blocks; `iv` only for CBC (zeros when omitted). */
  encrypt(data: Uint8Array, mode?: BlockCipherMode, iv?: Uint8Array): Uint8Array;
  /** Decrypt whole blocks; `iv` only for CBC (zeros when omitted). */
  decrypt(data: Uint8Array, mode?: BlockCipherMode, iv?: Uint8Array): Uint8Array;
  /** Zeroise the key schedule; the cipher is unusable afterwards. */
  destroy(): void;
}

/** The backend port. */
export interface CryptoBackend {
  /** `'node'`, `'pure'`, or a vendor's name. */
  readonly name: string;
  /** Prepare a block cipher under `key` (length checked: a wrong key length is a CardwireError). */
  cipher(algorithm: BlockCipherAlgorithm, key: Uint8Array): PreparedCipher;
  /** Raw RSA public-key operation: input^e mod n, big-endian, result padded to the modulus length. */
  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, input: Uint8Array): Uint8Array;
  /** Hash a message. */
  hash(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array;
  /** Cryptographically secure random bytes. */
  randomBytes(n: number): Uint8Array;
  /**
   * Optional: ECB-encrypt whole blocks under a key used only once, without preparing a cipher
   * object. Hot paths that change keys every block (DUKPT) use it when present; the key length is
   * the caller's to check. With `out` (as long as `data`), the result is written there and returned.
   */
  encryptOnce?(algorithm: BlockCipherAlgorithm, key: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
}
