import { inspect } from 'node:util';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError } from '../../src/core/index';
import { buildTrack3, parseTrack3, type Track3Fields, type Track3Iso4909Fields } from '../../src/track/index';
import vectors from '../../fixtures/track/track3.json';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

/** JSON null stands for an absent (undefined) field. */
function fromJson(o: Record<string, string | null>): Track3Fields {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v ?? undefined])) as unknown as Track3Fields;
}

describe('track 3 vectors', () => {
  test.each(vectors)('$name', (v) => {
    const t = parseTrack3(v.text);
    const expected = fromJson(v.fields as Record<string, string | null>);
    expect(t.reveal()).toEqual(expected);
    expect(t.layout).toBe(expected.layout);
    if (expected.layout === 'iso4909') expect(buildTrack3(expected)).toBe(v.text);
  });

  test('prints masked', () => {
    const t = parseTrack3(vectors[1]!.text);
    for (const s of [String(t), JSON.stringify(t), inspect(t)]) {
      expect(s).not.toContain('4761739001010010');
      expect(s).not.toContain('123456789');
      expect(s).not.toContain('5413330089010434');
    }
    expect(t.pan).toBe('4761739001010010');
    expect(t.expiry).toBe('2812');
  });
});

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const upTo = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
const iso4909: fc.Arbitrary<Track3Iso4909Fields> = fc
  .record({
    layout: fc.constant('iso4909' as const),
    formatCode: fc.constantFrom('01', '02'),
    pan: upTo(19),
    countryCode: fc.option(digits(3), { nil: undefined }),
    currencyCode: digits(3),
    currencyExponent: digits(1),
    amountAuthorisedPerCycle: digits(4),
    amountRemainingThisCycle: digits(4),
    cycleBegin: digits(4),
    cycleLength: digits(2),
    retryCount: digits(1),
    pinControlParameters: fc.option(digits(6), { nil: undefined }),
    interchangeControl: digits(1),
    panServiceRestriction: digits(2),
    san1ServiceRestriction: digits(2),
    san2ServiceRestriction: digits(2),
    expiry: fc.oneof(fc.constant('0000'), fc.tuple(digits(2), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y + String(m).padStart(2, '0'))),
    cardSequenceNumber: digits(1),
    cardSecurityNumber: fc.option(digits(9), { nil: undefined }),
    firstSubsidiaryAccountNumber: upTo(19),
    secondSubsidiaryAccountNumber: upTo(10),
    relayMarker: digits(1),
    cryptoCheckDigits: fc.option(digits(6), { nil: undefined }),
    additionalData: fc.string({ unit: fc.constantFrom(...'0123456789='), maxLength: 20, size: 'max' }),
  })
  .filter((f) => buildTrack3Length(f) <= 104);

function buildTrack3Length(f: Track3Iso4909Fields): number {
  return (
    2 + f.pan.length + 1 + (f.countryCode ? 3 : 1) + 3 + 1 + 4 + 4 + 4 + 2 + 1 + (f.pinControlParameters ? 6 : 1) + 1 + 6 + 4 + 1 +
    (f.cardSecurityNumber ? 9 : 1) + f.firstSubsidiaryAccountNumber.length + 1 + f.secondSubsidiaryAccountNumber.length + 1 + 1 +
    (f.cryptoCheckDigits ? 6 : 1) + f.additionalData.length
  );
}

describe('track 3 properties', () => {
  fcTest.prop([iso4909, fc.boolean()], { numRuns })('parse(build(fields)) = fields', (f, sentinels) => {
    expect(parseTrack3(buildTrack3(f, { sentinels })).reveal()).toEqual(f);
  });

  fcTest.prop([fc.string({ unit: fc.constantFrom(...'0123456789='), minLength: 1, maxLength: 104, size: 'max' }).filter((s) => !/^0[12]/.test(s))], { numRuns })(
    'raw layouts: parse(build(raw)) keeps the data',
    (data) => {
      const t = parseTrack3(data);
      expect(t.layout).toBe('raw');
      expect(parseTrack3(buildTrack3(t.reveal())).reveal()).toEqual(t.reveal());
    },
  );

  fcTest.prop([fc.oneof(fc.string({ maxLength: 110, size: 'max' }), fc.string({ unit: fc.constantFrom(...'0123456789=;?'), maxLength: 110, size: 'max' }).map((s) => `;01${s}`))], { numRuns })(
    'any string into parseTrack3 parses or throws CardwireError',
    (s) => {
      try {
        parseTrack3(s);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );
});

describe('malformed track 3', () => {
  const good = vectors[1]!.text;
  test.each([
    ['no separator after the PAN', ';014761739001010010?', 'TRACK_MISSING_SEPARATOR', 'track3.pan', 19],
    ['PAN of 20 digits', ';0147617390010100101234=?', 'TRACK_INVALID_PAN', 'track3.pan', 3],
    ['letter', ';01476173900101001A==?', 'TRACK_INVALID_CHARACTER', 'track3', 18],
    ['currency cut short', ';014761739001010010==97?', 'TRACK_INVALID_FIELD', 'track3.currencyCode', 21],
    ['expiry month 13', good.replace('2812', '2813'), 'TRACK_INVALID_EXPIRY', 'track3.expiry', 53],
    ['no separator after SAN-2', good.replace('0434==0', '0434=0'), 'TRACK_MISSING_SEPARATOR', 'track3.secondSubsidiaryAccountNumber', 101],
    ['too long', `;99${'0'.repeat(103)}?`, 'TRACK_TOO_LONG', 'track3', 105],
    ['bad LRC', `${good}0`, 'TRACK_LRC_ERROR', 'track3.lrc', 103],
  ])('%s', (_name, text, code, path, offset) => {
    expect(() => parseTrack3(text)).toThrowError(expect.objectContaining({ code, path, offset }));
  });

  test('build rejects a short fixed field with its path', () => {
    const f = parseTrack3(good).reveal() as Track3Iso4909Fields;
    expect(() => buildTrack3({ ...f, currencyCode: '97' })).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_FIELD', path: 'track3.currencyCode' }));
    expect(() => buildTrack3({ layout: 'raw', formatCode: '01', pan: undefined, data: '01=' })).toThrowError(
      expect.objectContaining({ code: 'TRACK_INVALID_FIELD', path: 'track3.formatCode' }),
    );
  });
});
