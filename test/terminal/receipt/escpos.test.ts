// ESC/POS output: the bytes of a small receipt derived by hand from the Epson ESC/POS Command
// Reference, then properties: the text bytes decode (GBK) back to the text renderer's lines, and
// no output ever holds the full PAN.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { encodeAscii, toHex } from '../../../src/core/index';
import { renderReceiptEscpos, renderReceiptText, transactionReceipt, type Receipt, type ReceiptColumns } from '../../../src/terminal/index';
import { GBK_CHARACTERS } from '../../../src/terminal/receipt/gbk-table';
import { copyArb, itemArb, terminalArb, transactionArb } from './arbitraries';
import { SWIPE_PURCHASE, TERMINAL } from './fixtures';
import { columnsOf } from './widths';

const gbk = new TextDecoder('gbk', { fatal: true });

/** Strip the commands this renderer uses and give the printed lines (centred lines re-padded as the printer centres them). */
function printedLines(bytes: Uint8Array, columns: number): string[] {
  expect(toHex(bytes.subarray(0, 4))).toBe('1B401C26'); // ESC @, FS &
  expect(toHex(bytes.subarray(bytes.length - 4))).toBe('1D564200'); // GS V 66 0
  const lines: string[] = [];
  let centre = false;
  let text: number[] = [];
  for (let i = 4; i < bytes.length - 4; ) {
    const b = bytes[i]!;
    if (b === 0x1b && bytes[i + 1] === 0x61) {
      centre = bytes[i + 2] === 1;
      i += 3;
    } else if ((b === 0x1b && bytes[i + 1] === 0x45) || (b === 0x1d && bytes[i + 1] === 0x21)) {
      i += 3;
    } else if (b === 0x0a) {
      const t = gbk.decode(Uint8Array.from(text));
      lines.push(centre ? ' '.repeat((columns - columnsOf(t)) >> 1) + t : t);
      text = [];
      i += 1;
    } else if (b >= 0x81) {
      text.push(b, bytes[i + 1]!);
      i += 2;
    } else {
      if (b < 0x20 || b > 0x7e) throw new Error(`byte ${b} at ${i} is neither a command nor text`);
      text.push(b);
      i += 1;
    }
  }
  expect(text).toEqual([]);
  return lines;
}

/** What the printer can print of a text line: characters outside ASCII and the GBK table become one '?' per column. */
function printable(line: string): string {
  return [...line].map((c) => ((c >= ' ' && c <= '~') || GBK_CHARACTERS.includes(c) ? c : '?'.repeat(columnsOf(c)))).join('');
}

describe('ESC/POS bytes, by hand', () => {
  test('a title, a field and a separator at 32 columns', () => {
    const receipt: Receipt = {
      kind: 'transaction',
      language: 'zh',
      items: [{ type: 'title', text: '消费' }, { type: 'field', key: 'amount', label: 'AMOUNT', value: 'RMB 1.00' }, { type: 'separator' }],
    };
    const expected = [
      '1B40', // ESC @: Initialize printer
      '1C26', // FS &: Select Kanji character mode (GB18030 / GBK two-byte codes)
      '1B6101', // ESC a 1: Select justification, centred (the title)
      '1B4501', // ESC E 1: Turn emphasized mode on
      '1D2101', // GS ! 0x01: Select character size, height x2, width x1
      'CFFBB7D1', // 消 CFFB, 费 B7D1 (GBK)
      '0A', // LF: Print and line feed
      '1B6100', // ESC a 0: left
      '1B4500', // ESC E 0: emphasized off
      '1D2100', // GS ! 0: normal size
      toHex(encodeAscii(`AMOUNT${' '.repeat(32 - 6 - 8)}RMB 1.00`)), // label left, value right: 6 + 18 spaces + 8 = 32
      '0A',
      toHex(encodeAscii('-'.repeat(32))), // the same styles: no command before it
      '0A',
      '1D564200', // GS V 66 0: feed to the cutting position, partial cut (function B)
    ].join('');
    expect(toHex(renderReceiptEscpos(receipt, { columns: 32 }))).toBe(expected);
  });

  test('an emphasised field is double height only (its columns do not change)', () => {
    const receipt: Receipt = { kind: 'transaction', language: 'en', items: [{ type: 'field', key: 'amount', label: 'AMOUNT', value: 'RMB 1.00', emphasis: true }] };
    expect(toHex(renderReceiptEscpos(receipt, { columns: 32 }))).toBe(`1B401C26${'1D2101'}${toHex(encodeAscii(`AMOUNT${' '.repeat(18)}RMB 1.00`))}0A1D564200`);
  });

  test('a merchant name outside the table prints ? per column and keeps the alignment', () => {
    const slip = transactionReceipt({ ...TERMINAL, merchantName: '测试商户一' }, SWIPE_PURCHASE, { copy: 'merchant', reprint: false });
    const lines = printedLines(renderReceiptEscpos(slip, { columns: 32 }), 32);
    // 22 + 1 + 10 columns do not fit 32: the value goes under its label, at the right edge.
    expect(lines.slice(3, 5)).toEqual(['商户名称 MERCHANT NAME', `${' '.repeat(22)}????商户??`]);
    expect(columnsOf(lines[4]!)).toBe(32);
  });

  test('a width other than 32 or 48 is TERMINAL_RECEIPT_INVALID', () => {
    const slip = transactionReceipt(TERMINAL, SWIPE_PURCHASE, { copy: 'merchant', reprint: false });
    expect(() => renderReceiptEscpos(slip, { columns: 40 as ReceiptColumns })).toThrowError(expect.objectContaining({ code: 'TERMINAL_RECEIPT_INVALID', path: 'columns' }));
    expect(() => renderReceiptText(slip, { columns: 0 as ReceiptColumns })).toThrowError(expect.objectContaining({ code: 'TERMINAL_RECEIPT_INVALID', path: 'columns' }));
  });
});

const columnsArb = fc.constantFrom<ReceiptColumns>(32, 48);

describe('ESC/POS properties', () => {
  fcTest.prop([terminalArb, transactionArb, copyArb, fc.boolean(), columnsArb])('a sales slip decodes back to the text renderer lines', (terminal, t, copy, reprint, columns) => {
    const slip = transactionReceipt(terminal, t, { copy, reprint });
    expect(printedLines(renderReceiptEscpos(slip, { columns }), columns)).toEqual(renderReceiptText(slip, { columns }).map(printable));
  });

  fcTest.prop([fc.array(itemArb, { maxLength: 12 }), columnsArb])('any receipt model decodes back to the text renderer lines', (items, columns) => {
    const receipt: Receipt = { kind: 'transaction', language: 'zh', items };
    expect(printedLines(renderReceiptEscpos(receipt, { columns }), columns)).toEqual(renderReceiptText(receipt, { columns }).map(printable));
  });

  fcTest.prop([terminalArb, transactionArb, copyArb, fc.boolean(), columnsArb])('the full PAN is never in the text nor in the ESC/POS bytes', (terminal, t, copy, reprint, columns) => {
    fc.pre(!terminal.merchantName.includes(t.pan) && !(t.chip?.label ?? '').includes(t.pan));
    const slip = transactionReceipt(terminal, t, { copy, reprint });
    expect(JSON.stringify(slip)).not.toContain(t.pan);
    expect(renderReceiptText(slip, { columns }).join('\n')).not.toContain(t.pan);
    const bytes = toHex(renderReceiptEscpos(slip, { columns }));
    const pan = toHex(encodeAscii(t.pan));
    // Compare at byte boundaries (2 hex digits a byte).
    for (let at = bytes.indexOf(pan); at !== -1; at = bytes.indexOf(pan, at + 1)) expect(at % 2).toBe(1);
  });
});
