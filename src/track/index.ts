/**
 * cardwire/track: magnetic-stripe data. Tracks 1 and 2 (ISO/IEC 7813), track 3 (ISO/IEC 4909),
 * EMV Track 2 Equivalent Data (tag 57), raw stripe bits (ISO/IEC 7811-2), the service code, and
 * one card result combined from whatever tracks a read head delivered. Every result prints
 * masked.
 *
 * @packageDocumentation
 */
export { type TrackNumber } from './alphabet';
export { MaskedRecord } from './masked';
export {
  Track2,
  parseTrack2,
  buildTrack2,
  parseTrack2Equivalent,
  buildTrack2Equivalent,
  type Track2Fields,
  type Track2Separator,
  type BuildTrack2Options,
} from './track2';
export {
  decodeServiceCode,
  swipeAction,
  type ServiceCode,
  type ServiceCodeInterchange,
  type ServiceCodeTechnology,
  type ServiceCodeAuthorisation,
  type ServiceCodeServices,
  type ServiceCodePin,
} from './service-code';
export {
  Track1,
  parseTrack1,
  buildTrack1,
  parseTrack1Name,
  formatTrack1Name,
  type Track1Fields,
  type Track1Name,
  type BuildTrack1Options,
} from './track1';
export {
  Track3,
  parseTrack3,
  buildTrack3,
  type Track3Fields,
  type Track3Iso4909Fields,
  type Track3RawFields,
  type BuildTrack3Options,
} from './track3';
export {
  StripeRead,
  decodeStripeBits,
  encodeStripeBits,
  stripeBitsToString,
  type StripeBits,
  type StripeReadFields,
  type SwipeDirection,
  type DecodeStripeBitsOptions,
  type EncodeStripeBitsOptions,
} from './raw';
export {
  Card,
  readCard,
  expiryEnd,
  isExpired,
  assertNotExpired,
  assertPanLuhn,
  type CardFields,
  type TrackReads,
  type ReadCardOptions,
} from './card';
