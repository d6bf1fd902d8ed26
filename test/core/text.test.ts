import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import {
  decodeAscii,
  decodeEbcdic,
  decodeLatin1,
  encodeAscii,
  encodeEbcdic,
  encodeLatin1,
  hex,
  isCardwireError,
  toHex,
  type EbcdicCodePage,
} from '../../src/core/index';
import ebcdic from '../../fixtures/core/ebcdic.json';

describe('EBCDIC', () => {
  test.each(ebcdic.vectors)('$codePage: $text — $source', (v) => {
    const codePage = v.codePage as EbcdicCodePage;
    expect(toHex(encodeEbcdic(v.text, { codePage }))).toBe(v.ebcdic);
    expect(decodeEbcdic(hex(v.ebcdic), { codePage })).toBe(v.text);
  });

  test.each(['037', '1047'] as const)('code page %s: the full 256-entry table matches the fixture and round-trips', (codePage) => {
    const table = hex(ebcdic.tables[codePage]);
    const all = new Uint8Array(256).map((_, i) => i);
    const text = decodeEbcdic(all, { codePage });
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(table[i]);
    expect(encodeEbcdic(text, { codePage })).toEqual(all);
    expect(new Set(text).size).toBe(256);
  });

  test('037 and 1047 differ exactly where the code charts do (brackets, circumflex, not sign, …)', () => {
    const t37 = hex(ebcdic.tables['037']);
    const t1047 = hex(ebcdic.tables['1047']);
    const diff = [...t37.keys()].filter((i) => t37[i] !== t1047[i]).map((i) => i.toString(16).toUpperCase());
    expect(diff).toEqual(['5F', 'AD', 'B0', 'BA', 'BB', 'BD']);
  });

  test('a character outside latin-1 is an error with its offset', () => {
    expect(() => encodeEbcdic('ab€', { path: 'DE43' })).toThrowError(expect.objectContaining({ code: 'EBCDIC_INVALID_CHARACTER', offset: 2, path: 'DE43' }));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64, size: 'max' }), fc.constantFrom<EbcdicCodePage>('037', '1047')])('bytes → text → bytes', (bytes, codePage) => {
    expect(encodeEbcdic(decodeEbcdic(bytes, { codePage }), { codePage })).toEqual(bytes);
  });
});

describe('ASCII and latin-1', () => {
  test('vectors', () => {
    expect(toHex(encodeAscii('0200'))).toBe('30323030');
    expect(decodeAscii(hex('30323030'))).toBe('0200');
    expect(toHex(encodeLatin1('Zürich'))).toBe('5AFC72696368');
    expect(decodeLatin1(hex('5AFC72696368'))).toBe('Zürich');
  });

  test('errors name the offending position', () => {
    expect(() => encodeAscii('Zürich')).toThrowError(expect.objectContaining({ code: 'ASCII_INVALID_CHARACTER', offset: 1 }));
    expect(() => decodeAscii(hex('3031FF'), { baseOffset: 7 })).toThrowError(expect.objectContaining({ code: 'ASCII_INVALID_CHARACTER', offset: 9 }));
    expect(() => encodeLatin1('a中')).toThrowError(expect.objectContaining({ code: 'LATIN1_INVALID_CHARACTER', offset: 1 }));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64, size: 'max' })])('latin-1 round trip; ASCII decode either round-trips or throws CardwireError', (bytes) => {
    expect(encodeLatin1(decodeLatin1(bytes))).toEqual(bytes);
    try {
      expect(encodeAscii(decodeAscii(bytes))).toEqual(bytes);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
