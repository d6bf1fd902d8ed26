import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, maskPan, maskTrack, redact } from '../../src/core/index';
import vectors from '../../fixtures/core/mask.json';

describe('maskPan', () => {
  test.each(vectors.pan)('$pan $options → $masked — $source', (v) => {
    expect(maskPan(v.pan, v.options)).toBe(v.masked);
  });

  fcTest.prop([fc.stringMatching(/^[0-9]{0,19}$/), fc.constantFrom(6, 8)])('length kept; never more than BIN + 4 shown, at most half of a short value', (pan, first) => {
    const m = maskPan(pan, { first });
    expect(m.length).toBe(pan.length);
    const shown = [...m].filter((c) => c !== '*').length;
    expect(shown).toBeLessThanOrEqual(pan.length < 16 ? 10 : first + 4);
    if (pan.length < 12) expect(shown).toBeLessThanOrEqual(pan.length >> 1);
  });

  // first: 30 used to throw a RangeError (negative repeat count) and first: -3 showed all but 3 digits.
  test.each([{ first: 30 }, { first: 9 }, { first: -3 }, { first: 2.5 }, { last: 5 }, { last: -2 }, { first: Number.NaN }])('options %o are INVALID_ARGUMENT', (options) => {
    expect(() => maskPan('4761739001010010', options)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => maskTrack(';4761739001010010=25122011143804400000?', options)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  test('fewer digits than the maximum may be shown', () => {
    expect(maskPan('4761739001010010', { first: 0, last: 0 })).toBe('****************');
    expect(maskPan('4761739001010010', { first: 4, last: 2 })).toBe('4761**********10');
  });
});

describe('maskTrack', () => {
  test.each(vectors.track)('$track — $source', (v) => {
    expect(maskTrack(v.track)).toBe(v.masked);
    expect(maskTrack(v.track).length).toBe(v.track.length);
  });
});

describe('redact', () => {
  test('keeps only the size', () => {
    expect(redact(hex('0123456789ABCDEF'))).toBe('[redacted 8 bytes]');
    expect(redact('1234')).toBe('[redacted 4 chars]');
  });
});
