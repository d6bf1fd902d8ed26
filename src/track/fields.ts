/**
 * The fields tracks 1 and 2 share (ISO/IEC 7813 §7): PAN, field separator, expiry date (YYMM),
 * service code, discretionary data. When the expiry date or the service code is not encoded, a
 * field separator takes its place (ISO/IEC 7813 §7.1/§7.2), so `PAN==101…` has no expiry and
 * `PAN=2512=…` no service code.
 */
import { fail } from '../core/index';

/** ISO/IEC 7812-1: a PAN is at most 19 digits. */
export const MAX_PAN_DIGITS = 19;

/** Where an error is reported: the path prefix and a map from data index to input offset. */
export interface FieldContext {
  readonly path: string;
  /** Maps an index in the data to the offset reported in errors (character or byte offset). */
  readonly at: (i: number) => number;
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
 * Read the PAN starting at `start` up to the field separator (one of `separators`). Returns the
 * PAN, the separator found and the index after it.
 */
export function readPan(
  data: string,
  start: number,
  separators: string,
  ctx: FieldContext,
): { readonly pan: string; readonly separator: string; readonly next: number } {
  const { path, at } = ctx;
  let i = start;
  while (i < data.length && isDigit(data.charCodeAt(i))) i++;
  if (i === data.length) fail('TRACK_MISSING_SEPARATOR', 'no field separator after the PAN', { path, offset: at(i) });
  const separator = data[i]!;
  if (!separators.includes(separator)) {
    fail('TRACK_INVALID_PAN', `PAN character ${i - start} is not a decimal digit`, { path: `${path}.pan`, offset: at(i) });
  }
  const pan = data.slice(start, i);
  if (pan.length === 0 || pan.length > MAX_PAN_DIGITS) {
    fail('TRACK_INVALID_PAN', `PAN has ${pan.length} digits, expected 1 to ${MAX_PAN_DIGITS}`, { path: `${path}.pan`, offset: at(start) });
  }
  return { pan, separator, next: i + 1 };
}

/**
 * Read `[YYMM|FS] [SC|FS]` starting at `start`, where FS is `separator`. Returns the expiry and
 * service code (`undefined` when a separator stands in their place) and the index after them.
 */
export function readExpiryServiceCode(
  data: string,
  start: number,
  separator: string,
  ctx: FieldContext,
): { readonly expiry: string | undefined; readonly serviceCode: string | undefined; readonly next: number } {
  const { path, at } = ctx;
  let i = start;
  let expiry: string | undefined;
  if (data[i] === separator) i++;
  else {
    expiry = data.slice(i, i + 4);
    checkExpiry(expiry, { path: `${path}.expiry`, offset: at(i) });
    i += 4;
  }
  let serviceCode: string | undefined;
  if (data[i] === separator) i++;
  else {
    serviceCode = data.slice(i, i + 3);
    if (serviceCode.length !== 3 || !isDigits(serviceCode)) {
      fail('SERVICE_CODE_INVALID', 'service code is not three digits', { path: `${path}.serviceCode`, offset: at(i) });
    }
    i += 3;
  }
  return { expiry, serviceCode, next: i };
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
