/**
 * EBCDIC code pages 037 (IBM CCSID 37, US/Canada) and 1047 (Latin-1 open systems), as mainframe
 * hosts and some ISO 8583 dialects use them. Both are full 256-entry bijections onto ISO-8859-1
 * (U+0000-U+00FF), per IBM CDRA; the tables below were generated from glibc's IBM037 and IBM1047
 * converters and are cross-checked in test/core/ebcdic.test.ts against fixtures/core/ebcdic.json.
 */
import { fail } from '../errors/error';
import { checkRange } from './range';

/** A supported EBCDIC code page. */
export type EbcdicCodePage = '037' | '1047';

function table(text: string): Uint8Array {
  const t = text.trim().split(/\s+/);
  const out = new Uint8Array(256);
  for (let i = 0; i < 256; i++) out[i] = parseInt(t[i]!, 16);
  return out;
}
function invert(t: Uint8Array): Uint8Array {
  const inv = new Uint8Array(256);
  for (let i = 0; i < 256; i++) inv[t[i]!] = i;
  return inv;
}

// EBCDIC byte -> ISO-8859-1 code point.
const CP037_TO_LATIN1 = table(`
  00 01 02 03 9C 09 86 7F 97 8D 8E 0B 0C 0D 0E 0F
  10 11 12 13 9D 85 08 87 18 19 92 8F 1C 1D 1E 1F
  80 81 82 83 84 0A 17 1B 88 89 8A 8B 8C 05 06 07
  90 91 16 93 94 95 96 04 98 99 9A 9B 14 15 9E 1A
  20 A0 E2 E4 E0 E1 E3 E5 E7 F1 A2 2E 3C 28 2B 7C
  26 E9 EA EB E8 ED EE EF EC DF 21 24 2A 29 3B AC
  2D 2F C2 C4 C0 C1 C3 C5 C7 D1 A6 2C 25 5F 3E 3F
  F8 C9 CA CB C8 CD CE CF CC 60 3A 23 40 27 3D 22
  D8 61 62 63 64 65 66 67 68 69 AB BB F0 FD FE B1
  B0 6A 6B 6C 6D 6E 6F 70 71 72 AA BA E6 B8 C6 A4
  B5 7E 73 74 75 76 77 78 79 7A A1 BF D0 DD DE AE
  5E A3 A5 B7 A9 A7 B6 BC BD BE 5B 5D AF A8 B4 D7
  7B 41 42 43 44 45 46 47 48 49 AD F4 F6 F2 F3 F5
  7D 4A 4B 4C 4D 4E 4F 50 51 52 B9 FB FC F9 FA FF
  5C F7 53 54 55 56 57 58 59 5A B2 D4 D6 D2 D3 D5
  30 31 32 33 34 35 36 37 38 39 B3 DB DC D9 DA 9F
`);
const CP1047_TO_LATIN1 = table(`
  00 01 02 03 9C 09 86 7F 97 8D 8E 0B 0C 0D 0E 0F
  10 11 12 13 9D 85 08 87 18 19 92 8F 1C 1D 1E 1F
  80 81 82 83 84 0A 17 1B 88 89 8A 8B 8C 05 06 07
  90 91 16 93 94 95 96 04 98 99 9A 9B 14 15 9E 1A
  20 A0 E2 E4 E0 E1 E3 E5 E7 F1 A2 2E 3C 28 2B 7C
  26 E9 EA EB E8 ED EE EF EC DF 21 24 2A 29 3B 5E
  2D 2F C2 C4 C0 C1 C3 C5 C7 D1 A6 2C 25 5F 3E 3F
  F8 C9 CA CB C8 CD CE CF CC 60 3A 23 40 27 3D 22
  D8 61 62 63 64 65 66 67 68 69 AB BB F0 FD FE B1
  B0 6A 6B 6C 6D 6E 6F 70 71 72 AA BA E6 B8 C6 A4
  B5 7E 73 74 75 76 77 78 79 7A A1 BF D0 5B DE AE
  AC A3 A5 B7 A9 A7 B6 BC BD BE DD A8 AF 5D B4 D7
  7B 41 42 43 44 45 46 47 48 49 AD F4 F6 F2 F3 F5
  7D 4A 4B 4C 4D 4E 4F 50 51 52 B9 FB FC F9 FA FF
  5C F7 53 54 55 56 57 58 59 5A B2 D4 D6 D2 D3 D5
  30 31 32 33 34 35 36 37 38 39 B3 DB DC D9 DA 9F
`);
const LATIN1_TO_CP037 = invert(CP037_TO_LATIN1);
const LATIN1_TO_CP1047 = invert(CP1047_TO_LATIN1);

function tablesFor(page: EbcdicCodePage): readonly [toLatin1: Uint8Array, fromLatin1: Uint8Array] {
  switch (page) {
    case '037':
      return [CP037_TO_LATIN1, LATIN1_TO_CP037];
    case '1047':
      return [CP1047_TO_LATIN1, LATIN1_TO_CP1047];
    default: {
      const never: never = page;
      return fail('INVALID_ARGUMENT', `unknown EBCDIC code page ${String(never)}`);
    }
  }
}

/** Options for the EBCDIC codecs. */
export interface EbcdicOptions {
  /** Code page (default `'037'`). */
  readonly codePage?: EbcdicCodePage;
  /** Path reported in errors. */
  readonly path?: string;
}

/**
 * Encode text (U+0000-U+00FF) as EBCDIC.
 *
 * @example
 * ```ts
 * encodeEbcdic('0200'); // [0xF0, 0xF2, 0xF0, 0xF0]
 * ```
 */
export function encodeEbcdic(text: string, options: EbcdicOptions = {}): Uint8Array {
  const [, from] = tablesFor(options.codePage ?? '037');
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) fail('EBCDIC_INVALID_CHARACTER', `character ${i} has no EBCDIC code`, { path: options.path ?? '', offset: i });
    out[i] = from[c]!;
  }
  return out;
}

/**
 * Decode EBCDIC bytes to text. Every byte has a character, so this never fails.
 *
 * @example
 * ```ts
 * decodeEbcdic(hex('F0F2F0F0')); // '0200'
 * ```
 */
export function decodeEbcdic(bytes: Uint8Array, options: EbcdicOptions = {}, start = 0, end = bytes.length): string {
  checkRange(bytes, start, end);
  const [to] = tablesFor(options.codePage ?? '037');
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(to[bytes[i]!]!);
  return s;
}
