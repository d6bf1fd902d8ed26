import { describe, expect, test } from 'vitest';
import { CardwireError, errorCodes, fail, hex, isCardwireError } from '../../src/core/index';

describe('CardwireError', () => {
  test('carries code, path and offset, and says them in the message', () => {
    const e = new CardwireError('HEX_ODD_LENGTH', 'expected an even number of hex digits', { path: 'DE52', offset: 3 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CardwireError');
    expect(e.code).toBe('HEX_ODD_LENGTH');
    expect(e.path).toBe('DE52');
    expect(e.offset).toBe(3);
    expect(e.message).toBe('HEX_ODD_LENGTH at DE52 (offset 3): expected an even number of hex digits');
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: 'CardwireError', code: 'HEX_ODD_LENGTH', path: 'DE52', offset: 3, message: e.message });
  });

  test('partial results are kept on the error but not serialised', () => {
    const e = new CardwireError('INVALID_ARGUMENT', 'x', { partial: { pan: '4111111111111111' } });
    expect(e.partial).toEqual({ pan: '4111111111111111' });
    expect(JSON.stringify(e)).not.toContain('4111');
  });

  test('isCardwireError checks the shape, not the prototype', () => {
    let thrown: unknown;
    try {
      hex('0');
    } catch (e) {
      thrown = e;
    }
    expect(isCardwireError(thrown)).toBe(true);
    // An error from another copy of the library (the CJS build) has the same shape.
    const foreign = Object.assign(new Error('x'), { name: 'CardwireError', code: 'HEX_ODD_LENGTH', path: '' });
    expect(isCardwireError(foreign)).toBe(true);
    expect(isCardwireError(Object.assign(new Error('x'), { name: 'CardwireError', code: 'NOT_A_CODE', path: '' }))).toBe(false);
    expect(isCardwireError(new Error('x'))).toBe(false);
    expect(isCardwireError(null)).toBe(false);
    expect(isCardwireError('HEX_ODD_LENGTH')).toBe(false);
  });

  test('fail throws', () => {
    expect(() => fail('INVALID_ARGUMENT', 'nope', { path: 'p' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'p', offset: undefined }));
  });

  test('every code has a meaning', () => {
    for (const [code, meaning] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect((meaning as string).length).toBeGreaterThan(10);
    }
  });
});
