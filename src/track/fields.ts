/**
 * The fields tracks 1 and 2 share (ISO/IEC 7813 §7): PAN, field separator, expiry date (YYMM),
 * service code, discretionary data. When the expiry date or the service code is not encoded, a
 * field separator takes its place (ISO/IEC 7813 §7.1/§7.2), so `PAN==101…` has no expiry and
 * `PAN=2512=…` no service code.
 */
import { fail } from '../core/index';

/** ISO/IEC 7812-1: a PAN is at most 19 digits. */
export const MAX_PAN_DIGITS = 19;

/** The fields after the PAN separator, as read. */
export interface PanExpiryServiceCode {
  readonly pan: string;
  readonly expiry: string | undefined;
  readonly serviceCode: string | undefined;
  /** Index in the data of the first character after the service code (discretionary data). */
  readonly rest: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `s` is only decimal digits (and not empty). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Read `PAN FS [YYMM|FS] [SC|FS]` from `data`. `separators` are the characters accepted as the
 * field separator (`^` on track 1; `=` or `D` on track 2); `absent` is the separator that marks
 * a missing expiry or service code. `at(i)` maps an index in `data` to the offset reported in
 * errors (the character offset in a text, the byte offset in packed BCD).
 */
export function readPanExpiryServiceCode(
  data: string,
  options: { readonly separators: string; readonly path: string; readonly at: (i: number) => number; readonly panStart?: number },
): PanExpiryServiceCode & { readonly separator: string } {
  const { separators, path, at } = options;
  const start = options.panStart ?? 0;
  let i = start;
  while (i < data.length && isDigit(data.charCodeAt(i))) i++;
  if (i === data.length) {
    fail('TRACK_MISSING_SEPARATOR', 'no field separator after the PAN', { path, offset: at(i) });
  }
  const sep = data[i]!;
  if (!separators.includes(sep)) {
    fail('TRACK_INVALID_PAN', `PAN character ${i - start} is not a decimal digit`, { path: `${path}.pan`, offset: at(i) });
  }
  const pan = data.slice(start, i);
  if (pan.length === 0 || pan.length > MAX_PAN_DIGITS) {
    fail('TRACK_INVALID_PAN', `PAN has ${pan.length} digits, expected 1 to ${MAX_PAN_DIGITS}`, { path: `${path}.pan`, offset: at(start) });
  }
  i++;
  let expiry: string | undefined;
  if (data[i] === sep) i++;
  else {
    expiry = data.slice(i, i + 4);
    checkExpiry(expiry, { path: `${path}.expiry`, offset: at(i) });
    i += 4;
  }
  let serviceCode: string | undefined;
  if (data[i] === sep) i++;
  else {
    serviceCode = data.slice(i, i + 3);
    if (serviceCode.length !== 3 || !isDigits(serviceCode)) {
      fail('SERVICE_CODE_INVALID', 'service code is not three digits', { path: `${path}.serviceCode`, offset: at(i) });
    }
    i += 3;
  }
  return { pan, separator: sep, expiry, serviceCode, rest: i };
}

/** Check an expiry date `YYMM` (month 01-12); throws TRACK_INVALID_EXPIRY. */
export function checkExpiry(expiry: string, where: { readonly path: string; readonly offset?: number }): void {
  const ok = expiry.length === 4 && isDigits(expiry) && expiry.slice(2) >= '01' && expiry.slice(2) <= '12';
  if (!ok) {
    fail('TRACK_INVALID_EXPIRY', 'expiry date is not YYMM with a month 01-12', where.offset === undefined ? { path: where.path } : { path: where.path, offset: where.offset });
  }
}

/** Check a PAN for building: 1 to 19 digits. */
export function checkPan(pan: string, path: string): void {
  if (pan.length === 0 || pan.length > MAX_PAN_DIGITS || !isDigits(pan)) {
    fail('TRACK_INVALID_PAN', `PAN must be 1 to ${MAX_PAN_DIGITS} decimal digits`, { path });
  }
}

/** Check a service code for building: three digits. */
export function checkServiceCode(code: string, path: string): void {
  if (code.length !== 3 || !isDigits(code)) fail('SERVICE_CODE_INVALID', 'service code is not three digits', { path });
}
