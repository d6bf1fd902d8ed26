import { fc, test as fcTest } from '@fast-check/vitest';
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
