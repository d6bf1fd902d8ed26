import { fc, test as fcTest } from '@fast-check/vitest';
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
