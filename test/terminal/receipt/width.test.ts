import { fc, test as fcTest } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { charWidth, displayWidth, printableText, wrapText } from '../../../src/terminal/index';
import vectors from '../../../fixtures/terminal/east-asian-width.json';
import { columnsOf } from './widths';

describe('charWidth (UAX #11)', () => {
  test.each(vectors.vectors)('$codePoint $class → $width: $name', (v) => {
    expect(charWidth(v.char.codePointAt(0)!)).toBe(v.width);
    expect(displayWidth(v.char)).toBe(v.width);
  });

  test('a surrogate pair is one character', () => {
    expect(displayWidth('\u{20000}A')).toBe(3);
  });
});

describe('printableText', () => {
  test.each([
    ['A\nB', 'A?B'],
    ['\u001b@\u0000', '?@?'],
    ['DEL\u007f C1\u0085', 'DEL? C1?'],
    ['line\u2028sep', 'line?sep'],
    ['lone \ud800 surrogate', 'lone ? surrogate'],
    ['银联 OK \u{20000}', '银联 OK \u{20000}'],
  ])('%j → %j', (text, printable) => {
    expect(printableText(text)).toBe(printable);
  });
});

describe('fast paths agree with the code point definition', () => {
  // displayWidth and printableText skip the per-code-point loop for printable ASCII and for text
  // with nothing to replace; any string (lone surrogates, C0/C1, CJK, astral) must come out as the
  // definition says.
  const chars = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ unit: fc.constantFrom('A', ' ', '银', '联', '\u{20000}', '\u{1f600}', '\ud800', '\udc00', '\n', '\u0085', '\u2028', 'ｱ', '，'), maxLength: 24 }),
  );
  fcTest.prop([chars])('displayWidth and printableText', (text) => {
    let width = 0;
    let printable = '';
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      width += charWidth(c);
      printable += c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff) ? '?' : ch;
    }
    expect(displayWidth(text)).toBe(width);
    expect(printableText(text)).toBe(printable);
  });
});

describe('wrapText', () => {
  test.each([
    { text: '本人确认以上交易，同意将其记入本卡账户', columns: 32, lines: ['本人确认以上交易，同意将其记入本', '卡账户'] },
    // 31 columns: a double-width character that would end at column 32 goes to the next line whole.
    { text: '本人确认以上交易，同意将其记入本卡账户', columns: 31, lines: ['本人确认以上交易，同意将其记入', '本卡账户'] },
    { text: 'I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES', columns: 32, lines: ['I ACKNOWLEDGE SATISFACTORY', 'RECEIPT OF RELATIVE', 'GOODS/SERVICES'] },
    { text: '银联POS签购单', columns: 8, lines: ['银联POS', '签购单'] },
    { text: 'A  B', columns: 32, lines: ['A  B'] },
    { text: '   leading and trailing   ', columns: 32, lines: ['leading and trailing'] },
    { text: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', columns: 32, lines: ['ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', '6789'] },
    { text: 'X ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', columns: 32, lines: ['X', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', '6789'] },
    { text: '', columns: 32, lines: [] },
    { text: '   ', columns: 32, lines: [] },
  ])('$text at $columns', ({ text, columns, lines }) => {
    expect(wrapText(text, columns)).toEqual(lines);
  });

  const textArb = fc.array(fc.oneof(fc.constantFrom(' ', '  ', '消', '费', '，', 'ｱ', '가', '\u{20000}'), fc.string({ unit: 'grapheme-ascii', maxLength: 40 })), { maxLength: 30 }).map((a) => a.join(''));

  fcTest.prop([textArb, fc.integer({ min: 2, max: 48 })])('lines fit, keep every non-space character in order, and split no character', (text, columns) => {
    const lines = wrapText(text, columns);
    for (const l of lines) {
      expect(columnsOf(l)).toBeLessThanOrEqual(columns);
      expect(l).toBe(l.trim());
      expect(l.length).toBeGreaterThan(0);
    }
    const strip = (s: string): string => s.replace(/ /g, '');
    expect(lines.map(strip).join('')).toBe(strip(printableText(text)));
  });
});
