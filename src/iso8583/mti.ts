/**
 * Message type indicator helpers (ISO 8583-1:2003 §5.3.2; ISO 8583:1987 §4.1): four digits for
 * version, class, function and origin. `0200` is a 1987 financial request from the acquirer;
 * `0210` its response; `0400` a reversal request; `0420` a reversal advice.
 */
import { fail } from '../core/index';

/** Digit 1: the version of ISO 8583. */
export type MtiVersion = '1987' | '1993' | '2003' | 'national' | 'private' | 'reserved';
/** Digit 2: the message class. */
export type MtiClass =
  | 'reserved'
  | 'authorization'
  | 'financial'
  | 'file-actions'
  | 'reversal'
  | 'reconciliation'
  | 'administrative'
  | 'fee-collection'
  | 'network-management';
/** Digit 3: the message function. */
export type MtiFunction =
  | 'request'
  | 'request-response'
  | 'advice'
  | 'advice-response'
  | 'notification'
  | 'notification-acknowledgement'
  | 'instruction'
  | 'instruction-acknowledgement'
  | 'reserved';
/** Digit 4: the message origin. */
export type MtiOrigin = 'acquirer' | 'acquirer-repeat' | 'issuer' | 'issuer-repeat' | 'other' | 'other-repeat' | 'reserved';

/** Throw ISO8583_MTI_INVALID unless `mti` is four decimal digits. */
export function assertMti(mti: unknown, path = 'mti'): asserts mti is string {
  if (typeof mti !== 'string' || mti.length !== 4) fail('ISO8583_MTI_INVALID', 'an MTI is four decimal digits', { path });
  for (let i = 0; i < 4; i++) {
    const c = mti.charCodeAt(i);
    if (c < 48 || c > 57) fail('ISO8583_MTI_INVALID', 'an MTI is four decimal digits', { path, offset: i });
  }
}

function digit(mti: string, i: number): number {
  assertMti(mti);
  return mti.charCodeAt(i) - 48;
}

function withDigit(mti: string, i: number, d: number): string {
  return mti.slice(0, i) + String(d) + mti.slice(i + 1);
}

/**
 * The version digit.
 *
 * @example
 * ```ts
 * mtiVersion('0200'); // '1987'
 * mtiVersion('1100'); // '1993'
 * ```
 */
export function mtiVersion(mti: string): MtiVersion {
  const v: readonly MtiVersion[] = ['1987', '1993', '2003', 'reserved', 'reserved', 'reserved', 'reserved', 'reserved', 'national', 'private'];
  return v[digit(mti, 0)]!;
}

/**
 * The class digit.
 *
 * @example
 * ```ts
 * mtiClass('0200'); // 'financial'
 * mtiClass('0800'); // 'network-management'
 * ```
 */
export function mtiClass(mti: string): MtiClass {
  const c: readonly MtiClass[] = [
    'reserved',
    'authorization',
    'financial',
    'file-actions',
    'reversal',
    'reconciliation',
    'administrative',
    'fee-collection',
    'network-management',
    'reserved',
  ];
  return c[digit(mti, 1)]!;
}

/**
 * The function digit.
 *
 * @example
 * ```ts
 * mtiFunction('0210'); // 'request-response'
 * ```
 */
export function mtiFunction(mti: string): MtiFunction {
  const f: readonly MtiFunction[] = [
    'request',
    'request-response',
    'advice',
    'advice-response',
    'notification',
    'notification-acknowledgement',
    'instruction',
    'instruction-acknowledgement',
    'reserved',
    'reserved',
  ];
  return f[digit(mti, 2)]!;
}

/**
 * The origin digit.
 *
 * @example
 * ```ts
 * mtiOrigin('0201'); // 'acquirer-repeat'
 * ```
 */
export function mtiOrigin(mti: string): MtiOrigin {
  const o: readonly MtiOrigin[] = ['acquirer', 'acquirer-repeat', 'issuer', 'issuer-repeat', 'other', 'other-repeat', 'reserved', 'reserved', 'reserved', 'reserved'];
  return o[digit(mti, 3)]!;
}

/**
 * The response to a request or advice: function digit + 1 (`0200` → `0210`, `0420` → `0430`).
 *
 * @example
 * ```ts
 * responseMti('0200'); // '0210'
 * responseMti('0800'); // '0810'
 * ```
 */
export function responseMti(mti: string): string {
  const f = digit(mti, 2);
  if (f % 2 !== 0 || f > 6) fail('ISO8583_MTI_INVALID', 'only a request, advice, notification or instruction has a response', { path: 'mti', offset: 2 });
  return withDigit(mti, 2, f + 1);
}

/**
 * The repeat of a message: origin digit + 1 (`0200` → `0201`, `0420` → `0421`).
 *
 * @example
 * ```ts
 * repeatMti('0420'); // '0421'
 * ```
 */
export function repeatMti(mti: string): string {
  const o = digit(mti, 3);
  if (o % 2 !== 0 || o > 4) fail('ISO8583_MTI_INVALID', 'the message is already a repeat', { path: 'mti', offset: 3 });
  return withDigit(mti, 3, o + 1);
}

/**
 * The advice form of a request (function digit 2): `0100` → `0120`, `0200` → `0220`.
 *
 * @example
 * ```ts
 * adviceMti('0100'); // '0120'
 * ```
 */
export function adviceMti(mti: string): string {
  const f = digit(mti, 2);
  if (f !== 0 && f !== 2) fail('ISO8583_MTI_INVALID', 'only a request has an advice form', { path: 'mti', offset: 2 });
  return withDigit(mti, 2, 2);
}

/**
 * The reversal of a message (class 4), keeping request/advice: `0200` → `0400`, `0220` → `0420`.
 *
 * @example
 * ```ts
 * reversalMti('0200'); // '0400'
 * reversalMti('0100', { advice: true }); // '0420'
 * ```
 */
export function reversalMti(mti: string, options: { readonly advice?: boolean } = {}): string {
  const c = digit(mti, 1);
  if (c !== 1 && c !== 2) fail('ISO8583_MTI_INVALID', 'only authorization and financial messages are reversed', { path: 'mti', offset: 1 });
  const f = digit(mti, 2);
  const fn = options.advice === true ? 2 : f === 2 ? 2 : 0;
  return `${mti[0]!}4${fn}${mti[3] === '1' ? '0' : mti[3]!}`;
}

/**
 * True when the MTI is a response (odd function digit).
 *
 * @example
 * ```ts
 * isResponseMti('0810'); // true
 * ```
 */
export function isResponseMti(mti: string): boolean {
  return digit(mti, 2) % 2 === 1;
}
