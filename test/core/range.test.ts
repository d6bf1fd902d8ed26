// The byte decoders that take a start/end window check it before reading: a window past the end
// used to read `undefined` bytes as zeros ('0000…', NUL characters, 'undefined' in hex) and to
// loop as long as the caller declared.
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { decodeAscii, decodeEbcdic, decodeLatin1, hex, isCardwireError, toHex, unpackBcd } from '../../src/core/index';

const runs = Number(process.env['FC_NUM_RUNS'] ?? 200);
const decoders: ReadonlyArray<readonly [string, (b: Uint8Array, start: number, end: number) => string]> = [
  ['toHex', (b, s, e) => toHex(b, s, e)],
  ['unpackBcd', (b, s, e) => unpackBcd(b, {}, s, e)],
  ['decodeEbcdic', (b, s, e) => decodeEbcdic(b, {}, s, e)],
  ['decodeAscii', (b, s, e) => decodeAscii(b, {}, s, e)],
  ['decodeLatin1', (b, s, e) => decodeLatin1(b, s, e)],
];

describe('start/end windows', () => {
  test.each(decoders)('%s: a window past the end is INVALID_ARGUMENT', (_name, decode) => {
    expect(() => decode(hex('1234'), 0, 5)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => decode(hex('1234'), 2, 1)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => decode(hex('1234'), -1, 1)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => decode(hex('1234'), 0, 1e12)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(decode(hex('1234'), 1, 1)).toBe('');
  });

  test('unpackBcd digits must be a non-negative integer', () => {
    for (const digits of [-1, 2.5, Number.NaN]) {
      expect(() => unpackBcd(hex('1234'), { digits })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(unpackBcd(hex('0123'), { digits: 3 })).toBe('123');
  });

  fcTest.prop([fc.uint8Array({ maxLength: 16, size: 'max' }), fc.integer({ min: -4, max: 40 }), fc.integer({ min: -4, max: 40 })], { numRuns: runs })(
    'any window: a result from inside the bytes, or a CardwireError',
    (bytes, start, end) => {
      for (const [, decode] of decoders) {
        try {
          const out = decode(bytes, start, end);
          expect(start >= 0 && start <= end && end <= bytes.length).toBe(true);
          expect(out).not.toContain('undefined');
        } catch (e) {
          expect(isCardwireError(e)).toBe(true);
        }
      }
    },
  );
});
