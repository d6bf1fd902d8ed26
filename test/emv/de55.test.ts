import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { buildDe55, de55TagLists, parseDe55, unionpayScriptResultTags } from '../../src/emv/index';

// The 21 data objects of an ARQC authorisation, values from the contact Visa trace where it has them.
const values: Record<string, Uint8Array> = {
  '9F26': hex('7CB3BA090724C524'),
  '9F27': hex('80'),
  '9F10': hex('06010A03A4B800'),
  '9F37': hex('D3173A1F'),
  '9F36': hex('0029'),
  '95': hex('8000008000'),
  '9A': hex('120316'),
  '9C': hex('00'),
  '9F02': hex('000000001000'),
  '5F2A': hex('0036'),
  '82': hex('1C00'),
  '9F1A': hex('0036'),
  '9F03': hex('000000000000'),
  '9F33': hex('E0F8C8'),
  '9F34': hex('1E0300'),
  '9F35': hex('22'),
  '9F1E': hex('3132333435363738'),
  '84': hex('A0000000031010'),
  '9F09': hex('008C'),
  '9F41': hex('00000001'),
};

describe('DE 55', () => {
  // Lists of public UnionPay POS applications (see de55.ts): 消费/预授权, 冲正, 脚本结果上送.
  test('the UnionPay authorisation list is the 21-tag ARQC set, then 9F63 (no 5F34: UnionPay sends it in field 23)', () => {
    expect(de55TagLists.unionpay.authorisation.map((t) => t.tag)).toEqual([
      '9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', '9F03', '9F33', '9F34', '9F35', '9F1E', '84', '9F09', '9F41', '8A', '9F63',
    ]);
  });

  test('build keeps the scheme order, skips absent conditional tags and round-trips through parse', () => {
    const de55 = buildDe55(values, { scheme: 'visa', message: 'authorisation' });
    const nodes = parseDe55(de55, { scheme: 'visa', message: 'authorisation' });
    expect(nodes.map((n) => n.tag)).toEqual(de55TagLists.visa.authorisation.map((t) => t.tag).filter((t) => t in values));
    expect(toHex(de55).startsWith('9F26087CB3BA090724C5249F2701809F100706010A03A4B800')).toBe(true);
  });

  test('UnionPay reversal: 95 and 9F10 always, 9F1E / 9F36 / DF31 when present, in that order', () => {
    expect(toHex(buildDe55({ '95': hex('0000000000'), '9F10': hex('01') }, { scheme: 'unionpay', message: 'reversal' }))).toBe('95050000000000' + '9F100101');
    expect(toHex(buildDe55(new Map([['95', hex('0000000000')], ['9F36', hex('0001')], ['9F10', hex('01')], ['DF31', hex('2000000000')]]), { scheme: 'unionpay', message: 'reversal' })))
      .toBe('95050000000000' + '9F100101' + '9F36020001' + 'DF31052000000000');
    // A reversal without the IAD is not one UnionPay accepts; 9F36 alone is no longer enough.
    expect(() => buildDe55({ '95': hex('0000000000'), '9F36': hex('0001') }, { scheme: 'unionpay', message: 'reversal' })).toThrowError(
      expect.objectContaining({ code: 'DE55_MISSING_TAG', path: 'DE55.9F10' }),
    );
  });

  test('UnionPay script result notification and offline advice', () => {
    const script = buildDe55({ ...values, DF31: hex('2000000000') }, { scheme: 'unionpay', message: 'advice', tags: unionpayScriptResultTags });
    expect(parseDe55(script).map((n) => n.tag)).toEqual(['9F33', '95', '9F37', '9F1E', '9F10', '9F26', '9F36', '82', 'DF31', '9F1A', '9A']);
    expect(() => buildDe55(values, { scheme: 'unionpay', message: 'advice', tags: unionpayScriptResultTags })).toThrowError(
      expect.objectContaining({ code: 'DE55_MISSING_TAG', path: 'DE55.DF31' }),
    );
    expect(de55TagLists.unionpay.advice.map((t) => t.tag).slice(-3)).toEqual(['8A', '9F63', '9F74']);
  });

  test('missing mandatory tags are DE55_MISSING_TAG with the tag in the path', () => {
    expect(() => buildDe55({}, { scheme: 'mastercard', message: 'reversal' })).toThrowError(expect.objectContaining({ code: 'DE55_MISSING_TAG', path: 'DE55.95' }));
    expect(() => parseDe55(hex('9F2701809F36020029'), { scheme: 'visa', message: 'authorisation' })).toThrowError(
      expect.objectContaining({ code: 'DE55_MISSING_TAG', path: 'DE55.9F26' }),
    );
  });

  test('parse is strict by default and names the tag in errors', () => {
    expect(() => parseDe55(hex('9F2701809F360200'))).toThrowError(expect.objectContaining({ code: 'TLV_TRUNCATED', path: 'DE55.9F36', offset: 4 }));
    expect(() => parseDe55(hex('9F27018000'))).toThrowError(expect.objectContaining({ code: 'TLV_PADDING', path: 'DE55' }));
    expect(parseDe55(hex('9F27018000'), { strict: false }).length).toBe(1);
  });

  test('a custom tag list', () => {
    expect(toHex(buildDe55(values, { scheme: 'visa', message: 'advice', tags: [{ tag: '9F36', presence: 'M' }] }))).toBe('9F36020029');
  });

  fcTest.prop([fc.uint8Array({ maxLength: 160, size: 'max' }), fc.constantFrom('unionpay', 'visa', 'mastercard' as const)], { numRuns: Number(process.env['FC_NUM_RUNS'] ?? 100) })(
    'random bytes into parseDe55 only throw CardwireError',
    (bytes, scheme) => {
      try {
        parseDe55(bytes, { scheme, message: 'authorisation' });
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    },
  );
});
