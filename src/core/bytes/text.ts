/** 7-bit ASCII and ISO-8859-1 (latin-1) text ↔ bytes, byte for byte, without TextEncoder. */
import { fail } from '../errors/error';
import { checkRange } from './range';

/** Options for the text codecs. */
export interface TextCodecOptions {
  /** Path reported in errors. */
  readonly path?: string;
  /** Offset of `bytes[start]` in the caller's input, added to reported offsets. */
  readonly baseOffset?: number;
}

function encode(text: string, max: number, options: TextCodecOptions): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > max) {
      fail(max === 127 ? 'ASCII_INVALID_CHARACTER' : 'LATIN1_INVALID_CHARACTER', `character ${i} is outside ${max === 127 ? 'ASCII' : 'ISO-8859-1'}`, {
        path: options.path ?? '',
        offset: i,
      });
    }
    out[i] = c;
  }
  return out;
}

/**
 * Encode 7-bit ASCII text. A character above U+007F is an error.
 *
 * @example
 * ```ts
 * encodeAscii('0200'); // [0x30, 0x32, 0x30, 0x30]
 * ```
 */
export function encodeAscii(text: string, options: TextCodecOptions = {}): Uint8Array {
  return encode(text, 127, options);
}

/**
 * Decode 7-bit ASCII bytes. A byte above 0x7F is an error.
 *
 * @example
 * ```ts
 * decodeAscii(hex('30323030')); // '0200'
 * ```
 */
export function decodeAscii(bytes: Uint8Array, options: TextCodecOptions = {}, start = 0, end = bytes.length): string {
  checkRange(bytes, start, end, options.path);
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b > 127) fail('ASCII_INVALID_CHARACTER', `byte ${i - start} is 0x${b.toString(16).toUpperCase()}, outside ASCII`, { path: options.path ?? '', offset: (options.baseOffset ?? 0) + i });
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * Encode ISO-8859-1 text (U+0000-U+00FF), one byte per character.
 *
 * @example
 * ```ts
 * encodeLatin1('Zürich'); // [0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68]
 * ```
 */
export function encodeLatin1(text: string, options: TextCodecOptions = {}): Uint8Array {
  return encode(text, 255, options);
}

/**
 * Decode ISO-8859-1 bytes; every byte is a character, so this never fails.
 *
 * @example
 * ```ts
 * decodeLatin1(hex('5AFC72696368')); // 'Zürich'
 * ```
 */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  checkRange(bytes, start, end);
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
