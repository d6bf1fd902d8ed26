/**
 * ISO 9564-1:2017 PIN blocks, formats 0, 1, 2, 3 (64-bit, enciphered with DES/TDES) and 4 (128-bit,
 * AES, enciphered with the PAN block between two encryptions, §9.4.2). Randomness comes from an
 * injectable {@link Random} (format 1 fill, format 3 fill, format 4 random field).
 *
 * UnionPay terminals with the national (SM) algorithms encipher a 128-bit variant of format 0
 * under SM4 (`width: 16`): the PIN field `0 N PIN F…` is 32 nibbles and the PAN field is 20 zero
 * nibbles followed by the same 12 PAN digits as format 0.
 */
import { fail, type Random } from '../../core/index';
import { defaultBackend } from '../default-backend';
import { keyCipher, requireAlgorithm, requireUsage, type SecretKey } from '../keys/key';

/** ISO 9564-1 PIN block format number. */
export type PinBlockFormat = 0 | 1 | 2 | 3 | 4;

const PIN_RE = /^[0-9]{4,12}$/;
const PAN_RE = /^[0-9]{1,19}$/;

function checkPin(pin: string): void {
  if (typeof pin !== 'string' || !PIN_RE.test(pin)) fail('PIN_INVALID', 'a PIN is 4 to 12 decimal digits', { path: 'pin' });
}

function checkPan(pan: string | undefined, format: PinBlockFormat): string {
  if (pan === undefined) fail('PAN_INVALID', `PIN block format ${format} needs the PAN`, { path: 'pan' });
  if (typeof pan !== 'string' || !PAN_RE.test(pan)) fail('PAN_INVALID', 'a PAN is 1 to 19 decimal digits', { path: 'pan' });
  return pan;
}

function randomSource(random: Random | undefined): Random {
  return random ?? { bytes: (n) => defaultBackend().randomBytes(n) };
}

/** Random nibbles in [lo, 15] (rejection sampling keeps them uniform). */
function randomNibbles(random: Random, count: number, lo: number): number[] {
  const span = 16 - lo;
  const limit = 16 - (16 % span);
  const out: number[] = [];
  while (out.length < count) {
    for (const b of random.bytes(count)) {
      for (const nibble of [b >>> 4, b & 15]) {
        if (nibble < limit && out.length < count) out.push(lo + (nibble % span));
      }
    }
  }
  return out;
}

/**
 * The PAN field of formats 0 and 3 (§9.3.1): four zero nibbles, then the 12 rightmost PAN digits
 * excluding the check digit (zero-padded on the left when the PAN is short).
 *
 * @example
 * ```ts
 * toHex(panField('43219876543210987')); // '0000987654321098'
 * ```
 */
export function panField(pan: string, width: PinBlockWidth = 8): Uint8Array {
  const digits = pan.slice(0, -1).slice(-12).padStart(12, '0');
  const out = new Uint8Array(width);
  for (let i = 0; i < 12; i++) {
    const d = digits.charCodeAt(i) - 48;
    out[width - 6 + (i >> 1)]! |= i % 2 === 0 ? d << 4 : d;
  }
  return out;
}

/** Bytes in a format 0–3 PIN block: 8 (ISO 9564-1), or 16 for the UnionPay SM4 variant of format 0. */
export type PinBlockWidth = 8 | 16;

function checkWidth(width: PinBlockWidth, format: PinBlockFormat): void {
  if (width !== 8 && width !== 16) fail('PIN_BLOCK_FORMAT_INVALID', `a PIN block width is 8 or 16 bytes, got ${String(width)}`, { path: 'width' });
  if (width === 16 && format !== 0) fail('PIN_BLOCK_FORMAT_INVALID', 'the 16-byte (SM4) PIN block exists for format 0 only', { path: 'format' });
}

/** Options of {@link encodePinBlock}. */
export interface EncodePinBlockOptions {
  readonly format: 0 | 1 | 2 | 3;
  readonly pin: string;
  /** Needed by formats 0 and 3. */
  readonly pan?: string;
  /** Fill for formats 1 and 3 (default: the default backend's CSPRNG). */
  readonly random?: Random;
  /** 8 (default) or 16 for the UnionPay SM4 variant of format 0. */
  readonly width?: PinBlockWidth;
}

/**
 * Build a clear 8-byte PIN block (ISO 9564-1 §9.3).
 *
 * @example
 * ```ts
 * // X9.24-1 Annex A: PIN 1234, PAN 4012345678909
 * toHex(encodePinBlock({ format: 0, pin: '1234', pan: '4012345678909' })); // '041274EDCBA9876F'
 * ```
 */
export function encodePinBlock(options: EncodePinBlockOptions): Uint8Array {
  const { format, pin } = options;
  checkPin(pin);
  if (format !== 0 && format !== 1 && format !== 2 && format !== 3) fail('PIN_BLOCK_FORMAT_INVALID', `format must be 0 to 3, got ${String(format)}`, { path: 'format' });
  const width = options.width ?? 8;
  checkWidth(width, format);
  const nibbles = [format, pin.length];
  for (let i = 0; i < pin.length; i++) nibbles.push(pin.charCodeAt(i) - 48);
  const fillCount = 2 * width - nibbles.length;
  switch (format) {
    case 0:
    case 2:
      for (let i = 0; i < fillCount; i++) nibbles.push(15);
      break;
    case 1:
      nibbles.push(...randomNibbles(randomSource(options.random), fillCount, 0));
      break;
    case 3:
      nibbles.push(...randomNibbles(randomSource(options.random), fillCount, 10));
      break;
  }
  const block = new Uint8Array(width);
  for (let i = 0; i < width; i++) block[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  if (format === 0 || format === 3) {
    const p = panField(checkPan(options.pan, format), width);
    for (let i = 0; i < width; i++) block[i]! ^= p[i]!;
  }
  return block;
}

/** Options of {@link decodePinBlock}. */
export interface DecodePinBlockOptions {
  readonly format: 0 | 1 | 2 | 3;
  /** Needed by formats 0 and 3. */
  readonly pan?: string;
  /** 8 (default) or 16 for the UnionPay SM4 variant of format 0. */
  readonly width?: PinBlockWidth;
}

/**
 * Read the PIN out of a clear 8-byte PIN block, checking the control field, the length, the
 * digits and (formats 0, 2, 3) the fill.
 *
 * @example
 * ```ts
 * decodePinBlock(hex('041274EDCBA9876F'), { format: 0, pan: '4012345678909' }); // '1234'
 * ```
 */
export function decodePinBlock(block: Uint8Array, options: DecodePinBlockOptions): string {
  const { format } = options;
  if (format !== 0 && format !== 1 && format !== 2 && format !== 3) fail('PIN_BLOCK_FORMAT_INVALID', `format must be 0 to 3, got ${String(format)}`, { path: 'format' });
  const width = options.width ?? 8;
  checkWidth(width, format);
  if (block.length !== width) fail('PIN_BLOCK_LENGTH', `this format ${format} PIN block is ${width} bytes, got ${block.length}`, { path: 'pinBlock' });
  const clear = block.slice();
  if (format === 0 || format === 3) {
    const p = panField(checkPan(options.pan, format), width);
    for (let i = 0; i < width; i++) clear[i]! ^= p[i]!;
  }
  try {
    return readPinField(clear, format, 2 * width);
  } finally {
    clear.fill(0);
  }
}

/** Control, length, digits and fill of a PIN field of `nibbleCount` nibbles. */
function readPinField(field: Uint8Array, format: PinBlockFormat, nibbleCount: number): string {
  const nibble = (i: number): number => (i % 2 === 0 ? field[i >> 1]! >>> 4 : field[i >> 1]! & 15);
  if (nibble(0) !== format) {
    fail('PIN_BLOCK_FORMAT_MISMATCH', `the control field is ${nibble(0)}, expected ${format} (wrong key, format or PAN?)`, { path: 'pinBlock', offset: 0 });
  }
  const n = nibble(1);
  if (n < 4 || n > 12) fail('PIN_LENGTH_INVALID', `the PIN length field is ${n}, expected 4 to 12`, { path: 'pinBlock', offset: 0 });
  let pin = '';
  for (let i = 2; i < 2 + n; i++) {
    const d = nibble(i);
    if (d > 9) fail('PIN_BLOCK_DIGIT_INVALID', 'a PIN digit is not 0 to 9', { path: 'pinBlock', offset: i >> 1 });
    pin += String.fromCharCode(48 + d);
  }
  for (let i = 2 + n; i < nibbleCount; i++) {
    const f = nibble(i);
    const ok = format === 1 ? true : format === 3 ? f >= 10 : format === 4 ? f === 10 : f === 15;
    if (!ok) fail('PIN_BLOCK_FILL_INVALID', `the fill of a format ${format} PIN block is wrong`, { path: 'pinBlock', offset: i >> 1 });
  }
  return pin;
}

/**
 * The format 4 PAN field (§9.4.2.3): nibble M = PAN length − 12 (0 when shorter; the PAN is then
 * zero-padded on the left to 12 digits), the PAN, zeros to 128 bits.
 *
 * @example
 * ```ts
 * // X9.24-3-2017 format 4 example
 * toHex(panField4('4111111111111111')); // '44111111111111111000000000000000'
 * ```
 */
export function panField4(pan: string): Uint8Array {
  const digits = pan.length < 12 ? pan.padStart(12, '0') : pan;
  const nibbles = [digits.length - 12];
  for (let i = 0; i < digits.length; i++) nibbles.push(digits.charCodeAt(i) - 48);
  const out = new Uint8Array(16);
  nibbles.forEach((v, i) => (out[i >> 1]! |= i % 2 === 0 ? v << 4 : v));
  return out;
}

/**
 * The format 4 plain-text PIN field (§9.4.2.2): control 4, length, PIN, fill A to 64 bits, then 64
 * random bits.
 *
 * @example
 * ```ts
 * // X9.24-3-2017 format 4 example, random 2F69ADDE2E9E7ACE
 * toHex(pinField4('1234', random)); // '441234AAAAAAAAAA2F69ADDE2E9E7ACE'
 * ```
 */
export function pinField4(pin: string, random?: Random): Uint8Array {
  checkPin(pin);
  const out = new Uint8Array(16);
  const nibbles = [4, pin.length];
  for (let i = 0; i < pin.length; i++) nibbles.push(pin.charCodeAt(i) - 48);
  while (nibbles.length < 16) nibbles.push(10);
  nibbles.forEach((v, i) => (out[i >> 1]! |= i % 2 === 0 ? v << 4 : v));
  const r = randomSource(random).bytes(8);
  if (r.length !== 8) fail('INVALID_ARGUMENT', 'the Random source returned the wrong number of bytes', { path: 'random' });
  out.set(r, 8);
  return out;
}

/** Options of {@link encipherPinBlock}. */
export interface EncipherPinBlockOptions {
  /** The PIN encryption key (usage P0): DES/TDES for formats 0–3, AES for format 4, SM4 for the 16-byte format 0. */
  readonly key: SecretKey;
  readonly format: PinBlockFormat;
  readonly pin: string;
  readonly pan?: string;
  readonly random?: Random;
}

function checkPinKey(key: SecretKey, format: PinBlockFormat): void {
  requireUsage(key, ['P0'], 'PIN encipherment');
  requireAlgorithm(key, format === 4 ? ['aes'] : format === 0 ? ['des', 'tdes', 'sm4'] : ['des', 'tdes'], `PIN block format ${format}`);
}

/** An SM4 key enciphers the 16-byte variant; DES/TDES the 8-byte block. */
const widthFor = (key: SecretKey): PinBlockWidth => (key.algorithm === 'sm4' ? 16 : 8);

/**
 * Build and encipher a PIN block: formats 0–3 by ECB under a DES/TDES key, format 4 as
 * E_K(E_K(PIN field) ⊕ PAN field) under an AES key (ISO 9564-1 §9.4.2.4).
 *
 * @example
 * ```ts
 * // X9.24-3-2017 test vectors, format 4: PIN 1234, PAN 4111111111111111, random 2F69ADDE2E9E7ACE
 * toHex(encipherPinBlock({ key, format: 4, pin: '1234', pan: '4111111111111111', random })); // 'A912150391AB65A67E52883D81CE2D15'
 * ```
 */
export function encipherPinBlock(options: EncipherPinBlockOptions): Uint8Array {
  const { key, format } = options;
  checkPinKey(key, format);
  const cipher = keyCipher(key);
  if (format === 4) {
    const pan = panField4(checkPan(options.pan, 4));
    const field = pinField4(options.pin, options.random);
    const a = cipher.encrypt(field);
    field.fill(0);
    for (let i = 0; i < 16; i++) a[i]! ^= pan[i]!;
    return cipher.encrypt(a);
  }
  const clear = encodePinBlock({
    format,
    pin: options.pin,
    width: widthFor(key),
    ...(options.pan === undefined ? {} : { pan: options.pan }),
    ...(options.random ? { random: options.random } : {}),
  });
  const out = cipher.encrypt(clear);
  clear.fill(0);
  return out;
}

/** Options of {@link decipherPinBlock}. */
export interface DecipherPinBlockOptions {
  readonly key: SecretKey;
  readonly format: PinBlockFormat;
  readonly pan?: string;
}

/**
 * Decipher a PIN block and read the PIN, checking its structure.
 *
 * @example
 * ```ts
 * decipherPinBlock(hex('1B9C1845EB993A7A'), { key: pinKey, format: 0, pan: '4012345678909' }); // '1234'
 * ```
 */
export function decipherPinBlock(block: Uint8Array, options: DecipherPinBlockOptions): string {
  const { key, format } = options;
  checkPinKey(key, format);
  const cipher = keyCipher(key);
  if (format === 4) {
    if (block.length !== 16) fail('PIN_BLOCK_LENGTH', `a format 4 PIN block is 16 bytes, got ${block.length}`, { path: 'pinBlock' });
    const pan = panField4(checkPan(options.pan, 4));
    const b = cipher.decrypt(block);
    for (let i = 0; i < 16; i++) b[i]! ^= pan[i]!;
    const field = cipher.decrypt(b);
    b.fill(0);
    try {
      return readPinField(field, 4, 16);
    } finally {
      field.fill(0);
    }
  }
  const width = widthFor(key);
  if (block.length !== width) fail('PIN_BLOCK_LENGTH', `this format ${format} PIN block is ${width} bytes, got ${block.length}`, { path: 'pinBlock' });
  const clear = cipher.decrypt(block);
  try {
    return decodePinBlock(clear, { format, width, ...(options.pan === undefined ? {} : { pan: options.pan }) });
  } finally {
    clear.fill(0);
  }
}

/** One side of a PIN translation. */
export interface PinBlockSide {
  readonly key: SecretKey;
  readonly format: PinBlockFormat;
  readonly pan?: string;
}

/**
 * Translate an enciphered PIN block to another key and/or format (the host's "translate PIN"
 * operation). The clear PIN exists only inside this call.
 *
 * @example
 * ```ts
 * translatePinBlock(block, { from: { key: terminalPinKey, format: 0, pan }, to: { key: zonePinKey, format: 0, pan } });
 * ```
 */
export function translatePinBlock(block: Uint8Array, options: { readonly from: PinBlockSide; readonly to: PinBlockSide; readonly random?: Random }): Uint8Array {
  const pin = decipherPinBlock(block, options.from);
  const { to } = options;
  return encipherPinBlock({
    key: to.key,
    format: to.format,
    pin,
    ...(to.pan === undefined ? {} : { pan: to.pan }),
    ...(options.random ? { random: options.random } : {}),
  });
}
