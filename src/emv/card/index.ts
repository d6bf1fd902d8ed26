/**
 * cardwire/emv/card: virtual EMV cards that answer APDUs as real chips do (EMV 4.4 Books 1-3,
 * EMV Book C-3 for qVSDC, JR/T 0025 for qPBOC), personalised by plain JSON-able data, with
 * scripted faults for tests, and a catalog of UnionPay, Visa and Mastercard test cards whose keys
 * a host simulator shares. TEST ONLY: the keys shipped here protect nothing.
 *
 * @packageDocumentation
 */
export {
  VirtualCard,
  type VirtualCardOptions,
  type VirtualCardFaults,
  type CardExchange,
  type ScriptCommandResult,
} from './virtual-card';
export type { CardInterface } from './compile';
export {
  virtualCards,
  virtualCardCryptogramVersions,
  cryptogramVersionOfVirtualCard,
  TEST_CA_PUBLIC_KEYS,
  type VirtualCardId,
  type TestCaPublicKey,
} from './catalog';
export type {
  VirtualCardPersonalisation,
  ApplicationPersonalisation,
  InterfacePersonalisation,
  ContactlessPersonalisation,
  RecordPersonalisation,
  CryptogramPersonalisation,
  CardKeysPersonalisation,
  IssuerKeyPersonalisation,
  IccKeyPersonalisation,
  RsaPrivateKeyHex,
  HexString,
} from './personalisation';
export { iccPublicKeyCertificate, signedStaticApplicationData, signedDynamicApplicationData, type IccCertificateInput } from './signing';
