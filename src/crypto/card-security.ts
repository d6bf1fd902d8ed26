/**
 * Card security values computed by the issuer host: the Visa/Mastercard card verification value
 * (CVV, CVV2, iCVV; CVC, CVC2 — one algorithm, only the service code differs), the Visa dynamic
 * CVV (dCVV) of contactless magnetic-stripe mode, the Visa PIN verification value (PVV) and the
 * IBM 3624 PIN offset.
 *
 * Every verification compares in constant time (DESIGN.md §2). Errors never carry PAN, PIN, CVV
 * or key bytes.
 */
import { constantTimeEqual, encodeAscii, fail, hex, toHex } from '../core/index';
import { backendOf, type CryptoOptions } from './backend-choice';
import type { CryptoBackend, PreparedCipher } from './backend';
import { keyMaterial, type KeyInput } from './key-input';
import { keyPartCipher, SecretKey } from './keys/key';

const DIGITS = /^[0-9]+$/;

function digits(value: string, name: string, min: number, max: number): string {
  if (typeof value !== 'string' || !DIGITS.test(value) || value.length < min || value.length > max) {
    fail('CARD_SECURITY_INPUT_INVALID', `${name} must be ${min === max ? min : `${min} to ${max}`} decimal digits`, { path: name });
  }
  return value;
}

/**
 * `use` with a cipher under `bytes` (the key's material, or its left half with `left`): a
 * SecretKey's is prepared once and kept on the key (an issuer host verifies with the same keys all
 * day); one for clear bytes is prepared for this call and destroyed after it.
 */
function withCipher<T>(input: KeyInput, bytes: Uint8Array, algorithm: 'des' | 'tdes', backend: CryptoBackend, use: (c: PreparedCipher) => T, left = false): T {
  if (input instanceof SecretKey) return use(keyPartCipher(input, `card-security ${algorithm}${left ? ' left' : ''}`, algorithm, (b) => (left ? b.slice(0, 8) : b)));
  const c = backend.cipher(algorithm, left ? bytes.subarray(0, 8) : bytes);
  try {
    return use(c);
  } finally {
    c.destroy();
  }
}

function doubleLengthKey(input: KeyInput, name: string, usages: readonly ('C0' | 'V1' | 'V2' | 'E0' | 'E6')[]): Uint8Array {
  const key = keyMaterial(input, usages, name === 'pvk' ? 'a PIN verification value' : 'a card verification value', name);
  if (key.length !== 16) fail('CARD_SECURITY_INPUT_INVALID', `${name} must be a double-length (16-byte) TDES key`, { path: name });
  return key;
}

/**
 * The decimalisation used by CVV and PVV: the decimal nibbles of `block` from left to right, then
 * the nibbles A-F minus 10, also from left to right (Visa PVV / CVV "two-pass" scan).
 */
function decimaliseTwoPass(block: Uint8Array): string {
  const h = toHex(block);
  let first = '';
  let second = '';
  for (const c of h) {
    if (c <= '9') first += c;
    else second += String.fromCharCode(c.charCodeAt(0) - 17); // 'A'(65) → '0'(48)
  }
  return first + second;
}

/** Input of {@link generateCvv}. */
export interface CvvInput {
  /** Card verification key (CVK A ‖ CVK B), 16 bytes; a SecretKey must have usage C0 (or E0/E6 for dCVV's card key). */
  readonly cvk: KeyInput;
  /** Primary account number, 12 to 19 digits. */
  readonly pan: string;
  /** Expiry date as encoded on the card (YYMM on track 2; some issuers use MMYY). */
  readonly expiry: string;
  /** Service code: the track's for CVV/CVC, `'000'` for CVV2/CVC2, `'999'` for iCVV/chip CVC. */
  readonly serviceCode: string;
  /** Number of digits to return (default 3; CVC3-style products use up to 5). */
  readonly length?: number;
}

/**
 * Card verification value (Visa CVV / Mastercard CVC, also CVV2, CVC2 and iCVV with their service
 * codes). PAN ‖ expiry ‖ service code, right-filled with zeros to 32 digits, gives two blocks:
 * E_A(block1) ⊕ block2 is enciphered with TDES (A, B); the result is decimalised (digits first,
 * then A-F minus 10) and the leftmost digits are the CVV.
 *
 * @example
 * ```ts
 * generateCvv({ cvk: hex('99999999999999998888888888888888'), pan: '2222222222222222',
 *   expiry: '3333', serviceCode: '111' }); // '361'
 * ```
 */
export function generateCvv(input: CvvInput, options: CryptoOptions = {}): string {
  const backend = backendOf(options);
  const cvk = doubleLengthKey(input.cvk, 'cvk', ['C0', 'E0', 'E6']);
  const pan = digits(input.pan, 'pan', 12, 19);
  const expiry = digits(input.expiry, 'expiry', 4, 4);
  const serviceCode = digits(input.serviceCode, 'serviceCode', 3, 3);
  const length = input.length ?? 3;
  if (!Number.isInteger(length) || length < 1 || length > 5) fail('CARD_SECURITY_INPUT_INVALID', 'length must be 1 to 5 digits', { path: 'length' });
  const data = hex((pan + expiry + serviceCode).padEnd(32, '0'));
  const step = withCipher(input.cvk, cvk, 'des', backend, (keyA) => keyA.encrypt(data.subarray(0, 8)), true);
  for (let i = 0; i < 8; i++) step[i]! ^= data[8 + i]!;
  return withCipher(input.cvk, cvk, 'tdes', backend, (tdes) => decimaliseTwoPass(tdes.encrypt(step)).slice(0, length));
}

/**
 * Verify a CVV / CVV2 / iCVV / CVC in constant time.
 *
 * @example
 * ```ts
 * verifyCvv({ cvk, pan: '2222222222222222', expiry: '3333', serviceCode: '111' }, '361'); // true
 * ```
 */
export function verifyCvv(input: CvvInput, cvv: string, options: CryptoOptions = {}): boolean {
  const backend = backendOf(options);
  const expected = generateCvv({ ...input, length: input.length ?? cvv.length }, options);
  return constantTimeEqual(encodeAscii(expected), encodeAscii(cvv));
}

/** Input of {@link generateDcvv}. */
export interface DcvvInput {
  /** The card's unique dCVV key (the ICC master key for AC derived by option A or B), 16 bytes. */
  readonly udk: KeyInput;
  readonly pan: string;
  /** Expiry date YYMM as in the track 2 equivalent data. */
  readonly expiry: string;
  /** Application transaction counter as the 4 decimal digits the card puts in track 2. */
  readonly atc: string;
  /** Service code placed in the data (default `'000'`). */
  readonly serviceCode?: string;
}

/**
 * Visa dynamic CVV (dCVV) of contactless magnetic-stripe mode: the CVV algorithm under the card's
 * unique key, with the first four PAN digits replaced by the ATC digits from track 2.
 *
 * @example
 * ```ts
 * generateDcvv({ udk, pan: '4761739001010010', expiry: '1220', atc: '0001' }); // 3 digits
 * ```
 */
export function generateDcvv(input: DcvvInput, options: CryptoOptions = {}): string {
  const backend = backendOf(options);
  const pan = digits(input.pan, 'pan', 12, 19);
  const atc = digits(input.atc, 'atc', 4, 4);
  return generateCvv({ cvk: input.udk, pan: atc + pan.slice(4), expiry: input.expiry, serviceCode: input.serviceCode ?? '000' }, options);
}

/** Input of {@link generateVisaPvv}. */
export interface VisaPvvInput {
  /** PIN verification key (PVK A ‖ PVK B), 16 bytes; a SecretKey must have usage V2. */
  readonly pvk: KeyInput;
  /** PIN verification key indicator, one digit 0-9. */
  readonly pvki: string;
  /** The PIN; its first four digits enter the PVV. */
  readonly pin: string;
  /** PAN, at least 12 digits (the 11 digits left of the check digit are used). */
  readonly pan: string;
}

/**
 * Visa PIN verification value. The transformed security parameter TSP = 11 rightmost PAN digits
 * excluding the check digit ‖ PVKI ‖ 4 PIN digits is enciphered with TDES under the PVK; the
 * result is decimalised (digits first, then A-F minus 10) and the first four digits are the PVV.
 *
 * @example
 * ```ts
 * generateVisaPvv({ pvk: hex('0123456789ABCDEFFEDCBA9876543210'), pvki: '1', pin: '4524',
 *   pan: '1122334455667788' }); // '8523'
 * ```
 */
export function generateVisaPvv(input: VisaPvvInput, options: CryptoOptions = {}): string {
  const backend = backendOf(options);
  const pvk = doubleLengthKey(input.pvk, 'pvk', ['V2']);
  const pvki = digits(input.pvki, 'pvki', 1, 1);
  const pin = digits(input.pin, 'pin', 4, 12);
  const pan = digits(input.pan, 'pan', 12, 19);
  const tsp = hex(pan.slice(-12, -1) + pvki + pin.slice(0, 4));
  return withCipher(input.pvk, pvk, 'tdes', backend, (c) => decimaliseTwoPass(c.encrypt(tsp)).slice(0, 4));
}

/**
 * Verify a PIN against its Visa PVV, in constant time.
 *
 * @example
 * ```ts
 * verifyVisaPvv({ pvk, pvki: '1', pin: '4524', pan: '1122334455667788' }, '8523'); // true
 * ```
 */
export function verifyVisaPvv(input: VisaPvvInput, pvv: string, options: CryptoOptions = {}): boolean {
  const backend = backendOf(options);
  digits(pvv, 'pvv', 4, 4);
  return constantTimeEqual(encodeAscii(generateVisaPvv(input, options)), encodeAscii(pvv));
}

/** Parameters of the IBM 3624 method shared by offset generation and verification. */
export interface Ibm3624Params {
  /** PIN verification key: single DES (8 bytes) or TDES (16 or 24 bytes); a SecretKey must have usage V1. */
  readonly pvk: KeyInput;
  /** Decimalisation table: 16 digits, the digit for each nibble 0-F. */
  readonly decimalisationTable: string;
  /** PAN (or any account data) from which the validation data is taken. */
  readonly pan: string;
  /** Start of the validation data in `pan` (default: the 12 rightmost digits excluding the check digit, as most issuers do). */
  readonly validationDataOffset?: number;
  /** Number of digits of validation data (default 12 with the default offset; at most 16). */
  readonly validationDataLength?: number;
  /** Pad character (one hex digit) filling the validation data to 16 (default `'F'`). */
  readonly pad?: string;
}

function ibm3624NaturalPin(backend: CryptoBackend, params: Ibm3624Params, length: number): string {
  const pvk = keyMaterial(params.pvk, ['V1'], 'an IBM 3624 PIN offset', 'pvk');
  if (![8, 16, 24].includes(pvk.length)) fail('CARD_SECURITY_INPUT_INVALID', 'pvk must be an 8, 16 or 24-byte DES/TDES key', { path: 'pvk' });
  const table = digits(params.decimalisationTable, 'decimalisationTable', 16, 16);
  const pan = digits(params.pan, 'pan', 1, 19);
  const pad = params.pad ?? 'F';
  if (!/^[0-9A-Fa-f]$/.test(pad)) fail('CARD_SECURITY_INPUT_INVALID', 'pad must be one hex digit', { path: 'pad' });
  const defaultStart = Math.max(0, pan.length - 13);
  const start = params.validationDataOffset ?? defaultStart;
  const len = params.validationDataLength ?? Math.min(12, pan.length - 1 - start);
  if (!Number.isInteger(start) || !Number.isInteger(len) || start < 0 || len < 1 || len > 16 || start + len > pan.length) {
    fail('CARD_SECURITY_INPUT_INVALID', 'validation data offset and length must lie within the PAN and give at most 16 digits', { path: 'validationDataOffset' });
  }
  const validation = hex(pan.slice(start, start + len).padEnd(16, pad));
  const enc = withCipher(params.pvk, pvk, pvk.length === 8 ? 'des' : 'tdes', backend, (c) => c.encrypt(validation));
  let natural = '';
  for (let i = 0; i < length; i++) natural += table[i % 2 === 0 ? enc[i >> 1]! >> 4 : enc[i >> 1]! & 0x0f]!;
  return natural;
}

/**
 * IBM 3624 PIN offset: the validation data enciphered under the PVK and decimalised through the
 * table gives the natural PIN; the offset is (PIN − natural PIN) mod 10, digit by digit.
 *
 * @example
 * ```ts
 * generateIbm3624Offset({ pvk: hex('0123456789ABCDEFFEDCBA9876543210'),
 *   decimalisationTable: '1234567890123456', pan: '1122334455667788',
 *   validationDataOffset: 0, validationDataLength: 16 }, '1234'); // '7710'
 * ```
 */
export function generateIbm3624Offset(params: Ibm3624Params, pin: string, options: CryptoOptions = {}): string {
  const backend = backendOf(options);
  digits(pin, 'pin', 4, 12);
  const natural = ibm3624NaturalPin(backend, params, pin.length);
  let offset = '';
  for (let i = 0; i < pin.length; i++) offset += String((pin.charCodeAt(i) - natural.charCodeAt(i) + 10) % 10);
  return offset;
}

/**
 * The PIN an IBM 3624 offset stands for (natural PIN + offset mod 10): what an issuer mails.
 *
 * @example
 * ```ts
 * ibm3624PinFromOffset({ pvk, decimalisationTable: '1234567890123456',
 *   pan: '1122334455667788', validationDataOffset: 0, validationDataLength: 16 }, '0000'); // '4524'
 * ```
 */
export function ibm3624PinFromOffset(params: Ibm3624Params, offset: string, options: CryptoOptions = {}): string {
  const backend = backendOf(options);
  digits(offset, 'offset', 4, 12);
  const natural = ibm3624NaturalPin(backend, params, offset.length);
  let pin = '';
  for (let i = 0; i < offset.length; i++) pin += String((natural.charCodeAt(i) + offset.charCodeAt(i) - 96) % 10);
  return pin;
}

/**
 * Verify a PIN against its IBM 3624 offset, in constant time.
 *
 * @example
 * ```ts
 * verifyIbm3624Offset(params, '1234', '7710'); // true
 * ```
 */
export function verifyIbm3624Offset(params: Ibm3624Params, pin: string, offset: string, options: CryptoOptions = {}): boolean {
  const backend = backendOf(options);
  digits(offset, 'offset', 4, 12);
  if (pin.length !== offset.length) return false;
  return constantTimeEqual(encodeAscii(generateIbm3624Offset(params, pin, options)), encodeAscii(offset));
}
