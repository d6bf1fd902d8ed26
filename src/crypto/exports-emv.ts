/**
 * The EMV, TR-31 and card-security part of `cardwire/crypto`: CVV/PVV/IBM 3624, EMV key
 * derivation, application cryptograms and ARPC, EMV offline data authentication certificates,
 * TR-31 / X9.143 key blocks and the software security module.
 */
export { type CryptoOptions } from './backend-choice';
export type { KeyInput } from './key-input';
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
  deriveIccMasterKey,
  deriveIccMasterKeyPrepared,
  deriveCommonSessionKey,
  deriveCommonSessionKeyPrepared,
  commonSessionKeyDiversifier,
  mastercardSessionKeyDiversifier,
  deriveVisaSecureMessagingSessionKey,
  deriveUnionPaySessionKey,
  deriveUnionPaySessionKeyPrepared,
  type IccMasterKeyDerivation,
  type IccMasterKeyInput,
} from './emv-keys';
export {
  CRYPTOGRAM_VERSIONS,
  cryptogramVersionProfile,
  cryptogramInput,
  deriveApplicationCryptogramSessionKey,
  generateApplicationCryptogram,
  verifyApplicationCryptogram,
  generateArpc,
  generateArpcMethod1,
  generateArpcMethod2,
  secureMessagingMac,
  generateIssuerScriptMac,
  type CryptogramVersion,
  type CryptogramVersionProfile,
  type CryptogramData,
  type SessionKeyInput,
  type ApplicationCryptogramInput,
  type ArpcInput,
  type IssuerScriptMacInput,
} from './emv-cryptogram';
export {
  CaPublicKeyStore,
  readIssuerPublicKeyCertificate,
  recoverIssuerPublicKey,
  readIccPublicKeyCertificate,
  recoverIccPublicKey,
  verifySignedStaticApplicationData,
  verifySignedDynamicApplicationData,
  verifyCombinedDataAuthentication,
  type CaPublicKey,
  type RecoveredPublicKey,
  type IssuerPublicKeyCertificate,
  type IccPublicKeyCertificate,
  type IssuerPublicKeyInput,
  type IccPublicKeyInput,
  type SignedStaticApplicationData,
  type SignedDynamicApplicationData,
  type CdaInput,
  type CdaResult,
} from './emv-cert';
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
} from './tr31-header';
export { EmvIssuer, type EmvIssuerOptions, type EmvCard, type ArqcVerification, type ArpcRequest } from './emv-issuer';
export { retailMacPadded, type RetailMacKey } from './retail-mac';
export { unwrapTr31, wrapTr31, assertTr31Permits, tr31KeyAlgorithm, type Tr31UnwrappedKey, type Tr31WrapOptions, type Tr31Operation } from './tr31';
export {
  SoftwareSecurityModule,
  type SecurityModule,
  type SecurityModuleKeyInfo,
  type PinSide,
  type EncryptedKeyImport,
  type SoftwareSecurityModuleOptions,
  type ClearKeyAttributes,
} from './security-module';
export { SCHEME_TEST_CA_PUBLIC_KEYS, caPublicKeyChecksum, schemeTestCaPublicKeyStore, type PublishedCaPublicKey } from './emv-ca-keys';
