import { existsSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, maskPan, toHex } from '../../src/core/index';
import { buildTrack2, buildTrack2Equivalent, parseTrack2, parseTrack2Equivalent, type Track2Fields } from '../../src/track/index';
import vectors from '../../fixtures/track/track2.json';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('track 2 vectors', () => {
  test.each(vectors)('$name', (v) => {
    const t = parseTrack2(v.text);
    expect(t.reveal()).toEqual({
      pan: v.pan,
      expiry: v.expiry ?? undefined,
      serviceCode: v.serviceCode ?? undefined,
      discretionaryData: v.discretionaryData,
    });
    expect(t.separator).toBe(v.separator);
    if (v.tag57 !== undefined) {
      expect(toHex(buildTrack2Equivalent(t))).toBe(v.tag57);
      expect(parseTrack2Equivalent(hex(v.tag57)).reveal()).toEqual(t.reveal());
    }
  });

  test('build writes sentinels and the chosen separator', () => {
    const f = { pan: '4761739001010010', expiry: '2512', serviceCode: '201', discretionaryData: '1143804400000' };
    expect(buildTrack2(f)).toBe(';4761739001010010=25122011143804400000?');
    expect(buildTrack2(f, { separator: 'D', sentinels: false })).toBe('4761739001010010D25122011143804400000');
    expect(buildTrack2({ ...f, expiry: undefined, serviceCode: undefined })).toBe(';4761739001010010===1143804400000?');
  });

  test('prints masked: toString, toJSON, inspect', () => {
    const t = parseTrack2(';4761739001010010=25122011143804400000?');
    const printed = [String(t), JSON.stringify(t), inspect(t), inspect({ nested: [t] })];
    for (const s of printed) {
      expect(s).not.toContain('4761739001010010');
      expect(s).not.toContain('1143804400000');
      expect(s).not.toContain('2512');
    }
    expect(JSON.parse(JSON.stringify(t))).toEqual({ pan: maskPan('4761739001010010'), expiry: '****', serviceCode: '201', discretionaryData: '[redacted 13 chars]' });
    expect(t.pan).toBe('4761739001010010');
  });

  const traces = new URL('../../../shared/fixtures/emv/emv-traces.json', import.meta.url);
  test.skipIf(!existsSync(traces))('conformance: tag 57 in a real Visa READ RECORD response', () => {
    const all = JSON.parse(readFileSync(traces, 'utf8')) as { description: string; response: string }[];
    const rr = all.find((e) => e.description.startsWith('Contact Visa: READ RECORD SFI1 rec1 -> 70'));
    expect(rr).toBeDefined();
    const at = rr!.response.indexOf('57104761');
    const t = parseTrack2Equivalent(hex(rr!.response.slice(at + 4, at + 4 + 32)));
    expect(t.reveal()).toEqual({ pan: '4761340000000050', expiry: '1712', serviceCode: '201', discretionaryData: '12523451' });
  });
});

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const expiry = fc.tuple(digits(2, 2), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y + String(m).padStart(2, '0'));
export const track2Fields: fc.Arbitrary<Track2Fields> = fc
  .record({
    pan: digits(1, 19),
    expiry: fc.option(expiry, { nil: undefined }),
    serviceCode: fc.option(digits(3, 3), { nil: undefined }),
    discretionaryData: digits(0, 20),
  })
  .map((f) => {
    const room = 37 - f.pan.length - 1 - 4 - 3;
    return { ...f, discretionaryData: f.discretionaryData.slice(0, Math.max(0, room)) };
  });

describe('track 2 properties', () => {
  fcTest.prop([track2Fields, fc.constantFrom('=' as const, 'D' as const), fc.boolean()], { numRuns })('parse(build(fields)) = fields', (f, separator, sentinels) => {
    const t = parseTrack2(buildTrack2(f, { separator, sentinels }));
    expect(t.reveal()).toEqual(f);
    expect(t.separator).toBe(separator);
  });

  fcTest.prop([track2Fields], { numRuns })('tag 57: parse(build(fields)) = fields', (f) => {
    expect(parseTrack2Equivalent(buildTrack2Equivalent(f)).reveal()).toEqual(f);
  });

  fcTest.prop([fc.oneof(fc.string({ maxLength: 50, size: 'max' }), fc.string({ unit: fc.constantFrom(...'0123456789=D;?:<>'), maxLength: 45, size: 'max' }))], { numRuns })(
    'any string into parseTrack2 parses or throws CardwireError',
    (s) => {
      try {
        parseTrack2(s);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );

  fcTest.prop([fc.uint8Array({ maxLength: 24, size: 'max' })], { numRuns })('any bytes into parseTrack2Equivalent parse or throw CardwireError', (b) => {
    try {
      parseTrack2Equivalent(b);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('malformed track 2', () => {
  test.each([
    ['missing separator', ';4761739001010010?', 'TRACK_MISSING_SEPARATOR', 'track2', 17],
    ['non-digit PAN', ';47617390O1010010=2512201?', 'TRACK_INVALID_PAN', 'track2.pan', 9],
    ['PAN longer than 19 digits', '12345678901234567890=2512201', 'TRACK_INVALID_PAN', 'track2.pan', 0],
    ['empty PAN', '=2512201', 'TRACK_INVALID_PAN', 'track2.pan', 0],
    ['month 13', ';4761739001010010=2513201?', 'TRACK_INVALID_EXPIRY', 'track2.expiry', 18],
    ['short expiry', ';4761739001010010=251?', 'TRACK_INVALID_EXPIRY', 'track2.expiry', 18],
    ['short service code', '4761739001010010=251220', 'SERVICE_CODE_INVALID', 'track2.serviceCode', 21],
    ['letter in discretionary data', '4761739001010010=2512201123A', 'TRACK_INVALID_CHARACTER', 'track2.discretionaryData', 27],
    ['too long (41 characters)', `;4761739001010010=2512201${'0'.repeat(14)}?9`, 'TRACK_TOO_LONG', 'track2', 40],
    ['38 data characters', `4761739001010010=2512201${'0'.repeat(14)}`, 'TRACK_TOO_LONG', 'track2', 37],
    ['start sentinel without end sentinel', ';4761739001010010=2512201', 'TRACK_NO_END_SENTINEL', 'track2', 25],
    ['bad LRC character', ';4761739001010010=25122011143804400000?8', 'TRACK_LRC_ERROR', 'track2.lrc', 39],
    ['nothing between sentinels', ';?', 'TRACK_EMPTY', 'track2', 1],
  ])('%s', (_name, text, code, path, offset) => {
    expect(() => parseTrack2(text)).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test.each([
    ['F inside the data', '4761F39001010010D2512201', 'BCD_INVALID_NIBBLE', 'tag57', 2],
    ['no D separator', '4761739001010010', 'TRACK_MISSING_SEPARATOR', 'tag57', 8],
    ['month 00', '4761739001010010D2500201', 'TRACK_INVALID_EXPIRY', 'tag57.expiry', 8],
    ['20 bytes', '4761739001010010D2512201000000000000000000', 'TRACK_TOO_LONG', 'tag57', 19],
    ['empty', '', 'TRACK_EMPTY', 'tag57', 0],
  ])('tag 57: %s', (_name, h, code, path, offset) => {
    expect(() => parseTrack2Equivalent(hex(h))).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test('build rejects bad fields with their paths', () => {
    const ok = { pan: '4761739001010010', expiry: '2512', serviceCode: '201', discretionaryData: '' };
    expect(() => buildTrack2({ ...ok, pan: '4761x' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_PAN', path: 'track2.pan' }));
    expect(() => buildTrack2({ ...ok, expiry: '2500' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_EXPIRY', path: 'track2.expiry' }));
    expect(() => buildTrack2({ ...ok, serviceCode: '20' })).toThrowError(expect.objectContaining({ code: 'SERVICE_CODE_INVALID', path: 'track2.serviceCode' }));
    expect(() => buildTrack2({ ...ok, discretionaryData: '1'.repeat(14) })).toThrowError(expect.objectContaining({ code: 'TRACK_TOO_LONG', path: 'track2' }));
  });

  test('error messages never contain the PAN', () => {
    try {
      parseTrack2(';4761739001010010=2513201?');
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain('4761739001010010');
      expect(JSON.stringify(e)).not.toContain('4761739001010010');
    }
  });
});
