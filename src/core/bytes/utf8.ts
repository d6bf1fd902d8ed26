/**
 * UTF-8 (RFC 3629) without TextEncoder/TextDecoder, so the pure layers need no platform globals:
 * merchant names, receipts and journal records carry Chinese text.
 */
import { fail } from '../errors/error';

/**
 * Encode text as UTF-8. A lone surrogate is an error (it has no UTF-8 form).
 *
 * @example
 * ```ts
 * encodeUtf8('消费'); // E6 B6 88 E8 B4 B9
 * ```
 */
export function encodeUtf8(text: string, options: { readonly path?: string } = {}): Uint8Array {
  // ASCII only (journal records, messages): one byte a character, no oversized buffer to cut.
  const ascii = new Uint8Array(text.length);
  let k = 0;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x80) break;
    ascii[k] = c;
  }
  if (k === text.length) return ascii;
  // The ASCII prefix is done: at most three bytes for each character after it.
  const out = new Uint8Array(k + (text.length - k) * 3);
  out.set(ascii.subarray(0, k));
  let n = k;
  for (let i = k; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) fail('UTF8_INVALID', `character ${i} is a lone surrogate`, { path: options.path ?? '', offset: i });
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      i++;
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, n);
}

/**
 * Decode UTF-8 strictly: overlong forms, surrogates, code points above U+10FFFF and truncated
 * sequences are `UTF8_INVALID` at the offending byte.
 *
 * @example
 * ```ts
 * decodeUtf8(hex('E6B688E8B4B9')); // '消费'
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, options: { readonly path?: string } = {}): string {
  let s = '';
  const bad = (at: number): never => fail('UTF8_INVALID', 'not a valid UTF-8 sequence', { path: options.path ?? '', offset: at });
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b <= 0xef ? 3 : 0) : b >= 0xc2 ? 2 : 0;
    if (len === 0 || i + len > bytes.length) bad(i);
    let c = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    for (let k = 1; k < len; k++) {
      const x = bytes[i + k]!;
      if ((x & 0xc0) !== 0x80) bad(i + k);
      c = (c << 6) | (x & 63);
    }
    if ((len === 3 && c < 0x800) || (len === 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff)) bad(i);
    s += c >= 0x10000 ? String.fromCharCode(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)) : String.fromCharCode(c);
    i += len;
  }
  return s;
}
