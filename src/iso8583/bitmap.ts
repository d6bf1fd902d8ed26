/**
 * Bitmaps (ISO 8583:1987 §4.2, ISO 8583-1:2003 §5.3): bit n set means data element n is present.
 * Bit 1 announces the secondary bitmap (fields 65–128) and, where the dialect uses it, bit 65 a
 * tertiary one (129–192). Carried as binary bytes or as hex characters in ASCII or EBCDIC.
 */
import { fail } from '../core/index';
import { specError } from './scalar';
import type { BitmapSpec } from './spec';
import { HEX_CODES, Reader, Writer, ebcdic, hexValue } from './wire';

const [EBCDIC_TO_LATIN1, LATIN1_TO_EBCDIC] = ebcdic('037');

/** A compiled bitmap layout. */
export class BitmapCodec {
  private readonly bytesPer: number;
  private readonly secondary: boolean;
  private readonly tertiary: boolean;
  private readonly enc: 'binary' | 'hex' | 'ebcdic';
  /** Bits per bitmap. */
  readonly bits: number;
  /** Highest field number the bitmaps can name. */
  readonly maxField: number;

  constructor(spec: BitmapSpec, path: string) {
    this.bytesPer = spec.bytes ?? 8;
    if (!Number.isInteger(this.bytesPer) || this.bytesPer < 1 || this.bytesPer > 16) specError(path, 'bitmap bytes must be 1..16');
    if (spec.encoding !== 'binary' && spec.encoding !== 'hex' && spec.encoding !== 'ebcdic') specError(path, `unknown bitmap encoding ${String(spec.encoding)}`);
    this.enc = spec.encoding;
    this.secondary = spec.secondary ?? true;
    this.tertiary = spec.tertiary === true;
    if (this.tertiary && !this.secondary) specError(path, 'a tertiary bitmap needs a secondary one');
    this.bits = this.bytesPer * 8;
    this.maxField = this.bits * (1 + (this.secondary ? 1 : 0) + (this.tertiary ? 1 : 0));
    this.raw = new Uint8Array(this.bytesPer * 3);
  }

  /** True for bit 1 (secondary indicator) and bit 65 (tertiary indicator) where they apply. */
  isControlBit(n: number): boolean {
    return (n === 1 && this.secondary) || (n === this.bits + 1 && this.tertiary);
  }

  /** Bits of the bitmaps being packed or just unpacked (reused: a codec is never re-entered). */
  private readonly raw: Uint8Array;
  /** The bitmap bytes after {@link unpack} (bit 1 is the top bit of byte 0). */
  get bytes(): Uint8Array {
    return this.raw;
  }

  /** Write the bitmap(s) for the fields numbered in `ids` (ascending). */
  pack(w: Writer, ids: readonly number[], path: string): void {
    const raw = this.raw;
    raw.fill(0);
    let high = 0;
    const max = this.maxField;
    // Bit 1 and (with a tertiary bitmap) bit 65 are indicators, never data elements.
    const first = this.secondary ? 2 : 1;
    const indicator = this.tertiary ? this.bits + 1 : -1;
    for (let i = 0; i < ids.length; i++) {
      const n = ids[i]!;
      if (n < first || n > max || n === indicator) fail('ISO8583_FIELD_NOT_IN_SPEC', `field ${n} cannot be named by the bitmap`, { path: `${path}.${n}` });
      raw[(n - 1) >> 3]! |= 0x80 >> ((n - 1) & 7);
      if (n > high) high = n;
    }
    const count = high > 2 * this.bits ? 3 : high > this.bits ? 2 : 1;
    if (count >= 2) raw[0]! |= 0x80;
    if (count === 3) raw[this.bytesPer]! |= 0x80;
    this.write(w, raw, this.bytesPer * count);
  }

  private write(w: Writer, raw: Uint8Array, length: number): void {
    w.ensure(length * 2);
    const b = w.buf;
    let p = w.pos;
    if (this.enc === 'binary') {
      for (let i = 0; i < length; i++) b[p++] = raw[i]!;
    } else if (this.enc === 'hex') {
      for (let i = 0; i < length; i++) {
        const x = raw[i]!;
        b[p++] = HEX_CODES[x >> 4]!;
        b[p++] = HEX_CODES[x & 15]!;
      }
    } else {
      for (let i = 0; i < length; i++) {
        const x = raw[i]!;
        b[p++] = LATIN1_TO_EBCDIC[HEX_CODES[x >> 4]!]!;
        b[p++] = LATIN1_TO_EBCDIC[HEX_CODES[x & 15]!]!;
      }
    }
    w.pos = p;
  }

  private readOne(r: Reader, at: number, path: string): void {
    const n = this.bytesPer;
    const b = r.bytes;
    const into = this.raw;
    const p = r.pos;
    if (this.enc === 'binary') {
      r.need(n, path);
      for (let i = 0; i < n; i++) into[at + i] = b[p + i]!;
      r.pos = p + n;
      return;
    }
    r.need(2 * n, path);
    const ebc = this.enc === 'ebcdic';
    for (let i = 0; i < n; i++) {
      const hi = hexValue(ebc ? EBCDIC_TO_LATIN1[b[p + 2 * i]!]! : b[p + 2 * i]!);
      const lo = hexValue(ebc ? EBCDIC_TO_LATIN1[b[p + 2 * i + 1]!]! : b[p + 2 * i + 1]!);
      if (hi < 0 || lo < 0) fail('ISO8583_BITMAP_INVALID', `bitmap character ${2 * i + (hi < 0 ? 0 : 1)} is not a hex digit`, { path, offset: p + 2 * i + (hi < 0 ? 0 : 1) });
      into[at + i] = (hi << 4) | lo;
    }
    r.pos = p + 2 * n;
  }

  /**
   * Read the bitmap(s). Returns the highest field number they can name; query bits with
   * {@link isSet} before the next call.
   */
  unpack(r: Reader, path: string): number {
    const raw = this.raw;
    raw.fill(0);
    this.readOne(r, 0, path);
    let count = 1;
    if (this.secondary && raw[0]! & 0x80) {
      this.readOne(r, this.bytesPer, path);
      count = 2;
      if (this.tertiary && raw[this.bytesPer]! & 0x80) {
        this.readOne(r, 2 * this.bytesPer, path);
        count = 3;
      }
    }
    return this.bits * count;
  }

  /** After {@link unpack}: is data element `n` present? (Indicator bits read as absent.) */
  isSet(n: number): boolean {
    return (this.raw[(n - 1) >> 3]! & (0x80 >> ((n - 1) & 7))) !== 0 && !this.isControlBit(n);
  }
}
