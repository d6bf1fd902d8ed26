// The GBK subset: the committed table (scripts/gbk-table.mjs) holds exactly the non-ASCII
// characters of the receipt templates, each with the code Node's own GBK decoder (WHATWG Encoding
// Standard, index gb18030) gives back as that character.
import { describe, expect, test } from 'vitest';
import { toHex } from '../../../src/core/index';
import { encodeReceiptGbk, isGbkPrintable } from '../../../src/terminal/index';
import { GBK_CHARACTERS, GBK_CODES } from '../../../src/terminal/receipt/gbk-table';
import * as labels from '../../../src/terminal/receipt/labels';

const gbk = new TextDecoder('gbk', { fatal: true });

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

describe('the GBK table', () => {
  const chars = [...GBK_CHARACTERS];

  test('one 4-hex-digit code per character', () => {
    expect(GBK_CODES).toMatch(/^[0-9A-F]+$/);
    expect(GBK_CODES.length).toBe(chars.length * 4);
  });

  test('every code decodes (TextDecoder gbk) to its character, and is a two-byte GBK code', () => {
    chars.forEach((ch, i) => {
      const code = GBK_CODES.slice(i * 4, i * 4 + 4);
      const [lead, trail] = [Number.parseInt(code.slice(0, 2), 16), Number.parseInt(code.slice(2), 16)];
      expect(lead).toBeGreaterThanOrEqual(0x81);
      expect(trail).toBeGreaterThanOrEqual(0x40);
      expect(trail).not.toBe(0x7f);
      expect(gbk.decode(new Uint8Array([lead, trail]))).toBe(ch);
    });
  });

  test('covers exactly the non-ASCII characters of the templates (run scripts/gbk-table.mjs after changing labels.ts)', () => {
    const used = new Set(strings(labels).join('').split('').filter((c) => c.charCodeAt(0) > 0x7e));
    expect([...new Set(chars)].sort()).toEqual([...used].sort());
    expect(new Set(chars).size).toBe(chars.length);
  });
});

describe('encodeReceiptGbk', () => {
  test.each([
    { text: '消费 SALE', bytes: 'CFFBB7D12053414C45', why: 'template characters as two bytes, ASCII as one' },
    { text: '，', bytes: 'A3AC', why: 'FULLWIDTH COMMA of the statement' },
    { text: '测试商户一', bytes: '3F3F3F3FC9CCBBA73F3F', why: 'a merchant name: 商户 is in the templates, 测 试 一 are not (two columns, so ??)' },
    { text: 'Café', bytes: '4361663F', why: 'é is outside the table: one column, one ?' },
    { text: 'ｱ', bytes: '3F', why: 'halfwidth katakana: one column' },
    { text: '\u{1F600}', bytes: '3F3F', why: 'an emoji: two columns' },
    { text: 'A\u001b@\n', bytes: '413F403F', why: 'no control byte ever comes out of text' },
  ])('$text → $bytes ($why)', ({ text, bytes }) => {
    expect(toHex(encodeReceiptGbk(text))).toBe(bytes);
  });

  test('the bytes decode back (TextDecoder gbk) to the text with ? in place of the unknown characters', () => {
    expect(gbk.decode(encodeReceiptGbk('测试商户一 银联POS签购单'))).toBe('????商户?? 银联POS签购单');
  });

  test.each([
    ['消', true],
    ['A', true],
    [' ', true],
    ['测', false],
    ['\n', false],
    ['', false],
  ])('isGbkPrintable(%j) is %s', (ch, printable) => {
    expect(isGbkPrintable(ch)).toBe(printable);
  });
});
