import { describe, expect, test } from 'vitest';
import { decodeStripeBits, encodeStripeBits, stripeBitsToString, type TrackNumber } from '../../src/track/index';
import characters from '../../fixtures/track/alphabet.json';

// Every character of both stripe alphabets, as its bits on the stripe: encoded between the
// sentinels (or as a sentinel) and read back.
describe('ISO/IEC 7811-2 character sets', () => {
  test.each(characters)('track $track $char = $bits', (c) => {
    const track = c.track as TrackNumber;
    const w = c.bits.length;
    const start = track === 1 ? '%' : ';';
    if (c.char === start || c.char === '?') {
      const bits = stripeBitsToString(encodeStripeBits(`${start}?`, { track, leadingZeros: 0, trailingZeros: 0 }));
      expect(c.char === start ? bits.slice(0, w) : bits.slice(w, 2 * w)).toBe(c.bits);
      return;
    }
    const text = `${start}${c.char}?`;
    const bits = stripeBitsToString(encodeStripeBits(text, { track, leadingZeros: 0, trailingZeros: 0 }));
    expect(bits.slice(w, 2 * w)).toBe(c.bits);
    expect(decodeStripeBits(bits, { track }).text).toBe(text);
  });

  test('the table is complete: 16 numeric and 64 alphanumeric characters', () => {
    expect(characters.filter((c) => c.track === 2).map((c) => c.value)).toEqual([...Array(16).keys()]);
    expect(characters.filter((c) => c.track === 1).map((c) => c.value)).toEqual([...Array(64).keys()]);
  });
});
