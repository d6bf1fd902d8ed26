// fast-check arbitraries for the receipt properties: transactions as the engine records them with
// random merchant names (CJK, fullwidth, Hangul, kana, emoji, control characters), amounts up to
// 999,999,999.99, kinds, entries and copies. The other numbers (TID, MID, RRN, auth code, chip
// data) are the fixtures' own: none is 12+ digits that could pass for a PAN.
import { fc } from '@fast-check/vitest';
import type { CupClassTotals } from '../../../src/iso8583/index';
import type { ReceiptCopy, ReceiptItem, ReceiptLanguage, ReceiptTerminal, TerminalTransaction, TerminalTransactionKind, CardEntry } from '../../../src/terminal/index';
import { GBK_CHARACTERS } from '../../../src/terminal/receipt/gbk-table';
import { CHIP_PURCHASE, SWIPE_PURCHASE, TERMINAL } from './fixtures';

const KINDS: readonly TerminalTransactionKind[] = ['purchase', 'void', 'refund', 'preauth', 'preauth-void', 'completion', 'completion-advice', 'completion-void', 'balance', 'transfer', 'offline-purchase'];
const ENTRIES: readonly CardEntry[] = ['swipe', 'fallback', 'insert', 'tap', 'manual', 'qr'];

const codePoint = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));

/** Text of every width class: ASCII words, template characters, other CJK, fullwidth, halfwidth, Hangul, kana, emoji, Ext B, controls. */
export const receiptTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
      fc.constantFrom(...GBK_CHARACTERS),
      codePoint(0x4e00, 0x9fff),
      codePoint(0x3400, 0x4dbf),
      codePoint(0xff01, 0xff60),
      codePoint(0xff61, 0xff9f),
      codePoint(0xac00, 0xd7a3),
      codePoint(0x3041, 0x30ff),
      codePoint(0x3000, 0x303e),
      codePoint(0x1f600, 0x1f64f),
      codePoint(0x20000, 0x2a6df),
      codePoint(0x00a0, 0x024f),
      fc.constantFrom(' ', '  ', '\n', '\t', '\u001b', '\u0085'),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

export const panArb: fc.Arbitrary<string> = fc.oneof(fc.stringMatching(/^62[0-9]{10,17}$/), fc.stringMatching(/^4[0-9]{11,18}$/));

/** Minor units up to 999,999,999.99. */
export const amountArb: fc.Arbitrary<bigint> = fc.bigInt({ min: 1n, max: 99_999_999_999n });

export const terminalArb: fc.Arbitrary<ReceiptTerminal> = fc.record({
  merchantName: receiptTextArb,
  language: fc.constantFrom<ReceiptLanguage>('zh', 'en'),
}).map(({ merchantName, language }) => ({ ...TERMINAL, merchantName, params: { language, currency: '156' } }));

export const transactionArb: fc.Arbitrary<TerminalTransaction> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    entry: fc.constantFrom(...ENTRIES),
    pan: panArb,
    amount: amountArb,
    pinVerified: fc.boolean(),
    chip: fc.boolean(),
    label: receiptTextArb,
    cardOrganisation: fc.constantFrom('CUP', 'VIS', 'MCC', 'JCB', '', 'ZZZ'),
    original: fc.boolean(),
  })
  .map((r) => {
    const { chip: _chip, ...base } = SWIPE_PURCHASE;
    return {
      ...base,
      kind: r.kind,
      entry: r.entry,
      pan: r.pan,
      amount: r.amount.toString(),
      pinVerified: r.pinVerified,
      cardOrganisation: r.cardOrganisation,
      ...(r.chip ? { chip: { ...CHIP_PURCHASE.chip!, label: r.label } } : {}),
      ...(r.original ? { original: { voucher: '000012', batch: '000001', rrn: '341020123456', authCode: '123456', hostDate: '1207' } } : {}),
    };
  });

export const copyArb: fc.Arbitrary<ReceiptCopy> = fc.constantFrom('merchant', 'cardholder', 'bank');

export const classTotalsArb: fc.Arbitrary<CupClassTotals> = fc.record({
  debitAmount: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
  debitCount: fc.integer({ min: 0, max: 999 }),
  creditAmount: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
  creditCount: fc.integer({ min: 0, max: 999 }),
  result: fc.constant('0' as const),
});

/** Receipt items with random text in every field (the layout must hold whatever a caller puts in). */
export const itemArb: fc.Arbitrary<ReceiptItem> = fc.oneof(
  receiptTextArb.map((text): ReceiptItem => ({ type: 'title', text })),
  receiptTextArb.map((text): ReceiptItem => ({ type: 'centre', text })),
  receiptTextArb.map((text): ReceiptItem => ({ type: 'heading', text })),
  receiptTextArb.map((text): ReceiptItem => ({ type: 'text', text })),
  receiptTextArb.map((label): ReceiptItem => ({ type: 'signature', label })),
  fc.constant<ReceiptItem>({ type: 'separator' }),
  fc.record({ label: receiptTextArb, value: receiptTextArb, emphasis: fc.boolean() }).map(({ label, value, emphasis }): ReceiptItem => ({ type: 'field', key: 'merchantName', label, value, ...(emphasis ? { emphasis: true as const } : {}) })),
  fc.record({ voucher: receiptTextArb, transactionType: receiptTextArb, cardNo: receiptTextArb, authCode: receiptTextArb, amount: receiptTextArb }).map((e): ReceiptItem => ({ type: 'entry', ...e })),
);
