/**
 * The EMV, TR-31 and card-security part of `cardwire/crypto`: CVV/PVV/IBM 3624, EMV key
 * derivation, application cryptograms and ARPC, EMV offline data authentication certificates,
 * TR-31 / X9.143 key blocks and the software security module.
 */
export { type CryptoOptions } from './backend-choice';
export type { KeyInput } from './key-input';
// EMV key derivation, cryptograms, issuer, ODA certificates, scheme test CA keys.
export * from './emv/index';
export {
  generateCvv,
  verifyCvv,
  generateDcvv,
  generateVisaPvv,
  verifyVisaPvv,
  generateIbm3624Offset,
  ibm3624PinFromOffset,
  verifyIbm3624Offset,
  type CvvInput,
  type DcvvInput,
  type VisaPvvInput,
  type Ibm3624Params,
} from './card-security';
export {
  parseTr31Header,
  buildTr31Header,
  tr31HeaderLength,
  tr31BlockSize,
  type Tr31Header,
  type Tr31Version,
  type Tr31Algorithm,
  type Tr31ModeOfUse,
  type Tr31Exportability,
  type Tr31OptionalBlock,
  type ParsedTr31Header,
  unwrapTr31,
  wrapTr31,
  assertTr31Permits,
  tr31KeyAlgorithm,
  type Tr31UnwrappedKey,
  type Tr31UnwrappedSecretKey,
  type Tr31UnwrappedAsymmetricKey,
  type Tr31WrapOptions,
  type Tr31Operation,
} from './tr31/index';
export { retailMacPadded, type RetailMacKey } from './retail-mac';
export {
  SoftwareSecurityModule,
  type SecurityModule,
  type SecurityModuleKeyInfo,
  type PinSide,
  type EncryptedKeyImport,
  type SoftwareSecurityModuleOptions,
  type ClearKeyAttributes,
  type GeneratedKeyAttributes,
  type EncryptedKeyExport,
} from './security-module';
