/**
 * Masking and redaction of sensitive values (DESIGN.md §2). PCI DSS v4.0 requirement 3.4.1 allows
 * at most the BIN and the last four digits of a PAN to be displayed: by default the first 6 and the
 * last 4; 8-digit BINs (ISO/IEC 7812-1:2017) with `first: 8` where the PAN has 16 or more digits.
 * Every `describe()`, `toString`, `toJSON` and inspect hook in cardwire goes through these helpers.
 */
import { fail } from './errors/error';

/** Options for {@link maskPan}. */
export interface MaskPanOptions {
  /** Leading digits to keep: 0-8 (default 6; 8 for 8-digit BINs). More is `INVALID_ARGUMENT`. */
  readonly first?: number;
  /** Trailing digits to keep: 0-4 (default 4). More is `INVALID_ARGUMENT`. */
  readonly last?: number;
  /** Mask character (default `'*'`). */
  readonly char?: string;
}

/**
 * Mask a PAN, keeping the first 6 (or 8) and last 4 digits. A value shorter than any PAN (under 12
 * digits) shows at most half of itself, so a masked value never gives away more than the rule.
 * With `first: 8`, PANs shorter than 16 digits fall back to the 6-digit BIN, as PCI DSS requires.
 *
 * @example
 * ```ts
 * maskPan('6225881234567890');              // '622588******7890'
 * maskPan('6225881234567890', { first: 8 }); // '62258812****7890'
 * ```
 */
export function maskPan(pan: string, options: MaskPanOptions = {}): string {
  const n = pan.length;
  const char = options.char ?? '*';
  let first = options.first ?? 6;
  let last = options.last ?? 4;
  // PCI DSS 3.4.1's maximum is the BIN (8 digits at most) and the last 4. Asking for more, or for
  // a negative or fractional count, would show more of the PAN (slice(0, -3) keeps all but 3).
  if (!Number.isInteger(first) || first < 0 || first > 8) fail('INVALID_ARGUMENT', 'first must be an integer 0-8', { path: 'maskPan.first' });
  if (!Number.isInteger(last) || last < 0 || last > 4) fail('INVALID_ARGUMENT', 'last must be an integer 0-4', { path: 'maskPan.last' });
  if (first > 6 && n < 16) first = 6;
  // PANs are 12-19 digits (ISO/IEC 7812-1); anything shorter shows at most half of itself.
  while (n < 12 && first + last > n >> 1) {
    if (first >= last && first > 0) first--;
    else last--;
  }
  return pan.slice(0, first) + char.repeat(n - first - last) + pan.slice(n - last);
}

/**
 * Mask magnetic-stripe track data: the PAN as {@link maskPan}, everything after it (expiry,
 * service code, discretionary data, name) hidden, sentinels, separators and length kept.
 *
 * @example
 * ```ts
 * maskTrack(';6225881234567890=25122010000000000000?'); // ';622588******7890=********************?'
 * ```
 */
export function maskTrack(track: string, options: MaskPanOptions = {}): string {
  const char = options.char ?? '*';
  let out = '';
  let i = 0;
  // Keep the start sentinel and a track-1 format code.
  while (i < track.length && (track[i] === '%' || track[i] === ';')) out += track[i++];
  if (out.endsWith('%') && i < track.length && /[A-Z]/.test(track[i]!)) out += track[i++];
  let j = i;
  while (j < track.length && /[0-9]/.test(track[j]!)) j++;
  out += maskPan(track.slice(i, j), options);
  for (let k = j; k < track.length; k++) {
    const c = track[k]!;
    // The separator right after the PAN ('=', '^' or EMV's 'D'), track-1 '^' and the end sentinel stay.
    out += k === j || c === '^' || (c === '?' && k === track.length - 1) ? c : char;
  }
  return out;
}

/**
 * Redact a secret entirely, keeping only its size: `'[redacted 16 bytes]'`.
 *
 * @example
 * ```ts
 * redact(hex('0123456789ABCDEF')); // '[redacted 8 bytes]'
 * redact('1234');                  // '[redacted 4 chars]'
 * ```
 */
export function redact(value: Uint8Array | string): string {
  return typeof value === 'string' ? `[redacted ${value.length} chars]` : `[redacted ${value.length} bytes]`;
}

/**
 * The symbol Node's `util.inspect` looks for. Defined with `Symbol.for` so pure code can install a
 * masked inspect hook without importing `node:util`.
 */
export const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;
