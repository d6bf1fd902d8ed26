/**
 * EMV offline data authentication (EMV 4.4 Book 2): recovery and checking of the issuer public key
 * certificate (§5.3, Table 6) and of the ICC public key certificate (§6.4, Table 14) against a store
 * of certification authority public keys, and verification of signed static application data
 * (SDA, §5.4, Table 7), signed dynamic application data (DDA, §6.5, Table 17) and the combined
 * DDA/application cryptogram signature (CDA, §6.6, Table 22).
 *
 * Recovery is the raw RSA public operation of the backend; the hash algorithm is SHA-1 (indicator
 * 01) and the public-key algorithm RSA (indicator 01), the only ones Book 2 defines for these
 * certificates. Every failure is a CardwireError whose code tells the terminal which TVR bit to set.
 */
import { concatBytes, constantTimeEqual, fail, toHex } from '../../core/index';
import { backendOf, type CryptoOptions } from '../backend-choice';
import type { CryptoBackend } from '../backend';

/** A certification authority public key (CAPK), as a terminal loads it. */
export interface CaPublicKey {
  /** Registered application provider identifier, 5 bytes as 10 hex digits (`'A000000003'`). */
  readonly rid: string;
  /** CA public key index (tag 8F), 0-255. */
  readonly index: number;
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
}

/**
 * A store of CA public keys by RID and index.
 *
 * @example
 * ```ts
 * const store = new CaPublicKeyStore([{ rid: 'A000000003', index: 0x94, modulus, exponent: hex('03') }]);
 * store.get('A000000003', 0x94).modulus.length; // 248
 * ```
 */
export class CaPublicKeyStore {
  readonly #keys = new Map<string, CaPublicKey>();

  constructor(keys: Iterable<CaPublicKey> = []) {
    for (const k of keys) this.add(k);
  }

  /** Add (or replace) a key. */
  add(key: CaPublicKey): void {
    if (!/^[0-9A-Fa-f]{10}$/.test(key.rid) || !Number.isInteger(key.index) || key.index < 0 || key.index > 255) {
      fail('EMV_CERTIFICATE_INPUT_INVALID', 'a CA public key needs a 5-byte RID and an index 0-255', { path: 'capk' });
    }
    if (key.modulus.length < 64 || key.modulus.length > 248) fail('EMV_CERTIFICATE_INPUT_INVALID', 'a CA public key modulus is 64 to 248 bytes', { path: 'capk.modulus' });
    this.#keys.set(`${key.rid.toUpperCase()}:${key.index}`, key);
  }

  /** The key for this RID and index, or a CardwireError `EMV_CA_KEY_UNKNOWN`. */
  get(rid: string, index: number): CaPublicKey {
    const key = this.#keys.get(`${rid.toUpperCase()}:${index}`);
    if (!key) fail('EMV_CA_KEY_UNKNOWN', `no CA public key for RID ${rid.toUpperCase()} index ${index.toString(16).toUpperCase().padStart(2, '0')}`, { path: '8F' });
    return key;
  }

  /** True when the store holds a key for this RID and index. */
  has(rid: string, index: number): boolean {
    return this.#keys.has(`${rid.toUpperCase()}:${index}`);
  }

  /** Number of keys held. */
  get size(): number {
    return this.#keys.size;
  }
}

/** An RSA public key recovered from a certificate. */
export interface RecoveredPublicKey {
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
}

/** Fields of a recovered issuer public key certificate (Book 2 Table 6). */
export interface IssuerPublicKeyCertificate {
  /** Leftmost 3-8 PAN digits, `F` padding removed. */
  readonly issuerIdentifier: string;
  /** Certificate expiration date MMYY. */
  readonly expiry: string;
  /** Certificate serial number, 3 bytes hex. */
  readonly serialNumber: string;
  readonly hashAlgorithm: number;
  readonly publicKeyAlgorithm: number;
  /** Issuer public key length N_I in bytes. */
  readonly publicKeyLength: number;
  readonly publicKeyExponentLength: number;
  /** True when the hash in the certificate matches the hash of its data, remainder and exponent. */
  readonly hashValid: boolean;
  /** The issuer public key (modulus from the certificate and remainder, exponent as given). */
  readonly publicKey: RecoveredPublicKey;
}

/** Fields of a recovered ICC public key certificate (Book 2 Table 14). */
export interface IccPublicKeyCertificate {
  /** Application PAN, `F` padding removed. */
  readonly pan: string;
  readonly expiry: string;
  readonly serialNumber: string;
  readonly hashAlgorithm: number;
  readonly publicKeyAlgorithm: number;
  readonly publicKeyLength: number;
  readonly publicKeyExponentLength: number;
  /** True when the hash matches (only meaningful when the static data to authenticate was given). */
  readonly hashValid: boolean;
  readonly publicKey: RecoveredPublicKey;
}

const HASH_LENGTH = 20;

/** RSA-recover `data` with `key` and check the 6A … BC frame and the format byte. */
function recover(backend: CryptoBackend, key: RecoveredPublicKey, data: Uint8Array, format: number, path: string): Uint8Array {
  if (!(data instanceof Uint8Array) || data.length !== key.modulus.length) {
    fail('EMV_CERTIFICATE_LENGTH_MISMATCH', `expected ${key.modulus.length} bytes (the modulus length), got ${data instanceof Uint8Array ? data.length : 'no bytes'}`, { path });
  }
  const x = backend.rsaPublic(key.modulus, key.exponent, data);
  const n = x.length;
  if (n < 42 || x[0] !== 0x6a || x[n - 1] !== 0xbc) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'recovered data does not start with 6A and end with BC', { path });
  if (x[1] !== format) fail('EMV_CERTIFICATE_RECOVERY_FAILED', `recovered data format is ${toHex(x, 1, 2)}, expected ${format.toString(16).padStart(2, '0').toUpperCase()}`, { path });
  return x;
}

function sha1(backend: CryptoBackend, ...parts: Uint8Array[]): Uint8Array {
  return backend.hash('sha1', concatBytes(...parts));
}

function checkAlgorithms(hashAlgorithm: number, publicKeyAlgorithm: number | undefined, path: string): void {
  if (hashAlgorithm !== 0x01) fail('EMV_CERTIFICATE_ALGORITHM_UNSUPPORTED', `hash algorithm indicator ${hashAlgorithm} is not SHA-1 (01)`, { path });
  if (publicKeyAlgorithm !== undefined && publicKeyAlgorithm !== 0x01) fail('EMV_CERTIFICATE_ALGORITHM_UNSUPPORTED', `public key algorithm indicator ${publicKeyAlgorithm} is not RSA (01)`, { path });
}

/** Modulus from the leftmost digits in the certificate and the remainder (Book 2 §5.3 step 10). */
function assembleModulus(leftmost: Uint8Array, length: number, remainder: Uint8Array | undefined, path: string): Uint8Array {
  if (length <= leftmost.length) return leftmost.slice(0, length);
  const need = length - leftmost.length;
  if (!remainder || remainder.length !== need) fail('EMV_CERTIFICATE_INPUT_INVALID', `the public key remainder must be ${need} bytes`, { path });
  return concatBytes(leftmost, remainder);
}

function digitsWithoutPadding(bytes: Uint8Array): string {
  return toHex(bytes).replace(/F+$/, '');
}

/**
 * Recover an issuer public key certificate (tag 90) with the CA public key, without judging it:
 * returns its fields and whether the hash matches. See {@link recoverIssuerPublicKey} for the
 * full check.
 *
 * @example
 * ```ts
 * readIssuerPublicKeyCertificate(capk, cert90, { remainder: tag92, exponent: hex('03') }).expiry; // '1209'
 * ```
 */
export function readIssuerPublicKeyCertificate(
  caKey: RecoveredPublicKey,
  certificate: Uint8Array,
  fields: { readonly remainder?: Uint8Array; readonly exponent: Uint8Array },
  options: CryptoOptions = {},
): IssuerPublicKeyCertificate {
  const backend = backendOf(options);
  const x = recover(backend, caKey, certificate, 0x02, '90');
  const n = x.length;
  const publicKeyLength = x[13]!;
  const leftmost = x.subarray(15, n - 21);
  const remainder = fields.remainder && fields.remainder.length > 0 ? fields.remainder : undefined;
  const modulus = assembleModulus(leftmost, publicKeyLength, remainder, '92');
  const hash = sha1(backend, x.subarray(1, n - 21), remainder ?? new Uint8Array(0), fields.exponent);
  return {
    issuerIdentifier: digitsWithoutPadding(x.subarray(2, 6)),
    expiry: toHex(x, 6, 8),
    serialNumber: toHex(x, 8, 11),
    hashAlgorithm: x[11]!,
    publicKeyAlgorithm: x[12]!,
    publicKeyLength,
    publicKeyExponentLength: x[14]!,
    hashValid: constantTimeEqual(hash, x.subarray(n - 21, n - 1)),
    publicKey: { modulus, exponent: new Uint8Array(fields.exponent) },
  };
}

/** Last instant of month MM of year YY (YY < 50 → 20YY, Book 4 §6.7.3 / Annex for dates). */
function endOfMonth(mmyy: string, path: string): number {
  if (!/^[0-9]{4}$/.test(mmyy)) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the certificate expiry is not MMYY', { path });
  const month = Number(mmyy.slice(0, 2));
  const yy = Number(mmyy.slice(2));
  if (month < 1 || month > 12) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the certificate expiry month is not 01-12', { path });
  const year = yy < 50 ? 2000 + yy : 1900 + yy;
  return Date.UTC(year, month, 1) - 1;
}

function checkExpiry(mmyy: string, transactionDate: Date, path: string): void {
  if (transactionDate.getTime() > endOfMonth(mmyy, path)) fail('EMV_CERTIFICATE_EXPIRED', `the certificate expired at the end of ${mmyy.slice(0, 2)}/${mmyy.slice(2)}`, { path });
}

/** Input of {@link recoverIssuerPublicKey}. */
export interface IssuerPublicKeyInput {
  /** The CA public key named by RID and tag 8F. */
  readonly caKey: CaPublicKey;
  /** Issuer public key certificate, tag 90. */
  readonly certificate: Uint8Array;
  /** Issuer public key remainder, tag 92 (absent or empty when the key fits in the certificate). */
  readonly remainder?: Uint8Array;
  /** Issuer public key exponent, tag 9F32. */
  readonly exponent: Uint8Array;
  /** Application PAN (tag 5A) digits. */
  readonly pan: string;
  /** Transaction date: the certificate must not have expired before it. */
  readonly transactionDate: Date;
}

/**
 * Recover and check the issuer public key (Book 2 §5.3 steps 1-11): frame and format, hash,
 * issuer identifier against the PAN, expiry against the transaction date, algorithm indicators.
 *
 * @example
 * ```ts
 * const issuer = recoverIssuerPublicKey({ caKey, certificate: tag90, remainder: tag92,
 *   exponent: tag9F32, pan: '4276550000000000', transactionDate: new Date('2009-01-01') });
 * issuer.issuerIdentifier; // '427655'
 * ```
 */
export function recoverIssuerPublicKey(input: IssuerPublicKeyInput, options: CryptoOptions = {}): IssuerPublicKeyCertificate {
  const backend = backendOf(options);
  const cert = readIssuerPublicKeyCertificate(input.caKey, input.certificate, {
    exponent: input.exponent,
    ...(input.remainder ? { remainder: input.remainder } : {}),
  }, options);
  if (!cert.hashValid) fail('EMV_CERTIFICATE_HASH_MISMATCH', 'the issuer public key certificate hash does not match', { path: '90' });
  const id = cert.issuerIdentifier;
  if (id.length < 3 || !/^[0-9]+$/.test(id) || !input.pan.startsWith(id)) fail('EMV_CERTIFICATE_ID_MISMATCH', 'the issuer identifier does not match the leftmost PAN digits', { path: '90' });
  checkExpiry(cert.expiry, input.transactionDate, '90');
  checkAlgorithms(cert.hashAlgorithm, cert.publicKeyAlgorithm, '90');
  return cert;
}

/**
 * Recover an ICC public key certificate (tag 9F46) with the issuer public key, without judging it.
 * The hash covers the static data to authenticate; pass it when known.
 *
 * @example
 * ```ts
 * readIccPublicKeyCertificate(issuer.publicKey, tag9F46, { exponent: tag9F47,
 *   staticDataToAuthenticate }).pan; // '5285881254345653'
 * ```
 */
export function readIccPublicKeyCertificate(
  issuerKey: RecoveredPublicKey,
  certificate: Uint8Array,
  fields: { readonly remainder?: Uint8Array; readonly exponent: Uint8Array; readonly staticDataToAuthenticate?: Uint8Array },
  options: CryptoOptions = {},
): IccPublicKeyCertificate {
  const backend = backendOf(options);
  const x = recover(backend, issuerKey, certificate, 0x04, '9F46');
  const n = x.length;
  const publicKeyLength = x[19]!;
  const leftmost = x.subarray(21, n - 21);
  const remainder = fields.remainder && fields.remainder.length > 0 ? fields.remainder : undefined;
  const modulus = assembleModulus(leftmost, publicKeyLength, remainder, '9F48');
  const hash = sha1(backend, x.subarray(1, n - 21), remainder ?? new Uint8Array(0), fields.exponent, fields.staticDataToAuthenticate ?? new Uint8Array(0));
  return {
    pan: digitsWithoutPadding(x.subarray(2, 12)),
    expiry: toHex(x, 12, 14),
    serialNumber: toHex(x, 14, 17),
    hashAlgorithm: x[17]!,
    publicKeyAlgorithm: x[18]!,
    publicKeyLength,
    publicKeyExponentLength: x[20]!,
    hashValid: constantTimeEqual(hash, x.subarray(n - 21, n - 1)),
    publicKey: { modulus, exponent: new Uint8Array(fields.exponent) },
  };
}

/** Input of {@link recoverIccPublicKey}. */
export interface IccPublicKeyInput {
  /** The issuer public key from {@link recoverIssuerPublicKey}. */
  readonly issuerKey: RecoveredPublicKey;
  /** ICC public key certificate, tag 9F46. */
  readonly certificate: Uint8Array;
  /** ICC public key remainder, tag 9F48. */
  readonly remainder?: Uint8Array;
  /** ICC public key exponent, tag 9F47. */
  readonly exponent: Uint8Array;
  /** Static data to be authenticated (records named by the AFL, then the SDA tag list values). */
  readonly staticDataToAuthenticate: Uint8Array;
  readonly pan: string;
  readonly transactionDate: Date;
}

/**
 * Recover and check the ICC public key (Book 2 §6.4 steps 1-11): frame and format, hash over the
 * certificate data, remainder, exponent and static data, PAN, expiry, algorithm indicators.
 *
 * @example
 * ```ts
 * const icc = recoverIccPublicKey({ issuerKey: issuer.publicKey, certificate: tag9F46,
 *   exponent: tag9F47, staticDataToAuthenticate, pan, transactionDate });
 * ```
 */
export function recoverIccPublicKey(input: IccPublicKeyInput, options: CryptoOptions = {}): IccPublicKeyCertificate {
  const backend = backendOf(options);
  const cert = readIccPublicKeyCertificate(input.issuerKey, input.certificate, {
    exponent: input.exponent,
    staticDataToAuthenticate: input.staticDataToAuthenticate,
    ...(input.remainder ? { remainder: input.remainder } : {}),
  }, options);
  if (!cert.hashValid) fail('EMV_CERTIFICATE_HASH_MISMATCH', 'the ICC public key certificate hash does not match', { path: '9F46' });
  if (cert.pan !== input.pan) fail('EMV_CERTIFICATE_ID_MISMATCH', 'the PAN in the ICC public key certificate does not match the application PAN', { path: '9F46' });
  checkExpiry(cert.expiry, input.transactionDate, '9F46');
  checkAlgorithms(cert.hashAlgorithm, cert.publicKeyAlgorithm, '9F46');
  return cert;
}

/** Result of {@link verifySignedStaticApplicationData}. */
export interface SignedStaticApplicationData {
  /** Data authentication code, tag 9F45 (2 bytes). */
  readonly dataAuthenticationCode: Uint8Array;
}

/**
 * Verify signed static application data (tag 93, SDA) with the issuer public key (Book 2 §5.4).
 *
 * @example
 * ```ts
 * verifySignedStaticApplicationData(issuer.publicKey, tag93, staticDataToAuthenticate)
 *   .dataAuthenticationCode; // 3132
 * ```
 */
export function verifySignedStaticApplicationData(
  issuerKey: RecoveredPublicKey,
  signedStaticApplicationData: Uint8Array,
  staticDataToAuthenticate: Uint8Array,
  options: CryptoOptions = {},
): SignedStaticApplicationData {
  const backend = backendOf(options);
  const x = recover(backend, issuerKey, signedStaticApplicationData, 0x03, '93');
  const n = x.length;
  checkAlgorithms(x[2]!, undefined, '93');
  const hash = sha1(backend, x.subarray(1, n - 21), staticDataToAuthenticate);
  if (!constantTimeEqual(hash, x.subarray(n - 21, n - 1))) fail('EMV_CERTIFICATE_HASH_MISMATCH', 'the signed static application data hash does not match', { path: '93' });
  return { dataAuthenticationCode: x.slice(3, 5) };
}

/** Result of {@link verifySignedDynamicApplicationData}. */
export interface SignedDynamicApplicationData {
  /** ICC dynamic data as signed (for DDA: IDN length ‖ ICC dynamic number ‖ …). */
  readonly iccDynamicData: Uint8Array;
  /** ICC dynamic number, tag 9F4C (the bytes after the length byte of the dynamic data). */
  readonly iccDynamicNumber: Uint8Array;
}

function readSignedDynamicData(backend: CryptoBackend, iccKey: RecoveredPublicKey, sdad: Uint8Array, terminalData: Uint8Array): Uint8Array {
  const x = recover(backend, iccKey, sdad, 0x05, '9F4B');
  const n = x.length;
  checkAlgorithms(x[2]!, undefined, '9F4B');
  const ldd = x[3]!;
  if (4 + ldd > n - 21) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the ICC dynamic data length runs into the hash', { path: '9F4B' });
  const hash = sha1(backend, x.subarray(1, n - 21), terminalData);
  if (!constantTimeEqual(hash, x.subarray(n - 21, n - 1))) fail('EMV_CERTIFICATE_HASH_MISMATCH', 'the signed dynamic application data hash does not match', { path: '9F4B' });
  return x.slice(4, 4 + ldd);
}

function dynamicNumber(iccDynamicData: Uint8Array): Uint8Array {
  const l = iccDynamicData[0] ?? 0;
  if (l < 2 || l > 8 || 1 + l > iccDynamicData.length) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the ICC dynamic number length is not 2-8', { path: '9F4B' });
  return iccDynamicData.slice(1, 1 + l);
}

/**
 * Verify signed dynamic application data (tag 9F4B, DDA) with the ICC public key (Book 2 §6.5):
 * the hash covers the recovered data and the terminal dynamic data (the DDOL data sent in
 * INTERNAL AUTHENTICATE, typically the unpredictable number).
 *
 * @example
 * ```ts
 * verifySignedDynamicApplicationData(icc.publicKey, tag9F4B, hex('00000000')).iccDynamicNumber;
 * // 7A33FB8C9546E1E7
 * ```
 */
export function verifySignedDynamicApplicationData(
  iccKey: RecoveredPublicKey,
  signedDynamicApplicationData: Uint8Array,
  ddolData: Uint8Array,
  options: CryptoOptions = {},
): SignedDynamicApplicationData {
  const backend = backendOf(options);
  const iccDynamicData = readSignedDynamicData(backend, iccKey, signedDynamicApplicationData, ddolData);
  return { iccDynamicData, iccDynamicNumber: dynamicNumber(iccDynamicData) };
}

/** Input of {@link verifyCombinedDataAuthentication}. */
export interface CdaInput {
  readonly iccKey: RecoveredPublicKey;
  /** Signed dynamic application data, tag 9F4B, from the GENERATE AC response. */
  readonly signedDynamicApplicationData: Uint8Array;
  /** Unpredictable number (tag 9F37) the terminal sent. */
  readonly unpredictableNumber: Uint8Array;
  /** PDOL related data sent in GET PROCESSING OPTIONS (empty when there was no PDOL). */
  readonly pdolData: Uint8Array;
  /** CDOL1 related data (and, for the second GENERATE AC, CDOL2 related data after it). */
  readonly cdolData: Uint8Array;
  /** The GENERATE AC response TLV objects other than 9F4B, in the order received. */
  readonly responseData: Uint8Array;
  /** Cryptogram information data (9F27) from the response, compared with the signed one when given. */
  readonly cryptogramInformationData?: number;
}

/** Result of {@link verifyCombinedDataAuthentication}. */
export interface CdaResult extends SignedDynamicApplicationData {
  readonly cryptogramInformationData: number;
  /** Application cryptogram (9F26) carried inside the signature. */
  readonly applicationCryptogram: Uint8Array;
  readonly transactionDataHashCode: Uint8Array;
}

/**
 * Verify a CDA signature (Book 2 §6.6.2): the signed data with the unpredictable number, then the
 * transaction data hash code against SHA-1(PDOL data ‖ CDOL data ‖ response TLVs without 9F4B),
 * and the cryptogram information data against the response.
 *
 * @example
 * ```ts
 * verifyCombinedDataAuthentication({ iccKey, signedDynamicApplicationData: tag9F4B,
 *   unpredictableNumber: hex('12345779'), pdolData: hex(''), cdolData, responseData }).applicationCryptogram;
 * // 16AFBA13C52FB173
 * ```
 */
export function verifyCombinedDataAuthentication(input: CdaInput, options: CryptoOptions = {}): CdaResult {
  const backend = backendOf(options);
  const iccDynamicData = readSignedDynamicData(backend, input.iccKey, input.signedDynamicApplicationData, input.unpredictableNumber);
  const iccDynamicNumber = dynamicNumber(iccDynamicData);
  const at = 1 + iccDynamicNumber.length;
  if (iccDynamicData.length < at + 1 + 8 + HASH_LENGTH) fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the CDA dynamic data is too short for CID, cryptogram and hash', { path: '9F4B' });
  const cid = iccDynamicData[at]!;
  const applicationCryptogram = iccDynamicData.slice(at + 1, at + 9);
  const transactionDataHashCode = iccDynamicData.slice(at + 9, at + 9 + HASH_LENGTH);
  if (input.cryptogramInformationData !== undefined && input.cryptogramInformationData !== cid) {
    fail('EMV_CERTIFICATE_RECOVERY_FAILED', 'the signed cryptogram information data differs from 9F27 in the response', { path: '9F27' });
  }
  const hash = sha1(backend, input.pdolData, input.cdolData, input.responseData);
  if (!constantTimeEqual(hash, transactionDataHashCode)) fail('EMV_CERTIFICATE_HASH_MISMATCH', 'the transaction data hash code does not match', { path: '9F4B' });
  return { iccDynamicData, iccDynamicNumber, cryptogramInformationData: cid, applicationCryptogram, transactionDataHashCode };
}
