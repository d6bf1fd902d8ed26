/** The Luhn (mod 10) check digit of ISO/IEC 7812-1 Annex B, used by every PAN. */
import { fail } from './errors/error';

function luhnSum(digits: string, doubleFirst: boolean, path: string): number {
  let sum = 0;
  let dbl = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    const c = digits.charCodeAt(i) - 48;
    if (c < 0 || c > 9) fail('LUHN_INVALID_INPUT', `character ${i} is not a decimal digit`, { path, offset: i });
    if (dbl) sum += c < 5 ? c * 2 : c * 2 - 9;
    else sum += c;
    dbl = !dbl;
  }
  return sum;
}

/**
 * The check digit to append to `digits` (ISO/IEC 7812-1 Annex B).
 *
 * @example
 * ```ts
 * luhnCheckDigit('7992739871'); // '3'  (ISO/IEC 7812-1 Annex B example: 79927398713)
 * ```
 */
export function luhnCheckDigit(digits: string, options: { readonly path?: string } = {}): string {
  if (digits.length === 0) fail('LUHN_INVALID_INPUT', 'no digits', { path: options.path ?? '' });
  const sum = luhnSum(digits, true, options.path ?? '');
  return String.fromCharCode(48 + ((10 - (sum % 10)) % 10));
}

/**
 * True when the last digit of `number` is its correct Luhn check digit. Non-digits are an error.
 *
 * @example
 * ```ts
 * isLuhnValid('79927398713'); // true
 * isLuhnValid('79927398710'); // false
 * ```
 */
export function isLuhnValid(number: string, options: { readonly path?: string } = {}): boolean {
  if (number.length < 2) fail('LUHN_INVALID_INPUT', 'need at least two digits', { path: options.path ?? '' });
  return luhnSum(number, false, options.path ?? '') % 10 === 0;
}
