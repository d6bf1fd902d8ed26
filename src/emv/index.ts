/**
 * cardwire/emv: EMV chip data. BER-TLV (EMV Book 3 Annex B), with the tag dictionary, data object
 * lists, bit-field decoders and APDUs built on top of it.
 *
 * @packageDocumentation
 */
export {
  decodeTlv,
  decodeTlvDetailed,
  encodeTlv,
  findTlv,
  findAllTlv,
  tagBytes,
  isConstructedTag,
  type TlvNode,
  type TlvInput,
  type TlvPadding,
  type TlvDecodeOptions,
  type TlvDecodeResult,
} from './tlv';
