import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, isHex, toHex } from '../../src/core/index';

describe('hex', () => {
  test('decodes upper and lower case, encodes upper case', () => {
    expect([...hex('9f2608')]).toEqual([0x9f, 0x26, 0x08]);
    expect(toHex(new Uint8Array([0x9f, 0x26, 0x08, 0x00, 0xff]))).toBe('9F260800FF');
    expect(hex('').length).toBe(0);
  });

  test.each([
    ['ABC', 'HEX_ODD_LENGTH', 3],
    ['0G', 'HEX_INVALID_CHARACTER', 1],
    ['G0', 'HEX_INVALID_CHARACTER', 0],
    ['00 11', 'HEX_ODD_LENGTH', 5],
    ['0x11', 'HEX_INVALID_CHARACTER', 1],
    ['１２', 'HEX_INVALID_CHARACTER', 0],
  ])('%j is rejected with %s at offset %d', (text, code, offset) => {
    expect(() => hex(text, { path: 'in' })).toThrowError(expect.objectContaining({ code, offset, path: 'in' }));
    expect(isHex(text)).toBe(false);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64, size: 'max' })])('round trip bytes -> hex -> bytes', (bytes) => {
    expect(hex(toHex(bytes))).toEqual(bytes);
    expect(isHex(toHex(bytes))).toBe(true);
  });

  fcTest.prop([fc.string({ maxLength: 40, size: 'max' })])('any string either decodes or throws CardwireError', (s) => {
    try {
      const b = hex(s);
      expect(toHex(b)).toBe(s.toUpperCase());
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
