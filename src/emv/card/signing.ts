/**
 * What the card and its issuer sign (EMV 4.4 Book 2): the ICC public key certificate (§6.4,
 * Table 14) and the signed static application data (§5.4, Table 7), both under the issuer private
 * key, and the signed dynamic application data under the ICC private key (DDA §6.5 Table 17, CDA
 * §6.6 Table 19, and the fDDA of EMV Book C-3 with its terminal data). The recovered-data layout
 * is `6A ‖ format ‖ … ‖ SHA-1 ‖ BC`; the RSA private operation turns it into the signature.
 */
import { concatBytes, fail, hex } from '../../core/index';
import { defaultBackend, rsaPrivateRaw, type CryptoBackend, type RsaPrivateKey } from '../../crypto/index';
import type { HexString, RsaPrivateKeyHex } from './personalisation';

const sha1 = (backend: CryptoBackend | undefined, parts: readonly Uint8Array[]): Uint8Array => (backend ?? defaultBackend()).hash('sha1', concatBytes(...parts));

/** A private key from personalisation hex. */
export function privateKeyOf(modulus: HexString, key: RsaPrivateKeyHex, path: string): RsaPrivateKey {
  const h = (v: string, what: string): Uint8Array => hex(v, { path: `${path}.${what}` });
  return {
    modulus: h(modulus, 'modulus'),
    prime1: h(key.prime1, 'prime1'),
    prime2: h(key.prime2, 'prime2'),
    exponent1: h(key.exponent1, 'exponent1'),
    exponent2: h(key.exponent2, 'exponent2'),
    coefficient: h(key.coefficient, 'coefficient'),
  };
}

function sign(key: RsaPrivateKey, body: Uint8Array, hashed: readonly Uint8Array[], backend?: CryptoBackend): Uint8Array {
  // body = everything between the 6A header and the hash, starting with the format byte.
  const hash = sha1(backend, [body, ...hashed]);
  const recovered = concatBytes(Uint8Array.of(0x6a), body, hash, Uint8Array.of(0xbc));
  if (recovered.length !== key.modulus.length) fail('VIRTUAL_CARD_PERSONALISATION_INVALID', `signed data of ${recovered.length} bytes does not fit a ${key.modulus.length}-byte key`, { path: 'keys' });
  return rsaPrivateRaw(key, recovered);
}

/** Input of {@link iccPublicKeyCertificate}. */
export interface IccCertificateInput {
  readonly pan: string;
  /** MMYY. */
  readonly expiry: string;
  /** 3 bytes. */
  readonly serialNumber: Uint8Array;
  readonly iccModulus: Uint8Array;
  readonly iccExponent: Uint8Array;
  readonly staticDataToAuthenticate: Uint8Array;
}

/**
 * The ICC public key certificate (9F46) and remainder (9F48), Book 2 Table 14: format 04, PAN
 * (10 bytes, F padded), expiry, serial, SHA-1 and RSA indicators, key lengths, the leftmost
 * N_I − 42 modulus bytes; the hash also covers the remainder, the exponent and the static data.
 *
 * @example
 * ```ts
 * const { certificate, remainder } = iccPublicKeyCertificate(issuerKey, { pan: '4761739001010010', expiry: '1230',
 *   serialNumber: hex('000001'), iccModulus, iccExponent: hex('03'), staticDataToAuthenticate });
 * certificate.length; // the issuer modulus length
 * ```
 */
export function iccPublicKeyCertificate(issuerKey: RsaPrivateKey, input: IccCertificateInput): { certificate: Uint8Array; remainder: Uint8Array } {
  const room = issuerKey.modulus.length - 42;
  const leftmost = new Uint8Array(room).fill(0xbb);
  leftmost.set(input.iccModulus.subarray(0, room));
  const remainder = input.iccModulus.length > room ? input.iccModulus.slice(room) : new Uint8Array(0);
  const body = concatBytes(
    Uint8Array.of(0x04),
    hex(input.pan.padEnd(20, 'F')),
    hex(input.expiry.slice(0, 2) + input.expiry.slice(2, 4)),
    input.serialNumber,
    Uint8Array.of(0x01, 0x01, input.iccModulus.length, input.iccExponent.length),
    leftmost,
  );
  return { certificate: sign(issuerKey, body, [remainder, input.iccExponent, input.staticDataToAuthenticate]), remainder };
}

/**
 * Signed static application data (93), Book 2 Table 7: format 03, SHA-1 indicator, the data
 * authentication code, BB padding; the hash covers the static data to authenticate.
 *
 * @example
 * ```ts
 * signedStaticApplicationData(issuerKey, hex('DAC1'), staticDataToAuthenticate).length; // the issuer modulus length
 * ```
 */
export function signedStaticApplicationData(issuerKey: RsaPrivateKey, dataAuthenticationCode: Uint8Array, staticDataToAuthenticate: Uint8Array): Uint8Array {
  const pad = new Uint8Array(issuerKey.modulus.length - 26).fill(0xbb);
  return sign(issuerKey, concatBytes(Uint8Array.of(0x03, 0x01), dataAuthenticationCode, pad), [staticDataToAuthenticate]);
}

/**
 * Signed dynamic application data (9F4B), Book 2 Table 17: format 05, SHA-1 indicator, the
 * length and bytes of the ICC dynamic data, BB padding; the hash covers the terminal dynamic data
 * (the DDOL data for DDA, the unpredictable number for CDA, 9F37 ‖ 9F02 ‖ 5F2A ‖ 9F69 for fDDA).
 *
 * @example
 * ```ts
 * signedDynamicApplicationData(iccKey, concatBytes(hex('08'), idn), hex('7863AFC6')).length; // the ICC modulus length
 * ```
 */
export function signedDynamicApplicationData(iccKey: RsaPrivateKey, iccDynamicData: Uint8Array, terminalDynamicData: Uint8Array, options: { readonly backend?: CryptoBackend } = {}): Uint8Array {
  const room = iccKey.modulus.length - iccDynamicData.length - 25;
  if (room < 0) fail('VIRTUAL_CARD_PERSONALISATION_INVALID', `${iccDynamicData.length} bytes of dynamic data do not fit a ${iccKey.modulus.length}-byte key`, { path: 'keys.icc' });
  const pad = new Uint8Array(room).fill(0xbb);
  return sign(iccKey, concatBytes(Uint8Array.of(0x05, 0x01, iccDynamicData.length), iccDynamicData, pad), [terminalDynamicData], options.backend);
}
