/**
 * cardwire/iso8583: a spec-driven ISO 8583 message engine. Specs are plain data (field length
 * prefixes, encodings, padding, types, composites) compiled once into fast codecs; messages are
 * built, packed, unpacked, described (masked) and converted to JSON; built-in dialects cover
 * ISO 8583:1987 (ASCII, binary/BCD, EBCDIC), 1993, China UnionPay POS and a Postilion-style
 * layout; jPOS GenericPackager XML imports into the same model.
 *
 * @packageDocumentation
 */
export type {
  FieldType,
  ContentEncoding,
  PrefixEncoding,
  LengthUnit,
  LengthPrefixSpec,
  Sensitivity,
  PadSpec,
  FieldSpec,
  BitmapSpec,
  CompositeSpec,
  HeaderFieldSpec,
  MessageSpec,
  TlvValueNode,
  FieldValue,
  CompositeValue,
} from './spec';
export { compileMessageSpec, MessageCodec, IsoMessage, parsePath, type UnpackOptions, type ByteRange, type FieldPath } from './message';
export { compileField, type FieldCodec, type FieldCodecKind } from './field';
export { type DescribeOptions, type MessageJson, type FieldJson } from './describe';
export { messageFromJson } from './message-json';
export {
  mtiVersion,
  mtiClass,
  mtiFunction,
  mtiOrigin,
  responseMti,
  repeatMti,
  adviceMti,
  reversalMti,
  isResponseMti,
  type MtiVersion,
  type MtiClass,
  type MtiFunction,
  type MtiOrigin,
} from './mti';
export { dialect, dialectNames, type Dialect, type DialectName } from './dialects/index';
export {
  encodeCupSettlementTotals,
  decodeCupSettlementTotals,
  encodeCupUploadRecords,
  decodeCupUploadRecords,
  encodeCupBalance,
  decodeCupBalance,
  cupWorkingKeyLayout,
  cupEncipherTrack,
  cupDecipherTrack,
  cupResponseText,
  CUP_RESPONSE_CODES,
  CUP_UPLOAD_RECORDS_PER_MESSAGE,
  CUP_KEY_CHECK_VALUE_LENGTH,
  type CupClassTotals,
  type CupSettlementTotals,
  type CupUploadRecord,
  type CupBalance,
  type CupKeyScheme,
  type CupKeySlot,
  type TrackDataCipher,
} from './dialects/cup-values';
export { exportSpec, importSpec } from './spec-json';
export { importJposPackager, jposFieldSpec } from './jpos';
export { jposClassSource, jposFieldClasses, type JposBcdLayout, type JposBitmapClass, type JposFieldClass, type JposMappedClass, type JposNoFieldClass, type JposUnsupportedClass } from './jpos-classes';
export { parseXml, type XmlElement } from './xml';
