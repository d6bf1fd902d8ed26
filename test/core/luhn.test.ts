import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from '../../src/core/index';
import vectors from '../../fixtures/core/luhn.json';

describe('Luhn', () => {
  test.each(vectors.vectors)('$number valid=$valid — $source', (v) => {
    expect(isLuhnValid(v.number)).toBe(v.valid);
    if (v.valid) expect(luhnCheckDigit(v.number.slice(0, -1))).toBe(v.number.slice(-1));
  });

  test('errors', () => {
    expect(() => isLuhnValid('4111-1111', { path: 'pan' })).toThrowError(expect.objectContaining({ code: 'LUHN_INVALID_INPUT', offset: 4, path: 'pan' }));
    expect(() => isLuhnValid('4')).toThrowError(expect.objectContaining({ code: 'LUHN_INVALID_INPUT' }));
    expect(() => luhnCheckDigit('')).toThrowError(expect.objectContaining({ code: 'LUHN_INVALID_INPUT' }));
  });

  fcTest.prop([fc.stringMatching(/^[0-9]{1,30}$/)])('appending the check digit makes a valid number; any other digit does not', (body) => {
    const d = luhnCheckDigit(body);
    expect(isLuhnValid(body + d)).toBe(true);
    const wrong = String((Number(d) + 1) % 10);
    expect(isLuhnValid(body + wrong)).toBe(false);
  });
});
