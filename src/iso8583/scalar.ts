/**
 * A compiled scalar field: length prefix × content encoding × padding × type, resolved once into
 * small integer switches and lookup tables. Every length is checked against the field maximum and
 * the bytes that remain before anything is read or allocated.
 */
import { fail } from '../core/index';
import type { FieldSpec, LengthUnit } from './spec';
import { HEX_CODES, Reader, Writer, charTable, ebcdic, hexValue, shapeOf } from './wire';

const enum Enc {
  Ascii,
  Ebcdic,
  Bcd,
  Binary,
  Hex,
}
const enum Fast {
  None,
  Ascii,
  Bcd,
}
const enum Pfx {
  None,
  Ascii,
  Ebcdic,
  Bcd,
  Hex,
  Binary,
}

function encOf(e: FieldSpec['encoding'], path: string): Enc {
  switch (e) {
    case 'ascii':
      return Enc.Ascii;
    case 'ebcdic':
      return Enc.Ebcdic;
    case 'bcd':
      return Enc.Bcd;
    case 'binary':
      return Enc.Binary;
    case 'hex':
      return Enc.Hex;
    default: {
      const never: never = e;
      return fail('ISO8583_SPEC_INVALID', `unknown content encoding ${String(never)}`, { path });
    }
  }
}

const FIELD_TYPES: readonly string[] = ['n', 'a', 's', 'an', 'as', 'ns', 'ans', 'anp', 'b', 'z', 'x+n'];

const MAX_PREFIX_VALUE = [0, 9, 99, 999, 9999, 99999, 999999];

const PAIR_TABLES = new Map<string, readonly string[]>();
function pairTable(chars: string): readonly string[] {
  let t = PAIR_TABLES.get(chars);
  if (!t) {
    const out: string[] = [];
    for (let x = 0; x < 256; x++) {
      const hi = chars[x >> 4]!;
      const lo = chars[x & 15]!;
      out.push(hi === '\0' || lo === '\0' ? '' : hi + lo);
    }
    PAIR_TABLES.set(chars, out);
    t = out;
  }
  return t;
}

/** Throw ISO8583_SPEC_INVALID at `path`. */
export function specError(path: string, message: string): never {
  return fail('ISO8583_SPEC_INVALID', message, { path });
}

/**
 * One scalar (non-composite) field. Values are strings, except `b` fields, which are bytes.
 */
export class ScalarCodec {
  readonly text: boolean;
  private readonly enc: Enc;
  private readonly table: Uint8Array;
  private readonly toLatin1: Uint16Array;
  private readonly fromLatin1: Int16Array;
  readonly fixed: boolean;
  readonly length: number;
  private readonly pfx: Pfx;
  /** Prefix digits (decimal/hex) or bytes (binary). */
  private readonly pDigits: number;
  /** Prefix size on the wire in bytes. */
  readonly pBytes: number;
  private readonly pMax: number;
  private readonly counts: LengthUnit;
  /** BCD counted in bytes with an F pad nibble: an F at the pad end means an odd digit count. */
  private readonly oddByF: boolean;
  private readonly inclusive: number;
  private readonly padLeft: boolean;
  private readonly padCode: number;
  private readonly trim: boolean;
  private readonly bcdLeft: boolean;
  private readonly padNibble: number;
  private readonly hexNibbles: boolean;
  private readonly signed: boolean;
  private readonly nibbleChars: string;
  /** BCD byte → its two characters, or '' when either nibble is not allowed. */
  private readonly pairs: readonly string[];
  /** 1 for each byte value the type does not allow (the complement of `table`). */
  private readonly deny: Uint8Array;
  /** Wire bytes of a fixed-length value. */
  private readonly fixedWire: number;
  /** Which fast pack path applies. */
  private readonly fast: Fast;
  /** BCD: character code → nibble value, 16 when the type does not allow the character. */
  private readonly nibbles: Uint8Array;

  constructor(
    readonly spec: FieldSpec,
    readonly path: string,
  ) {
    const s = spec;
    if (typeof s !== 'object' || s === null) specError(path, 'a field spec is an object');
    for (const part of ['prefix', 'pad', 'composite', 'byMti'] as const) {
      const v: unknown = s[part];
      if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) specError(path, `${part} must be an object`);
    }
    if (!FIELD_TYPES.includes(s.type)) specError(path, `unknown field type ${JSON.stringify(String(s.type)).slice(0, 20)}`);
    if (!Number.isInteger(s.length) || s.length < 0 || s.length > 999_999) specError(path, 'length must be an integer 0..999999');
    this.enc = encOf(s.encoding, path);
    this.text = s.type !== 'b';
    this.signed = s.type === 'x+n';
    switch (this.enc) {
      case Enc.Ascii:
      case Enc.Ebcdic:
        if (!this.text) specError(path, `type b cannot use ${s.encoding} content`);
        break;
      case Enc.Bcd:
        if (s.type !== 'n' && s.type !== 'z') specError(path, `type ${s.type} cannot use BCD content (n and z only)`);
        break;
      case Enc.Binary:
      case Enc.Hex:
        if (this.text) specError(path, `type ${s.type} cannot use ${s.encoding} content (b only)`);
        break;
    }
    this.hexNibbles = s.nibbles === 'hex';
    this.table = s.type === 'b' ? new Uint8Array(0) : charTable(s.type, this.hexNibbles && this.enc === Enc.Bcd);
    [this.toLatin1, this.fromLatin1] = ebcdic(s.codePage ?? '037');
    this.deny = this.table.map((x) => 1 - x);
    this.fixed = s.prefix === undefined;
    this.length = s.length;
    this.bcdLeft = s.align === 'left';
    this.padNibble = s.padNibble === 'F' ? 15 : 0;
    this.nibbleChars = this.hexNibbles ? '0123456789ABCDEF' : s.type === 'z' ? '0123456789\0\0\0=\0\0' : '0123456789\0\0\0\0\0\0';
    this.pairs = pairTable(this.nibbleChars);
    if (s.pad !== undefined) {
      if (typeof s.pad.char !== 'string' || s.pad.char.length !== 1) specError(path, 'pad.char must be one character');
      if (!this.text) specError(path, 'pad applies to text fields');
    }
    this.padLeft = s.pad?.side === 'left';
    this.padCode = s.pad === undefined ? -1 : s.pad.char.charCodeAt(0);
    this.trim = s.trim === true && s.pad !== undefined;
    if (this.signed && s.prefix !== undefined) specError(path, 'x+n fields are fixed length');
    if (this.signed && this.enc === Enc.Bcd) specError(path, 'x+n fields are text');
    this.fixedWire = this.wireBytes(this.length);
    this.nibbles = new Uint8Array(256).fill(16);
    for (let c = 0; c < 256; c++) if (this.table[c] === 1) this.nibbles[c] = c === 61 ? 13 : hexValue(c) & 31;
    this.fast = this.signed ? Fast.None : this.enc === Enc.Ascii ? Fast.Ascii : this.enc === Enc.Bcd ? Fast.Bcd : Fast.None;
    const p = s.prefix;
    if (p === undefined) {
      this.pfx = Pfx.None;
      this.pDigits = 0;
      this.pBytes = 0;
      this.pMax = 0;
      this.counts = 'bytes';
      this.oddByF = false;
      this.inclusive = 0;
    } else {
      switch (p.encoding) {
        case 'binary':
          if (!Number.isInteger(p.bytes) || p.bytes < 1 || p.bytes > 4) specError(path, 'a binary length prefix has 1 to 4 bytes');
          this.pfx = Pfx.Binary;
          this.pDigits = p.bytes;
          this.pBytes = p.bytes;
          this.pMax = p.bytes === 4 ? 0xffffffff : 2 ** (8 * p.bytes) - 1;
          break;
        case 'ascii':
        case 'ebcdic':
        case 'bcd':
        case 'hex':
          if (!Number.isInteger(p.digits) || p.digits < 1 || p.digits > 6) specError(path, 'a length prefix has 1 to 6 digits');
          this.pfx = p.encoding === 'ascii' ? Pfx.Ascii : p.encoding === 'ebcdic' ? Pfx.Ebcdic : p.encoding === 'bcd' ? Pfx.Bcd : Pfx.Hex;
          this.pDigits = p.digits;
          this.pBytes = p.encoding === 'bcd' ? (p.digits + 1) >> 1 : p.digits;
          this.pMax = p.encoding === 'hex' ? 16 ** p.digits - 1 : MAX_PREFIX_VALUE[p.digits]!;
          break;
        default: {
          const never: never = p;
          specError(path, `unknown length prefix encoding ${String((never as { encoding: unknown }).encoding)}`);
        }
      }
      this.counts = p.counts ?? (this.enc === Enc.Bcd ? 'digits' : this.text ? 'chars' : 'bytes');
      this.oddByF = this.enc === Enc.Bcd && this.counts === 'bytes' && this.padNibble === 15 && !this.hexNibbles;
      this.inclusive = p.inclusive === true ? this.pBytes : 0;
      if (this.unitsOf(this.length) + this.inclusive > this.pMax) {
        specError(path, `maximum length ${this.length} does not fit a ${p.encoding} prefix of that size`);
      }
    }
  }

  /** Length on the wire (without prefix) of a value of natural length `n`. */
  wireBytes(n: number): number {
    switch (this.enc) {
      case Enc.Bcd:
        return (n + 1) >> 1;
      case Enc.Hex:
        return 2 * n;
      case Enc.Ascii:
      case Enc.Ebcdic:
        return this.signed ? n + 1 : n;
      case Enc.Binary:
        return n;
    }
  }

  /** Prefix units for natural length `n`. */
  private unitsOf(n: number): number {
    switch (this.enc) {
      case Enc.Bcd:
        return this.counts === 'bytes' ? (n + 1) >> 1 : n;
      case Enc.Hex:
      case Enc.Binary:
        return this.counts === 'bytes' ? n : 2 * n;
      case Enc.Ascii:
      case Enc.Ebcdic:
        return n;
    }
  }

  /** Natural length for prefix units `u`, or -1 when the units cannot describe a whole value. */
  private naturalOf(u: number): number {
    switch (this.enc) {
      case Enc.Bcd:
        return this.counts === 'bytes' ? 2 * u : u;
      case Enc.Hex:
      case Enc.Binary:
        return this.counts === 'bytes' ? u : u & 1 ? -1 : u >> 1;
      case Enc.Ascii:
      case Enc.Ebcdic:
        return u;
    }
  }

  /** Validate a caller's value: right shape, length and characters. Returns it unchanged. */
  check(value: unknown): string | Uint8Array {
    const w = scratch;
    w.pos = 0;
    this.pack(w, value);
    return value as string | Uint8Array;
  }

  pack(w: Writer, value: unknown): void {
    let n: number;
    if (this.text) {
      if (typeof value !== 'string') fail('ISO8583_FIELD_VALUE_TYPE', `expected text, got ${shapeOf(value)}`, { path: this.path });
      n = value.length;
      // Fast paths for the common shapes (no padding needed); anything else, errors included, takes
      // the general path below, which reports exactly what is wrong.
      if (this.fast !== Fast.None && (this.fixed ? n === this.length : n <= this.length)) {
        if (this.fast === Fast.Ascii ? this.packAscii(w, value) : this.packBcd(w, value)) return;
      }
      if (this.signed) n--;
    } else {
      if (!(value instanceof Uint8Array)) fail('ISO8583_FIELD_VALUE_TYPE', `expected bytes, got ${shapeOf(value)}`, { path: this.path });
      n = value.length;
    }
    let padCount = 0;
    if (this.fixed) {
      if (n !== this.length) {
        if (n < this.length && this.padCode >= 0) padCount = this.length - n;
        else fail('ISO8583_FIELD_LENGTH_MISMATCH', `length is ${n}, the field is fixed at ${this.length}`, { path: this.path });
      }
    } else {
      if (n > this.length) fail('ISO8583_FIELD_TOO_LONG', `length is ${n}, the maximum is ${this.length}`, { path: this.path });
      this.writePrefix(w, this.unitsOf(n) + this.inclusive);
    }
    const total = n + padCount;
    w.ensure(this.wireBytes(total));
    if (this.text) this.writeText(w, value as string, padCount);
    else this.writeBytes(w, value as Uint8Array);
  }

  /**
   * Pack text this field already accepted: a message's own top-level value, which `set` checked
   * (or `unpack` read) and which cannot have changed since, strings being immutable. ASCII content
   * is copied without checking each character again; anything else takes {@link pack}.
   */
  packChecked(w: Writer, v: string): void {
    const n = v.length;
    if (this.fast === Fast.Ascii && (this.fixed ? n === this.length : n <= this.length)) {
      w.ensure(this.pBytes + n);
      if (!this.fixed) this.writePrefix(w, n + this.inclusive);
      const b = w.buf;
      let p = w.pos;
      for (let i = 0; i < n; i++) b[p++] = v.charCodeAt(i);
      w.pos = p;
      return;
    }
    this.pack(w, v);
  }

  /** ASCII content without padding; false (nothing kept) when a character is not allowed. */
  private packAscii(w: Writer, v: string): boolean {
    const n = v.length;
    w.ensure(this.pBytes + n);
    const at = w.pos;
    if (!this.fixed) this.writePrefix(w, n + this.inclusive);
    const b = w.buf;
    const deny = this.deny;
    let p = w.pos;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      bad |= (c >>> 8) | deny[c & 255]!;
      b[p++] = c;
    }
    if (bad !== 0) {
      w.pos = at;
      return false;
    }
    w.pos = p;
    return true;
  }

  /** BCD content without padding characters (a pad nibble only for odd lengths); false when a character is not allowed. */
  private packBcd(w: Writer, v: string): boolean {
    const n = v.length;
    w.ensure(this.pBytes + ((n + 1) >> 1));
    const at = w.pos;
    if (!this.fixed) this.writePrefix(w, this.unitsOf(n) + this.inclusive);
    const b = w.buf;
    const nib = this.nibbles;
    let p = w.pos;
    // Each nibble value is 0-15, or 16 for a character the type does not allow; `bad` collects
    // those flags, and characters above U+00FF, above bit 3.
    let bad = 0;
    let j = 0;
    if (n & 1 && !this.bcdLeft) {
      const c = v.charCodeAt(0);
      const x = nib[c & 255]!;
      bad |= ((c >>> 8) << 4) | x;
      b[p++] = (this.padNibble << 4) | (x & 15);
      j = 1;
    }
    for (; j + 1 < n; j += 2) {
      const c0 = v.charCodeAt(j);
      const c1 = v.charCodeAt(j + 1);
      const x0 = nib[c0 & 255]!;
      const x1 = nib[c1 & 255]!;
      bad |= (((c0 | c1) >>> 8) << 4) | x0 | x1;
      b[p++] = ((x0 & 15) << 4) | (x1 & 15);
    }
    if (j < n) {
      const c = v.charCodeAt(j);
      const x = nib[c & 255]!;
      bad |= ((c >>> 8) << 4) | x;
      b[p++] = ((x & 15) << 4) | this.padNibble;
    }
    if (bad > 15) {
      w.pos = at;
      return false;
    }
    w.pos = p;
    return true;
  }

  private writePrefix(w: Writer, units: number): void {
    w.ensure(this.pBytes);
    const b = w.buf;
    let p = w.pos;
    const d = this.pDigits;
    switch (this.pfx) {
      case Pfx.Ascii:
      case Pfx.Ebcdic: {
        const base = this.pfx === Pfx.Ascii ? 0x30 : 0xf0;
        for (let i = d - 1, u = units; i >= 0; i--, u = (u / 10) | 0) b[p + i] = base + (u % 10);
        p += d;
        break;
      }
      case Pfx.Hex:
        for (let i = d - 1, u = units; i >= 0; i--, u = Math.floor(u / 16)) b[p + i] = HEX_CODES[u & 15]!;
        p += d;
        break;
      case Pfx.Bcd: {
        const nb = this.pBytes;
        for (let i = nb - 1, u = units; i >= 0; i--, u = (u / 100) | 0) {
          const two = u % 100;
          b[p + i] = (((two / 10) | 0) << 4) | two % 10;
        }
        p += nb;
        break;
      }
      case Pfx.Binary:
        for (let i = d - 1, u = units; i >= 0; i--, u = Math.floor(u / 256)) b[p + i] = u & 255;
        p += d;
        break;
      case Pfx.None:
        break;
    }
    w.pos = p;
  }

  private writeText(w: Writer, v: string, padCount: number): void {
    const b = w.buf;
    let p = w.pos;
    const t = this.table;
    const path = this.path;
    // Pad characters are bytes for ASCII and EBCDIC; BCD writes its pad digits as nibbles below.
    if (padCount > 0 && this.padLeft && this.enc !== Enc.Bcd) for (let i = 0; i < padCount; i++) b[p++] = this.padOut();
    let i = 0;
    if (this.signed) {
      const c = v.charCodeAt(0);
      if (c !== 67 && c !== 68) fail('ISO8583_FIELD_INVALID_CHARACTER', 'x+n value must start with C or D', { path, offset: 0 });
      b[p++] = this.enc === Enc.Ebcdic ? this.fromLatin1[c]! : c;
      i = 1;
    }
    switch (this.enc) {
      case Enc.Ascii: {
        // Write first, check once: a character above U+00FF or one the type denies sets `bad`.
        const deny = this.deny;
        const from = i;
        let bad = 0;
        for (; i < v.length; i++) {
          const c = v.charCodeAt(i);
          bad |= (c >>> 8) | deny[c & 255]!;
          b[p++] = c;
        }
        if (bad !== 0) {
          for (i = from; i < v.length; i++) {
            const c = v.charCodeAt(i);
            if (c > 255 || t[c] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${i} is not allowed in type ${this.spec.type}`, { path, offset: i });
          }
        }
        break;
      }
      case Enc.Ebcdic:
        for (; i < v.length; i++) {
          const c = v.charCodeAt(i);
          if (c > 255 || t[c] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${i} is not allowed in type ${this.spec.type}`, { path, offset: i });
          b[p++] = this.fromLatin1[c]!;
        }
        break;
      case Enc.Bcd: {
        const n = v.length + padCount;
        // Odd digit counts take one pad nibble: first when right-aligned, last when left-aligned.
        const lead = n & 1 && !this.bcdLeft ? 1 : 0;
        const total = (n + 1) >> 1;
        // Nibble k goes to byte k >> 1, high half first; the bytes are cleared and or-ed into.
        for (let i = 0; i < total; i++) b[p + i] = 0;
        let k = 0;
        if (lead) {
          b[p] = this.padNibble << 4;
          k = 1;
        }
        const padDigit = this.padCode >= 0 ? hexValue(this.padCode) : 0;
        if (padCount > 0 && this.padLeft) for (let j = 0; j < padCount; j++, k++) b[p + (k >> 1)]! |= padDigit << (k & 1 ? 0 : 4);
        for (let j = 0; j < v.length; j++, k++) {
          const c = v.charCodeAt(j);
          const nib = c < 256 && t[c] === 1 ? (c === 61 ? 13 : hexValue(c)) : -1;
          if (nib < 0) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${j} is not allowed in type ${this.spec.type}`, { path, offset: j });
          b[p + (k >> 1)]! |= nib << (k & 1 ? 0 : 4);
        }
        if (padCount > 0 && !this.padLeft) for (let j = 0; j < padCount; j++, k++) b[p + (k >> 1)]! |= padDigit << (k & 1 ? 0 : 4);
        if (k & 1) b[p + (k >> 1)]! |= this.padNibble;
        p += total;
        w.pos = p;
        return;
      }
      case Enc.Binary:
      case Enc.Hex:
        break;
    }
    if (padCount > 0 && !this.padLeft) for (let j = 0; j < padCount; j++) b[p++] = this.padOut();
    w.pos = p;
  }

  private padOut(): number {
    return this.enc === Enc.Ebcdic ? this.fromLatin1[this.padCode]! : this.padCode;
  }

  private writeBytes(w: Writer, v: Uint8Array): void {
    if (this.enc === Enc.Hex) {
      const b = w.buf;
      let p = w.pos;
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        b[p++] = HEX_CODES[x >> 4]!;
        b[p++] = HEX_CODES[x & 15]!;
      }
      w.pos = p;
    } else {
      w.buf.set(v, w.pos);
      w.pos += v.length;
    }
  }

  /** Read the length prefix; returns the natural length. */
  private readPrefix(r: Reader): number {
    const path = this.path;
    r.need(this.pBytes, path);
    const b = r.bytes;
    const start = r.pos;
    let u = 0;
    switch (this.pfx) {
      case Pfx.Ascii:
      case Pfx.Ebcdic: {
        const base = this.pfx === Pfx.Ascii ? 0x30 : 0xf0;
        for (let i = 0; i < this.pDigits; i++) {
          const d = b[start + i]! - base;
          if (d < 0 || d > 9) fail('ISO8583_LENGTH_PREFIX_INVALID', `length prefix byte ${i} is not a digit`, { path, offset: start + i });
          u = u * 10 + d;
        }
        break;
      }
      case Pfx.Hex:
        for (let i = 0; i < this.pDigits; i++) {
          const d = hexValue(b[start + i]!);
          if (d < 0) fail('ISO8583_LENGTH_PREFIX_INVALID', `length prefix byte ${i} is not a hex digit`, { path, offset: start + i });
          u = u * 16 + d;
        }
        break;
      case Pfx.Bcd: {
        // The digits sit right-aligned in the prefix bytes; an unused leading nibble must be 0.
        const lead = this.pDigits & 1;
        for (let k = lead; k < this.pBytes * 2; k++) {
          const x = b[start + (k >> 1)]!;
          const d = k & 1 ? x & 15 : x >> 4;
          if (d > 9) fail('ISO8583_LENGTH_PREFIX_INVALID', 'length prefix is not BCD', { path, offset: start + (k >> 1) });
          u = u * 10 + d;
        }
        if (lead && b[start]! >> 4 !== 0) fail('ISO8583_LENGTH_PREFIX_INVALID', 'length prefix is not BCD', { path, offset: start });
        break;
      }
      case Pfx.Binary:
        for (let i = 0; i < this.pDigits; i++) u = u * 256 + b[start + i]!;
        break;
      case Pfx.None:
        break;
    }
    r.pos = start + this.pBytes;
    u -= this.inclusive;
    const n = u < 0 ? -1 : this.naturalOf(u);
    if (n < 0) fail('ISO8583_LENGTH_PREFIX_INVALID', `length prefix ${u + this.inclusive} does not describe a whole value`, { path, offset: start });
    if (n > this.length) fail('ISO8583_FIELD_TOO_LONG', `length prefix says ${n}, the maximum is ${this.length}`, { path, offset: start });
    return n;
  }

  /** Read the prefix (if any) and return the natural length and the content's byte count. */
  readLength(r: Reader): number {
    if (this.fixed) {
      if (this.fixedWire > r.end - r.pos) r.need(this.fixedWire, this.path);
      return this.length;
    }
    const n = this.readPrefix(r);
    r.need(this.wireBytes(n), this.path);
    // A prefix that counts BCD bytes cannot tell whether the pad-side nibble is a digit; with an F
    // pad nibble (jPOS IFEB_LLNUM: str2bcd, then F for an odd digit count) an F there marks one.
    if (this.oddByF && n > 0) {
      const b = r.bytes;
      const nibble = this.bcdLeft ? b[r.pos + (n >> 1) - 1]! & 15 : b[r.pos]! >> 4;
      if (nibble === 15) return n - 1;
    }
    return n;
  }

  unpack(r: Reader): string | Uint8Array {
    const n = this.readLength(r);
    return this.text ? this.readText(r, n) : this.readBytes(r, n);
  }

  private readText(r: Reader, n: number): string {
    const b = r.bytes;
    const start = r.pos;
    const t = this.table;
    const path = this.path;
    let s: string;
    switch (this.enc) {
      case Enc.Ascii: {
        let i = start;
        let end = start + n;
        if (this.signed) {
          const c = b[i]!;
          if (c !== 67 && c !== 68) fail('ISO8583_FIELD_INVALID_CHARACTER', 'x+n value must start with C or D', { path, offset: i });
          i++;
          end++;
        }
        // Branch-free check, four bytes a step: or together the "not allowed" flags of every byte.
        const deny = this.deny;
        let bad = 0;
        let j = i;
        for (; j + 4 <= end; j += 4) bad |= deny[b[j]!]! | deny[b[j + 1]!]! | deny[b[j + 2]!]! | deny[b[j + 3]!]!;
        for (; j < end; j++) bad |= deny[b[j]!]!;
        if (bad !== 0) {
          for (; i < end; i++) {
            if (t[b[i]!] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `byte ${i - start} is not allowed in type ${this.spec.type}`, { path, offset: i });
          }
        }
        r.pos = end;
        s = r.latin1(start, end);
        break;
      }
      case Enc.Ebcdic: {
        const end = start + (this.signed ? n + 1 : n);
        const tl = this.toLatin1;
        let i = start;
        s = '';
        if (this.signed) {
          const c = tl[b[i]!]!;
          if (c !== 67 && c !== 68) fail('ISO8583_FIELD_INVALID_CHARACTER', 'x+n value must start with C or D', { path, offset: i });
          s = String.fromCharCode(c);
          i++;
        }
        for (; i < end; i++) {
          const c = tl[b[i]!]!;
          if (c > 255 || t[c] !== 1) fail('ISO8583_FIELD_INVALID_CHARACTER', `byte ${i - start} is not allowed in type ${this.spec.type}`, { path, offset: i });
          s += String.fromCharCode(c);
        }
        r.pos = end;
        break;
      }
      case Enc.Bcd: {
        const chars = this.nibbleChars;
        const nb = (n + 1) >> 1;
        const odd = n & 1;
        const lead = odd && !this.bcdLeft ? 1 : 0;
        const pairs = this.pairs;
        s = '';
        let k = lead;
        const stop = n + lead;
        // Whole bytes through the two-digit table; the odd nibble at either end one at a time.
        if (k & 1 && k < stop) {
          const ch = chars[b[start]! & 15]!;
          if (ch === '\0') fail('ISO8583_FIELD_INVALID_CHARACTER', `nibble ${k} is not allowed in type ${this.spec.type}`, { path, offset: start });
          s = ch;
          k++;
        }
        for (; k + 1 < stop; k += 2) {
          const pair = pairs[b[start + (k >> 1)]!]!;
          if (pair === '') fail('ISO8583_FIELD_INVALID_CHARACTER', `a nibble of byte ${k >> 1} is not allowed in type ${this.spec.type}`, { path, offset: start + (k >> 1) });
          s += pair;
        }
        if (k < stop) {
          const ch = chars[b[start + (k >> 1)]! >> 4]!;
          if (ch === '\0') fail('ISO8583_FIELD_INVALID_CHARACTER', `nibble ${k} is not allowed in type ${this.spec.type}`, { path, offset: start + (k >> 1) });
          s += ch;
        }
        if (odd) {
          const x = b[start + (lead ? 0 : nb - 1)]!;
          const pn = lead ? x >> 4 : x & 15;
          if (pn !== 0 && pn !== 15) fail('ISO8583_FIELD_INVALID_CHARACTER', 'BCD pad nibble is not 0 or F', { path, offset: start + (lead ? 0 : nb - 1) });
        }
        r.pos = start + nb;
        break;
      }
      case Enc.Binary:
      case Enc.Hex:
        return fail('ISO8583_SPEC_INVALID', 'text field with binary content', { path });
    }
    if (this.trim) s = this.trimPad(s);
    return s;
  }

  private trimPad(s: string): string {
    const ch = String.fromCharCode(this.padCode);
    if (this.padLeft) {
      let i = 0;
      while (i < s.length - 1 && s[i] === ch) i++;
      return i === 0 ? s : s.slice(i);
    }
    let j = s.length;
    while (j > 0 && s[j - 1] === ch) j--;
    return j === s.length ? s : s.slice(0, j);
  }

  private readBytes(r: Reader, n: number): Uint8Array {
    const b = r.bytes;
    const start = r.pos;
    if (this.enc === Enc.Hex) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const hi = hexValue(b[start + 2 * i]!);
        const lo = hexValue(b[start + 2 * i + 1]!);
        if (hi < 0 || lo < 0) fail('ISO8583_FIELD_INVALID_CHARACTER', `character ${2 * i + (hi < 0 ? 0 : 1)} is not a hex digit`, { path: this.path, offset: start + 2 * i + (hi < 0 ? 0 : 1) });
        out[i] = (hi << 4) | lo;
      }
      r.pos = start + 2 * n;
      return out;
    }
    r.pos = start + n;
    return b.slice(start, start + n);
  }

  /**
   * Byte offset of character `index` of a value of `length` characters that this field decoded
   * starting at `fieldStart` (its prefix included): for errors inside composite text values.
   */
  charOffset(fieldStart: number, length: number, index: number): number {
    const start = fieldStart + this.pBytes;
    if (this.enc !== Enc.Bcd) return start + index + (this.signed ? 1 : 0);
    const lead = length & 1 && !this.bcdLeft ? 1 : 0;
    return start + ((index + lead) >> 1);
  }

  /** Write a prefix for composite content written after it: reserve, then fill in. */
  reservePrefix(w: Writer): number {
    w.ensure(this.pBytes);
    const at = w.pos;
    w.pos += this.pBytes;
    return at;
  }

  /** Fill a prefix reserved by {@link reservePrefix} for content of `contentBytes` bytes (binary content only). */
  fillPrefix(w: Writer, at: number, contentBytes: number): void {
    if (this.fixed) {
      if (contentBytes !== this.length) fail('ISO8583_FIELD_LENGTH_MISMATCH', `length is ${contentBytes}, the field is fixed at ${this.length}`, { path: this.path });
      return;
    }
    if (contentBytes > this.length) fail('ISO8583_FIELD_TOO_LONG', `length is ${contentBytes}, the maximum is ${this.length}`, { path: this.path });
    const end = w.pos;
    w.pos = at;
    this.writePrefix(w, this.unitsOf(contentBytes) + this.inclusive);
    w.pos = end;
  }
}

/** Scratch buffer used to validate values on `set`. */
const scratch = new Writer(256);
