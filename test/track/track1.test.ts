import { inspect } from 'node:util';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError } from '../../src/core/index';
import { buildTrack1, formatTrack1Name, parseTrack1, parseTrack1Name, type Track1Fields } from '../../src/track/index';
import vectors from '../../fixtures/track/track1.json';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('track 1 vectors', () => {
  test.each(vectors)('$name', (v) => {
    const t = parseTrack1(v.text);
    expect(t.reveal()).toEqual({
      pan: v.pan,
      name: v.name,
      expiry: v.expiry ?? undefined,
      serviceCode: v.serviceCode ?? undefined,
      discretionaryData: v.discretionaryData,
    });
    expect(t.nameParts).toEqual(v.nameParts);
  });

  test('build composes the format-B text', () => {
    expect(
      buildTrack1({ pan: '4761739001010010', name: 'CARDHOLDER/TEST A.MR', expiry: '2512', serviceCode: '201', discretionaryData: '000000123000000' }),
    ).toBe('%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?');
    expect(buildTrack1({ pan: '5413330089010434', name: 'DOE/JANE', expiry: undefined, serviceCode: undefined, discretionaryData: '' }, { sentinels: false })).toBe(
      'B5413330089010434^DOE/JANE^^^',
    );
  });

  test('names: ISO/IEC 7813 SURNAME/FIRST M.TITLE', () => {
    expect(formatTrack1Name({ surname: 'CARDHOLDER', firstName: 'TEST', middleName: 'A', title: 'MR' })).toBe('CARDHOLDER/TEST A.MR');
    expect(formatTrack1Name({ surname: 'DOE', firstName: 'JANE', middleName: '', title: '' })).toBe('DOE/JANE');
    expect(parseTrack1Name('SMITH')).toEqual({ surname: 'SMITH', firstName: '', middleName: '', title: '' });
    expect(parseTrack1Name('LEE/ANN MARIE.DR  ')).toEqual({ surname: 'LEE', firstName: 'ANN', middleName: 'MARIE', title: 'DR' });
  });

  test('prints masked', () => {
    const t = parseTrack1(vectors[0]!.text);
    for (const s of [String(t), JSON.stringify(t), inspect(t)]) {
      expect(s).not.toContain('4761739001010010');
      expect(s).not.toContain('CARDHOLDER');
      expect(s).not.toContain('2512');
    }
  });
});

const alnum = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const track1Char = fc.integer({ min: 0x20, max: 0x5f }).filter((c) => c !== 0x25 && c !== 0x3f).map((c) => String.fromCharCode(c));
const nameParts = fc.record({ surname: alnum(1, 8), firstName: alnum(0, 6), middleName: alnum(0, 3), title: alnum(0, 3) });
const track1Fields: fc.Arbitrary<Track1Fields> = fc
  .record({
    pan: digits(1, 19),
    name: fc.oneof(
      nameParts.map(formatTrack1Name),
      fc.string({ unit: track1Char.filter((c) => c !== '^'), minLength: 2, maxLength: 26, size: 'max' }),
    ),
    expiry: fc.option(fc.tuple(digits(2, 2), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y + String(m).padStart(2, '0')), { nil: undefined }),
    serviceCode: fc.option(digits(3, 3), { nil: undefined }),
    discretionaryData: fc.string({ unit: track1Char, maxLength: 30, size: 'max' }),
  })
  .filter((f) => f.name.length >= 2 && f.name.length <= 26)
  .map((f) => ({ ...f, discretionaryData: f.discretionaryData.slice(0, Math.max(0, 76 - 1 - f.pan.length - 2 - f.name.length - 7)) }));

describe('track 1 properties', () => {
  fcTest.prop([track1Fields, fc.boolean()], { numRuns })('parse(build(fields)) = fields', (f, sentinels) => {
    expect(parseTrack1(buildTrack1(f, { sentinels })).reveal()).toEqual(f);
  });

  fcTest.prop([nameParts.filter((p) => p.firstName !== '' || (p.middleName === '' && p.title === ''))], { numRuns })(
    'parseTrack1Name(formatTrack1Name(parts)) = parts',
    (p) => {
      const expected = p.firstName === '' ? { ...p, middleName: '' } : p;
      expect(parseTrack1Name(formatTrack1Name(p))).toEqual(expected);
    },
  );

  fcTest.prop([fc.oneof(fc.string({ maxLength: 90, size: 'max' }), fc.string({ unit: track1Char, maxLength: 80, size: 'max' }).map((s) => `%B${s}`))], { numRuns })(
    'any string into parseTrack1 parses or throws CardwireError',
    (s) => {
      try {
        parseTrack1(s);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );
});

describe('malformed track 1', () => {
  test.each([
    ['missing separator after the PAN', '%B4761739001010010?', 'TRACK_MISSING_SEPARATOR', 'track1', 18],
    ['missing separator after the name', '%B4761739001010010^DOE/JANE?', 'TRACK_MISSING_SEPARATOR', 'track1.name', 27],
    ['non-digit PAN', '%B47617390O1010010^DOE/JANE^2512201?', 'TRACK_INVALID_PAN', 'track1.pan', 10],
    ['format code A', '%A4761739001010010^DOE/JANE^2512201?', 'TRACK_INVALID_FORMAT_CODE', 'track1.formatCode', 1],
    ['lower-case letter', '%B4761739001010010^doe/jane^2512201?', 'TRACK_INVALID_CHARACTER', 'track1', 19],
    ['one-character name', '%B4761739001010010^D^2512201?', 'TRACK_INVALID_NAME', 'track1.name', 19],
    ['27-character name', `%B4761739001010010^${'X'.repeat(27)}^2512201?`, 'TRACK_INVALID_NAME', 'track1.name', 19],
    ['bad expiry', '%B4761739001010010^DOE/JANE^2599201?', 'TRACK_INVALID_EXPIRY', 'track1.expiry', 28],
    ['bad service code', '%B4761739001010010^DOE/JANE^25122A1?', 'SERVICE_CODE_INVALID', 'track1.serviceCode', 32],
    ['too long', `%B4761739001010010^DOE/JANE^2512201${'0'.repeat(43)}?`, 'TRACK_TOO_LONG', 'track1', 77],
    ['bad LRC', '%B4761739001010010^CARDHOLDER/TEST A.MR^2512201000000123000000?#', 'TRACK_LRC_ERROR', 'track1.lrc', 63],
  ])('%s', (_name, text, code, path, offset) => {
    expect(() => parseTrack1(text)).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test('build rejects a ^ in the name and an over-long name', () => {
    const ok = { pan: '4761739001010010', name: 'DOE/JANE', expiry: '2512', serviceCode: '201', discretionaryData: '' };
    expect(() => buildTrack1({ ...ok, name: 'DOE^JANE' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_CHARACTER', path: 'track1.name', offset: 3 }));
    expect(() => buildTrack1({ ...ok, name: 'X' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_NAME', path: 'track1.name' }));
    expect(() => buildTrack1({ ...ok, discretionaryData: 'a' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_CHARACTER', path: 'track1.discretionaryData' }));
  });
});
