/**
 * cardwire crypto: the `CryptoBackend` port and its pure implementation; opaque keys with TR-31
 * usages and check values; ISO 9564-1 PIN blocks; ISO 9797-1, CMAC, HMAC and UnionPay MACs; ANSI
 * X9.24-1 (TDES) and X9.24-3 (AES) DUKPT; SM4 and SM3. Published as `cardwire/crypto`; the
 * node:crypto backend is the separate entry `cardwire/crypto/node`.
 *
 * @packageDocumentation
 */
export type { BlockCipherAlgorithm, BlockCipherMode, HashAlgorithm, PreparedCipher, CryptoBackend } from './backend';
export { pureBackend } from './backends/pure';
export { defaultBackend, setDefaultBackend } from './default-backend';
export { sm3 } from './hashes/sm3';
export { pbkdf2, type Pbkdf2Options } from './kdf/pbkdf2';

export { keyUsages, macUsages, type KeyUsage } from './keys/usage';
export {
  SecretKey,
  createKey,
  keyFromHex,
  adjustParity,
  hasOddParity,
  type KeyAlgorithm,
  type ParityRule,
  type CreateKeyOptions,
} from './keys/key';
export { AsymmetricKey, type AsymmetricKeyAlgorithm } from './keys/asymmetric-key';
export {
  keyCheckValue,
  combineKeyComponents,
  keyVariant,
  type KcvMethod,
  type KcvOptions,
  type KeyComponent,
  type CombineOptions,
} from './keys/kcv';

export { padIso9797, type MacPadding } from './mac/padding';
export {
  iso9797Mac1,
  iso9797Mac3,
  ansiX99Mac,
  ansiX919Mac,
  cmac,
  hmac,
  unionPayMac,
  generateMac,
  verifyMac,
  type BlockMacOptions,
  type MacAlgorithm,
  type MacOptions,
} from './mac/mac';

export {
  encodePinBlock,
  decodePinBlock,
  encipherPinBlock,
  decipherPinBlock,
  translatePinBlock,
  panField,
  panField4,
  pinField4,
  type PinBlockFormat,
  type PinBlockWidth,
  type EncodePinBlockOptions,
  type DecodePinBlockOptions,
  type EncipherPinBlockOptions,
  type DecipherPinBlockOptions,
  type PinBlockSide,
} from './pin/pin-block';

export {
  deriveTdesIpek,
  deriveTdesDukptKey,
  tdesKsnCounter,
  TdesDukptTerminal,
  type TdesDukptKeyType,
  type TdesDukptHostOptions,
  type TdesDukptState,
  type TdesDukptTransaction,
} from './dukpt/tdes';

export {
  deriveAesDukptInitialKey,
  deriveAesDukptKey,
  deriveAesDukptTransactionKey,
  aesKsnCounter,
  AesDukptTerminal,
  type AesDukptKeyType,
  type AesDukptKeyUsage,
  type AesDukptHostOptions,
  type AesDukptState,
  type AesDukptTransaction,
} from './dukpt/aes';

export { rsaPrivateRaw, type RsaPrivateKey } from './rsa-private';

// EMV, TR-31, card security (src/crypto/exports-emv.ts)
export * from './exports-emv';
