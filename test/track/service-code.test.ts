import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError } from '../../src/core/index';
import { decodeServiceCode, swipeAction } from '../../src/track/index';
import vectors from '../../fixtures/track/service-code.json';

describe('service code', () => {
  test.each(vectors)('$code', ({ source: _source, ...expected }) => {
    expect(decodeServiceCode(expected.code)).toEqual(expected);
  });

  test('a chip card read from the stripe prompts for insertion unless this is fallback', () => {
    expect(swipeAction(decodeServiceCode('201'))).toBe('insert-chip');
    expect(swipeAction(decodeServiceCode('620'))).toBe('insert-chip');
    expect(swipeAction(decodeServiceCode('201'), { fallback: true })).toBe('proceed');
    expect(swipeAction(decodeServiceCode('101'))).toBe('proceed');
  });

  test.each([
    ['20', undefined],
    ['2011', undefined],
    ['2a1', 1],
    [' 01', 0],
    ['', undefined],
  ])('%j is SERVICE_CODE_INVALID', (code, offset) => {
    expect(() => decodeServiceCode(code, { path: 'track1.serviceCode' })).toThrowError(
      expect.objectContaining({ code: 'SERVICE_CODE_INVALID', path: 'track1.serviceCode', offset }),
    );
  });

  fcTest.prop([fc.string({ maxLength: 5, size: 'max' })])('any string decodes or throws CardwireError', (s) => {
    try {
      const sc = decodeServiceCode(s);
      expect(sc.code).toBe(s);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
