/** Error codes raised by `core` (bytes, Luhn, masking, money). Code → one-line meaning for docs/errors.md. */
export const coreErrorCodes = {
  HEX_ODD_LENGTH: 'Hex text has an odd number of digits.',
  HEX_INVALID_CHARACTER: 'Hex text contains a character that is not 0-9, A-F or a-f.',
  BCD_INVALID_DIGIT: 'A value to pack as BCD contains a character that has no nibble (only 0-9, and = or D as the track-2 separator).',
  BCD_INVALID_NIBBLE: 'Packed BCD contains a nibble that is not a digit, a separator or padding in the padding position.',
  BCD_LENGTH_MISMATCH: 'Packed BCD is shorter than the number of digits asked for.',
  ASCII_INVALID_CHARACTER: 'Text or bytes contain a character outside 7-bit ASCII.',
  LATIN1_INVALID_CHARACTER: 'Text contains a character outside ISO-8859-1 (U+0000-U+00FF).',
  UTF8_INVALID: 'Bytes are not valid UTF-8 (an overlong form, a surrogate, a truncated sequence), or text has a lone surrogate.',
  EBCDIC_INVALID_CHARACTER: 'Text contains a character that the EBCDIC code page cannot represent.',
  LUHN_INVALID_INPUT: 'A Luhn computation was given something other than decimal digits.',
  CURRENCY_UNKNOWN: 'The currency code is not in the ISO 4217 table.',
  AMOUNT_INVALID: 'Amount text is not a decimal number.',
  AMOUNT_PRECISION: 'Amount text has more decimal places than the currency allows and no rounding mode was given.',
  AMOUNT_OUT_OF_RANGE: 'An amount does not fit the field it is converted to (too many digits, or negative where no sign is allowed).',
  AMOUNT_FIELD_INVALID: 'An ISO 8583 amount field is not the expected number of digits, or its C/D sign is missing or wrong.',
  INVALID_ARGUMENT: 'An argument to an API function is outside what the function accepts.',
} as const satisfies Record<string, string>;
