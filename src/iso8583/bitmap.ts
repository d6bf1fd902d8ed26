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
  }

  /** True for bit 1 (secondary indicator) and bit 65 (tertiary indicator) where they apply. */
  isControlBit(n: number): boolean {
    return (n === 1 && this.secondary) || (n === this.bits + 1 && this.tertiary);
  }

  /** Write the bitmap(s) for the fields whose `values[n]` is defined. */
  pack(w: Writer, values: ArrayLike<unknown>, path: string): void {
    let high = 0;
    const top = Math.min(values.length - 1, this.maxField);
    for (let n = top; n >= 1; n--) {
      if (values[n] !== undefined && !this.isControlBit(n)) {
        high = n;
        break;
      }
    }
    if (values.length - 1 > this.maxField) {
      for (let n = this.maxField + 1; n < values.length; n++) {
        if (values[n] !== undefined) fail('ISO8583_FIELD_NOT_IN_SPEC', `field ${n} is beyond the bitmap`, { path: `${path}.${n}` });
      }
    }
    const count = high > 2 * this.bits ? 3 : high > this.bits ? 2 : 1;
    const raw = new Uint8Array(this.bytesPer * count);
    for (let n = 2; n <= high; n++) {
      if (values[n] !== undefined && !this.isControlBit(n)) raw[(n - 1) >> 3]! |= 0x80 >> ((n - 1) & 7);
    }
    if (count >= 2) raw[0]! |= 0x80;
    if (count === 3) raw[this.bytesPer]! |= 0x80;
    this.write(w, raw);
  }

  private write(w: Writer, raw: Uint8Array): void {
    if (this.enc === 'binary') {
      w.ensure(raw.length);
      w.buf.set(raw, w.pos);
      w.pos += raw.length;
      return;
    }
    w.ensure(raw.length * 2);
    const b = w.buf;
    let p = w.pos;
    for (let i = 0; i < raw.length; i++) {
      const hi = HEX_CODES[raw[i]! >> 4]!;
      const lo = HEX_CODES[raw[i]! & 15]!;
      b[p++] = this.enc === 'hex' ? hi : LATIN1_TO_EBCDIC[hi]!;
      b[p++] = this.enc === 'hex' ? lo : LATIN1_TO_EBCDIC[lo]!;
    }
    w.pos = p;
  }

  private readOne(r: Reader, into: Uint8Array, at: number, path: string): void {
    const n = this.bytesPer;
    const b = r.bytes;
    if (this.enc === 'binary') {
      r.need(n, path);
      into.set(b.subarray(r.pos, r.pos + n), at);
      r.pos += n;
      return;
    }
    r.need(2 * n, path);
    for (let i = 0; i < 2 * n; i++) {
      const c = this.enc === 'hex' ? b[r.pos + i]! : EBCDIC_TO_LATIN1[b[r.pos + i]!]!;
      const v = hexValue(c);
      if (v < 0) fail('ISO8583_BITMAP_INVALID', `bitmap character ${i} is not a hex digit`, { path, offset: r.pos + i });
      into[at + (i >> 1)]! |= i & 1 ? v : v << 4;
    }
    r.pos += 2 * n;
  }

  /** Read the bitmap(s); returns flags indexed by field number (control bits cleared). */
  unpack(r: Reader, path: string): Uint8Array {
    const raw = new Uint8Array(this.bytesPer * 3);
    this.readOne(r, raw, 0, path);
    let count = 1;
    if (this.secondary && raw[0]! & 0x80) {
      this.readOne(r, raw, this.bytesPer, path);
      count = 2;
      if (this.tertiary && raw[this.bytesPer]! & 0x80) {
        this.readOne(r, raw, 2 * this.bytesPer, path);
        count = 3;
      }
    }
    const present = new Uint8Array(this.maxField + 1);
    const bits = this.bits * count;
    for (let n = 1; n <= bits; n++) {
      if (raw[(n - 1) >> 3]! & (0x80 >> ((n - 1) & 7)) && !this.isControlBit(n)) present[n] = 1;
    }
    return present;
  }
}
