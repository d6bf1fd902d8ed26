import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError } from '../../src/core/index';
import { describeEmv, describeTlv, decodeTlv, formatTlvTree, renderValue } from '../../src/emv/index';

const runs = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('describe', () => {
  test.each([
    ['9A', '250314', '2025-03-14'],
    ['5F24', '991231', '1999-12-31'],
    ['9F21', '134501', '13:45:01'],
    ['5F2A', '0156', '156 (CNY)'],
    ['9F42', '0978', '978 (EUR)'],
    ['9F1A', '0840', '840'],
    ['9C', '00', '00'],
    ['50', '5649534120544553', 'VISA TES'],
    ['9F02', '000000001000', '1000 (minor units)'],
    ['81', '000003E8', '1000 (minor units)'],
    ['5A', '4761340000000050', '476134******0050'],
    ['57', '4761340000000050D17122011F', '476134******0050D********'],
  ])('%s %s → %s', (tag, value, text) => {
    expect(renderValue(tag, hex(value)).text).toBe(text);
  });

  test('amounts take the currency of their siblings', () => {
    const d = describeEmv(hex('9F02060000000123455F2A020156'));
    expect(d[0]?.text).toBe('123.45 CNY');
    const jpy = describeEmv(hex('9F02060000000123455F2A020392'));
    expect(jpy[0]?.text).toBe('12345 JPY');
  });

  test('cardholder data is masked unless revealed', () => {
    const bytes = hex('703857104761340000000050D1712201125234515F20104341524420352F5649534120544553549F1F1031323532333030343531303030303030');
    const masked = describeEmv(bytes)[0]?.children ?? [];
    expect(masked.map((n) => n.value)).toEqual(['476134******0050D***************', '[redacted 16 bytes]', '[redacted 16 bytes]']);
    expect(JSON.stringify(masked)).not.toContain('4761340000000050');
    expect(JSON.stringify(masked)).not.toContain('CARD');
    const revealed = describeEmv(bytes, { reveal: true })[0]?.children ?? [];
    expect(revealed.map((n) => n.text)).toEqual(['4761340000000050D171220112523451', 'CARD 5/VISA TEST', '1252300451000000']);
  });

  test('bit fields, CVM lists, DOLs and IAD are decoded into detail lines', () => {
    const lines = formatTlvTree(describeEmv(hex('95058000008000' + '9F270180' + '8C039F3704' + '9F100706010A03A40000')));
    expect(lines).toEqual([
      '95 Terminal Verification Results (5): 8000008000',
      '    byte 1 bit 8: Offline data authentication was not performed',
      '    byte 4 bit 8: Transaction exceeds floor limit',
      '9F27 Cryptogram Information Data (1): 80',
      '    ARQC',
      '8C Card Risk Management Data Object List 1 (CDOL1) (3): 9F3704',
      '    9F37 Unpredictable Number: 4',
      '9F10 Issuer Application Data (7): 06010A03A40000',
      '    Visa IAD format 0/1/3, CVN 0A, DKI 01',
      '    CVR: first GENERATE AC ARQC, second GENERATE AC not-requested, 0 script command(s)',
      '      Offline PIN verification performed',
    ]);
  });

  test("the scheme of an AID in the data selects the scheme's tag definitions", () => {
    // UnionPay: 9F63 is Card Product Identification Information, not Mastercard's PUNATC (Track1).
    const nodes = decodeTlv(hex('701D4F08A000000333010102' + '9F6310' + '00'.repeat(16)));
    expect(describeTlv(nodes)[0]?.children?.[1]?.name).toBe('Card Product Identification Information');
    expect(describeTlv(nodes, { scheme: 'Mastercard' })[0]?.children?.[1]?.name).toBe('PUNATC (Track1)');
  });

  test('a value that breaks its definition is shown with a note, never thrown', () => {
    const d = describeTlv(decodeTlv(hex('95020000' + '9A03AB0102')));
    expect(d[0]?.details).toEqual(['not a valid Terminal Verification Results: EMV_VALUE_LENGTH']);
    expect(d[1]?.details).toEqual(['value does not match format n 6 (YYMMDD)']);
    expect(formatTlvTree(describeEmv(hex('DF7F0101')))).toEqual(['DF7F (unknown tag) (1): 01']);
  });

  test('compressed numeric is padded with trailing F only (Book 3 §4.3): a digit after F is invalid', () => {
    expect(renderValue('9F20', hex('1234FF'), { reveal: true }).text).toBe('1234');
    expect(renderValue('9F20', hex('12F3'), { reveal: true })).toEqual({ details: ['value does not match format cn'] });
    expect(renderValue('57', hex('4761D2512F'), { reveal: true }).text).toBe('4761D2512');
    expect(renderValue('57', hex('47F1D251'), { reveal: true }).details).toEqual(['value does not match format b']);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 80, size: 'max' })], { numRuns: runs })('random bytes: only CardwireError from the TLV layer', (bytes) => {
    try {
      formatTlvTree(describeEmv(bytes));
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
      expect((e as { code: string }).code.startsWith('TLV_')).toBe(true);
    }
  });

  fcTest.prop([fc.constantFrom('95', '9B', '82', '9F07', '8E', '9F34', '9F33', '9F40', '9F35', '9F66', '9F6C', '9F27', '9F10', '94', '8C', '9A', '9F02', '5A', '57', '5F2A'), fc.uint8Array({ maxLength: 40, size: 'max' })], { numRuns: runs * 3 })(
    'renderValue never throws on any value of a structured tag',
    (tag, value) => {
      expect(() => renderValue(tag, value)).not.toThrow();
    },
  );
});
