/**
 * EMV cryptography: ICC master and session key derivation (`keys.ts`), application cryptograms,
 * ARPC and secure messaging (`cryptogram.ts`), the issuer host side (`issuer.ts`), offline data
 * authentication certificates (`cert.ts`) and the published scheme test CA keys (`ca-keys.ts`).
 * This is the family's surface inside the crypto layer; `cardwire/crypto` re-exports it.
 */
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
} from './keys';
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
} from './cryptogram';
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
} from './cert';
export { EmvIssuer, type EmvIssuerOptions, type EmvCard, type ArqcVerification, type ArpcRequest, type IssuerScriptMacRequest } from './issuer';
export { SCHEME_TEST_CA_PUBLIC_KEYS, caPublicKeyChecksum, schemeTestCaPublicKeyStore, type PublishedCaPublicKey } from './ca-keys';
