/**
 * The byte-level machinery the compiled codecs share: one growing output buffer, a cursor over the
 * input, per-type character tables and EBCDIC translation tables. Built once at module load so the
 * pack/unpack hot path does table lookups only.
 */
import { decodeEbcdic, fail } from '../core/index';
import type { FieldType } from './spec';

/** A growing output buffer: fields write straight into it, the message is sliced out once. */
export class Writer {
  buf: Uint8Array;
  pos = 0;
  constructor(size = 512) {
    this.buf = new Uint8Array(size);
  }
  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** A cursor over the input. `end` is the end of the current field or composite. */
export class Reader {
  pos: number;
  end: number;
  /**
   * @param wholeText decode text by slicing the whole input decoded once (right when every byte of
   *   a valid message is ASCII); false decodes each text field on its own, which is far cheaper when
   *   the input also carries binary bytes (TextDecoder's latin-1 path is slow on bytes 80-FF).
   */
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    end: number,
    private readonly wholeText = true,
  ) {
    this.pos = start;
    this.end = end;
  }
  /** The whole input as one-char-per-byte text, made once on first use; text fields are slices of it. */
  private text: string | undefined;
  /** Bytes [start, end) as text, for ranges already checked to be ASCII. */
  latin1(start: number, end: number): string {
    if (!this.wholeText) return asciiText(this.bytes, start, end);
    let t = this.text;
    if (t === undefined) t = this.text = wholeText(this.bytes);
    return t.slice(start, end);
  }
  /** Throw ISO8583_TRUNCATED unless `n` bytes remain before `end`. */
  need(n: number, path: string): void {
    if (n > this.end - this.pos) {
      fail('ISO8583_TRUNCATED', `needs ${n} bytes, ${this.end - this.pos} remain`, { path, offset: this.pos });
    }
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function special(): string {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    if (!UPPER.includes(ch) && !LOWER.includes(ch) && !DIGITS.includes(ch)) s += ch;
  }
  return s;
}
const SPECIAL = special();

function tableOf(chars: string): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** Allowed characters per text type (ISO 8583:1987 §4.3; `s` includes the space). */
export function charTable(type: Exclude<FieldType, 'b'>, hexNibbles = false): Uint8Array {
  switch (type) {
    case 'n':
      return tableOf(hexNibbles ? `${DIGITS}ABCDEF` : DIGITS);
    case 'a':
      return tableOf(UPPER + LOWER);
    case 's':
      return tableOf(SPECIAL);
    case 'an':
      return tableOf(UPPER + LOWER + DIGITS);
    case 'as':
      return tableOf(UPPER + LOWER + SPECIAL);
    case 'ns':
      return tableOf(DIGITS + SPECIAL);
    case 'ans':
      return tableOf(UPPER + LOWER + DIGITS + SPECIAL);
    case 'anp':
      return tableOf(UPPER + LOWER + DIGITS + ' ');
    case 'z':
      // Track 2 code set (ISO 7813 §10): digits and the field separator; BCD carries it as nibble D.
      return tableOf(hexNibbles ? `${DIGITS}ABCDEF=` : `${DIGITS}=D`);
    case 'x+n':
      return tableOf(DIGITS);
    default: {
      const never: never = type;
      return fail('ISO8583_SPEC_INVALID', `unknown field type ${String(never)}`);
    }
  }
}

function ebcdicTables(codePage: '037' | '1047'): readonly [toLatin1: Uint16Array, fromLatin1: Int16Array] {
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const text = decodeEbcdic(all, { codePage });
  const to = new Uint16Array(256);
  const from = new Int16Array(256).fill(-1);
  for (let i = 0; i < 256; i++) {
    const c = text.charCodeAt(i);
    to[i] = c;
    from[c] = i;
  }
  return [to, from];
}
const EBCDIC = { '037': ebcdicTables('037'), '1047': ebcdicTables('1047') } as const;

/** EBCDIC byte → latin-1 code and latin-1 code → EBCDIC byte for a code page. */
export function ebcdic(codePage: '037' | '1047'): readonly [toLatin1: Uint16Array, fromLatin1: Int16Array] {
  return EBCDIC[codePage];
}

/** Hex digit value of an ASCII character code, or -1. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

interface ByteDecoder {
  decode(input: Uint8Array): string;
}
const G = globalThis as unknown as { TextDecoder?: new (label: string) => ByteDecoder };
// WHATWG "latin1" is windows-1252: still one UTF-16 unit per byte, and identical to ASCII for the
// bytes 00-7F that callers slice out. Engines without TextDecoder get the portable path.
const DECODER: ByteDecoder | undefined = typeof G.TextDecoder === 'function' ? new G.TextDecoder('latin1') : undefined;

/** One UTF-16 unit per byte; equal to the bytes' ASCII text wherever they are ASCII. */
function wholeText(b: Uint8Array): string {
  if (DECODER) return DECODER.decode(b);
  let t = '';
  const chunk: number[] = [];
  for (let i = 0; i < b.length; i += 4096) {
    const end = Math.min(i + 4096, b.length);
    chunk.length = end - i;
    for (let j = i; j < end; j++) chunk[j - i] = b[j]!;
    t += String.fromCharCode.apply(null, chunk);
  }
  return t;
}

/**
 * Bytes [s, e) (already checked to be ASCII) as text: short ranges through one fixed-arity
 * `String.fromCharCode` call, longer ones through the decoder.
 */
export function asciiText(b: Uint8Array, s: number, e: number): string {
  const f = String.fromCharCode;
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return f(b[s]!);
    case 2:
      return f(b[s]!, b[s + 1]!);
    case 3:
      return f(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return f(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    default:
      return wholeText(b.subarray(s, e));
  }
}

/** ASCII codes of the uppercase hex digits. */
export const HEX_CODES = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

/** Describe a value's shape for a type error without revealing it. */
export function shapeOf(v: unknown): string {
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : typeof v;
}
