// Features the audit found implemented but untested: the a / an / as / s / anp character sets,
// 1-digit (L) length prefixes, binary positional composites, an3/n3 text TLV, masking of key
// material (UnionPay 62 in 0810, ISO 8583:1993 DE 96), and bounded allocation when a length
// prefix claims more than the input holds. Expected bytes are written out by hand.
import { inspect } from 'node:util';
import { fc, test as ftest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import {
  compileField,
  compileMessageSpec,
  dialect,
  dialectNames,
  type FieldSpec,
  type FieldValue,
  type LengthPrefixSpec,
  type MessageCodec,
} from '../../src/iso8583/index';
import { Reader, Writer } from '../../src/iso8583/wire';
import { caught } from '../helpers/caught';

function pack(spec: FieldSpec, value: FieldValue, id = '1'): string {
  const w = new Writer(8);
  compileField(spec, id, `DE${id}`).pack(w, value, '0200');
  return toHex(w.finish());
}
function unpack(spec: FieldSpec, bytes: Uint8Array, id = '1'): FieldValue {
  const r = new Reader(bytes, 0, bytes.length);
  const v = compileField(spec, id, `DE${id}`).unpack(r, '0200');
  expect(r.pos).toBe(bytes.length);
  return v;
}
const show = (v: FieldValue): unknown =>
  v instanceof Uint8Array ? `hex:${toHex(v)}` : typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)])) : v;

// ---------------------------------------------------------------------------------------------
// 1. Character sets of the text types.
// source: ISO 8583:1987 §4.3 "Field attributes": a = alphabetic, s = special, an = alphabetic and
// numeric, as = alphabetic and special, anp = alphabetic, numeric and pad (space); cardwire's
// special set is the printable ASCII that is neither letter nor digit, space included.
// EBCDIC bytes: source IBM code page 037 (A-I C1-C9, a-c 81-83, z A9, Z E9, 0-9 F0-F9, space 40,
// '*' 5C, '-' 60, '/' 61).
// Good/bad values are our own; each bad value has one character outside its type.
// ---------------------------------------------------------------------------------------------
interface TypeCase {
  type: 'a' | 'an' | 'as' | 's' | 'anp';
  good: string;
  ascii: string;
  ebcdic: string;
  bad: string;
  /** Index of the offending character in `bad`. */
  at: number;
  badAscii: string;
  badEbcdic: string;
}
const typeCases: TypeCase[] = [
  { type: 'a', good: 'AbcZ', ascii: '4162635A', ebcdic: 'C18283E9', bad: 'Ab1', at: 2, badAscii: '416231', badEbcdic: 'C182F1' },
  { type: 'an', good: 'A1b2', ascii: '41316232', ebcdic: 'C1F182F2', bad: 'A-1', at: 1, badAscii: '412D31', badEbcdic: 'C160F1' },
  { type: 'as', good: 'A *b', ascii: '41202A62', ebcdic: 'C1405C82', bad: 'A*1', at: 2, badAscii: '412A31', badEbcdic: 'C15CF1' },
  { type: 's', good: '*- /', ascii: '2A2D202F', ebcdic: '5C604061', bad: '*-A', at: 2, badAscii: '2A2D41', badEbcdic: '5C60C1' },
  { type: 'anp', good: 'AB 12', ascii: '4142203132', ebcdic: 'C1C240F1F2', bad: 'AB-1', at: 2, badAscii: '41422D31', badEbcdic: 'C1C260F1' },
];

describe.each(typeCases)('type $type', (c) => {
  // LL prefixes in the content's encoding: the unpack offset is then 2 + index of the character.
  const asciiSpec: FieldSpec = { type: c.type, length: 20, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 2 } };
  const ebcdicSpec: FieldSpec = { type: c.type, length: 20, encoding: 'ebcdic', prefix: { encoding: 'ebcdic', digits: 2 } };
  const n = (s: string): string => String(s.length).padStart(2, '0');
  const ebcdicDigits = (s: string): string => [...n(s)].map((d) => `F${d}`).join('');
  const asciiDigits = (s: string): string => [...n(s)].map((d) => `3${d}`).join('');

  test('an accepted value packs to the expected bytes and unpacks back (ASCII and EBCDIC)', () => {
    expect(pack(asciiSpec, c.good)).toBe(asciiDigits(c.good) + c.ascii);
    expect(pack(ebcdicSpec, c.good)).toBe(ebcdicDigits(c.good) + c.ebcdic);
    expect(unpack(asciiSpec, hex(asciiDigits(c.good) + c.ascii))).toBe(c.good);
    expect(unpack(ebcdicSpec, hex(ebcdicDigits(c.good) + c.ebcdic))).toBe(c.good);
    // Fixed length, no prefix.
    expect(pack({ type: c.type, length: c.good.length, encoding: 'ascii' }, c.good)).toBe(c.ascii);
  });
  test('a character outside the type is rejected on pack, at its index', () => {
    for (const spec of [asciiSpec, ebcdicSpec, { type: c.type, length: c.bad.length, encoding: 'ascii' } as FieldSpec]) {
      expect(caught(() => pack(spec, c.bad))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: c.at });
    }
  });
  test('a byte outside the type is rejected on unpack, at its input offset', () => {
    expect(caught(() => unpack(asciiSpec, hex(asciiDigits(c.bad) + c.badAscii)))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 2 + c.at });
    expect(caught(() => unpack(ebcdicSpec, hex(ebcdicDigits(c.bad) + c.badEbcdic)))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 2 + c.at });
    expect(caught(() => unpack({ type: c.type, length: c.bad.length, encoding: 'ascii' }, hex(c.badAscii)))).toEqual({
      code: 'ISO8583_FIELD_INVALID_CHARACTER',
      path: 'DE1',
      offset: c.at,
    });
  });
});

test('characters beyond printable ASCII are outside every text type (constructed)', () => {
  for (const type of ['a', 'an', 'as', 's', 'anp'] as const) {
    const spec: FieldSpec = { type, length: 3, encoding: 'ascii' };
    // U+00E9 fits a byte but is not in any set; U+0141 does not fit a byte at all.
    expect(caught(() => pack(spec, '\u00e9\u00e9\u00e9'))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 0 });
    expect(caught(() => pack({ type, length: 1, encoding: 'ascii' }, '\u0141'))).toMatchObject({ code: 'ISO8583_FIELD_INVALID_CHARACTER', offset: 0 });
    expect(caught(() => unpack(spec, hex('E9E9E9')))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 0 });
    // A control character (TAB) as well.
    expect(caught(() => unpack(spec, hex('090909')))).toMatchObject({ code: 'ISO8583_FIELD_INVALID_CHARACTER', offset: 0 });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. One-digit length prefixes (LVAR): ISO 8583:1987 §4.3 writes variable lengths as "..": one
// digit of length per dot; one dot is the "L" case, maximum 9. Vectors constructed.
// ---------------------------------------------------------------------------------------------
describe('1-digit length prefix (L)', () => {
  const asciiL: FieldSpec = { type: 'ans', length: 9, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 1 } };
  const ebcdicL: FieldSpec = { type: 'ans', length: 9, encoding: 'ebcdic', prefix: { encoding: 'ebcdic', digits: 1 } };
  const bcdL: FieldSpec = { type: 'n', length: 9, encoding: 'bcd', prefix: { encoding: 'bcd', digits: 1 } };

  test('ASCII L: exact bytes, empty and maximum values', () => {
    expect(pack(asciiL, 'HELLO')).toBe('35' + '48454C4C4F');
    expect(pack(asciiL, '')).toBe('30');
    expect(pack(asciiL, 'ABCDEFGHI')).toBe('39' + '414243444546474849');
    expect(unpack(asciiL, hex('35' + '48454C4C4F'))).toBe('HELLO');
    expect(unpack(asciiL, hex('30'))).toBe('');
  });
  test('EBCDIC L: exact bytes', () => {
    expect(pack(ebcdicL, 'HELLO')).toBe('F5' + 'C8C5D3D3D6');
    expect(unpack(ebcdicL, hex('F5' + 'C8C5D3D3D6'))).toBe('HELLO');
  });
  test('BCD L: one byte, its high nibble 0', () => {
    // 5 digits right-aligned: pad nibble 0 first.
    expect(pack(bcdL, '12345')).toBe('05' + '012345');
    expect(pack(bcdL, '123456789')).toBe('09' + '0123456789');
    expect(pack(bcdL, '12')).toBe('02' + '12');
    expect(unpack(bcdL, hex('05012345'))).toBe('12345');
    expect(unpack(bcdL, hex('090123456789'))).toBe('123456789');
  });
  ftest.prop([fc.string({ unit: fc.constantFrom(...'AZaz09 *-'.split('')), maxLength: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 9 })])(
    'round trips for every length 0..9',
    (text, digits) => {
      expect(unpack(asciiL, hex(pack(asciiL, text)))).toBe(text);
      expect(unpack(ebcdicL, hex(pack(ebcdicL, text)))).toBe(text);
      expect(unpack(bcdL, hex(pack(bcdL, digits)))).toBe(digits);
      expect(pack(asciiL, text).slice(0, 2)).toBe(`3${text.length}`);
      expect(pack(bcdL, digits).slice(0, 2)).toBe(`0${digits.length}`);
    },
  );
  test('the maximum of 9 is enforced: spec, pack and unpack', () => {
    // A maximum that one digit cannot carry is a bad spec.
    for (const prefix of [{ encoding: 'ascii', digits: 1 }, { encoding: 'ebcdic', digits: 1 }, { encoding: 'bcd', digits: 1 }] as LengthPrefixSpec[]) {
      const type = prefix.encoding === 'bcd' ? 'n' : 'ans';
      const encoding = prefix.encoding === 'bcd' ? 'bcd' : 'ascii';
      expect(caught(() => compileField({ type, length: 10, encoding, prefix }, '1', 'DE1'))).toEqual({ code: 'ISO8583_SPEC_INVALID', path: 'DE1', offset: undefined });
    }
    expect(caught(() => pack(asciiL, 'ABCDEFGHIJ'))).toEqual({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE1', offset: undefined });
    expect(caught(() => pack(bcdL, '1234567890'))).toEqual({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE1', offset: undefined });
    // A prefix above the field's own maximum (5), checked before reading.
    const short: FieldSpec = { ...asciiL, length: 5 };
    expect(caught(() => unpack(short, hex('36' + '414243444546')))).toEqual({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE1', offset: 0 });
    expect(caught(() => unpack({ ...bcdL, length: 5 }, hex('06' + '123456')))).toEqual({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE1', offset: 0 });
  });
  test('bad or overlong L prefixes on unpack', () => {
    expect(caught(() => unpack(asciiL, hex('41' + '41')))).toEqual({ code: 'ISO8583_LENGTH_PREFIX_INVALID', path: 'DE1', offset: 0 });
    expect(caught(() => unpack(asciiL, hex('39' + '414243')))).toEqual({ code: 'ISO8583_TRUNCATED', path: 'DE1', offset: 1 });
    // BCD: a non-zero unused high nibble, a nibble above 9, and 9 digits claimed over 2 bytes.
    expect(caught(() => unpack(bcdL, hex('15' + '012345')))).toEqual({ code: 'ISO8583_LENGTH_PREFIX_INVALID', path: 'DE1', offset: 0 });
    expect(caught(() => unpack(bcdL, hex('0A' + '0123456789')))).toEqual({ code: 'ISO8583_LENGTH_PREFIX_INVALID', path: 'DE1', offset: 0 });
    expect(caught(() => unpack(bcdL, hex('09' + '0123')))).toEqual({ code: 'ISO8583_TRUNCATED', path: 'DE1', offset: 1 });
    expect(caught(() => unpack(asciiL, new Uint8Array(0)))).toEqual({ code: 'ISO8583_TRUNCATED', path: 'DE1', offset: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Binary positional composite: sub-fields each with their own encoding and prefix, one after
// the other inside a binary field (the shape of private fields such as Postilion 127.x without a
// sub-bitmap). Layout and values constructed.
// ---------------------------------------------------------------------------------------------
describe('binary positional composite', () => {
  const subs: Record<string, FieldSpec> = {
    '1': { type: 'n', length: 4, encoding: 'bcd' },
    '2': { type: 'ans', length: 20, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 2 } },
    '3': { type: 'b', length: 8, encoding: 'binary', prefix: { encoding: 'binary', bytes: 1 } },
    '4': { type: 'an', length: 3, encoding: 'ebcdic' },
  };
  const spec: FieldSpec = { type: 'b', length: 99, encoding: 'binary', prefix: { encoding: 'binary', bytes: 1 }, composite: { kind: 'positional', fields: subs } };
  const full = { '1': '0123', '2': 'HELLO', '3': hex('DEAD'), '4': 'AB1' };
  // 1-byte length 0x0F | 48.1 BCD 0123 | 48.2 '05' HELLO | 48.3 02 DEAD | 48.4 EBCDIC 'AB1'
  const fullHex = '0F' + '0123' + '3035' + '48454C4C4F' + '02' + 'DEAD' + 'C1C2F1';

  test('compiles to a positional codec whose sub-fields are addressable', () => {
    const codec = compileField(spec, '48', 'DE48');
    expect(codec.kind).toBe('positional');
    expect(codec.children('0200').map((c) => c.path)).toEqual(['DE48.1', 'DE48.2', 'DE48.3', 'DE48.4']);
    expect(codec.child('3', '0200')?.spec).toEqual(subs['3']);
  });
  test('packs to the exact bytes', () => {
    expect(pack(spec, full, '48')).toBe(fullHex);
    // Trailing sub-fields may be absent: 1-byte length 06 | 0123 | '02' HI.
    expect(pack(spec, { '1': '0123', '2': 'HI' }, '48')).toBe('06' + '0123' + '3032' + '4849');
  });
  test('unpacks to the object', () => {
    expect(show(unpack(spec, hex(fullHex), '48'))).toEqual({ '1': '0123', '2': 'HELLO', '3': 'hex:DEAD', '4': 'AB1' });
    expect(show(unpack(spec, hex('06' + '0123' + '3032' + '4849'), '48'))).toEqual({ '1': '0123', '2': 'HI' });
  });
  test('a missing middle (or first) sub-field is an error naming it', () => {
    expect(caught(() => pack(spec, { '1': '0123', '3': hex('DEAD') }, '48'))).toEqual({ code: 'ISO8583_FIELD_MISSING', path: 'DE48.2', offset: undefined });
    expect(caught(() => pack(spec, { '2': 'HELLO' }, '48'))).toEqual({ code: 'ISO8583_FIELD_MISSING', path: 'DE48.1', offset: undefined });
  });
  test('an unknown sub-field is an error naming it', () => {
    expect(caught(() => pack(spec, { ...full, '5': 'X' }, '48'))).toEqual({ code: 'ISO8583_FIELD_NOT_IN_SPEC', path: 'DE48.5', offset: undefined });
    expect(caught(() => pack(spec, { '1': '0123', x: 'X' }, '48'))).toEqual({ code: 'ISO8583_FIELD_NOT_IN_SPEC', path: 'DE48.x', offset: undefined });
  });
  test('sub-field errors carry the sub-field path and the input offset', () => {
    expect(caught(() => pack(spec, { ...full, '2': 'X'.repeat(21) }, '48'))).toMatchObject({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE48.2' });
    expect(caught(() => pack(spec, { ...full, '3': 'DEAD' }, '48'))).toMatchObject({ code: 'ISO8583_FIELD_VALUE_TYPE', path: 'DE48.3' });
    // '-' (EBCDIC 60) in 48.4 at byte 15 of the input.
    expect(caught(() => unpack(spec, hex(fullHex.slice(0, -2) + '60'), '48'))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE48.4', offset: 15 });
    // 48.2 claims 20 characters but the parent holds 5 bytes: cut at the parent's end, not the input's.
    const overrun = hex('05' + '0123' + '3230' + '41' + '4141414141414141414141414141414141414141');
    expect(caught(() => compileField(spec, '48', 'DE48').unpack(new Reader(overrun, 0, overrun.length), '0200'))).toEqual({ code: 'ISO8583_TRUNCATED', path: 'DE48.2', offset: 5 });
    // Bytes left in the parent after the last sub-field.
    expect(caught(() => unpack(spec, hex('10' + fullHex.slice(2) + '00'), '48'))).toEqual({ code: 'ISO8583_TRAILING_BYTES', path: 'DE48', offset: 16 });
  });
  test('carried as ASCII hex: exact text, and error offsets point at the hex characters', () => {
    const hexSpec: FieldSpec = { ...spec, encoding: 'hex', prefix: { encoding: 'ascii', digits: 3 } };
    const text = '015' + '0123303548454C4C4F02DEADC1C2F1';
    expect(pack(hexSpec, full, '48')).toBe(toHex(new TextEncoder().encode(text)));
    expect(show(unpack(hexSpec, new TextEncoder().encode(text), '48'))).toEqual({ '1': '0123', '2': 'HELLO', '3': 'hex:DEAD', '4': 'AB1' });
    // The bad EBCDIC byte is content byte 14 → hex characters 3 + 2·14 = 31.
    const bad = new TextEncoder().encode('015' + '0123303548454C4C4F02DEADC1C260');
    expect(caught(() => unpack(hexSpec, bad, '48'))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE48.4', offset: 31 });
  });
  test('inside a message: set and get by path', () => {
    const codec = compileMessageSpec({ name: 'positional', mti: { encoding: 'ascii' }, bitmap: { encoding: 'binary' }, fields: { '48': spec } });
    const m = codec.create('0100').set('48.1', '0123').set('48.2', 'HELLO').set('48.3', hex('DEAD')).set('48.4', 'AB1');
    // MTI '0100' | bitmap with bit 48 only | DE 48
    expect(toHex(m.pack())).toBe('30313030' + '0000000000010000' + fullHex);
    const back = codec.unpack(m.pack());
    expect(back.get('48.2')).toBe('HELLO');
    expect(toHex(back.getBytes('48.3')!)).toBe('DEAD');
    expect(caught(() => codec.create('0100').set('48.9', 'X'))).toMatchObject({ code: 'ISO8583_FIELD_NOT_IN_SPEC' });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Text TLV with an3 tags and n3 lengths (DE 48 "additional data" usage of several networks:
// tag an3, length n3, value). Vectors constructed.
// ---------------------------------------------------------------------------------------------
describe('text TLV composite, an3 tags and n3 lengths', () => {
  const spec: FieldSpec = { type: 'ans', length: 999, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 3 }, composite: { kind: 'tlv', tagLength: 3, lengthDigits: 3 } };
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const text = (v: FieldValue): string => new TextDecoder().decode(hex(pack(spec, v, '48')));

  test('packs the exact text, tags in ascending order', () => {
    // '0B2' < 'A01' in ASCII: '018' + '0B2' '001' 'X' + 'A01' '005' 'HELLO'
    expect(text({ A01: 'HELLO', '0B2': 'X' })).toBe('018' + '0B2001X' + 'A01005HELLO');
    expect(text({ ZZ9: '' })).toBe('006' + 'ZZ9000');
    expect(text({})).toBe('000');
  });
  test('unpacks to the object', () => {
    expect(unpack(spec, enc('018' + '0B2001X' + 'A01005HELLO'), '48')).toEqual({ '0B2': 'X', A01: 'HELLO' });
    expect(unpack(spec, enc('006' + 'ZZ9000'), '48')).toEqual({ ZZ9: '' });
  });
  test('a value running past the field: code, path and offset of its length', () => {
    // Tag 0B2 says 005 but only 'XYZW' (4) remain; the length digits start at byte 3 + 3 = 6.
    expect(caught(() => unpack(spec, enc('010' + '0B2005XYZW'), '48'))).toEqual({ code: 'ISO8583_TLV_INVALID', path: 'DE48.0B2', offset: 6 });
  });
  test('a tag and length cut short, a non-digit length, a repeated tag', () => {
    expect(caught(() => unpack(spec, enc('004' + '0B20'), '48'))).toEqual({ code: 'ISO8583_TLV_INVALID', path: 'DE48', offset: 3 });
    expect(caught(() => unpack(spec, enc('007' + '0B20X1Y'), '48'))).toEqual({ code: 'ISO8583_TLV_INVALID', path: 'DE48.0B2', offset: 7 });
    expect(caught(() => unpack(spec, enc('014' + '0B2001X' + '0B2001Y'), '48'))).toEqual({ code: 'ISO8583_TLV_INVALID', path: 'DE48.0B2', offset: 10 });
  });
  test('pack errors: a tag of the wrong length, a value that is not text', () => {
    expect(caught(() => pack(spec, { AB: 'x' }, '48'))).toMatchObject({ code: 'ISO8583_TLV_INVALID', path: 'DE48' });
    expect(caught(() => pack(spec, { A01: hex('00') }, '48'))).toMatchObject({ code: 'ISO8583_FIELD_VALUE_TYPE', path: 'DE48.A01' });
  });
  test('inside a message, offsets count from the start of the input', () => {
    const codec = compileMessageSpec({ name: 'tlv3', mti: { encoding: 'ascii' }, bitmap: { encoding: 'hex' }, fields: { '48': spec } });
    const m = codec.create('0100').set('48.A01', 'HELLO').set('48.0B2', 'X');
    // '0100' + hex bitmap with bit 48 + DE 48
    expect(new TextDecoder().decode(m.pack())).toBe('0100' + '0000000000010000' + '018' + '0B2001X' + 'A01005HELLO');
    expect(codec.unpack(m.pack()).get('48.A01')).toBe('HELLO');
    // MTI 4 + bitmap 16 = 20 bytes before DE 48: the truncated value's length sits at 20 + 6.
    expect(caught(() => codec.unpack(enc('0100' + '0000000000010000' + '010' + '0B2005XYZW')))).toEqual({ code: 'ISO8583_TLV_INVALID', path: 'DE48.0B2', offset: 26 });
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Key material is masked (DESIGN.md §2: "Describe and pretty-print mask … key fields by
// default"). Key bytes constructed (not a real key).
// ---------------------------------------------------------------------------------------------
describe('masking of key material', () => {
  const KEY = 'E1D2C3B4A5968778695A4B3C2D1E0F00' + '11223344556677889900AABBCCDDEEFF' + '82E13665';
  const stars = '*'.repeat(KEY.length);

  function expectMasked(text: string): void {
    expect(text).not.toContain(KEY);
    // Not even a piece of it.
    expect(text).not.toContain(KEY.slice(0, 8));
    expect(text).not.toContain(KEY.slice(-8));
  }

  test('UnionPay field 62 in an 0810 (working keys, per-MTI binary layout)', () => {
    const { codec } = dialect('cup');
    const built = codec.create('0810').set(11, '000001').set(39, '00').set(41, 'TERM0001').set(62, hex(KEY));
    for (const m of [built, codec.unpack(built.pack())]) {
      expect(m.toJSON().fields['62']).toBe(stars);
      expectMasked(JSON.stringify(m.toJSON()));
      expectMasked(m.describe());
      expectMasked(inspect(m));
      expect(m.describe().split('\n').find((l) => l.startsWith('DE62'))).toMatch(/^DE62 +Working keys \(PIK, MAK, TDK with check values\) \*{72}$/);
      // Not masked: the other fields.
      expect(m.toJSON().fields['41']).toBe('TERM0001');
      expect(m.toJSON({ reveal: true }).fields['62']).toBe(KEY);
      expect(m.describe({ reveal: true })).toContain(KEY);
    }
  });
  test('UnionPay field 62 in an 0800 is plain text and not masked', () => {
    const m = dialect('cup').codec.create('0800').set(11, '000001').set(62, 'Sequence No12345');
    expect(m.toJSON().fields['62']).toBe('Sequence No12345');
    expect(m.describe()).toContain('Sequence No12345');
  });
  test('ISO 8583:1993 DE 96 (key management data) is marked secret and masked', () => {
    const { codec, spec } = dialect('iso93ascii');
    expect(spec.fields['96']?.sensitive).toBe('secret');
    const built = codec.create('1804').set(11, '000001').set(24, '811').set(96, hex(KEY));
    // The wire carries the key (as ASCII hex in this dialect); only the renderings mask it.
    expect(new TextDecoder().decode(built.pack())).toContain(KEY);
    for (const m of [built, codec.unpack(built.pack())]) {
      expect(m.toJSON().fields['96']).toBe(stars);
      expectMasked(JSON.stringify(m.toJSON()));
      expectMasked(m.describe());
      expectMasked(inspect(m));
      expect(m.describe().split('\n').find((l) => l.startsWith('DE96'))).toMatch(/^DE96 +Key management data +\*{72}$/);
      expect(m.toJSON().fields['24']).toBe('811');
      expect(m.toJSON({ reveal: true }).fields['96']).toBe(KEY);
      expect(m.describe({ reveal: true })).toContain(KEY);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Bounded allocation (DESIGN.md §3: "bad input yields a CardwireError, never … unbounded
// allocation"). For every dialect and every variable-length field: a valid message whose prefix
// is overwritten with the largest value its digits or bytes can hold; then random and mutated
// bytes. Each single decode may grow process.memoryUsage().arrayBuffers by at most 64 KiB.
// ---------------------------------------------------------------------------------------------
const LIMIT = 64 * 1024;
/** Runs per dialect and property: 40 × 7 dialects × (1 + 2 inputs) ≈ 840 decodes; FC_NUM_RUNS raises it. */
const fuzzRuns = Number(process.env['FC_NUM_RUNS'] ?? 40);

/** Growth of ArrayBuffer memory around one call, and what the call threw (if anything). */
function measured(f: () => unknown): { grew: number; error: unknown } {
  let error: unknown;
  const before = process.memoryUsage().arrayBuffers;
  try {
    f();
  } catch (e) {
    error = e;
  }
  const grew = process.memoryUsage().arrayBuffers - before;
  return { grew, error };
}

/** A short valid value for a field spec (constructed: the first allowed character, shortest length). */
function sampleValue(spec: FieldSpec): FieldValue {
  const c = spec.composite;
  if (c?.kind === 'ber-tlv') return [{ tag: '9F27', value: hex('80') }];
  if (c?.kind === 'positional' || c?.kind === 'bitmap') {
    const first = Object.keys(c.fields).sort((a, b) => Number(a) - Number(b))[0]!;
    return { [first]: sampleValue(c.fields[first]!) };
  }
  if (c?.kind === 'tlv') return { ['T'.repeat(c.tagLength)]: 'V' };
  const n = spec.prefix ? 1 : spec.length;
  if (spec.type === 'b') return new Uint8Array(n).fill(0x11);
  if (spec.type === 'x+n') return `C${'1'.repeat(n)}`;
  const ch = spec.type === 's' ? '*' : spec.type === 'n' || spec.type === 'z' || spec.type === 'ns' ? '1' : 'A';
  return ch.repeat(n);
}

/** Wire bytes of the largest length prefix of a spec (ISO 8583:1987 §4.3 LL…; binary big-endian). */
function maxPrefix(p: LengthPrefixSpec): { bytes: number[]; value: number } {
  switch (p.encoding) {
    case 'ascii':
      return { bytes: Array(p.digits).fill(0x39), value: 10 ** p.digits - 1 };
    case 'ebcdic':
      return { bytes: Array(p.digits).fill(0xf9), value: 10 ** p.digits - 1 };
    case 'hex':
      return { bytes: Array(p.digits).fill(0x46), value: 16 ** p.digits - 1 };
    case 'bcd': {
      const nb = (p.digits + 1) >> 1;
      const bytes = Array(nb).fill(0x99);
      if (p.digits & 1) bytes[0] = 0x09;
      return { bytes, value: 10 ** p.digits - 1 };
    }
    case 'binary':
      return { bytes: Array(p.bytes).fill(0xff), value: 2 ** (8 * p.bytes) - 1 };
  }
}

function mtiOf(name: string): string {
  return name === 'iso93ascii' ? '1200' : '0200';
}

/** Numbers of the variable-length top-level fields of a codec (for an MTI). */
function variableFields(codec: MessageCodec, mti: string): number[] {
  return codec.fields.flatMap((f, n) => {
    if (!f) return [];
    const s = f.spec.byMti?.[mti] ?? f.spec;
    return s.prefix ? [n] : [];
  });
}

describe('bounded allocation on hostile length prefixes', () => {
  test('the probe itself sees a 1 MiB allocation (so it can fail)', () => {
    let keep: Uint8Array | undefined;
    const { grew } = measured(() => {
      keep = new Uint8Array(1024 * 1024);
    });
    expect(keep?.length).toBe(1024 * 1024);
    expect(grew).toBeGreaterThan(LIMIT);
  });

  describe.each(dialectNames.map((n) => [n]))('%s', (name) => {
    const { codec } = dialect(name);
    const mti = mtiOf(name);
    const fields = variableFields(codec, mti);

    test('every variable-length field with its prefix at the maximum', () => {
      expect(fields.length).toBeGreaterThan(3);
      for (const n of fields) {
        const spec = codec.fields[n]!.spec;
        const s = spec.byMti?.[mti] ?? spec;
        const good = codec.create(mti).set(n, sampleValue(s)).pack();
        const range = codec.unpack(good).byteRanges().find((r) => r.path === String(n))!;
        const { bytes, value } = maxPrefix(s.prefix!);
        const bad = good.slice();
        bad.set(bytes, range.start);
        const { grew, error } = measured(() => codec.unpack(bad));
        expect(isCardwireError(error), `DE${n}: ${String(error)}`).toBe(true);
        // Above the field's maximum: refused at the prefix; within it: the input is too short.
        const want = value > s.length ? { code: 'ISO8583_FIELD_TOO_LONG', offset: range.start } : { code: 'ISO8583_TRUNCATED', offset: range.start + bytes.length };
        expect({ n, code: (error as { code: string }).code, path: (error as { path: string }).path, offset: (error as { offset: number }).offset }).toEqual({ n, path: `DE${n}`, ...want });
        expect(grew, `DE${n}`).toBeLessThanOrEqual(LIMIT);
      }
    });

    // One valid message with every variable-length field set: mutations then land on prefixes often.
    const full = codec.create(mti);
    for (const n of fields) {
      const spec = codec.fields[n]!.spec;
      full.set(n, sampleValue(spec.byMti?.[mti] ?? spec));
    }
    const fullBytes = full.pack();

    ftest.prop([fc.uint8Array({ maxLength: 512 })], { numRuns: fuzzRuns })('random bytes: only CardwireError, bounded growth', (bytes) => {
      const { grew, error } = measured(() => codec.unpack(bytes));
      if (error !== undefined) expect(isCardwireError(error)).toBe(true);
      expect(grew).toBeLessThanOrEqual(LIMIT);
    });

    ftest.prop(
      [fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(0x00, 0x09, 0x39, 0x99, 0xf9, 0xff), fc.integer({ min: 0, max: 255 }))), { minLength: 1, maxLength: 8 }), fc.nat()],
      { numRuns: fuzzRuns },
    )('mutated and truncated valid messages: only CardwireError, bounded growth', (edits, cut) => {
      const bytes = fullBytes.slice();
      for (const [at, b] of edits) bytes[at % bytes.length] = b;
      for (const input of [bytes, bytes.subarray(0, cut % (bytes.length + 1))]) {
        const { grew, error } = measured(() => codec.unpack(input));
        if (error !== undefined) expect(isCardwireError(error)).toBe(true);
        expect(grew).toBeLessThanOrEqual(LIMIT);
      }
    });
  });
});
