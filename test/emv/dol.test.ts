import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { aflRecords, buildDolData, encodeAfl, encodeDol, fitDolValue, parseAfl, parseDol, splitDolData, type EmvFormat } from '../../src/emv/index';

const runs = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('DOL (EMV Book 3 §5.4)', () => {
  test('CDOL1 of the contact Visa trace parses in order', () => {
    expect(parseDol(hex('9F02069F03069F1A0295055F2A029A039C019F3704'))).toEqual([
      { tag: '9F02', length: 6 },
      { tag: '9F03', length: 6 },
      { tag: '9F1A', length: 2 },
      { tag: '95', length: 5 },
      { tag: '5F2A', length: 2 },
      { tag: '9A', length: 3 },
      { tag: '9C', length: 1 },
      { tag: '9F37', length: 4 },
    ]);
  });

  test('repeats are kept; long-form length 81; three-byte tags', () => {
    expect(parseDol(hex('9F3704DF8101819F3704'))).toEqual([
      { tag: '9F37', length: 4 },
      { tag: 'DF8101', length: 0x9f },
      { tag: '37', length: 4 },
    ]);
    expect(toHex(encodeDol([{ tag: '9F37', length: 4 }, { tag: 'DF01', length: 200 }]))).toBe('9F3704DF0181C8');
  });

  test('the GENERATE AC 1 data of the contact Visa trace is the CDOL1 filled in', () => {
    const cdol1 = parseDol(hex('9F02069F03069F1A0295055F2A029A039C019F3704'));
    const data = buildDolData(cdol1, {
      '9F02': hex('000000001000'),
      '9F03': hex('000000000000'),
      '9F1A': hex('0036'),
      '95': hex('8000008000'),
      '5F2A': hex('0036'),
      '9A': hex('120316'),
      '9C': hex('00'),
      '9F37': hex('D3173A1F'),
    });
    // From the command 80AE80001D <data> 00 in the trace.
    expect(toHex(data)).toBe('00000000100000000000000000368000008000003612031600D3173A1F');
    expect(splitDolData(cdol1, data).map((v) => [v.tag, toHex(v.value), v.offset])[7]).toEqual(['9F37', 'D3173A1F', 25]);
  });

  test.each([
    // [format, value, length, expected] per §5.4
    ['n', '000000001000', 4, '00001000'],
    ['n', '1000', 6, '000000001000'],
    ['cn', '4761340000000050', 10, '4761340000000050FFFF'],
    ['cn', '47613400000000501F', 8, '4761340000000050'],
    ['an', '4142', 4, '41420000'],
    ['ans', '414243', 2, '4142'],
    ['b', 'A1B2', 3, 'A1B200'],
    ['b', 'A1B2C3', 1, 'A1'],
  ] as const)('fitDolValue %s %s to %d bytes', (format, value, length, expected) => {
    expect(toHex(fitDolValue(hex(value), length, format))).toBe(expected);
  });

  test('dictionary formats drive the padding; missing and constructed tags are zeros', () => {
    const dol = parseDol(hex('9F02045A0A5F2D049F1A02700295029F3704'));
    const data = buildDolData(dol, (tag) =>
      ({ '9F02': hex('000000001000'), '5A': hex('4761340000000050'), '5F2D': hex('656E'), '70': hex('0102') })[tag],
    );
    expect(toHex(data)).toBe('00001000' + '4761340000000050FFFF' + '656E0000' + '0000' + '0000' + '0000' + '00000000');
  });

  test('required tags and formats override', () => {
    const dol = parseDol(hex('9F3704DF0102'));
    expect(() => buildDolData(dol, {}, { required: ['9F37'], path: 'CDOL1' })).toThrowError(
      expect.objectContaining({ code: 'DOL_MISSING_VALUE', path: 'CDOL1.9F37' }),
    );
    expect(toHex(buildDolData(dol, new Map([['DF01', hex('12')]]), { formats: { DF01: 'n' } }))).toBe('00000000' + '0012');
  });

  test.each([
    ['9F', 'DOL_INVALID', 0],
    ['9F37', 'DOL_INVALID', 0],
    ['9F3781', 'DOL_INVALID', 2],
    ['9F378201', 'DOL_INVALID', 2],
    ['0004', 'DOL_INVALID', 0],
    ['DF81818181', 'DOL_INVALID', 0],
  ])('parseDol(%s) → %s at %d', (h, code, offset) => {
    expect(() => parseDol(hex(h), { path: 'PDOL' })).toThrowError(expect.objectContaining({ code, offset }));
  });

  test('splitDolData checks the total length', () => {
    expect(() => splitDolData(parseDol(hex('9F3704')), hex('0102'))).toThrowError(expect.objectContaining({ code: 'DOL_DATA_LENGTH', offset: 2 }));
  });

  const format = fc.constantFrom<EmvFormat>('n', 'cn', 'b', 'an', 'ans', 'a');
  fcTest.prop([format, fc.uint8Array({ maxLength: 20, size: 'max' }), fc.integer({ min: 0, max: 24 })], { numRuns: runs })(
    'fitting keeps the right part for n and the left part otherwise, and pads as §5.4 says',
    (f, value, length) => {
      const out = fitDolValue(value, length, f);
      expect(out.length).toBe(length);
      const keep = Math.min(value.length, length);
      if (f === 'n') {
        expect(out.subarray(length - keep)).toEqual(value.subarray(value.length - keep));
        expect(out.subarray(0, length - keep).every((b) => b === 0)).toBe(true);
      } else {
        expect(out.subarray(0, keep)).toEqual(value.subarray(0, keep));
        expect(out.subarray(keep).every((b) => b === (f === 'cn' ? 0xff : 0))).toBe(true);
      }
    },
  );

  const entry = fc.record({
    tag: fc.constantFrom('9F02', '9F03', '5A', '5F2D', '95', '9F37', '9A', '9F1A', 'DF01'),
    length: fc.integer({ min: 0, max: 255 }),
  });
  fcTest.prop([fc.array(entry, { maxLength: 10, size: 'max' })], { numRuns: runs })('parseDol(encodeDol(x)) = x; split(build(x)) has the DOL lengths', (entries) => {
    expect(parseDol(encodeDol(entries))).toEqual(entries);
    const data = buildDolData(entries, () => hex('0123456789'));
    expect(splitDolData(entries, data).map((v) => v.value.length)).toEqual(entries.map((e) => e.length));
  });

  fcTest.prop([fc.uint8Array({ maxLength: 64, size: 'max' })], { numRuns: runs })('random bytes into parseDol only throw CardwireError', (bytes) => {
    try {
      parseDol(bytes);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('AFL (EMV Book 3 §10.2)', () => {
  test('AFL of the contact Mastercard trace', () => {
    const afl = parseAfl(hex('10020201180101002001010028010200'));
    expect(afl).toEqual([
      { sfi: 2, firstRecord: 2, lastRecord: 2, offlineAuthenticationRecords: 1 },
      { sfi: 3, firstRecord: 1, lastRecord: 1, offlineAuthenticationRecords: 0 },
      { sfi: 4, firstRecord: 1, lastRecord: 1, offlineAuthenticationRecords: 0 },
      { sfi: 5, firstRecord: 1, lastRecord: 2, offlineAuthenticationRecords: 0 },
    ]);
    expect(toHex(encodeAfl(afl))).toBe('10020201180101002001010028010200');
    expect(aflRecords(afl).map((r) => `${r.sfi}.${r.record}${r.offlineAuthentication ? '*' : ''}`)).toEqual(['2.2*', '3.1', '4.1', '5.1', '5.2']);
  });

  test.each([
    ['080101', 0],
    ['00010100', 0],
    ['F8010100', 0],
    ['09010100', 0],
    ['08000100', 1],
    ['08020100', 2],
    ['08010102', 3],
    ['0801010008', 4],
  ])('%s is rejected at offset %d', (h, offset) => {
    expect(() => parseAfl(hex(h))).toThrowError(expect.objectContaining({ code: 'AFL_INVALID', offset, path: '94' }));
  });

  test('encodeAfl rejects out-of-range entries', () => {
    expect(() => encodeAfl([{ sfi: 31, firstRecord: 1, lastRecord: 1, offlineAuthenticationRecords: 0 }])).toThrowError(
      expect.objectContaining({ code: 'AFL_INVALID', path: '94[0]' }),
    );
  });

  fcTest.prop([fc.uint8Array({ maxLength: 32, size: 'max' })], { numRuns: runs })('random AFLs: CardwireError or a re-encodable list', (bytes) => {
    try {
      expect(encodeAfl(parseAfl(bytes))).toEqual(bytes);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});
