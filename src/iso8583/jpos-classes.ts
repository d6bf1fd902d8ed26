/**
 * The jPOS field packager classes (`org.jpos.iso.IF*_*`) and what each becomes in the spec model.
 * Each row was read from the class's source in jPOS (jpos/src/main/java/org/jpos/iso/<class>.java):
 * its prefixer × interpreter × padder, or its own pack/unpack when it has one. The facts that
 * decide the bytes, from the shared building blocks of the same folder:
 *
 * - ISOStringFieldPackager: the prefix holds the value's length in characters (digits for BCD)
 *   after padding; ISOBinaryFieldPackager: the value's length in bytes.
 * - LiteralBinaryInterpreter: the bytes as they are; AsciiHexInterpreter: two ASCII hex digits a
 *   byte; EbcdicHexInterpreter: the same in EBCDIC.
 * - BCDInterpreter.RIGHT_PADDED (pad="false", GenericPackager's default: it calls setPad with the
 *   attribute): an odd digit count gets a 0 nibble last; RIGHT_PADDED_F an F nibble last;
 *   LEFT_PADDED (pad="true"): a 0 nibble first.
 * - BcdPrefixer: digits right-aligned in ⌈digits/2⌉ bytes (LLL 123 = 01 23); HexNibblesPrefixer:
 *   the same, counting hex digits (2 per byte); BinaryPrefixer.B / BB: 1 / 2 bytes big-endian;
 *   AsciiPrefixer / EbcdicPrefixer: decimal digits.
 */
import type { ContentEncoding, FieldType, LengthPrefixSpec, PadSpec } from './spec';

/** BCD layout of an odd digit count: which end the pad nibble is at, and its value. */
export interface JposBcdLayout {
  readonly align: 'left' | 'right';
  readonly padNibble: '0' | 'F';
}

/** A jPOS class that maps to a field spec. */
export interface JposMappedClass {
  /** The jPOS composition as read in the class's source. */
  readonly jpos: string;
  /** `n` or `ans` text, `b` bytes, `x+n` a C/D amount (DE 35/36 become `z`). */
  readonly type: Extract<FieldType, 'n' | 'ans' | 'b' | 'x+n'>;
  readonly encoding: ContentEncoding;
  /** The length prefix; `counts` only where it differs from the spec model's default. */
  readonly prefix?: LengthPrefixSpec;
  /** The padder of a fixed field (LeftPadder.ZERO_PADDER, RightPadder.SPACE_PADDER). */
  readonly pad?: PadSpec;
  /** BCD content: the layout for pad="false" and for pad="true". */
  readonly bcd?: { readonly unpadded: JposBcdLayout; readonly padded: JposBcdLayout };
  /** BCD nibbles carry hex digits (HEXInterpreter). */
  readonly hexNibbles?: boolean;
  /** What the reader should know: where the mapping is not byte-for-byte jPOS. */
  readonly note?: string;
}

/** A bitmap class (field 1, a sub-field bitmap, or field 65 for the tertiary bitmap). */
export interface JposBitmapClass {
  readonly jpos: string;
  readonly bitmap: 'hex' | 'binary' | 'ebcdic';
}

/** A class that is no field (IF_NOP, IF_UNUSED): the field stays out of the spec. */
export interface JposNoFieldClass {
  readonly jpos: string;
  readonly noField: true;
}

/** A class cardwire does not map: importing it is `ISO8583_JPOS_CLASS_UNKNOWN` with this reason. */
export interface JposUnsupportedClass {
  readonly jpos: string;
  readonly unsupported: string;
}

/** One row of {@link jposFieldClasses}. */
export type JposFieldClass = JposMappedClass | JposBitmapClass | JposNoFieldClass | JposUnsupportedClass;

const ZERO_LEFT: PadSpec = { side: 'left', char: '0' };
const SPACE_RIGHT: PadSpec = { side: 'right', char: ' ' };
/** BCDInterpreter.RIGHT_PADDED / LEFT_PADDED by pad="false" / "true". */
const BCD_0: JposMappedClass['bcd'] = { unpadded: { align: 'left', padNibble: '0' }, padded: { align: 'right', padNibble: '0' } };
/** BCDInterpreter.RIGHT_PADDED_F / LEFT_PADDED by pad="false" / "true". */
const BCD_F: JposMappedClass['bcd'] = { unpadded: { align: 'left', padNibble: 'F' }, padded: { align: 'right', padNibble: '0' } };

const ascii = (digits: number): LengthPrefixSpec => ({ encoding: 'ascii', digits });
const ebcdic = (digits: number): LengthPrefixSpec => ({ encoding: 'ebcdic', digits });
const bcd = (digits: number): LengthPrefixSpec => ({ encoding: 'bcd', digits });
const binary = (bytes: number): LengthPrefixSpec => ({ encoding: 'binary', bytes });
const L = ['', 'L', 'LL', 'LLL', 'LLLL', 'LLLLL', 'LLLLLL'] as const;

const FILLED = 'the value is padded to the maximum length behind a prefix that holds the unpadded length (ISOFilledStringFieldPackager / own pack); the spec model pads fixed fields only';
const TAGGED = 'a tagged sub-field packager: the sub-field number is on the wire next to the length, for GenericTaggedFieldsPackager; cardwire has no tagged sub-field import';

function text(type: 'n' | 'ans', encoding: 'ascii' | 'ebcdic', prefix: number, prefixEncoding: 'ascii' | 'ebcdic' | 'bcd', jpos: string): JposMappedClass {
  const p = prefixEncoding === 'ascii' ? ascii(prefix) : prefixEncoding === 'ebcdic' ? ebcdic(prefix) : bcd(prefix);
  return { jpos, type, encoding, prefix: p };
}

/**
 * Every `IF*_*` field packager class of jPOS (org.jpos.iso), by simple name, with the composition
 * read from its source and the spec it imports as. docs/iso8583.md renders this table.
 *
 * @example
 * ```ts
 * jposFieldClasses['IFA_LLBINARY'];
 * // { jpos: 'LiteralBinaryInterpreter × AsciiPrefixer.LL', type: 'b', encoding: 'binary', prefix: { encoding: 'ascii', digits: 2 } }
 * ```
 */
export const jposFieldClasses: Readonly<Record<string, JposFieldClass>> = {
  // ── ASCII ──
  IF_CHAR: { jpos: 'RightTPadder.SPACE_PADDER × LiteralInterpreter × NullPrefixer', type: 'ans', encoding: 'ascii', pad: SPACE_RIGHT, note: 'jPOS truncates a longer value; cardwire rejects it' },
  IFA_NUMERIC: { jpos: 'LeftPadder.ZERO_PADDER × AsciiInterpreter × NullPrefixer', type: 'n', encoding: 'ascii', pad: ZERO_LEFT },
  IFA_AMOUNT2003: { jpos: 'extends IFA_NUMERIC (an ISOAmount component, the same bytes)', type: 'n', encoding: 'ascii', pad: ZERO_LEFT },
  IFA_AMOUNT: { jpos: 'ISOAmountFieldPackager: C/D sign, then LeftPadder.ZERO_PADDER × AsciiInterpreter × NullPrefixer', type: 'x+n', encoding: 'ascii', note: 'jPOS counts the sign in length; the spec counts digits only' },
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6].map((n) => [`IFA_${L[n]}CHAR`, text('ans', 'ascii', n, 'ascii', `NullPadder × AsciiInterpreter × AsciiPrefixer.${L[n]}`)]),
  ),
  IFA_LLNUM: text('n', 'ascii', 2, 'ascii', 'NullPadder × AsciiInterpreter × AsciiPrefixer.LL'),
  IFA_LLLNUM: text('n', 'ascii', 3, 'ascii', 'NullPadder × AsciiInterpreter × AsciiPrefixer.LLL'),
  IFA_FLLCHAR: { jpos: 'ISOFilledStringFieldPackager: RightTPadder.SPACE_PADDER × AsciiInterpreter × AsciiPrefixer.LL', unsupported: FILLED },
  IFA_FLLNUM: { jpos: 'ISOFilledStringFieldPackager: RightPadder.SPACE_PADDER × AsciiInterpreter × AsciiPrefixer.LL', unsupported: FILLED },
  IFA_BINARY: { jpos: 'AsciiHexInterpreter × NullPrefixer', type: 'b', encoding: 'hex' },
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6].map((n) => [`IFA_${L[n]}BINARY`, { jpos: `LiteralBinaryInterpreter × AsciiPrefixer.${L[n]}`, type: 'b', encoding: 'binary', prefix: ascii(n) }]),
  ),
  IFA_LLABINARY: { jpos: 'own pack: ASCII LL byte count, then ISOUtil.hexString of the bytes', type: 'b', encoding: 'hex', prefix: ascii(2) },
  IFA_LLLABINARY: { jpos: 'own pack: ASCII LLL byte count, then ISOUtil.hexString of the bytes', type: 'b', encoding: 'hex', prefix: ascii(3) },
  IFA_LLBNUM: {
    jpos: 'own pack: AsciiPrefixer.LL × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true")',
    type: 'n',
    encoding: 'bcd',
    prefix: ascii(2),
    bcd: BCD_0,
    note: 'for an odd digit count jPOS writes the count rounded up to even and unpacks the pad nibble as a digit; cardwire writes the count itself (jPOS reads it) and reads jPOS’s even count as that many digits',
  },
  IFA_BITMAP: { jpos: 'ISOBitMapPackager: ISOUtil.hexString of the bitmap', bitmap: 'hex' },
  IFA_BITMAPStandalone: { jpos: 'ISOBitMapStandalonePackager', unsupported: 'a bitmap packed apart from its message' },
  ...Object.fromEntries(
    ['TTLBINARY', 'TTLCHAR', 'TTLLBINARY', 'TTLLCHAR', 'TTLLLBINARY', 'TTLLLCHAR', 'TTLLLLBINARY', 'TTLLLLCHAR', 'TTTLLLCHAR'].map((s) => [`IFA_${s}`, { jpos: 'TaggedFieldPackagerBase over the IFA_ class of its length', unsupported: TAGGED }]),
  ),
  // ── BCD / binary ──
  IFB_NUMERIC: { jpos: 'LeftPadder.ZERO_PADDER × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true") × NullPrefixer', type: 'n', encoding: 'bcd', pad: ZERO_LEFT, bcd: BCD_0 },
  IFB_AMOUNT2003: { jpos: 'extends IFB_NUMERIC (an ISOAmount component, the same bytes)', type: 'n', encoding: 'bcd', pad: ZERO_LEFT, bcd: BCD_0 },
  IFB_FNUMERIC: { jpos: 'LeftPadder.ZERO_PADDER × BCDInterpreter (RIGHT_PADDED_F, LEFT_PADDED with pad="true") × NullPrefixer', type: 'n', encoding: 'bcd', pad: ZERO_LEFT, bcd: BCD_F },
  IFB_HEX: {
    jpos: 'LeftPadder.ZERO_PADDER × HEXInterpreter (RIGHT_PADDED_F, LEFT_PADDED with pad="true") × NullPrefixer',
    type: 'n',
    encoding: 'bcd',
    pad: ZERO_LEFT,
    bcd: BCD_F,
    hexNibbles: true,
  },
  IFB_LLNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true") × BcdPrefixer.LL', type: 'n', encoding: 'bcd', prefix: bcd(2), bcd: BCD_0 },
  IFB_LLLNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true") × BcdPrefixer.LLL', type: 'n', encoding: 'bcd', prefix: bcd(3), bcd: BCD_0 },
  IFB_FLLNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED_F, LEFT_PADDED with pad="true") × BcdPrefixer.LL', type: 'n', encoding: 'bcd', prefix: bcd(2), bcd: BCD_F },
  IFB_FLLLNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED_F, LEFT_PADDED with pad="true") × BcdPrefixer.LLL', type: 'n', encoding: 'bcd', prefix: bcd(3), bcd: BCD_F },
  IFB_LLHNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true") × BinaryPrefixer.B', type: 'n', encoding: 'bcd', prefix: binary(1), bcd: BCD_0 },
  IFB_LLLHNUM: { jpos: 'NullPadder × BCDInterpreter (RIGHT_PADDED, LEFT_PADDED with pad="true") × BinaryPrefixer.BB', type: 'n', encoding: 'bcd', prefix: binary(2), bcd: BCD_0 },
  ...Object.fromEntries([2, 3, 4, 6].map((n) => [`IFB_${L[n]}CHAR`, text('ans', 'ascii', n, 'bcd', `NullPadder × AsciiInterpreter × BcdPrefixer.${L[n]}`)])),
  IFB_LLHCHAR: { jpos: 'NullPadder × AsciiInterpreter × BinaryPrefixer.B', type: 'ans', encoding: 'ascii', prefix: binary(1) },
  IFB_LLLHCHAR: { jpos: 'NullPadder × AsciiInterpreter × BinaryPrefixer.BB', type: 'ans', encoding: 'ascii', prefix: binary(2) },
  IFB_LLHECHAR: { jpos: 'NullPadder × EbcdicInterpreter × BinaryPrefixer.B', type: 'ans', encoding: 'ebcdic', prefix: binary(1) },
  IFB_LLLHECHAR: { jpos: 'NullPadder × EbcdicInterpreter × BinaryPrefixer.BB', type: 'ans', encoding: 'ebcdic', prefix: binary(2) },
  IFB_BINARY: { jpos: 'LiteralBinaryInterpreter × NullPrefixer', type: 'b', encoding: 'binary' },
  ...Object.fromEntries([2, 3, 4].map((n) => [`IFB_${L[n]}BINARY`, { jpos: `LiteralBinaryInterpreter × BcdPrefixer.${L[n]}`, type: 'b', encoding: 'binary', prefix: bcd(n) }])),
  IFB_LLHBINARY: { jpos: 'LiteralBinaryInterpreter × BinaryPrefixer.B', type: 'b', encoding: 'binary', prefix: binary(1) },
  IFB_LLLHBINARY: { jpos: 'LiteralBinaryInterpreter × BinaryPrefixer.BB', type: 'b', encoding: 'binary', prefix: binary(2) },
  IFB_LLHEX: { jpos: 'LiteralBinaryInterpreter × HexNibblesPrefixer.LL (the BCD prefix counts hex digits: 2 a byte)', type: 'b', encoding: 'binary', prefix: { ...bcd(2), counts: 'chars' } },
  IFB_LLLHEX: { jpos: 'LiteralBinaryInterpreter × HexNibblesPrefixer.LLL (the BCD prefix counts hex digits: 2 a byte)', type: 'b', encoding: 'binary', prefix: { ...bcd(3), counts: 'chars' } },
  IFB_LLHFBINARY: { jpos: 'own pack: 1-byte length, the bytes, zero filler to length', unsupported: FILLED },
  IFB_AMOUNT: { jpos: 'own pack: the C/D sign as one ASCII byte, then BCDInterpreter digits', unsupported: 'an ASCII sign byte before BCD digits: the spec model’s x+n is text only' },
  IFB_BITMAP: { jpos: 'ISOBitMapPackager: the bitmap bytes', bitmap: 'binary' },
  // ── EBCDIC ──
  IFE_CHAR: { jpos: 'RightTPadder.SPACE_PADDER × EbcdicInterpreter × NullPrefixer', type: 'ans', encoding: 'ebcdic', pad: SPACE_RIGHT, note: 'jPOS truncates a longer value; cardwire rejects it' },
  IF_ECHAR: { jpos: 'own pack: ISOUtil.strpad (spaces right), then asciiToEbcdic (deprecated for IFE_CHAR)', type: 'ans', encoding: 'ebcdic', pad: SPACE_RIGHT },
  IFE_NUMERIC: { jpos: 'LeftPadder.ZERO_PADDER × EbcdicInterpreter × NullPrefixer', type: 'n', encoding: 'ebcdic', pad: ZERO_LEFT },
  IFE_SIGNED_NUMERIC: { jpos: 'LeftPadder.ZERO_PADDER × SignedEbcdicNumberInterpreter × NullPrefixer', unsupported: 'zoned decimal with the sign in the last byte’s zone nibble: no spec model type' },
  IFE_AMOUNT: { jpos: 'ISOAmountFieldPackager: C/D sign, then LeftPadder.ZERO_PADDER × EbcdicInterpreter × NullPrefixer', type: 'x+n', encoding: 'ebcdic', note: 'jPOS counts the sign in length; the spec counts digits only' },
  ...Object.fromEntries([2, 3, 4].map((n) => [`IFE_${L[n]}CHAR`, text('ans', 'ebcdic', n, 'ebcdic', `NullPadder × EbcdicInterpreter × EbcdicPrefixer.${L[n]}`)])),
  IFE_LLNUM: text('n', 'ebcdic', 2, 'ebcdic', 'NullPadder × EbcdicInterpreter × EbcdicPrefixer.LL'),
  IFE_LLLNUM: text('n', 'ebcdic', 3, 'ebcdic', 'NullPadder × EbcdicInterpreter × EbcdicPrefixer.LLL'),
  IFE_BINARY: { jpos: 'EbcdicHexInterpreter × NullPrefixer', unsupported: 'bytes as EBCDIC hex digits: the spec model’s hex content is ASCII' },
  ...Object.fromEntries([2, 3, 4].map((n) => [`IFE_${L[n]}BINARY`, { jpos: `LiteralBinaryInterpreter × EbcdicPrefixer.${L[n]}`, type: 'b', encoding: 'binary', prefix: ebcdic(n) }])),
  IFE_BITMAP: { jpos: 'ISOBitMapPackager: the bitmap as EBCDIC hex digits', bitmap: 'ebcdic' },
  IFEA_LLCHAR: text('ans', 'ascii', 2, 'ebcdic', 'NullPadder × AsciiInterpreter × EbcdicPrefixer.LL'),
  IFAE_LLCHAR: text('ans', 'ebcdic', 2, 'ascii', 'NullPadder × EbcdicInterpreter × AsciiPrefixer.LL'),
  IFEB_LLNUM: {
    jpos: 'own pack: EBCDIC LL count of BCD bytes, ISOUtil.str2bcd, an F nibble last for an odd digit count (pad ignored)',
    type: 'n',
    encoding: 'bcd',
    prefix: { ...ebcdic(2), counts: 'bytes' },
    bcd: { unpadded: { align: 'left', padNibble: 'F' }, padded: { align: 'left', padNibble: 'F' } },
  },
  IFEB_LLLNUM: {
    jpos: 'own pack: EBCDIC LLL count of BCD bytes, ISOUtil.str2bcd, an F nibble last for an odd digit count (pad ignored)',
    type: 'n',
    encoding: 'bcd',
    prefix: { ...ebcdic(3), counts: 'bytes' },
    bcd: { unpadded: { align: 'left', padNibble: 'F' }, padded: { align: 'left', padNibble: 'F' } },
  },
  // ── tagged, token-terminated, no field ──
  IFEP_LLCHAR: { jpos: 'own pack: LL (counting the tag) + 2-digit tag + ASCII text', unsupported: TAGGED },
  IFEPE_LLCHAR: { jpos: 'ISOTagStringFieldPackager: EbcdicPrefixer.LL tag × EbcdicInterpreter × EbcdicPrefixer.LL', unsupported: TAGGED },
  IFEMC_LLCHAR: { jpos: 'ISOTagStringFieldPackager: AsciiPrefixer.LL tag × EbcdicInterpreter × EbcdicPrefixer.LL', unsupported: TAGGED },
  IFEMC_LLLCHAR: { jpos: 'ISOTagStringFieldPackager: as IFEMC_LLCHAR with an LLL length', unsupported: TAGGED },
  IFMC_LLCHAR: { jpos: 'ISOTagStringFieldPackager: AsciiPrefixer.LL tag × AsciiInterpreter × AsciiPrefixer.LL', unsupported: TAGGED },
  IFIPM_LLLCHAR: { jpos: 'own pack: 4-digit tag + LLL + ASCII text', unsupported: TAGGED },
  IFELPE_LLLCHAR: { jpos: 'own pack: EBCDIC LLL (counting the tag) + 2-digit tag + EBCDIC text', unsupported: TAGGED },
  IF_TCHAR: { jpos: 'IF_TBASE: ASCII text ended by a token', unsupported: 'a token-terminated field: the spec model has length prefixes only' },
  IF_NOP: { jpos: 'packs nothing', noField: true },
  IF_UNUSED: { jpos: 'throws on pack and unpack', noField: true },
};

/** The jPOS source file a class row was read from. */
export function jposClassSource(name: string): string {
  return `jpos/src/main/java/org/jpos/iso/${name}.java`;
}
