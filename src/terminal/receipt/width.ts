/**
 * How many columns a character takes on a receipt: Unicode Standard Annex #11, East Asian Width
 * (Unicode 15.1, EastAsianWidth.txt). Wide (W) and Fullwidth (F) characters take two columns, all
 * others one: Narrow, Halfwidth and Neutral by definition, and Ambiguous (A) ones too, as UAX #11 §5
 * recommends outside an East Asian legacy context (the receipt templates use none, and the GBK
 * printer path prints every character outside its table as '?', one per column).
 *
 * Only the blocks that occur on receipts and in merchant names are listed: Hangul Jamo, the CJK
 * radicals, symbols and punctuation, Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, the
 * enclosed and compatibility CJK blocks, CJK Unified Ideographs with Extension A and Extensions
 * B-H, Yi, Hangul syllables, CJK compatibility ideographs, the vertical and small forms, the
 * fullwidth forms of U+FF00-FFEF (not its halfwidth Katakana and Hangul, which are H) and the two
 * main emoji blocks.
 */

// [first, last] code points whose East_Asian_Width is W or F, in order.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants (W)
  [0x2e80, 0x2fff], // CJK Radicals Supplement, Kangxi Radicals, Ideographic Description Characters (W)
  [0x3000, 0x3000], // IDEOGRAPHIC SPACE (F)
  [0x3001, 0x303e], // CJK Symbols and Punctuation (W; U+303F is N)
  [0x3041, 0x3247], // Hiragana, Katakana, Bopomofo, Hangul Compatibility Jamo, Kanbun, CJK Strokes, Enclosed CJK to U+3247 (W)
  [0x3250, 0x4dbf], // Enclosed CJK from U+3250, CJK Compatibility, CJK Unified Ideographs Extension A (W; U+3248-324F are A)
  [0x4e00, 0x9fff], // CJK Unified Ideographs (W)
  [0xa000, 0xa4cf], // Yi Syllables, Yi Radicals (W)
  [0xa960, 0xa97f], // Hangul Jamo Extended-A (W)
  [0xac00, 0xd7a3], // Hangul Syllables (W)
  [0xf900, 0xfaff], // CJK Compatibility Ideographs (W)
  [0xfe10, 0xfe19], // Vertical Forms (W)
  [0xfe30, 0xfe6f], // CJK Compatibility Forms, Small Form Variants (W)
  [0xff01, 0xff60], // Fullwidth ASCII variants and brackets (F)
  [0xffe0, 0xffe6], // Fullwidth signs (F); U+FF61-FFDC and U+FFE8-FFEE are Halfwidth (H)
  [0x1f300, 0x1f64f], // Miscellaneous Symbols and Pictographs, Emoticons (W)
  [0x1f900, 0x1f9ff], // Supplemental Symbols and Pictographs (W)
  [0x20000, 0x2fffd], // CJK Unified Ideographs Extensions B-F, CJK Compatibility Supplement (W)
  [0x30000, 0x3fffd], // CJK Unified Ideographs Extensions G-H (W)
];

/** Printable ASCII only: one column a character, nothing to replace (the common case on receipts). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What {@link printableText} may have to replace (surrogates included: the slow path keeps the paired ones). */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/**
 * The columns one code point takes: 2 for East Asian Wide and Fullwidth, else 1.
 *
 * @example
 * ```ts
 * charWidth(0x6d88); // 2 (消)
 * charWidth(0x41);   // 1 (A)
 * charWidth(0xff0c); // 2 (，FULLWIDTH COMMA)
 * charWidth(0xff71); // 1 (ｱ HALFWIDTH KATAKANA A)
 * ```
 */
export function charWidth(codePoint: number): 1 | 2 {
  if (codePoint < 0x1100) return 1;
  for (const [first, last] of WIDE) {
    if (codePoint < first) return 1;
    if (codePoint <= last) return 2;
  }
  return 1;
}

/**
 * The columns a text takes (code point by code point, see {@link charWidth}).
 *
 * @example
 * ```ts
 * displayWidth('消费 SALE'); // 9
 * ```
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x1100) {
      n++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    n += charWidth(c);
  }
  return n;
}

/**
 * Text a printer can show as it is: C0 and C1 control characters, DEL, line and paragraph
 * separators and lone surrogates each become '?', so a merchant name can neither break a line nor
 * carry a printer command.
 *
 * @example
 * ```ts
 * printableText('A\nB\u001b@'); // 'A?B?@'
 * ```
 */
export function printableText(text: string): string {
  if (PRINTABLE_ASCII.test(text) || !UNPRINTABLE.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff);
    out += bad ? '?' : ch;
  }
  return out;
}
