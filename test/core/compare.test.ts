import { describe, expect, test } from 'vitest';
import { concatBytes, constantTimeEqual, fixedClock, hex, xorBytes } from '../../src/core/index';

describe('byte helpers', () => {
  test('constantTimeEqual', () => {
    expect(constantTimeEqual(hex('0102'), hex('0102'))).toBe(true);
    expect(constantTimeEqual(hex('0102'), hex('0103'))).toBe(false);
    expect(constantTimeEqual(hex('0102'), hex('01'))).toBe(false);
    expect(constantTimeEqual(hex(''), hex(''))).toBe(true);
  });
  test('concatBytes and xorBytes', () => {
    expect(concatBytes(hex('01'), hex(''), hex('0203'))).toEqual(hex('010203'));
    expect(xorBytes(hex('0F0F'), hex('FF00'))).toEqual(hex('F00F'));
    expect(() => xorBytes(hex('01'), hex('0102'))).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  test('fixedClock returns the same instant, as a fresh Date each time', () => {
    const c = fixedClock('2025-12-31T23:59:59Z');
    const a = c.now();
    a.setUTCFullYear(2000);
    expect(c.now().toISOString()).toBe('2025-12-31T23:59:59.000Z');
  });
});
