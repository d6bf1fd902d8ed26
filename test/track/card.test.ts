import { inspect } from 'node:util';
import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { fixedClock, isCardwireError, maskPan } from '../../src/core/index';
import { assertNotExpired, assertPanLuhn, expiryEnd, isExpired, parseTrack2, readCard } from '../../src/track/index';
import track1 from '../../fixtures/track/track1.json';
import track2 from '../../fixtures/track/track2.json';
import track3 from '../../fixtures/track/track3.json';

const T1 = track1[0]!.text; // 4761739001010010, 2512, 201
const T2 = track2[0]!.text; // 4761739001010010, 2512, 201
const T3 = track3[1]!.text; // 4761739001010010, expiry 2812
const T3_NO_PAN = track3[2]!.text;

describe('expiry against a clock', () => {
  test('valid through the last day of the expiry month (UTC)', () => {
    expect(expiryEnd('2512').toISOString()).toBe('2025-12-31T23:59:59.999Z');
    expect(expiryEnd('2402').toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(isExpired('2512', fixedClock('2025-12-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired('2512', fixedClock('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isExpired('2512', fixedClock('2025-01-01T00:00:00Z'))).toBe(false);
  });

  test('assertNotExpired throws CARD_EXPIRED with the path', () => {
    expect(() => assertNotExpired('2512', fixedClock('2026-01-01T00:00:00Z'), { path: 'track2.expiry' })).toThrowError(
      expect.objectContaining({ code: 'CARD_EXPIRED', path: 'track2.expiry' }),
    );
    expect(() => assertNotExpired('2513', fixedClock('2020-01-01T00:00:00Z'))).toThrowError(expect.objectContaining({ code: 'TRACK_INVALID_EXPIRY', path: 'expiry' }));
  });

  test('Luhn: ISO/IEC 7812-1 Annex B', () => {
    expect(() => assertPanLuhn('4761739001010010')).not.toThrow();
    expect(() => assertPanLuhn('79927398713')).not.toThrow();
    expect(() => assertPanLuhn('4761739001010011')).toThrowError(expect.objectContaining({ code: 'PAN_LUHN_FAILED', path: 'pan' }));
  });
});

describe('readCard', () => {
  test.each([
    ['1+2', { track1: T1, track2: T2 }, [1, 2], '2512'],
    ['2+3', { track2: T2, track3: T3.replace('2812', '2512') }, [2, 3], '2512'],
    ['1+2+3', { track1: T1, track2: T2, track3: T3_NO_PAN }, [1, 2, 3], '2512'],
    ['2 alone', { track2: T2 }, [2], '2512'],
    ['3 alone', { track3: T3 }, [3], '2812'],
  ])('tracks %s', (_name, reads, tracks, expiry) => {
    const card = readCard(reads, { clock: fixedClock('2025-06-01T00:00:00Z') });
    expect(card.reveal()).toEqual({
      pan: '4761739001010010',
      expiry,
      serviceCode: tracks.includes(1) || tracks.includes(2) ? '201' : undefined,
      name: tracks.includes(1) ? 'CARDHOLDER/TEST A.MR' : undefined,
      tracks,
    });
  });

  test('the combined card prints masked and keeps the parsed tracks', () => {
    const card = readCard({ track1: T1, track2: parseTrack2(T2) });
    for (const s of [String(card), JSON.stringify(card), inspect(card)]) {
      expect(s).not.toContain('4761739001010010');
      expect(s).not.toContain('CARDHOLDER');
    }
    expect(JSON.parse(JSON.stringify(card))).toEqual({ pan: maskPan('4761739001010010'), expiry: '****', serviceCode: '201', name: '[redacted 20 chars]', tracks: [1, 2] });
    expect(card.track1?.nameParts.surname).toBe('CARDHOLDER');
    expect(card.service?.requiresChip).toBe(true);
  });

  test.each([
    ['PAN differs between tracks 1 and 2', { track1: T1, track2: T2.replace('4761739001010010', '4761739001010119') }, 'TRACK_MISMATCH', 'track1/track2.pan'],
    ['expiry differs between tracks 1 and 2', { track1: T1, track2: T2.replace('=2512', '=2612') }, 'TRACK_MISMATCH', 'track1/track2.expiry'],
    ['service code differs between tracks 1 and 2', { track1: T1, track2: T2.replace('=2512201', '=2512101') }, 'TRACK_MISMATCH', 'track1/track2.serviceCode'],
    ['expiry differs between tracks 2 and 3', { track2: T2, track3: T3 }, 'TRACK_MISMATCH', 'track2/track3.expiry'],
    ['PAN differs between tracks 2 and 3', { track2: T2, track3: T3.replace('4761739001010010', '5413330089010434') }, 'TRACK_MISMATCH', 'track2/track3.pan'],
    ['no track', {}, 'TRACK_NONE_READ', 'card'],
    ['track 3 without a PAN alone', { track3: T3_NO_PAN }, 'TRACK_INVALID_PAN', 'card.pan'],
    ['bad Luhn', { track2: T2.replace('4761739001010010', '4761739001010011') }, 'PAN_LUHN_FAILED', 'card.pan'],
    ['a track that does not parse keeps its own path', { track1: T1, track2: ';4761739001010010=2513201?' }, 'TRACK_INVALID_EXPIRY', 'track2.expiry'],
  ])('%s', (_name, reads, code, path) => {
    expect(() => readCard(reads)).toThrowError(expect.objectContaining({ code, path }));
  });

  test('expired card with a clock', () => {
    expect(() => readCard({ track2: T2 }, { clock: fixedClock('2026-01-01T00:00:00Z') })).toThrowError(expect.objectContaining({ code: 'CARD_EXPIRED', path: 'card.expiry' }));
    expect(readCard({ track2: T2.replace('4761739001010010', '4761739001010011') }, { luhn: false }).pan).toBe('4761739001010011');
  });

  fcTest.prop([fc.option(fc.string({ maxLength: 80, size: 'max' }), { nil: undefined }), fc.option(fc.string({ maxLength: 40, size: 'max' }), { nil: undefined }), fc.option(fc.string({ maxLength: 107, size: 'max' }), { nil: undefined })])(
    'random track strings into readCard read or throw CardwireError',
    (a, b, c) => {
      try {
        readCard({ ...(a === undefined ? {} : { track1: a }), ...(b === undefined ? {} : { track2: b }), ...(c === undefined ? {} : { track3: c }) });
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );
});
