/**
 * cardwire core: bytes (hex, BCD, EBCDIC, ASCII/latin-1), errors, Luhn, masking, and money.
 * Published as the package root, `cardwire`.
 *
 * @packageDocumentation
 */
export { CardwireError, isCardwireError, fail, type CardwireErrorOptions } from './errors/error';
export { errorCodes, errorCodesByLayer, type CardwireErrorCode } from './errors/codes/index';
export { hex, toHex, isHex, type HexOptions } from './bytes/hex';
export { packBcd, unpackBcd, type BcdAlignment, type BcdPad, type PackBcdOptions, type UnpackBcdOptions } from './bytes/bcd';
export { encodeEbcdic, decodeEbcdic, type EbcdicCodePage, type EbcdicOptions } from './bytes/ebcdic';
export { encodeAscii, decodeAscii, encodeLatin1, decodeLatin1, type TextCodecOptions } from './bytes/text';
export { encodeUtf8, decodeUtf8 } from './bytes/utf8';
export { constantTimeEqual, concatBytes, xorBytes } from './bytes/compare';
export { luhnCheckDigit, isLuhnValid } from './luhn';
export { crc32 } from './checksum/crc32';
export { maskPan, maskTrack, redact, inspectSymbol, type MaskPanOptions } from './mask';
export { currency, findCurrency, currencies, type Currency } from './money/currencies';
export {
  parseAmount,
  formatAmount,
  convertAmount,
  toAmountField,
  fromAmountField,
  type Rounding,
  type ParseAmountOptions,
  type AmountFieldOptions,
} from './money/amount';
export type { Clock, Random, CancelSignal } from './ports';
export { systemClock, fixedClock, pooledRandom } from './ports';
