import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import {
  convertAmount,
  currencies,
  currency,
  findCurrency,
  formatAmount,
  fromAmountField,
  isCardwireError,
  parseAmount,
  toAmountField,
  type Rounding,
} from '../../src/core/index';
import vectors from '../../fixtures/core/money.json';

describe('ISO 4217 table', () => {
  test.each(vectors.currencies)('$alpha $numeric exponent $exponent — $source', (v) => {
    expect(currency(v.alpha)).toMatchObject({ alpha: v.alpha, numeric: v.numeric, exponent: v.exponent });
    expect(currency(v.numeric).alpha).toBe(v.alpha);
    expect(currency(Number(v.numeric)).alpha).toBe(v.alpha);
  });

  test('codes are unique and well formed', () => {
    expect(currencies.length).toBeGreaterThan(150);
    expect(new Set(currencies.map((c) => c.alpha)).size).toBe(currencies.length);
    for (const c of currencies) {
      expect(c.alpha).toMatch(/^[A-Z]{3}$/);
      expect(c.numeric).toMatch(/^\d{3}$/);
      expect([0, 2, 3, 4]).toContain(c.exponent);
    }
  });

  test('unknown codes', () => {
    expect(() => currency('XYZ')).toThrowError(expect.objectContaining({ code: 'CURRENCY_UNKNOWN', path: 'currency' }));
    expect(() => currency('000')).toThrowError(expect.objectContaining({ code: 'CURRENCY_UNKNOWN' }));
    expect(findCurrency('XYZ')).toBeUndefined();
  });
});

describe('decimal text', () => {
  test.each(vectors.parse)('$text $currency $rounding → $minor — $source', (v) => {
    const options = 'rounding' in v ? { rounding: v.rounding as Rounding } : {};
    expect(parseAmount(v.text, v.currency, options)).toBe(BigInt(v.minor));
  });

  test('format uses exactly the exponent', () => {
    expect(formatAmount(1234n, 'CNY')).toBe('12.34');
    expect(formatAmount(5n, 'CLF')).toBe('0.0005');
    expect(formatAmount(-1500n, 'JPY')).toBe('-1500');
    expect(formatAmount(-5n, 'KWD')).toBe('-0.005');
    expect(formatAmount(0n, 'USD')).toBe('0.00');
  });

  test.each([
    ['1.005', 'USD', 'AMOUNT_PRECISION'],
    ['1e5', 'USD', 'AMOUNT_INVALID'],
    ['12,34', 'CNY', 'AMOUNT_INVALID'],
    ['', 'CNY', 'AMOUNT_INVALID'],
    [' 1', 'CNY', 'AMOUNT_INVALID'],
    ['1'.repeat(65), 'CNY', 'AMOUNT_INVALID'],
  ])('parseAmount(%j, %s) → %s', (text, cur, code) => {
    expect(() => parseAmount(text, cur)).toThrowError(expect.objectContaining({ code, path: 'amount' }));
  });

  test('conversion is exact decimal arithmetic', () => {
    expect(convertAmount(10000n, 'USD', 'JPY', '151.235', 'half-up')).toBe(15124n);
    expect(convertAmount(1n, 'KWD', 'USD', '3.25', 'half-even')).toBe(0n);
    expect(convertAmount(100000n, 'JPY', 'CNY', '0.0478', 'half-up')).toBe(478000n); // 100000 JPY = 4780.00 CNY
  });

  fcTest.prop([fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom('CNY', 'JPY', 'KWD', 'CLF')])('format → parse round trip', (minor, cur) => {
    expect(parseAmount(formatAmount(minor, cur), cur)).toBe(minor);
  });

  fcTest.prop([fc.string({ maxLength: 30, size: 'max' })])('random text only ever throws CardwireError', (text) => {
    try {
      parseAmount(text, 'CNY', { rounding: 'half-up' });
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
    }
  });
});

describe('ISO 8583 amount fields', () => {
  test.each(vectors.fields)('$minor → $field — $source', (v) => {
    expect(toAmountField(BigInt(v.minor), v.options)).toBe(v.field);
    expect(fromAmountField(v.field, v.options)).toBe(BigInt(v.minor));
  });

  test.each([
    [() => toAmountField(10n ** 12n), 'AMOUNT_OUT_OF_RANGE'],
    [() => toAmountField(-1n), 'AMOUNT_OUT_OF_RANGE'],
    [() => toAmountField(10n ** 8n, { digits: 8, signed: true }), 'AMOUNT_OUT_OF_RANGE'],
    [() => fromAmountField('00000001234'), 'AMOUNT_FIELD_INVALID'],
    [() => fromAmountField('0000000012X4'), 'AMOUNT_FIELD_INVALID'],
    [() => fromAmountField('X00000250', { digits: 8, signed: true }), 'AMOUNT_FIELD_INVALID'],
    [() => fromAmountField('-00000000123'), 'AMOUNT_FIELD_INVALID'],
  ] as const)('case %# → %s', (fn, code) => {
    expect(fn).toThrowError(expect.objectContaining({ code }));
  });

  fcTest.prop([fc.bigInt({ min: -(10n ** 16n) + 1n, max: 10n ** 16n - 1n })])('signed x+n 16 round trip', (minor) => {
    const f = toAmountField(minor, { digits: 16, signed: true });
    expect(f).toHaveLength(17);
    expect(fromAmountField(f, { digits: 16, signed: true })).toBe(minor);
  });
});
