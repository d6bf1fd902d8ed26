// Every jPOS field packager class in the mapping table (src/iso8583/jpos-classes.ts), tested with a
// message whose bytes are derived here by hand from the class's jPOS source: a packager with the
// class on field 2 packs the value to exactly those bytes and unpacks them to the value.
//
// The message around the field, written out once: MTI '0200' in ASCII (IFA_NUMERIC) = 30 32 30 30;
// the bitmap (IFA_BITMAP, 16 hex characters) with only bit 2 set: first byte 0x40, so the text
// '4000000000000000' = 34 followed by fifteen 30s. ISO 8583:1987 §4.2 for the bitmap bit.
// EBCDIC bytes are IBM code page 037: digits F0-F9, A-I C1-C9, J-L D1-D3, C C3, space 40.
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { compileMessageSpec, importJposPackager, jposFieldClasses } from '../../src/iso8583/index';

function caught(f: () => unknown): { code: string; path: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isCardwireError(e)) return { code: e.code, path: e.path, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

const HEAD = '30323030' + '34' + '30'.repeat(15);
const source = (cls: string): string => `jpos/jPOS jpos/src/main/java/org/jpos/iso/${cls}.java`;

function packagerWith(cls: string, length: number, pad: boolean | undefined): string {
  return (
    '<isopackager><isofield id="0" length="4" class="org.jpos.iso.IFA_NUMERIC"/><isofield id="1" length="16" class="org.jpos.iso.IFA_BITMAP"/>' +
    `<isofield id="2" length="${length}" class="org.jpos.iso.${cls}"${pad === undefined ? '' : ` pad="${pad}"`}/></isopackager>`
  );
}

interface Vector {
  readonly cls: string;
  readonly length: number;
  readonly pad?: boolean;
  /** The value set: text, or bytes as `hex(…)`. */
  readonly value: string | Uint8Array;
  /** The field's bytes on the wire (prefix and content), derived by hand. */
  readonly wire: string;
  /** What unpack gives back when it differs from `value` (padding kept). */
  readonly decoded?: string;
  /** How the bytes follow from the class's source. */
  readonly how: string;
}

const TWELVE = hex('000102030405060708090A0B');
const ALPHA12 = 'ABCDEFGHIJKL'; // ASCII 41..4C
const ALPHA12_ASCII = '4142434445464748494A4B4C';
const ALPHA12_EBCDIC = 'C1C2C3C4C5C6C7C8C9D1D2D3';

const vectors: readonly Vector[] = [
  // ── ASCII ──
  { cls: 'IF_CHAR', length: 5, value: 'AB1', wire: '4142312020', decoded: 'AB1  ', how: 'RightTPadder: two spaces (20) after AB1 (41 42 31)' },
  { cls: 'IFA_NUMERIC', length: 6, value: '42', wire: '303030303432', decoded: '000042', how: 'LeftPadder.ZERO_PADDER to 6 digits, ASCII' },
  { cls: 'IFA_AMOUNT2003', length: 6, value: '42', wire: '303030303432', decoded: '000042', how: 'as IFA_NUMERIC, which it extends' },
  { cls: 'IFA_AMOUNT', length: 9, value: 'C00001234', wire: '43' + '3030303031323334', how: "sign 'C' (43), then 8 zero-padded ASCII digits: length 9 counts the sign" },
  { cls: 'IFA_LCHAR', length: 9, value: 'AB1', wire: '33' + '414231', how: "AsciiPrefixer.L: '3', then the text" },
  { cls: 'IFA_LLCHAR', length: 99, value: 'AB1', wire: '3033' + '414231', how: "AsciiPrefixer.LL: '03'" },
  { cls: 'IFA_LLLCHAR', length: 999, value: 'AB1', wire: '303033' + '414231', how: "AsciiPrefixer.LLL: '003'" },
  { cls: 'IFA_LLLLCHAR', length: 9999, value: 'AB1', wire: '30303033' + '414231', how: "AsciiPrefixer.LLLL: '0003'" },
  { cls: 'IFA_LLLLLCHAR', length: 99999, value: 'AB1', wire: '3030303033' + '414231', how: "AsciiPrefixer.LLLLL: '00003'" },
  { cls: 'IFA_LLLLLLCHAR', length: 999999, value: 'AB1', wire: '303030303033' + '414231', how: "AsciiPrefixer.LLLLLL: '000003'" },
  { cls: 'IFA_LLNUM', length: 19, value: '4761', wire: '3034' + '34373631', how: "'04' digits, ASCII digits, no padding" },
  { cls: 'IFA_LLLNUM', length: 999, value: '4761', wire: '303034' + '34373631', how: "'004' digits" },
  { cls: 'IFA_BINARY', length: 2, value: hex('9F26'), wire: '39463236', how: "AsciiHexInterpreter: 9F 26 as the text '9F26'" },
  { cls: 'IFA_LBINARY', length: 9, value: hex('9F2601'), wire: '33' + '9F2601', how: "LiteralBinaryInterpreter: '3' bytes, then the bytes themselves" },
  { cls: 'IFA_LLBINARY', length: 99, value: hex('9F2601'), wire: '3033' + '9F2601', how: "'03' bytes, raw bytes (not hex text)" },
  { cls: 'IFA_LLLBINARY', length: 999, value: hex('9F2601'), wire: '303033' + '9F2601', how: "'003' bytes, raw bytes" },
  { cls: 'IFA_LLLLBINARY', length: 9999, value: hex('9F2601'), wire: '30303033' + '9F2601', how: "'0003' bytes, raw bytes" },
  { cls: 'IFA_LLLLLBINARY', length: 99999, value: hex('9F2601'), wire: '3030303033' + '9F2601', how: "'00003' bytes, raw bytes" },
  { cls: 'IFA_LLLLLLBINARY', length: 999999, value: hex('9F2601'), wire: '303030303033' + '9F2601', how: "'000003' bytes, raw bytes" },
  { cls: 'IFA_LLABINARY', length: 99, value: hex('9F2601'), wire: '3033' + '394632363031', how: "'03' counts bytes, then ISOUtil.hexString: the text '9F2601'" },
  { cls: 'IFA_LLLABINARY', length: 999, value: hex('9F2601'), wire: '303033' + '394632363031', how: "'003' counts bytes, then the hex text" },
  { cls: 'IFA_LLBNUM', length: 19, value: '1234', wire: '3034' + '1234', how: "ASCII '04' digits, then BCD 12 34" },
  // ── BCD and binary ──
  { cls: 'IFB_NUMERIC', length: 3, value: '123', wire: '1230', how: 'pad="false": BCDInterpreter.RIGHT_PADDED, the 0 nibble last' },
  { cls: 'IFB_NUMERIC', length: 3, pad: true, value: '123', wire: '0123', how: 'pad="true": BCDInterpreter.LEFT_PADDED, the 0 nibble first' },
  { cls: 'IFB_NUMERIC', length: 6, value: '42', wire: '000042', decoded: '000042', how: 'LeftPadder.ZERO_PADDER to 6 digits, then BCD' },
  { cls: 'IFB_AMOUNT2003', length: 4, value: '42', wire: '0042', decoded: '0042', how: 'as IFB_NUMERIC, which it extends' },
  { cls: 'IFB_FNUMERIC', length: 3, value: '123', wire: '123F', how: 'pad="false": RIGHT_PADDED_F, an F nibble last' },
  { cls: 'IFB_FNUMERIC', length: 3, pad: true, value: '123', wire: '0123', how: 'pad="true": LEFT_PADDED' },
  { cls: 'IFB_HEX', length: 3, value: '1AF', wire: '1AFF', how: 'pad="false": HEXInterpreter.RIGHT_PADDED_F, hex digits in nibbles, F last' },
  { cls: 'IFB_HEX', length: 3, pad: true, value: '1AF', wire: '01AF', how: 'pad="true": HEXInterpreter.LEFT_PADDED' },
  { cls: 'IFB_LLNUM', length: 19, value: '12345', wire: '05' + '123450', how: 'BcdPrefixer.LL 05 digits (not bytes), RIGHT_PADDED' },
  { cls: 'IFB_LLNUM', length: 19, pad: true, value: '12345', wire: '05' + '012345', how: 'pad="true": LEFT_PADDED' },
  { cls: 'IFB_LLNUM', length: 19, value: '123456789012', wire: '12' + '123456789012', how: 'the BCD prefix 12 is decimal twelve digits' },
  { cls: 'IFB_LLLNUM', length: 999, value: '12345', wire: '0005' + '123450', how: 'BcdPrefixer.LLL: 005 right-aligned in 2 bytes, 00 05' },
  { cls: 'IFB_FLLNUM', length: 19, value: '12345', wire: '05' + '12345F', how: 'RIGHT_PADDED_F: an F nibble last' },
  { cls: 'IFB_FLLLNUM', length: 999, value: '12345', wire: '0005' + '12345F', how: 'BcdPrefixer.LLL 00 05, F nibble last' },
  { cls: 'IFB_LLHNUM', length: 99, value: '123456789012', wire: '0C' + '123456789012', how: 'BinaryPrefixer.B: twelve digits as the byte 0C' },
  { cls: 'IFB_LLLHNUM', length: 999, value: '123456789012', wire: '000C' + '123456789012', how: 'BinaryPrefixer.BB: 00 0C' },
  { cls: 'IFB_LLCHAR', length: 99, value: ALPHA12, wire: '12' + ALPHA12_ASCII, how: 'BcdPrefixer.LL 12, ASCII text' },
  { cls: 'IFB_LLLCHAR', length: 999, value: ALPHA12, wire: '0012' + ALPHA12_ASCII, how: 'BcdPrefixer.LLL 00 12' },
  { cls: 'IFB_LLLLCHAR', length: 9999, value: ALPHA12, wire: '0012' + ALPHA12_ASCII, how: 'BcdPrefixer.LLLL: 4 digits in 2 bytes, 00 12' },
  { cls: 'IFB_LLLLLLCHAR', length: 999999, value: ALPHA12, wire: '000012' + ALPHA12_ASCII, how: 'BcdPrefixer.LLLLLL: 00 00 12' },
  { cls: 'IFB_LLHCHAR', length: 99, value: ALPHA12, wire: '0C' + ALPHA12_ASCII, how: 'BinaryPrefixer.B 0C, ASCII text' },
  { cls: 'IFB_LLLHCHAR', length: 999, value: ALPHA12, wire: '000C' + ALPHA12_ASCII, how: 'BinaryPrefixer.BB 00 0C' },
  { cls: 'IFB_LLHECHAR', length: 99, value: ALPHA12, wire: '0C' + ALPHA12_EBCDIC, how: 'BinaryPrefixer.B 0C, EBCDIC text' },
  { cls: 'IFB_LLLHECHAR', length: 999, value: ALPHA12, wire: '000C' + ALPHA12_EBCDIC, how: 'BinaryPrefixer.BB 00 0C, EBCDIC text' },
  { cls: 'IFB_BINARY', length: 2, value: hex('9F26'), wire: '9F26', how: 'LiteralBinaryInterpreter, no prefix' },
  { cls: 'IFB_LLBINARY', length: 99, value: TWELVE, wire: '12' + '000102030405060708090A0B', how: 'BcdPrefixer.LL 12 bytes' },
  { cls: 'IFB_LLLBINARY', length: 999, value: TWELVE, wire: '0012' + '000102030405060708090A0B', how: 'BcdPrefixer.LLL 00 12 bytes' },
  { cls: 'IFB_LLLLBINARY', length: 9999, value: TWELVE, wire: '0012' + '000102030405060708090A0B', how: 'BcdPrefixer.LLLL 00 12 bytes' },
  { cls: 'IFB_LLHBINARY', length: 255, value: TWELVE, wire: '0C' + '000102030405060708090A0B', how: 'BinaryPrefixer.B 0C bytes' },
  { cls: 'IFB_LLLHBINARY', length: 999, value: TWELVE, wire: '000C' + '000102030405060708090A0B', how: 'BinaryPrefixer.BB 00 0C bytes' },
  { cls: 'IFB_LLHEX', length: 49, value: TWELVE, wire: '24' + '000102030405060708090A0B', how: 'HexNibblesPrefixer.LL: 12 bytes << 1 = 24 hex digits, in BCD' },
  { cls: 'IFB_LLLHEX', length: 499, value: TWELVE, wire: '0024' + '000102030405060708090A0B', how: 'HexNibblesPrefixer.LLL: 024 in 2 BCD bytes' },
  // ── EBCDIC ──
  { cls: 'IFE_CHAR', length: 5, value: 'AB1', wire: 'C1C2F14040', decoded: 'AB1  ', how: 'RightTPadder spaces (40), EBCDIC' },
  { cls: 'IF_ECHAR', length: 5, value: 'AB1', wire: 'C1C2F14040', decoded: 'AB1  ', how: 'strpad with spaces, asciiToEbcdic' },
  { cls: 'IFE_NUMERIC', length: 6, value: '42', wire: 'F0F0F0F0F4F2', decoded: '000042', how: 'zero-padded, EBCDIC digits' },
  { cls: 'IFE_AMOUNT', length: 9, value: 'C00001234', wire: 'C3' + 'F0F0F0F0F1F2F3F4', how: "sign 'C' (C3), 8 EBCDIC digits" },
  { cls: 'IFE_LLCHAR', length: 99, value: 'AB1', wire: 'F0F3' + 'C1C2F1', how: "EbcdicPrefixer.LL: '03' in EBCDIC" },
  { cls: 'IFE_LLLCHAR', length: 999, value: 'AB1', wire: 'F0F0F3' + 'C1C2F1', how: "EbcdicPrefixer.LLL: '003'" },
  { cls: 'IFE_LLLLCHAR', length: 9999, value: 'AB1', wire: 'F0F0F0F3' + 'C1C2F1', how: "EbcdicPrefixer.LLLL: '0003'" },
  { cls: 'IFE_LLNUM', length: 19, value: '4761', wire: 'F0F4' + 'F4F7F6F1', how: "EBCDIC '04' digits, EBCDIC digits" },
  { cls: 'IFE_LLLNUM', length: 999, value: '4761', wire: 'F0F0F4' + 'F4F7F6F1', how: "EBCDIC '004'" },
  { cls: 'IFE_LLBINARY', length: 99, value: hex('9F2601'), wire: 'F0F3' + '9F2601', how: "EBCDIC '03' bytes, raw bytes" },
  { cls: 'IFE_LLLBINARY', length: 999, value: hex('9F2601'), wire: 'F0F0F3' + '9F2601', how: "EBCDIC '003' bytes, raw bytes" },
  { cls: 'IFE_LLLLBINARY', length: 9999, value: hex('9F2601'), wire: 'F0F0F0F3' + '9F2601', how: "EBCDIC '0003' bytes, raw bytes" },
  { cls: 'IFEA_LLCHAR', length: 99, value: 'AB1', wire: 'F0F3' + '414231', how: "EBCDIC '03', ASCII text" },
  { cls: 'IFAE_LLCHAR', length: 99, value: 'AB1', wire: '3033' + 'C1C2F1', how: "ASCII '03', EBCDIC text" },
  { cls: 'IFEB_LLNUM', length: 19, value: '12345', wire: 'F0F3' + '12345F', how: "odd: 5/2+1 = 3 bytes as EBCDIC '03', str2bcd 12 34 50, then | 0F: 5F" },
  { cls: 'IFEB_LLNUM', length: 19, value: '1234', wire: 'F0F2' + '1234', how: "even: 2 bytes as EBCDIC '02', no F" },
  { cls: 'IFEB_LLLNUM', length: 999, value: '12345', wire: 'F0F0F3' + '12345F', how: "EBCDIC '003' bytes, F nibble last" },
];

describe('jPOS classes: packed bytes derived from the class source', () => {
  test.each(vectors.map((v) => [`${v.cls} ${v.how}`, v] as const))('%s', (_name, v) => {
    // source: the class's own file (see `source(v.cls)`), read for its prefixer × interpreter × padder.
    const codec = compileMessageSpec(importJposPackager(packagerWith(v.cls, v.length, v.pad)));
    const bytes = codec.create('0200').set(2, v.value).pack();
    expect([source(v.cls), toHex(bytes)]).toEqual([source(v.cls), HEAD + v.wire]);
    const back = codec.unpack(hex(HEAD + v.wire)).get(2);
    expect(back instanceof Uint8Array ? toHex(back) : back).toBe(v.decoded ?? (v.value instanceof Uint8Array ? toHex(v.value) : v.value));
  });

  test('every mapped class of the table has a vector', () => {
    const mapped = Object.entries(jposFieldClasses).filter(([, row]) => 'type' in row).map(([cls]) => cls).sort();
    expect([...new Set(vectors.map((v) => v.cls))].sort()).toEqual(mapped);
  });
});

describe('jPOS classes whose bytes differ in a documented way', () => {
  test('IFA_LLBNUM: jPOS rounds an odd digit count up to even; cardwire reads that as the padded digits', () => {
    // source: jpos/jPOS jpos/src/main/java/org/jpos/iso/IFA_LLBNUM.java — pack writes
    // prefixer.encodeLength(len + 1 >> 1 << 1): '123' gives ASCII '04', then RIGHT_PADDED 12 30;
    // unpack reads 4 digits, '1230'. cardwire reads the same bytes the same way.
    const codec = compileMessageSpec(importJposPackager(packagerWith('IFA_LLBNUM', 19, undefined)));
    expect(codec.unpack(hex(HEAD + '3034' + '1230')).get(2)).toBe('1230');
  });

  test('IFEB_LLNUM: an F nibble marks an odd digit count; an even count has none', () => {
    // source: jpos/jPOS jpos/src/main/java/org/jpos/iso/IFEB_LLNUM.java — unpack: tempLen = 2 × len,
    // less one when the last byte's low nibble is F.
    const codec = compileMessageSpec(importJposPackager(packagerWith('IFEB_LLNUM', 19, undefined)));
    expect(codec.unpack(hex(HEAD + 'F0F1' + '7F')).get(2)).toBe('7');
    expect(codec.unpack(hex(HEAD + 'F0F1' + '70')).get(2)).toBe('70');
  });
});

describe('classes cardwire does not map name the reason and the jPOS source', () => {
  const unsupported = Object.entries(jposFieldClasses).flatMap(([cls, row]) => ('unsupported' in row ? [[cls, row.unsupported] as const] : []));
  test.each(unsupported)('%s', (cls, why) => {
    const e = caught(() => importJposPackager(packagerWith(cls, 10, undefined)));
    expect(e).toMatchObject({ code: 'ISO8583_JPOS_CLASS_UNKNOWN', path: '2' });
    expect(e.message).toContain(`org.jpos.iso.${cls} is not supported: ${why} (jpos/src/main/java/org/jpos/iso/${cls}.java)`);
  });

  test('IF_NOP and IF_UNUSED leave the field out of the spec', () => {
    for (const cls of ['IF_NOP', 'IF_UNUSED']) expect(importJposPackager(packagerWith(cls, 0, undefined)).fields['2']).toBeUndefined();
  });

  test('a class outside org.jpos.iso with a jPOS name is not taken for the jPOS one', () => {
    expect(caught(() => importJposPackager(packagerWith('x', 1, undefined).replace('org.jpos.iso.x', 'com.acme.IFA_LLCHAR')))).toMatchObject({ code: 'ISO8583_JPOS_CLASS_UNKNOWN', path: '2' });
  });
});
