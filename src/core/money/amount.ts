/**
 * Money as `bigint` minor units (DESIGN.md §2): decimal text in and out through bignumber.js with
 * an explicit rounding mode, and the fixed-length amount fields of ISO 8583 (n 12 for DE 4-6,
 * x+n 8/12/16 for the C/D signed amounts of DE 28-31, 46 and 97).
 */
import BigNumber from 'bignumber.js';
import { fail } from '../errors/error';
import { currency as lookupCurrency, type Currency } from './currencies';

/** A rounding mode for amounts that have more decimals than the currency's exponent. */
export type Rounding = 'half-up' | 'half-down' | 'half-even' | 'up' | 'down' | 'ceil' | 'floor';

// Our own BigNumber constructor so a caller's global BigNumber.config cannot change our results.
const Decimal = BigNumber.clone({ EXPONENTIAL_AT: 1e9, DECIMAL_PLACES: 40 });

function roundingMode(r: Rounding): BigNumber.RoundingMode {
  switch (r) {
    case 'half-up':
      return BigNumber.ROUND_HALF_UP;
    case 'half-down':
      return BigNumber.ROUND_HALF_DOWN;
    case 'half-even':
      return BigNumber.ROUND_HALF_EVEN;
    case 'up':
      return BigNumber.ROUND_UP;
    case 'down':
      return BigNumber.ROUND_DOWN;
    case 'ceil':
      return BigNumber.ROUND_CEIL;
    case 'floor':
      return BigNumber.ROUND_FLOOR;
    default: {
      const never: never = r;
      return fail('INVALID_ARGUMENT', `unknown rounding mode ${String(never)}`);
    }
  }
}

function resolve(c: Currency | string | number): Currency {
  return typeof c === 'object' ? c : lookupCurrency(c);
}

/** Options for {@link parseAmount}. */
export interface ParseAmountOptions {
  /** How to round extra decimals; without it, extra decimals are an `AMOUNT_PRECISION` error. */
  readonly rounding?: Rounding;
  /** Path reported in errors (default `'amount'`). */
  readonly path?: string;
}

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parse decimal text (`'12.34'`, `'-0.5'`, `'1000'`) into minor units of a currency.
 *
 * @example
 * ```ts
 * parseAmount('12.34', 'CNY');                         // 1234n
 * parseAmount('1234', 'JPY');                          // 1234n
 * parseAmount('1.2345', 'KWD', { rounding: 'half-even' }); // 1234n
 * parseAmount('1.005', 'USD');                          // throws AMOUNT_PRECISION
 * ```
 */
export function parseAmount(text: string, cur: Currency | string | number, options: ParseAmountOptions = {}): bigint {
  const path = options.path ?? 'amount';
  if (text.length > 64 || !DECIMAL_TEXT.test(text)) fail('AMOUNT_INVALID', 'expected decimal text such as 12.34', { path });
  const c = resolve(cur);
  let v = new Decimal(text).shiftedBy(c.exponent);
  if (!v.isInteger()) {
    if (!options.rounding) fail('AMOUNT_PRECISION', `${c.alpha} has ${c.exponent} decimal places and no rounding mode was given`, { path });
    v = v.integerValue(roundingMode(options.rounding));
  }
  return BigInt(v.toFixed(0));
}

/**
 * Format minor units as decimal text with exactly the currency's number of decimals.
 *
 * @example
 * ```ts
 * formatAmount(1234n, 'CNY'); // '12.34'
 * formatAmount(5n, 'CLF');    // '0.0005'
 * formatAmount(-1500n, 'JPY'); // '-1500'
 * ```
 */
export function formatAmount(minor: bigint, cur: Currency | string | number): string {
  const c = resolve(cur);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(c.exponent + 1, '0');
  const cut = digits.length - c.exponent;
  const text = c.exponent === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return neg ? `-${text}` : text;
}

/**
 * Convert minor units of one currency into another at a decimal rate (units of `to` per unit of
 * `from`), rounding as asked. Arithmetic is exact decimal (bignumber.js), never floating point.
 *
 * @example
 * ```ts
 * convertAmount(10000n, 'USD', 'JPY', '151.235', 'half-up'); // 15124n (100.00 USD -> 15124 JPY)
 * ```
 */
export function convertAmount(
  minor: bigint,
  from: Currency | string | number,
  to: Currency | string | number,
  rate: string,
  rounding: Rounding,
): bigint {
  if (rate.length > 64 || !DECIMAL_TEXT.test(rate)) fail('AMOUNT_INVALID', 'rate must be decimal text', { path: 'rate' });
  const f = resolve(from);
  const t = resolve(to);
  const v = new Decimal(minor.toString()).shiftedBy(-f.exponent).times(rate).shiftedBy(t.exponent).integerValue(roundingMode(rounding));
  return BigInt(v.toFixed(0));
}

/** Options for the ISO 8583 amount-field conversions. */
export interface AmountFieldOptions {
  /** Number of digits, without the sign (default 12, as DE 4, 5, 6). */
  readonly digits?: number;
  /**
   * `true` for x+n signed amounts: a leading `C` (credit, zero or positive) or `D` (debit,
   * negative), as DE 28-31, 46 and 97 carry them (ISO 8583:1987 §4.3, data element type x+n).
   */
  readonly signed?: boolean;
  /** Path reported in errors (default `'amount'`). */
  readonly path?: string;
}

/**
 * Minor units → the digits of an ISO 8583 amount field.
 *
 * @example
 * ```ts
 * toAmountField(1234n);                                   // '000000001234'
 * toAmountField(-250n, { digits: 8, signed: true });      // 'D00000250'
 * toAmountField(10n ** 12n);                              // throws AMOUNT_OUT_OF_RANGE
 * ```
 */
export function toAmountField(minor: bigint, options: AmountFieldOptions = {}): string {
  const digits = options.digits ?? 12;
  const path = options.path ?? 'amount';
  const neg = minor < 0n;
  if (neg && !options.signed) fail('AMOUNT_OUT_OF_RANGE', 'a negative amount needs a signed (x+n) field', { path });
  const text = (neg ? -minor : minor).toString();
  if (text.length > digits) fail('AMOUNT_OUT_OF_RANGE', `amount needs ${text.length} digits, the field has ${digits}`, { path });
  const body = text.padStart(digits, '0');
  return options.signed ? (neg ? 'D' : 'C') + body : body;
}

/**
 * The digits of an ISO 8583 amount field → minor units.
 *
 * @example
 * ```ts
 * fromAmountField('000000001234');                        // 1234n
 * fromAmountField('D00000250', { digits: 8, signed: true }); // -250n
 * ```
 */
export function fromAmountField(text: string, options: AmountFieldOptions = {}): bigint {
  const digits = options.digits ?? 12;
  const path = options.path ?? 'amount';
  const expected = digits + (options.signed ? 1 : 0);
  if (text.length !== expected) fail('AMOUNT_FIELD_INVALID', `expected ${expected} characters, found ${text.length}`, { path, offset: 0 });
  let sign = 1n;
  let start = 0;
  if (options.signed) {
    const s = text[0];
    if (s === 'D') sign = -1n;
    else if (s !== 'C') fail('AMOUNT_FIELD_INVALID', 'a signed amount starts with C or D', { path, offset: 0 });
    start = 1;
  }
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) fail('AMOUNT_FIELD_INVALID', `character ${i} is not a digit`, { path, offset: i });
  }
  return sign * BigInt(text.slice(start));
}
