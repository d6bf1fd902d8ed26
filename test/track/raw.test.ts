import { inspect } from 'node:util';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { decodeStripeBits, encodeStripeBits, parseTrack1, parseTrack2, stripeBitsToString, type TrackNumber } from '../../src/track/index';
import vectors from '../../fixtures/track/raw.json';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('raw stripe vectors', () => {
  test.each(vectors)('$name', (v) => {
    const track = v.track as TrackNumber;
    const bits = encodeStripeBits(v.text, { track, leadingZeros: 8, trailingZeros: 8 });
    expect(bits.bitLength).toBe(v.bitLength);
    expect(stripeBitsToString(bits)).toBe(v.bits);
    expect(toHex(bits.bytes)).toBe(v.hex);
    for (const input of [v.bits, { bytes: hex(v.hex), bitLength: v.bitLength }, hex(v.hex)]) {
      const read = decodeStripeBits(input, { track });
      expect(read.reveal()).toEqual({ text: v.text, lrc: v.lrc, direction: 'forward', leadingZeros: 8, trailingBits: typeof input === 'object' && 'length' in input ? hex(v.hex).length * 8 - v.bitLength + 8 : 8 });
    }
  });

  test('a reverse swipe delivers the bits backwards and decodes the same', () => {
    const v = vectors[2]!;
    const reversed = [...v.bits].reverse().join('');
    const read = decodeStripeBits(reversed, { track: 2 });
    expect(read.text).toBe(v.text);
    expect(read.direction).toBe('reverse');
    expect(stripeBitsToString(encodeStripeBits(v.text, { track: 2, leadingZeros: 8, trailingZeros: 8, direction: 'reverse' }))).toBe(reversed);
  });

  test('decoded text feeds the track parsers', () => {
    expect(parseTrack2(decodeStripeBits(vectors[2]!.bits, { track: 2 }).text).pan).toBe('4761739001010010');
    expect(parseTrack1(decodeStripeBits(vectors[3]!.bits, { track: 1 }).text).name).toBe('CARDHOLDER/TEST A.MR');
  });

  test('prints masked', () => {
    const read = decodeStripeBits(vectors[2]!.bits, { track: 2 });
    for (const s of [String(read), JSON.stringify(read), inspect(read)]) expect(s).not.toContain('4761739001010010');
  });
});

/** Flip bit `i` of a '0'/'1' string. */
const flip = (bits: string, i: number): string => bits.slice(0, i) + (bits[i] === '1' ? '0' : '1') + bits.slice(i + 1);

describe('raw stripe errors', () => {
  const t2 = vectors[2]!.bits; // 8 zeros, then 5-bit characters
  const t1 = vectors[3]!.bits; // 8 zeros, then 7-bit characters
  test.each([
    ['track 2: flipped data bit in character 5', t2, 2, flip(t2, 8 + 5 * 5 + 1), 'TRACK_PARITY_ERROR', 'stripe.char[5]', 5],
    ['track 2: flipped parity bit in character 17', t2, 2, flip(t2, 8 + 17 * 5 + 4), 'TRACK_PARITY_ERROR', 'stripe.char[17]', 17],
    ['track 1: flipped bit in character 3', t1, 1, flip(t1, 8 + 3 * 7), 'TRACK_PARITY_ERROR', 'stripe.char[3]', 3],
    ['track 2: LRC parity bit flipped', t2, 2, flip(t2, 8 + 40 * 5 - 1), 'TRACK_LRC_ERROR', 'stripe.lrc', 39],
    ['track 2: two data bits of character 5 flipped (parity holds, LRC does not)', t2, 2, flip(flip(t2, 8 + 5 * 5), 8 + 5 * 5 + 1), 'TRACK_LRC_ERROR', 'stripe.lrc', 39],
    ['track 2: bits end before the LRC', t2, 2, t2.slice(0, 8 + 39 * 5 + 2), 'TRACK_LRC_ERROR', 'stripe.lrc', 39],
    ['track 2: bits end before the end sentinel', t2, 2, t2.slice(0, 8 + 20 * 5), 'TRACK_NO_END_SENTINEL', 'stripe', 20],
    ['only zeros', t2, 2, '0'.repeat(100), 'TRACK_NO_START_SENTINEL', 'stripe', 0],
    ['track 2 bits read as track 1', t2, 1, t2, 'TRACK_NO_START_SENTINEL', 'stripe', 0],
    ['noise after the LRC', t2, 2, `${t2}1`, 'TRACK_TRAILING_DATA', 'stripe', 40],
    ['not a bit string', t2, 2, '0102', 'TRACK_INVALID_CHARACTER', 'bits', 3],
  ])('%s', (_name, _base, track, bits, code, path, offset) => {
    expect(() => decodeStripeBits(bits, { track: track as TrackNumber })).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test('noise after the LRC is accepted when asked', () => {
    expect(decodeStripeBits(`${t2}1`, { track: 2, allowTrailingBits: true }).text).toBe(vectors[2]!.text);
  });

  test('no end sentinel within the track capacity', () => {
    const long = encodeStripeBits(`;${'1'.repeat(37)}?`, { track: 2 }); // 40 characters with LRC: the most track 2 holds
    expect(decodeStripeBits(long, { track: 2 }).text.length).toBe(39);
    expect(() => encodeStripeBits(`;${'1'.repeat(38)}?`, { track: 2 })).toThrowError(expect.objectContaining({ code: 'TRACK_TOO_LONG' }));
    const s = stripeBitsToString(encodeStripeBits(`;${'1'.repeat(37)}?`, { track: 3, leadingZeros: 0, trailingZeros: 0 }));
    // Cut the ? and the LRC and append digits: no end sentinel within 40 characters of track 2.
    const noEnd = s.slice(0, 38 * 5) + '10000'.repeat(10);
    expect(() => decodeStripeBits(noEnd, { track: 2 })).toThrowError(expect.objectContaining({ code: 'TRACK_TOO_LONG', path: 'stripe', offset: 39 }));
  });

  test('encode rejects characters outside the track alphabet, with their framed position', () => {
    expect(() => encodeStripeBits(';12A4?', { track: 2 })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_CHARACTER', path: 'stripe.char[3]', offset: 3 }));
    expect(() => encodeStripeBits('%Babc?', { track: 1 })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_CHARACTER', path: 'stripe.char[2]', offset: 2 }));
    expect(() => encodeStripeBits(';1?2?', { track: 2 })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_CHARACTER', path: 'stripe.char[2]' }));
  });
});

const trackText = (track: TrackNumber): fc.Arbitrary<string> => {
  const max = track === 1 ? 76 : track === 2 ? 37 : 104;
  const chars = track === 1 ? fc.integer({ min: 0x20, max: 0x5f }) : fc.integer({ min: 0x30, max: 0x3f });
  const start = track === 1 ? '%' : ';';
  return fc
    .array(chars.filter((c) => c !== 0x3f && c !== start.charCodeAt(0)).map((c) => String.fromCharCode(c)), { maxLength: max })
    .map((cs) => `${start}${cs.join('')}?`);
};

describe('raw stripe properties', () => {
  fcTest.prop(
    [fc.constantFrom(1 as const, 2 as const, 3 as const).chain((t) => fc.tuple(fc.constant(t), trackText(t))), fc.nat(40), fc.nat(40), fc.constantFrom('forward' as const, 'reverse' as const)],
    { numRuns },
  )('decode(encode(text)) = text, both directions, any clocking (or, rarely, TRACK_AMBIGUOUS_DIRECTION)', ([track, text], leadingZeros, trailingZeros, direction) => {
    const bits = encodeStripeBits(text, { track, leadingZeros, trailingZeros, direction });
    let read: ReturnType<typeof decodeStripeBits>;
    try {
      read = decodeStripeBits(bits, { track });
    } catch (e) {
      // A stream that also reads cleanly the other way is refused, never decoded to the wrong text.
      expect(isCardwireError(e) && e.code).toBe('TRACK_AMBIGUOUS_DIRECTION');
      return;
    }
    expect(read.text).toBe(text);
    expect(read.direction).toBe(direction);
    expect(read.leadingZeros).toBe(leadingZeros); // counted in the card's recording order
    // And back: the decoded text encodes to the same bits.
    expect(encodeStripeBits(read.text, { track, leadingZeros, trailingZeros, direction })).toEqual(bits);
  });

  test('a stream that reads cleanly both ways is TRACK_AMBIGUOUS_DIRECTION, not the wrong text (fuzz counterexample)', () => {
    // Encoded in reverse with no clocking zeros, these bits also decode forwards, to '%\\S/4&OY-"?'.
    const bits = encodeStripeBits('%\\@8/ZQ5YG?', { track: 1, leadingZeros: 0, trailingZeros: 0, direction: 'reverse' });
    expect(() => decodeStripeBits(bits, { track: 1 })).toThrowError(expect.objectContaining({ code: 'TRACK_AMBIGUOUS_DIRECTION', path: 'stripe' }));
    // Clocking zeros do not help: the data bits themselves read cleanly both ways, whichever way
    // the card went. Before, the forward read won and a reverse swipe returned the wrong text.
    for (const direction of ['forward', 'reverse'] as const) {
      const clocked = encodeStripeBits('%\\@8/ZQ5YG?', { track: 1, leadingZeros: 20, trailingZeros: 20, direction });
      expect(() => decodeStripeBits(clocked, { track: 1 })).toThrowError(expect.objectContaining({ code: 'TRACK_AMBIGUOUS_DIRECTION' }));
    }
  });

  fcTest.prop([fc.uint8Array({ maxLength: 120, size: 'max' }), fc.constantFrom(1 as const, 2 as const, 3 as const)], { numRuns })(
    'random bytes into decodeStripeBits decode or throw CardwireError',
    (bytes, track) => {
      try {
        decodeStripeBits(bytes, { track });
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );

  fcTest.prop([fc.string({ unit: fc.constantFrom('0', '1'), maxLength: 600, size: 'max' }), fc.constantFrom(1 as const, 2 as const, 3 as const)], { numRuns })(
    'random bit strings into decodeStripeBits decode or throw CardwireError',
    (bits, track) => {
      try {
        decodeStripeBits(bits, { track });
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );

  fcTest.prop([fc.string({ maxLength: 80, size: 'max' }), fc.constantFrom(1 as const, 2 as const, 3 as const)], { numRuns })(
    'random strings into encodeStripeBits encode or throw CardwireError',
    (text, track) => {
      try {
        encodeStripeBits(text, { track });
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );
});
