/**
 * The raw RSA public-key operation (PKCS #1 v2.2 §5.1.1 RSAEP without padding; EMV Book 2 uses it
 * to recover certificates): input^e mod n, on native bigint.
 */
import { fail } from '../core/index';
import { bigIntToBytes, bytesToBigInt as toBigInt, modPow } from './bigint-bytes';

/** input^exponent mod modulus, big-endian, left-padded to the modulus length. */
export function rsaPublicRaw(modulus: Uint8Array, exponent: Uint8Array, input: Uint8Array): Uint8Array {
  const n = toBigInt(modulus);
  const e = toBigInt(exponent);
  const m = toBigInt(input);
  if (n < 2n) fail('RSA_INPUT_INVALID', 'the modulus is empty or below 2', { path: 'modulus' });
  if (e < 1n) fail('RSA_INPUT_INVALID', 'the exponent is empty or zero', { path: 'exponent' });
  if (m >= n) fail('RSA_INPUT_INVALID', 'the input is not smaller than the modulus', { path: 'input' });
  return bigIntToBytes(modPow(m, e, n), modulus.length);
}
