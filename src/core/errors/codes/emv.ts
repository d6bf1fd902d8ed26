/** Error codes raised by the `emv` layer. Code → one-line meaning for docs/errors.md. */
export const emvErrorCodes = {
  TLV_TRUNCATED: 'A BER-TLV object (tag, length or value) runs past the end of the bytes that remain.',
  TLV_INVALID_LENGTH: 'A BER-TLV length field uses more than 4 subsequent length bytes (first byte 85-FF).',
  TLV_INDEFINITE_LENGTH: 'A BER-TLV length byte is 80 (indefinite form), which EMV Book 3 Annex B does not allow.',
  TLV_NONMINIMAL_LENGTH: 'Strict mode: a BER-TLV length uses more bytes than needed (e.g. 81 05).',
  TLV_INVALID_TAG: 'A tag is not a valid BER-TLV tag (bad hex, a subsequent byte that does not follow the continuation rule, longer than 4 bytes, or 00/FF), or its class (primitive/constructed) does not match the value given.',
  TLV_TOO_DEEP: 'Constructed BER-TLV objects are nested deeper than the limit (maxDepth).',
  TLV_TOO_MANY_OBJECTS: 'The BER-TLV input holds more objects than the limit (maxObjects).',
  TLV_PADDING: 'Strict mode: 00 or FF padding bytes found before, between or after BER-TLV objects.',
} as const satisfies Record<string, string>;
