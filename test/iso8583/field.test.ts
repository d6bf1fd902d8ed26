// Field codecs: one vector per length-prefix kind, content encoding and padding rule
// (fixtures/iso8583/fields.json), then round-trip properties, then the error cases.
import { readFileSync } from 'node:fs';
import { fc, test as ftest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { encodeAscii, hex, isCardwireError, packBcd, toHex } from '../../src/core/index';
import { compileField, type FieldSpec, type FieldValue } from '../../src/iso8583/index';
import { Reader, Writer, asciiText } from '../../src/iso8583/wire';
import { caught } from '../helpers/caught';

interface Vector {
  name: string;
  source: string;
  spec: FieldSpec;
  value: string;
  hex: string;
}
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/iso8583/fields.json', import.meta.url), 'utf8')) as Vector[];

function pack(spec: FieldSpec, value: FieldValue): string {
  const w = new Writer(8);
  compileField(spec, '1', 'DE1').pack(w, value, '0200');
  return toHex(w.finish());
}
function unpack(spec: FieldSpec, bytes: Uint8Array): FieldValue {
  const r = new Reader(bytes, 0, bytes.length);
  const v = compileField(spec, '1', 'DE1').unpack(r, '0200');
  expect(r.pos).toBe(bytes.length);
  return v;
}
const valueOf = (v: string): FieldValue => (v.startsWith('hex:') ? hex(v.slice(4)) : v);
const show = (v: FieldValue): unknown => (v instanceof Uint8Array ? `hex:${toHex(v)}` : v);

describe.each(vectors)('$name', (v) => {
  test('packs to the expected bytes', () => expect(pack(v.spec, valueOf(v.value))).toBe(v.hex));
  test('unpacks to the value', () => {
    const back = unpack(v.spec, hex(v.hex));
    const want = v.spec.pad && !v.spec.trim ? v.value.padStart(v.spec.length, v.spec.pad.char) : v.value;
    expect(show(back)).toBe(want);
  });
});

describe('round trips', () => {
  const text = (chars: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
  const digits = '0123456789';
  ftest.prop([text(digits, 0, 19), fc.constantFrom('left', 'right'), fc.constantFrom('0', 'F'), fc.constantFrom('ascii', 'ebcdic', 'bcd', 'binary', 'hex')])(
    'n..19 with any prefix encoding and alignment',
    (value, align, padNibble, pfx) => {
      const prefix = pfx === 'binary' ? ({ encoding: 'binary', bytes: 1 } as const) : ({ encoding: pfx, digits: 2 } as const);
      const spec: FieldSpec = { type: 'n', length: 19, encoding: 'bcd', prefix, align, padNibble };
      expect(unpack(spec, hex(pack(spec, value)))).toBe(value);
    },
  );
  ftest.prop([fc.uint8Array({ maxLength: 300 }), fc.constantFrom('binary', 'hex'), fc.integer({ min: 1, max: 4 })])('b...999 binary or hex content, binary prefixes', (value, encoding, bytes) => {
    const spec: FieldSpec = { type: 'b', length: 999, encoding, prefix: { encoding: 'binary', bytes: Math.max(bytes, 2) } };
    expect(toHex(unpack(spec, hex(pack(spec, value))) as Uint8Array)).toBe(toHex(value));
  });
  ftest.prop([fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 99 }), fc.constantFrom('ascii', 'ebcdic')])('ans..99 text', (value, encoding) => {
    const spec: FieldSpec = { type: 'ans', length: 99, encoding, prefix: { encoding, digits: 2 } };
    expect(unpack(spec, hex(pack(spec, value)))).toBe(value);
  });
  ftest.prop([fc.uint8Array({ maxLength: 64 })])('random bytes into every kind of field only throw CardwireError', (bytes) => {
    for (const v of vectors) {
      try {
        compileField(v.spec, '1', 'DE1').unpack(new Reader(bytes, 0, bytes.length), '0200');
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
  });
});

describe('errors', () => {
  const ll: FieldSpec = { type: 'n', length: 19, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 2 } };
  function code(f: () => unknown): unknown {
    try {
      f();
    } catch (e) {
      if (isCardwireError(e)) return { code: e.code, path: e.path, offset: e.offset };
      throw e;
    }
    return 'no error';
  }
  test('a length prefix that is not digits', () => {
    expect(code(() => unpack(ll, hex('3A31')))).toEqual({ code: 'ISO8583_LENGTH_PREFIX_INVALID', path: 'DE1', offset: 0 });
  });
  test('a length prefix above the maximum, checked before reading', () => {
    expect(code(() => unpack(ll, hex('3230')))).toEqual({ code: 'ISO8583_FIELD_TOO_LONG', path: 'DE1', offset: 0 });
  });
  test('a length beyond the input', () => {
    expect(code(() => unpack(ll, hex('3035313233')))).toEqual({ code: 'ISO8583_TRUNCATED', path: 'DE1', offset: 2 });
  });
  test('a 4-byte binary length of 4 GB does not allocate', () => {
    const spec: FieldSpec = { type: 'b', length: 999_999, encoding: 'binary', prefix: { encoding: 'binary', bytes: 4 } };
    expect(code(() => unpack(spec, hex('FFFFFFFF00')))).toMatchObject({ code: 'ISO8583_FIELD_TOO_LONG' });
  });
  test('a letter in a numeric field', () => {
    expect(code(() => unpack({ type: 'n', length: 3, encoding: 'ascii' }, hex('313A33')))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 1 });
    expect(code(() => pack({ type: 'n', length: 3, encoding: 'ascii' }, '1A3'))).toMatchObject({ code: 'ISO8583_FIELD_INVALID_CHARACTER', offset: 1 });
  });
  test('a nibble above 9 in BCD', () => {
    expect(code(() => unpack({ type: 'n', length: 4, encoding: 'bcd' }, hex('12A4')))).toEqual({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset: 1 });
  });
  test('a hex-counted length that is odd', () => {
    const spec: FieldSpec = { type: 'b', length: 49, encoding: 'hex', prefix: { encoding: 'ascii', digits: 2, counts: 'digits' } };
    expect(code(() => unpack(spec, hex('3033303130')))).toMatchObject({ code: 'ISO8583_LENGTH_PREFIX_INVALID' });
  });
  test('a fixed field of the wrong length, and text where bytes belong', () => {
    expect(code(() => pack({ type: 'n', length: 6, encoding: 'ascii' }, '123'))).toMatchObject({ code: 'ISO8583_FIELD_LENGTH_MISMATCH' });
    expect(code(() => pack({ type: 'b', length: 8, encoding: 'binary' }, 'ABCD'))).toMatchObject({ code: 'ISO8583_FIELD_VALUE_TYPE' });
    expect(code(() => pack(ll, '1'.repeat(20)))).toMatchObject({ code: 'ISO8583_FIELD_TOO_LONG' });
  });
  test('bad specs are rejected when compiled', () => {
    expect(code(() => compileField({ type: 'ans', length: 3, encoding: 'bcd' }, '1', 'DE1'))).toMatchObject({ code: 'ISO8583_SPEC_INVALID', path: 'DE1' });
    expect(code(() => compileField({ type: 'n', length: 300, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 2 } }, '1', 'DE1'))).toMatchObject({ code: 'ISO8583_SPEC_INVALID' });
    expect(code(() => compileField({ type: 'b', length: 3, encoding: 'ascii' }, '1', 'DE1'))).toMatchObject({ code: 'ISO8583_SPEC_INVALID' });
  });
});

// The pack fast paths (ASCII and BCD content that needs no padding) against core's independent
// encoders, and their errors against the general path's: same code, path and character offset.
describe('fast pack paths agree with core encoders', () => {
  const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 40 });
  ftest.prop([digits, fc.constantFrom('left', 'right' as const), fc.constantFrom('0', 'F' as const)])(
    'BCD n..40 with a BCD length prefix = prefix + packBcd',
    (v, align, pad) => {
      const spec: FieldSpec = { type: 'n', length: 40, encoding: 'bcd', align, padNibble: pad, prefix: { encoding: 'bcd', digits: 2 } };
      const prefix = toHex(packBcd(String(v.length).padStart(2, '0')));
      expect(pack(spec, v)).toBe(prefix + toHex(packBcd(v, { align, pad })));
    },
  );
  ftest.prop([digits.filter((s) => s.length > 0)])('BCD fixed-length n = packBcd, right-aligned', (v) => {
    const spec: FieldSpec = { type: 'n', length: v.length, encoding: 'bcd' };
    expect(pack(spec, v)).toBe(toHex(packBcd(v)));
  });
  ftest.prop([fc.string({ unit: fc.constantFrom(...'0123456789='), maxLength: 37 })])('track 2 (z) BCD = packBcd with separators', (v) => {
    const spec: FieldSpec = { type: 'z', length: 37, encoding: 'bcd', align: 'left', padNibble: 'F', prefix: { encoding: 'bcd', digits: 2 } };
    const prefix = toHex(packBcd(String(v.length).padStart(2, '0')));
    expect(pack(spec, v)).toBe(prefix + toHex(packBcd(v, { align: 'left', pad: 'F' })));
  });
  ftest.prop([fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 99 })])(
    'ASCII ans..99 with an LL prefix = prefix + ASCII bytes',
    (v) => {
      const spec: FieldSpec = { type: 'ans', length: 99, encoding: 'ascii', prefix: { encoding: 'ascii', digits: 2 } };
      expect(pack(spec, v)).toBe(toHex(encodeAscii(String(v.length).padStart(2, '0') + v)));
    },
  );
  test.each([
    ['BCD', { type: 'n', length: 6, encoding: 'bcd' } as FieldSpec, '12a456', 2],
    ['BCD, odd, left', { type: 'n', length: 5, encoding: 'bcd', align: 'left' } as FieldSpec, '1234x', 4],
    ['BCD, above U+00FF', { type: 'n', length: 4, encoding: 'bcd' } as FieldSpec, '12\u0131' + '4', 2],
    ['ASCII', { type: 'n', length: 4, encoding: 'ascii' } as FieldSpec, '12 4', 2],
    ['ASCII, above U+00FF', { type: 'ans', length: 4, encoding: 'ascii' } as FieldSpec, 'ab\u0161d', 2],
  ])('%s: a bad character is reported at its offset', (_name, spec, value, offset) => {
    const w = new Writer(8);
    w.pos = 3;
    const e = caught(() => compileField(spec, '1', 'DE1').pack(w, value, '0200'));
    expect(e).toMatchObject({ code: 'ISO8583_FIELD_INVALID_CHARACTER', path: 'DE1', offset });
    expect(w.pos).toBe(3);
  });
});

describe('text decoding per field (dialects that also carry binary bytes)', () => {
  test('asciiText gives the same text for every length, short and long', () => {
    const text = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const bytes = encodeAscii(`\u0000${text}`);
    for (let n = 0; n <= text.length; n++) expect(asciiText(bytes, 1, 1 + n)).toBe(text.slice(0, n));
  });
  test('a Reader in per-field mode decodes text between binary bytes', () => {
    const bytes = new Uint8Array([0xff, ...encodeAscii('TERM0001'), 0x80, ...encodeAscii('MERCHANT0000001'), 0x9f]);
    const r = new Reader(bytes, 0, bytes.length, false);
    expect(r.latin1(1, 9)).toBe('TERM0001');
    expect(r.latin1(10, 25)).toBe('MERCHANT0000001');
  });
});
