/**
 * cardwire/emv: EMV chip data. BER-TLV (EMV Book 3 Annex B), the tag dictionary (Books 1-4 and
 * scheme tags), data object lists and the AFL (Book 3 §5.4, §10.2), bit fields decoded and encoded
 * by name (TVR, TSI, AIP, AUC, CVM, terminal capabilities, TTQ, CTQ, CID, IAD), APDUs (Book 3 §6)
 * and ICC data for ISO 8583 DE 55.
 *
 * @packageDocumentation
 */
export {
  decodeTlv,
  decodeTlvDetailed,
  encodeTlv,
  measureTlv,
  findTlv,
  findAllTlv,
  tagBytes,
  isConstructedTag,
  MAX_TLV_DEPTH,
  type TlvNode,
  type TlvInput,
  type TlvPadding,
  type TlvDecodeOptions,
  type TlvDecodeResult,
  type TlvEncoding,
} from './tlv';
export {
  emvTags,
  emvTag,
  isSensitiveTag,
  schemeOfAid,
  type EmvTag,
  type EmvFormat,
  type EmvSource,
  type EmvScheme,
  type EmvRender,
  type EmvTagLookupOptions,
} from './tags';
export {
  parseDol,
  encodeDol,
  buildDolData,
  splitDolData,
  fitDolValue,
  valueOf,
  type DolEntry,
  type DolValue,
  type DolValueSource,
  type BuildDolOptions,
} from './dol';
export { parseAfl, encodeAfl, aflRecords, type AflEntry, type AflRecord } from './afl';
export { defineBitField, type BitField, type BitFlag, type BitFlagSpec, type BitExplanation } from './bits/bit-field';
export {
  Tvr,
  Tsi,
  TerminalCapabilities,
  AdditionalTerminalCapabilities,
  decodeTerminalType,
  encodeTerminalType,
  type TerminalType,
  type TerminalOperationalControl,
  type TerminalConnectivity,
} from './bits/terminal';
export { Aip, Auc, decodeCid, encodeCid, type Cid, type CidReason, type CryptogramType } from './bits/card';
export { Ttq, Ctq } from './bits/contactless';
export {
  cvmMethods,
  cvmConditions,
  decodeCvmList,
  encodeCvmList,
  decodeCvmResults,
  encodeCvmResults,
  type CvmMethod,
  type CvmCondition,
  type CvmRule,
  type CvmRuleInput,
  type CvmList,
  type CvmResults,
  type CvmOutcome,
} from './bits/cvm';
export {
  VisaCvr,
  MastercardCvr,
  VisaFormat2Cvr,
  decodeVisaFormat2Cvr,
  decodeIssuerApplicationData,
  explainIssuerApplicationData,
  encodeIssuerApplicationData,
  type IssuerApplicationData,
  type IssuerApplicationDataInput,
  type VisaCvrInput,
  type MastercardCvrInput,
  type VisaCvrFlag,
  type MastercardCvrFlag,
  type IssuerApplicationDataLayout,
  type VisaCvrValue,
  type MastercardCvrValue,
  type VisaFormat2CvrValue,
  type CvrCryptogram,
} from './bits/iad';
export {
  encodeCommandApdu,
  decodeCommandApdu,
  decodeResponseApdu,
  selectCommand,
  readRecordCommand,
  getProcessingOptionsCommand,
  generateAcCommand,
  internalAuthenticateCommand,
  externalAuthenticateCommand,
  getDataCommand,
  getChallengeCommand,
  verifyCommand,
  getResponseCommand,
  issuerScriptCommands,
  statusWordInfo,
  nextT0Command,
  exchangeT0,
  parseGpoResponse,
  parseGenerateAcResponse,
  parseInternalAuthenticateResponse,
  type CommandApdu,
  type ResponseApdu,
  type SelectOptions,
  type GenerateAcOptions,
  type GetDataTag,
  type StatusCategory,
  type StatusWordInfo,
  type ApduTransmit,
  type ResponseFormat,
  type GpoResponse,
  type GenerateAcResponse,
  type InternalAuthenticateResponse,
} from './apdu';
export {
  de55TagLists,
  unionpayScriptResultTags,
  buildDe55,
  parseDe55,
  type De55Scheme,
  type De55Message,
  type De55Presence,
  type De55Tag,
  type BuildDe55Options,
  type ParseDe55Options,
} from './de55';
export { describeTlv, describeEmv, renderValue, formatTlvTree, type DescribeOptions, type DescribedTlv } from './describe';
