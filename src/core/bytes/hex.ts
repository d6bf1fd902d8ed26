/** Hex text ↔ bytes. Strict: an odd number of digits or a non-hex character is an error. */
import { fail } from '../errors/error';
import { checkRange } from './range';

const HEX_UPPER = '0123456789ABCDEF';
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_UPPER[i >> 4]! + HEX_UPPER[i & 15]!);
// char code → nibble value, 255 for "not hex".
const NIBBLE = new Uint8Array(128).fill(255);
for (let i = 0; i < 16; i++) {
  NIBBLE[HEX_UPPER.charCodeAt(i)] = i;
  NIBBLE[HEX_UPPER.toLowerCase().charCodeAt(i)] = i;
}

/** Options for {@link hex}. */
export interface HexOptions {
  /** Path reported in errors (default `''`). */
  readonly path?: string;
}

/**
 * Decode hex text to bytes. Upper and lower case are accepted; nothing else (no spaces, no `0x`).
 *
 * @example
 * ```ts
 * hex('9F2608'); // Uint8Array [0x9F, 0x26, 0x08]
 * hex('ABC');    // throws CardwireError HEX_ODD_LENGTH, offset 3
 * ```
 */
export function hex(text: string, options: HexOptions = {}): Uint8Array {
  const n = text.length;
  if (n % 2 !== 0) fail('HEX_ODD_LENGTH', `expected an even number of hex digits, got ${n}`, { path: options.path ?? '', offset: n });
  const out = new Uint8Array(n >> 1);
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const hi = a < 128 ? NIBBLE[a]! : 255;
    const lo = b < 128 ? NIBBLE[b]! : 255;
    if ((hi | lo) === 255) {
      const at = hi === 255 ? i : i + 1;
      fail('HEX_INVALID_CHARACTER', `character ${at} is not a hex digit`, { path: options.path ?? '', offset: at });
    }
    out[j] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Encode bytes as uppercase hex.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0x9f, 0x26])); // '9F26'
 * ```
 */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  checkRange(bytes, start, end);
  let s = '';
  for (let i = start; i < end; i++) s += BYTE_TO_HEX[bytes[i]!]!;
  return s;
}

/**
 * True when `text` is hex of even length, possibly empty (a check without throwing).
 *
 * @example
 * ```ts
 * isHex('9F26'); // true
 * isHex('9F2');  // false (odd length)
 * isHex('');     // true
 * ```
 */
export function isHex(text: string): boolean {
  if (text.length % 2 !== 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || NIBBLE[c] === 255) return false;
  }
  return true;
}
