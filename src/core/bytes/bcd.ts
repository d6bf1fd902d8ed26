/**
 * Packed BCD: two decimal digits per byte, as ISO 8583 numeric fields and EMV `n` data elements
 * carry them. Odd-length values take one pad nibble, on the left (right-aligned values, the ISO 8583
 * default) or on the right (left-aligned values, e.g. UnionPay field 22 and EMV track-2 equivalent
 * data, tag 57), with pad 0 or F. The track-2 field separator (`=`, or `D` as EMV writes it) packs
 * to nibble D (EMV Book 3 Annex A, tag 57).
 */
import { fail } from '../errors/error';
import { checkRange } from './range';

/** Where the digits sit when their count is odd. */
export type BcdAlignment = 'left' | 'right';
/** The pad nibble used to fill an odd-length value: 0 or F. */
export type BcdPad = '0' | 'F';

/** Options for {@link packBcd}. */
export interface PackBcdOptions {
  /** `'right'` (default): pad nibble first. `'left'`: digits first, pad nibble last. */
  readonly align?: BcdAlignment;
  /** Pad nibble for odd lengths (default `'0'`). */
  readonly pad?: BcdPad;
  /** Path reported in errors. */
  readonly path?: string;
}

/** Options for {@link unpackBcd}. */
export interface UnpackBcdOptions {
  /** Number of digits to read (default: every nibble of the input). */
  readonly digits?: number;
  /** Alignment the value was packed with (default `'right'`). */
  readonly align?: BcdAlignment;
  /** Character to render nibble D as: `'D'` (default, EMV tag 57 style) or `'='` (track 2 style). */
  readonly separator?: 'D' | '=';
  /** Accept nibble D (track-2 separator) in the digits (default `false`). */
  readonly allowSeparator?: boolean;
  /** Path reported in errors. */
  readonly path?: string;
  /** Offset of `bytes[start]` in the caller's input, added to reported offsets. */
  readonly baseOffset?: number;
}

function nibbleOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c === 61 /* = */ || c === 68 /* D */ || c === 100 /* d */) return 13;
  return -1;
}

/**
 * Pack decimal digits (and track-2 separators) into BCD.
 *
 * @example
 * ```ts
 * packBcd('123');                         // [0x01, 0x23]
 * packBcd('123', { align: 'left', pad: 'F' }); // [0x12, 0x3F]
 * packBcd('4761=22', { align: 'left', pad: 'F' }); // [0x47, 0x61, 0xD2, 0x2F]
 * ```
 */
export function packBcd(digits: string, options: PackBcdOptions = {}): Uint8Array {
  const n = digits.length;
  const odd = n & 1;
  const padNibble = options.pad === 'F' ? 15 : 0;
  const left = options.align === 'left';
  const out = new Uint8Array((n + 1) >> 1);
  // Nibble position k of the output holds digit k - (odd && !left ? 1 : 0).
  const shift = odd && !left ? 1 : 0;
  const total = out.length * 2;
  for (let k = 0; k < total; k++) {
    const d = k - shift;
    let v: number;
    if (d < 0 || d >= n) v = padNibble;
    else {
      v = nibbleOf(digits.charCodeAt(d));
      if (v < 0) fail('BCD_INVALID_DIGIT', `character ${d} cannot be packed as BCD`, { path: options.path ?? '', offset: d });
    }
    if (k & 1) out[k >> 1]! |= v;
    else out[k >> 1] = v << 4;
  }
  return out;
}

/**
 * Unpack BCD to a digit string. Nibbles A–F are errors except the pad nibble (0 or F) in the pad
 * position and, when `allowSeparator` is set, nibble D (the track-2 separator).
 *
 * @example
 * ```ts
 * unpackBcd(hex('0123'), { digits: 3 });                  // '123'
 * unpackBcd(hex('123F'), { digits: 3, align: 'left' });   // '123'
 * ```
 */
export function unpackBcd(bytes: Uint8Array, options: UnpackBcdOptions = {}, start = 0, end = bytes.length): string {
  const path = options.path ?? '';
  checkRange(bytes, start, end, path);
  const available = (end - start) * 2;
  const digits = options.digits ?? available;
  if (!Number.isInteger(digits) || digits < 0) fail('INVALID_ARGUMENT', 'digits must be a non-negative integer', { path });
  const base = options.baseOffset ?? 0;
  const needBytes = (digits + 1) >> 1;
  if (needBytes > end - start) {
    fail('BCD_LENGTH_MISMATCH', `expected ${needBytes} bytes of BCD for ${digits} digits, found ${end - start}`, { path, offset: base + start });
  }
  const shift = digits & 1 && options.align !== 'left' ? 1 : 0;
  const sep = options.separator === '=' ? '=' : 'D';
  let s = '';
  for (let d = 0; d < digits; d++) {
    const k = d + shift;
    const b = bytes[start + (k >> 1)]!;
    const v = k & 1 ? b & 15 : b >> 4;
    if (v <= 9) s += String.fromCharCode(48 + v);
    else if (v === 13 && options.allowSeparator) s += sep;
    else fail('BCD_INVALID_NIBBLE', `nibble ${k} is 0x${v.toString(16).toUpperCase()}, not a decimal digit`, { path, offset: base + start + (k >> 1) });
  }
  if (digits & 1) {
    // The pad nibble: first nibble when right-aligned, last when left-aligned; 0 or F.
    const k = shift ? 0 : digits;
    const b = bytes[start + (k >> 1)]!;
    const v = k & 1 ? b & 15 : b >> 4;
    if (v !== 0 && v !== 15) {
      fail('BCD_INVALID_NIBBLE', `pad nibble is 0x${v.toString(16).toUpperCase()}, expected 0 or F`, { path, offset: base + start + (k >> 1) });
    }
  }
  return s;
}
