// Properties of the text layout: whatever the merchant name, amounts, kinds or free text, every
// line fits the printer's width (counted by the tests' own width rule) and has no trailing space.
import { fc, test as fcTest } from '../../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { forcedSettlementReceipt, receiptLines, renderReceiptText, settlementReceipt, transactionListReceipt, transactionReceipt, type Receipt, type ReceiptColumns } from '../../../src/terminal/index';
import { encodeCupSettlementTotals } from '../../../src/iso8583/index';
import { layItem } from '../../../src/terminal/receipt/text';
import { transactionReceipts } from '../../../src/terminal/receipt/model';
import { amountArb, classTotalsArb, copyArb, itemArb, terminalArb, transactionArb } from './arbitraries';
import { columnsOf } from './widths';

const columnsArb = fc.constantFrom<ReceiptColumns>(32, 48);

function fits(receipt: Receipt, columns: ReceiptColumns): void {
  const lines = renderReceiptText(receipt, { columns });
  for (const line of lines) {
    expect(columnsOf(line), line).toBeLessThanOrEqual(columns);
    expect(line).not.toMatch(/ $/); // no trailing ASCII space (an ideographic space is a character)
  }
}

describe('every line fits the width', () => {
  fcTest.prop([terminalArb, transactionArb, copyArb, fc.boolean(), columnsArb])('sales slips', (terminal, t, copy, reprint, columns) => {
    fits(transactionReceipt(terminal, t, { copy, reprint }), columns);
  });

  fcTest.prop([terminalArb, classTotalsArb, classTotalsArb, fc.constantFrom('1', '2', '3', '0'), fc.constantFrom('1', '2', '3'), columnsArb])(
    'settlement receipts',
    (terminal, domestic, foreign, d, f, columns) => {
      fits(settlementReceipt(terminal, { batch: '000123', at: '2026-12-07T14:00:00Z', requested: encodeCupSettlementTotals({ domestic, foreign }), domesticResult: d, foreignResult: f }), columns);
    },
  );

  fcTest.prop([terminalArb, classTotalsArb, classTotalsArb, fc.nat({ max: 999 }), amountArb, columnsArb])('forced settlement totals', (terminal, domestic, foreign, count, amount, columns) => {
    fits(forcedSettlementReceipt(terminal, { at: '2026-12-08T01:00:00Z', totals: { domestic, foreign }, failed: { count, amount } }), columns);
  });

  fcTest.prop([terminalArb, fc.array(transactionArb, { maxLength: 8 }), classTotalsArb, columnsArb])('transaction lists', (terminal, list, domestic, columns) => {
    fits(transactionListReceipt(terminal, list, { at: '2026-12-07T14:00:00Z', totals: { domestic, foreign: domestic } }), columns);
  });

  fcTest.prop([fc.array(itemArb, { minLength: 1, maxLength: 12 }), columnsArb])('any model', (items, columns) => {
    fits({ kind: 'transaction', language: 'zh', items }, columns);
  });
});

describe('laid-out lines are remembered by content', () => {
  // Fields and texts are laid out once per width and content (a purchase prints two or three
  // copies); the cache is bounded. Whatever it holds, the output is what a fresh layout gives.
  const field = (i: number): Receipt => ({
    kind: 'transaction',
    language: 'zh',
    items: [
      { type: 'field', key: 'merchantName', label: '商户名称 MERCHANT NAME', value: `测试商户 ${i}` },
      { type: 'text', text: `本人确认以上交易 ${i % 7}` },
    ],
  });

  fcTest.prop([fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 40 }), fc.constantFrom<ReceiptColumns>(32, 48)])(
    'the same receipt renders the same lines, before and after the cache fills and clears',
    (ids, columns) => {
      const first = ids.map((i) => renderReceiptText(field(i), { columns }));
      // Push well past the cache's bound, then render everything again.
      for (let i = 3000; i < 3600; i++) renderReceiptText(field(i), { columns });
      ids.forEach((i, k) => expect(renderReceiptText(field(i), { columns })).toEqual(first[k]));
      expect(first[0]![0]).toContain('商户名称');
    },
    20_000,
  );
});

describe('the layout cache gives what a fresh layout gives', () => {
  // Every item but the list rows is laid out once per width and content and then taken from the
  // cache: rendering twice (the second time from the cache) equals laying out each item afresh.
  fcTest.prop([fc.array(itemArb, { minLength: 1, maxLength: 12 }), columnsArb])('any model without list rows', (all, columns) => {
    const items = all.flatMap((i) => (i.type === 'entry' ? [] : [i]));
    const receipt: Receipt = { kind: 'transaction', language: 'zh', items };
    const fresh = items.flatMap((i) => layItem(i, columns));
    const freshText = fresh.map((l) => (l.align === 'centre' ? ' '.repeat((columns - columnsOf(l.text)) >> 1) + l.text : l.text));
    for (let round = 0; round < 2; round++) {
      expect(receiptLines(receipt, { columns })).toEqual(fresh);
      expect(renderReceiptText(receipt, { columns })).toEqual(freshText);
    }
  });

  test.each([
    ['日期/时间 DATE/TIME', '2026/12/08 10:00:05'],
    ['商户编号 MERCHANT NO.', '898310048990002'],
    ['商户编号 MERCHANT NO.', ' 898310048990002'],
    ['商户编号 MERCHANT NO.', '898310048990002 '],
    ['商户编号 MERCHANT NO.', ''],
    ['商户编号 MERCHANT NO.', 'X'.repeat(32)],
    ['商户编号 MERCHANT NO.', 'X'.repeat(33)],
    ['LABEL', 'A  B'],
  ])('a field %s = "%s" (ASCII value, laid out without the cache) gives the fresh layout\'s lines', (label, value) => {
    for (const columns of [32, 48] as const) {
      for (const emphasis of [false, true]) {
        const item = { type: 'field', key: 'mid', label, value, ...(emphasis ? { emphasis: true as const } : {}) } as const;
        expect(receiptLines({ kind: 'transaction', language: 'zh', items: [item] }, { columns })).toEqual(layItem(item, columns));
      }
    }
  });

  fcTest.prop([terminalArb, transactionArb, fc.boolean()])('the copies of a sales slip built together are the copies built one by one', (terminal, t, reprint) => {
    const copies = ['merchant', 'cardholder', 'bank'] as const;
    const together = transactionReceipts(terminal, t, { copies, reprint });
    copies.forEach((copy, i) => expect(together[i]).toEqual(transactionReceipt(terminal, t, { copy, reprint })));
  });
});
