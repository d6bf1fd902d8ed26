// Aggressive robustness properties for the track layer: random strings, damaged tracks, random
// bit streams and caller-supplied bit lengths only ever yield a result or a CardwireError, with
// no work or allocation sized by a declared length. Raise FC_NUM_RUNS for long local runs.
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect } from 'vitest';
import { fixedClock, isCardwireError } from '../../src/core/index';
import {
  decodeServiceCode,
  decodeStripeBits,
  encodeStripeBits,
  expiryEnd,
  parseTrack1,
  parseTrack1Name,
  parseTrack2,
  parseTrack2Equivalent,
  parseTrack3,
  readCard,
  stripeBitsToString,
} from '../../src/track/index';
import { fuzzRuns, onlyCardwireErrors } from '../helpers/fuzz';

const runs = fuzzRuns;

/** Strings made of the characters tracks are built from, so parsers get past their first check. */
const trackish = fc
  .array(fc.constantFrom('%', ';', '?', '=', '^', '/', 'B', 'D', ' ', '0', '1', '2', '4', '9', 'A', '.', '\u0000', '\u00ff', 'é'), { maxLength: 140, size: 'max' })
  .map((a) => a.join(''));

describe('track parsers under attack', () => {
  fcTest.prop([fc.oneof(trackish, fc.string({ maxLength: 200, size: 'max' }), fc.string({ unit: 'grapheme', maxLength: 60, size: 'max' }))], { numRuns: runs })(
    'every text parser only throws CardwireError',
    (text) => {
      onlyCardwireErrors(() => parseTrack1(text));
      onlyCardwireErrors(() => parseTrack2(text));
      onlyCardwireErrors(() => parseTrack3(text));
      onlyCardwireErrors(() => parseTrack1Name(text));
      onlyCardwireErrors(() => decodeServiceCode(text));
      onlyCardwireErrors(() => expiryEnd(text));
      onlyCardwireErrors(() => readCard({ track1: text, track2: text, track3: text }, { clock: fixedClock(new Date(Date.UTC(2025, 0, 1))) }));
      onlyCardwireErrors(() => decodeStripeBits(text, { track: 2 }));
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 40, size: 'max' })], { numRuns: runs })('tag 57 and raw bytes only throw CardwireError', (bytes) => {
    onlyCardwireErrors(() => parseTrack2Equivalent(bytes));
    for (const track of [1, 2, 3] as const) onlyCardwireErrors(() => decodeStripeBits(bytes, { track, allowTrailingBits: bytes.length % 2 === 0 }));
  });

  fcTest.prop(
    [fc.uint8Array({ maxLength: 16, size: 'max' }), fc.oneof(fc.integer({ min: -10, max: 1 << 20 }), fc.constantFrom(2 ** 40, Number.NaN, Infinity, 1.5))],
    { numRuns: runs },
  )('a declared bitLength beyond the bytes is a CardwireError, never work sized by it', (bytes, bitLength) => {
    const bits = { bytes, bitLength };
    for (const f of [() => decodeStripeBits(bits, { track: 2 }), () => stripeBitsToString(bits)]) {
      try {
        f();
        expect(Number.isSafeInteger(bitLength) && bitLength >= 0 && bitLength <= bytes.length * 8).toBe(true);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
  });

  fcTest.prop(
    [fc.stringMatching(/^[0-9]{1,30}$/), fc.constantFrom(2, 3 as const), fc.constantFrom('forward', 'reverse' as const), fc.nat(), fc.nat({ max: 2 })],
    { numRuns: runs },
  )('a valid stripe with one bit flipped, dropped or added decodes or fails with a track code', (digits, track, direction, at, how) => {
    const enc = encodeStripeBits(`;${digits}?`, { track, direction, leadingZeros: 10, trailingZeros: 10 });
    const s = stripeBitsToString(enc);
    const i = at % s.length;
    const damaged = how === 0 ? s.slice(0, i) + (s[i] === '1' ? '0' : '1') + s.slice(i + 1) : how === 1 ? s.slice(0, i) + s.slice(i + 1) : `${s.slice(0, i)}1${s.slice(i)}`;
    try {
      decodeStripeBits(damaged, { track });
    } catch (e) {
      expect(isCardwireError(e) && e.code.startsWith('TRACK_')).toBe(true);
      expect(String(e)).not.toContain(digits.length >= 6 ? digits : '\u0000');
    }
  });
});
