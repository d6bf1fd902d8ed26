/**
 * The ISO 8583 spec model (ISO 8583-1:2003 §4, ISO 8583:1987 §4.3): a message spec and its field
 * specs are plain JSON-serialisable data. A field composes independent parts — a length prefix, a
 * content encoding, padding, a type and optionally a composite structure — that
 * {@link compileMessageSpec} turns into fast codecs once.
 */

/**
 * Field type (ISO 8583:1987 §4.3 "Field attributes"): `n` numeric, `a` alphabetic, `s` special,
 * combinations thereof, `anp` alphanumeric and space, `b` binary, `z` track 2/3 code set
 * (ISO 7813 / 4909: digits and the `=` separator), `x+n` a C (credit) or D (debit) sign followed
 * by digits.
 */
export type FieldType = 'n' | 'a' | 's' | 'an' | 'as' | 'ns' | 'ans' | 'anp' | 'b' | 'z' | 'x+n';

/** How a field's content is carried on the wire. */
export type ContentEncoding =
  /** One ASCII byte per character. */
  | 'ascii'
  /** One EBCDIC byte per character (code page `codePage`, default 037). */
  | 'ebcdic'
  /** Packed BCD, two digits per byte (numeric and track-2 types). */
  | 'bcd'
  /** Raw bytes (type `b`). */
  | 'binary'
  /** Raw bytes carried as ASCII hex, two characters per byte (type `b`). */
  | 'hex';

/** How a length prefix is written. */
export type PrefixEncoding = 'ascii' | 'ebcdic' | 'bcd' | 'hex' | 'binary';

/**
 * What a length prefix counts. `digits` and `chars` count the value's digits or characters (hex
 * characters for `hex` content); `bytes` counts bytes (packed bytes for BCD, raw bytes for `b`).
 */
export type LengthUnit = 'bytes' | 'chars' | 'digits';

/** A variable-length field's prefix: L … LLLLLL decimal digits, hex digits, or 1–4 binary bytes. */
export type LengthPrefixSpec =
  | {
      readonly encoding: 'ascii' | 'ebcdic' | 'bcd' | 'hex';
      /** Number of length digits: 2 for LLVAR, 3 for LLLVAR (BCD: packed into ⌈digits/2⌉ bytes). */
      readonly digits: number;
      readonly counts?: LengthUnit;
      /** The prefix counts its own bytes too. */
      readonly inclusive?: boolean;
    }
  | {
      readonly encoding: 'binary';
      /** Big-endian byte count of the prefix (1–4). */
      readonly bytes: number;
      readonly counts?: LengthUnit;
      readonly inclusive?: boolean;
    };

/** What `describe()` and `toJSON()` hide by default (DESIGN.md §2). */
export type Sensitivity =
  /** A PAN: first 6 and last 4 shown. */
  | 'pan'
  /** Track data: PAN masked, the rest hidden. */
  | 'track'
  /** PIN data (PIN block). */
  | 'pin'
  /** Key material, CVV, passwords. */
  | 'secret'
  /** EMV data (DE 55): tags shown, values hidden. */
  | 'emv';

/** Padding for fixed-length fields: filled on pack, and removed on unpack when `trim` is set. */
export interface PadSpec {
  readonly side: 'left' | 'right';
  /** One character (`'0'`, `' '`, `'F'`). */
  readonly char: string;
}

/**
 * One field (or sub-field). `length` is the fixed length, or the maximum when `prefix` is set,
 * counted in the value's own unit: digits for `n`/`z`/`x+n` (the sign not counted), characters for
 * text types, bytes for `b`.
 */
export interface FieldSpec {
  readonly name?: string;
  readonly type: FieldType;
  readonly length: number;
  readonly prefix?: LengthPrefixSpec;
  readonly encoding: ContentEncoding;
  /** EBCDIC code page for `ebcdic` content (default `'037'`). */
  readonly codePage?: '037' | '1047';
  /** BCD with an odd digit count: `'right'` (default, pad nibble first) or `'left'` (pad nibble last). */
  readonly align?: 'left' | 'right';
  /**
   * BCD pad nibble written for odd digit counts (default `'0'`; both are accepted on unpack). With
   * `'F'` and a prefix that counts bytes, an F at the pad end on unpack marks an odd digit count
   * (jPOS IFEB_LLNUM).
   */
  readonly padNibble?: '0' | 'F';
  /** BCD nibble set: `'decimal'` (default) or `'hex'` for data carried in nibbles, e.g. encrypted track 2. */
  readonly nibbles?: 'decimal' | 'hex';
  readonly pad?: PadSpec;
  /** Remove `pad` characters on unpack. */
  readonly trim?: boolean;
  readonly sensitive?: Sensitivity;
  readonly composite?: CompositeSpec;
  /** Per-MTI variants of this field (UnionPay field 62: text in 0800, key data in 0810). */
  readonly byMti?: Readonly<Record<string, FieldSpec>>;
}

/** How a bitmap is carried. */
export interface BitmapSpec {
  /** `binary` 8 bytes per bitmap, `hex` 16 ASCII hex characters, `ebcdic` 16 EBCDIC hex characters. */
  readonly encoding: 'binary' | 'hex' | 'ebcdic';
  /** Bit 1 announces a secondary bitmap (default true for messages, false for sub-field bitmaps). */
  readonly secondary?: boolean;
  /** Bit 65 announces a tertiary bitmap (fields 129–192), as in ISO 8583:1987 §4.2. */
  readonly tertiary?: boolean;
  /** Bytes of one bitmap (default 8). Sub-field bitmaps may be shorter. */
  readonly bytes?: number;
}

/** Composite (structured) field content. */
export type CompositeSpec =
  /**
   * Sub-fields one after the other. On a text or BCD parent they are fixed-width slices of the
   * parent's value (UnionPay 60.1–60.7); on a binary parent each is a full field with its own
   * encoding and prefix. Trailing sub-fields may be absent.
   */
  | { readonly kind: 'positional'; readonly fields: Readonly<Record<string, FieldSpec>> }
  /** Sub-fields behind their own bitmap (Postilion-style 127.x, 127.25.x). The parent must be `b`. */
  | { readonly kind: 'bitmap'; readonly bitmap: BitmapSpec; readonly fields: Readonly<Record<string, FieldSpec>> }
  /**
   * Tag-length-value sub-fields inside a text value, with decimal or alphanumeric tags and decimal
   * lengths (DE 48 as `n2` tag + `n2` length: `tagLength: 2, lengthDigits: 2`; or `an3` tags with
   * `n3` lengths). Values are text of `valueType` (default `ans`). Packed in ascending tag order.
   */
  | { readonly kind: 'tlv'; readonly tagLength: number; readonly lengthDigits: number; readonly valueType?: Exclude<FieldType, 'b'> }
  /** BER-TLV (EMV Book 3 Annex B) as in DE 55: order and repeated tags preserved. The parent must be `b`. */
  | { readonly kind: 'ber-tlv' };

/** A fixed-length field in front of the MTI (TPDU, a proprietary header). */
export interface HeaderFieldSpec {
  readonly id: string;
  readonly spec: FieldSpec;
  /** Value used when the message does not set it: hex for `b`, text otherwise. */
  readonly default?: string;
}

/** A whole message layout: header, MTI, bitmap and data elements. */
export interface MessageSpec {
  readonly name: string;
  readonly description?: string;
  readonly header?: readonly HeaderFieldSpec[];
  readonly mti: { readonly encoding: 'ascii' | 'bcd' | 'ebcdic' };
  readonly bitmap: BitmapSpec;
  /** Data elements 2–192 keyed by number. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

/** A tag-length-value node of a BER-TLV composite (DE 55), as the emv layer produces. */
export interface TlvValueNode {
  readonly tag: string;
  readonly value?: Uint8Array;
  readonly children?: readonly TlvValueNode[];
}

/** A field value: text for `n`/`a`/`an`/`ans`/`z`/…, bytes for `b`, an object or a TLV list for composites. */
export type FieldValue = string | Uint8Array | CompositeValue | readonly TlvValueNode[];

/** The value of a composite field: sub-field id or tag → value. */
export interface CompositeValue {
  readonly [id: string]: FieldValue;
}
