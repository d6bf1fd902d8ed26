/**
 * Matching keys: how a response is paired with its request. The mux takes any key function; these
 * build the two usual ones from a decoded ISO 8583 message (anything with an `mti` and a
 * `get(field)`, so the transport layer needs no ISO 8583 code).
 */
import { fail } from '../../core/index';

/**
 * The least a decoded message must offer to be keyed. A `cardwire/iso8583` `IsoMessage` fits as
 * it is; the key fields must be text.
 */
export interface KeyedMessage {
  readonly mti: string;
  get(field: number): unknown;
}

/**
 * The MTI "class" a request shares with its response: version, class, and the function digit
 * folded onto the request (0/1 → 0, 2/3 → 2, 4/5 → 4, 6/7 → 6; ISO 8583:1987 §4.1.2.3), so
 * 0200 and 0210 both give `'020'`, 0420 and 0430 both give `'042'`. The origin digit is ignored,
 * as a repeat (0201) is answered like the original.
 *
 * @example
 * ```ts
 * mtiMatchClass('0210'); // '020'
 * ```
 */
export function mtiMatchClass(mti: string): string {
  if (!/^[0-9]{4}$/.test(mti)) fail('MUX_KEY_FIELD_MISSING', 'the MTI is not 4 digits', { path: 'MTI' });
  const f = mti.charCodeAt(2) - 48;
  return mti.slice(0, 2) + String(f <= 7 ? f & 6 : f);
}

function field(m: KeyedMessage, n: number): string {
  const v = m.get(n);
  if (typeof v !== 'string' || v === '') return fail('MUX_KEY_FIELD_MISSING', `DE ${n} is needed to match the response`, { path: `DE${n}` });
  return v;
}

/**
 * The default key: MTI class + DE 11 (STAN) + DE 41 (terminal id), as jPOS's QMUX does.
 *
 * @example
 * ```ts
 * mtiStanTerminalKey({ mti: '0200', get: (n) => ({ 11: '000123', 41: 'TERM0001' })[n] }); // '020|000123|TERM0001'
 * ```
 */
export function mtiStanTerminalKey(message: KeyedMessage): string {
  return `${mtiMatchClass(message.mti)}|${field(message, 11)}|${field(message, 41)}`;
}

/**
 * UnionPay's key: DE 11 + DE 41 (the POS centre echoes both; the MTI is not part of the match).
 *
 * @example
 * ```ts
 * stanTerminalKey({ mti: '0210', get: (n) => ({ 11: '000123', 41: 'TERM0001' })[n] }); // '000123|TERM0001'
 * ```
 */
export function stanTerminalKey(message: KeyedMessage): string {
  return `${field(message, 11)}|${field(message, 41)}`;
}
