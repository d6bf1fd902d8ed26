/** Error codes raised by the `crypto` layer. Code → one-line meaning for docs/errors.md. */
export const cryptoErrorCodes = {
  CIPHER_KEY_LENGTH: 'the key length does not fit the algorithm (DES 8, TDES 16/24, AES 16/24/32, SM4 16 bytes)',
  CIPHER_DATA_LENGTH: 'the data is not a whole number of cipher blocks',
  CIPHER_IV_LENGTH: 'the initialisation vector is not one cipher block long',
  CIPHER_DESTROYED: 'the key or prepared cipher was destroyed (zeroised) and cannot be used',
  CIPHER_UNSUPPORTED: 'the backend does not offer this algorithm or mode',
  RSA_INPUT_INVALID: 'the RSA modulus, exponent or input is empty or the input is not smaller than the modulus',
} as const satisfies Record<string, string>;
