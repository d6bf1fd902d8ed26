/**
 * cardwire crypto: the `CryptoBackend` port and its pure implementation, block cipher cores
 * (DES/TDEA, AES, SM4), hashes (SHA-1, SHA-256, SM3). Published as `cardwire/crypto`; the
 * node:crypto backend is the separate entry `cardwire/crypto/node`.
 *
 * @packageDocumentation
 */
export type { BlockCipherAlgorithm, BlockCipherMode, HashAlgorithm, PreparedCipher, CryptoBackend } from './backend';
export { pureBackend } from './backends/pure';
export { defaultBackend, setDefaultBackend } from './default-backend';
