/**
 * A GBK encoder for receipt text, small enough for a terminal: printable ASCII as one byte each
 * (GBK's single-byte range is ASCII), the Chinese characters of the receipt templates as their two
 * GBK bytes (the generated table in `gbk-table.ts`), and every other character as one '?' per
 * column it takes (UAX #11 width), so a merchant name with characters outside the table prints
 * with '?' in their place and the line keeps the layout the text renderer computed. No control
 * byte is ever produced from text: a control character is a '?' too.
 */
import { GBK_CHARACTERS, GBK_CODES } from './gbk-table';
import { charWidth } from './width';

const QUESTION = 0x3f;

let table: Map<number, number> | undefined;

function gbkTable(): Map<number, number> {
  if (table) return table;
  const t = new Map<number, number>();
  let i = 0;
  for (const ch of GBK_CHARACTERS) {
    t.set(ch.codePointAt(0)!, Number.parseInt(GBK_CODES.slice(i * 4, i * 4 + 4), 16));
    i++;
  }
  table = t;
  return t;
}

/**
 * True when the receipt encoder prints this character as itself: printable ASCII or a character
 * of the templates' GBK table.
 *
 * @example
 * ```ts
 * isGbkPrintable('消'); // true (in the templates: 消费)
 * isGbkPrintable('测'); // false (printed as '??')
 * ```
 */
export function isGbkPrintable(char: string): boolean {
  const c = char.codePointAt(0);
  if (c === undefined) return false;
  return (c >= 0x20 && c <= 0x7e) || gbkTable().has(c);
}

/**
 * Encode receipt text as GBK bytes for a printer in Chinese mode; a character outside the table
 * becomes '?' once per column it takes.
 *
 * @example
 * ```ts
 * encodeReceiptGbk('消费 SALE'); // CF FB B7 D1 20 53 41 4C 45
 * encodeReceiptGbk('测试');      // 3F 3F 3F 3F
 * ```
 */
export function encodeReceiptGbk(text: string): Uint8Array {
  const t = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) {
      out.push(c);
      continue;
    }
    const code = t.get(c);
    if (code !== undefined) out.push(code >> 8, code & 0xff);
    else for (let k = charWidth(c); k > 0; k--) out.push(QUESTION);
  }
  return Uint8Array.from(out);
}
