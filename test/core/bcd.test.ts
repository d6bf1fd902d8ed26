import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, packBcd, toHex, unpackBcd, type BcdAlignment, type BcdPad } from '../../src/core/index';
import vectors from '../../fixtures/core/bcd.json';

describe('BCD vectors', () => {
  test.each(vectors.vectors)('$digits ($align, pad $pad) — $source', (v) => {
    const options = { align: v.align as BcdAlignment, pad: v.pad as BcdPad };
    expect(toHex(packBcd(v.digits, options))).toBe(v.bytes);
    expect(unpackBcd(hex(v.bytes), { digits: v.digits.length, align: options.align, allowSeparator: true })).toBe(v.digits);
  });

  test('track-2 separator: = packs to nibble D and unpacks as = or D', () => {
    expect(toHex(packBcd('4761=22', { align: 'left', pad: 'F' }))).toBe('4761D22F');
    expect(unpackBcd(hex('4761D22F'), { digits: 7, align: 'left', allowSeparator: true, separator: '=' })).toBe('4761=22');
  });

  test('unpack honours start/end and reports offsets relative to the caller input', () => {
    const bytes = hex('FFFF0123');
    expect(unpackBcd(bytes, { digits: 3 }, 2, 4)).toBe('123');
    expect(() => unpackBcd(bytes, { digits: 4, baseOffset: 10 }, 0, 2)).toThrowError(expect.objectContaining({ code: 'BCD_INVALID_NIBBLE', offset: 10 }));
  });
});

describe('BCD errors', () => {
  test.each([
    ['12A', 'BCD_INVALID_DIGIT', 2],
    ['1 2', 'BCD_INVALID_DIGIT', 1],
  ])('packBcd(%j) → %s at %d', (digits, code, offset) => {
    expect(() => packBcd(digits, { path: 'DE3' })).toThrowError(expect.objectContaining({ code, offset, path: 'DE3' }));
  });

  test.each([
    ['1A', 2, 'right', 'BCD_INVALID_NIBBLE', 0],
    ['D1', 2, 'right', 'BCD_INVALID_NIBBLE', 0],
    ['5123', 3, 'right', 'BCD_INVALID_NIBBLE', 0],
    ['1235', 3, 'left', 'BCD_INVALID_NIBBLE', 1],
    ['12', 3, 'right', 'BCD_LENGTH_MISMATCH', 0],
  ] as const)('unpackBcd(%s, %d digits, %s) → %s at %d', (h, digits, align, code, offset) => {
    expect(() => unpackBcd(hex(h), { digits, align })).toThrowError(expect.objectContaining({ code, offset }));
  });
});

describe('BCD properties', () => {
  const alignArb = fc.constantFrom<BcdAlignment>('left', 'right');
  const padArb = fc.constantFrom<BcdPad>('0', 'F');
  fcTest.prop([fc.stringMatching(/^[0-9=]{0,40}$/), alignArb, padArb])('pack → unpack round trip', (digits, align, pad) => {
    const packed = packBcd(digits, { align, pad });
    expect(packed.length).toBe(Math.ceil(digits.length / 2));
    expect(unpackBcd(packed, { digits: digits.length, align, allowSeparator: true, separator: '=' })).toBe(digits);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 24, size: 'max' }), fc.nat(60), alignArb])('random bytes only ever throw CardwireError', (bytes, digits, align) => {
    try {
      const s = unpackBcd(bytes, { digits, align, allowSeparator: true });
      expect(s.length).toBe(digits);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
