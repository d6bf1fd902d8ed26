import { describe, expect, test } from 'vitest';
import { KIND_RULES, receiptDateTime, settlementReceipt, transactionListReceipt, transactionReceipt, type Receipt, type ReceiptItem, type TerminalTransaction } from '../../../src/terminal/index';
import { KIND_NAMES } from '../../../src/terminal/receipt/labels';
import { CHIP_PURCHASE, EN_TERMINAL, REFUND, SWIPE_PURCHASE, TERMINAL, VOID } from './fixtures';

function fieldValue(r: Receipt, key: string): string | undefined {
  const f = r.items.find((i): i is Extract<ReceiptItem, { type: 'field' }> => i.type === 'field' && i.key === key);
  return f?.value;
}

const types = (r: Receipt): string[] => r.items.map((i) => i.type);
const texts = (r: Receipt): string[] => r.items.flatMap((i) => ('text' in i ? [i.text] : i.type === 'signature' ? [i.label] : []));

describe('receiptDateTime: the host date with the year of the terminal instant (CST)', () => {
  test.each([
    { hostDate: '1207', hostTime: '103000', at: '2026-12-07T02:30:01Z', shown: '2026/12/07 10:30:00', why: 'the same day' },
    { hostDate: '1207', hostTime: '010000', at: '2026-12-06T17:00:02Z', shown: '2026/12/07 01:00:00', why: 'already the 7th in CST while the 6th in UTC' },
    { hostDate: '1231', hostTime: '235959', at: '2026-12-31T16:00:05Z', shown: '2026/12/31 23:59:59', why: 'the host answered on 31 December, the terminal stored it on 1 January 2027 CST' },
    { hostDate: '0101', hostTime: '000001', at: '2026-12-31T15:59:58Z', shown: '2027/01/01 00:00:01', why: 'the host is already in the new year' },
    { hostDate: '', hostTime: '', at: '2026-12-07T02:30:00Z', shown: '2026/12/07 10:30:00', why: 'no host date (offline): the terminal time' },
    { hostDate: '1207', hostTime: '', at: '2026-12-07T02:30:00Z', shown: '2026/12/07 10:30:00', why: 'no host time: the terminal time of day' },
  ])('$why', ({ hostDate, hostTime, at, shown }) => {
    expect(receiptDateTime(hostDate, hostTime, at)).toBe(shown);
  });
});

describe('sales slip contents per copy', () => {
  test('the merchant copy: signature box without PIN, statement; cardholder and bank copies neither', () => {
    const merchant = transactionReceipt(TERMINAL, CHIP_PURCHASE, { copy: 'merchant', reprint: false });
    expect(types(merchant)).toContain('signature');
    expect(texts(merchant)).toContain('本人确认以上交易，同意将其记入本卡账户');
    for (const copy of ['cardholder', 'bank'] as const) {
      const r = transactionReceipt(TERMINAL, CHIP_PURCHASE, { copy, reprint: false });
      expect(types(r)).not.toContain('signature');
      expect(texts(r).join('\n')).not.toContain('本人确认');
      expect(texts(r).join('\n')).not.toContain('ACKNOWLEDGE');
    }
    expect(texts(transactionReceipt(TERMINAL, CHIP_PURCHASE, { copy: 'bank', reprint: false }))).toContain('银行存根 BANK COPY');
  });

  test('with a verified PIN: PIN VERIFIED on every copy and no signature box', () => {
    for (const copy of ['merchant', 'cardholder', 'bank'] as const) {
      const r = transactionReceipt(EN_TERMINAL, SWIPE_PURCHASE, { copy, reprint: false });
      expect(texts(r)).toContain('PIN VERIFIED, NO SIGNATURE');
      expect(types(r)).not.toContain('signature');
    }
  });

  test('REPRINT only on a reprint, once', () => {
    expect(texts(transactionReceipt(EN_TERMINAL, SWIPE_PURCHASE, { copy: 'merchant', reprint: true })).filter((t) => t.includes('REPRINT'))).toEqual(['REPRINT']);
    expect(texts(transactionReceipt(EN_TERMINAL, SWIPE_PURCHASE, { copy: 'merchant', reprint: false })).join('\n')).not.toContain('REPRINT');
  });

  test('the language option overrides the terminal', () => {
    expect(transactionReceipt(TERMINAL, SWIPE_PURCHASE, { copy: 'merchant', reprint: false, language: 'en' }).items[0]).toEqual({ type: 'title', text: 'POS SALES SLIP' });
  });

  test.each([
    { entry: 'swipe', mark: '/S' },
    { entry: 'fallback', mark: '/F' },
    { entry: 'insert', mark: '/I' },
    { entry: 'tap', mark: '/C' },
    { entry: 'manual', mark: '/M' },
    { entry: 'qr', mark: '/Q' },
  ] as const)('entry $entry: card number masked 6/4, then $mark', ({ entry, mark }) => {
    expect(fieldValue(transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, entry }, { copy: 'merchant', reprint: false }), 'cardNo')).toBe(`622588******0001 ${mark}`);
  });

  test.each([
    { code: 'CUP', zh: '银联 CUP', en: 'CUP' },
    { code: 'VIS', zh: 'VISA', en: 'VISA' },
    { code: 'MCC', zh: 'MASTERCARD', en: 'MASTERCARD' },
    { code: 'JCB', zh: 'JCB', en: 'JCB' },
    { code: 'XYZ', zh: 'XYZ', en: 'XYZ' },
  ])('card organisation $code: $zh / $en (unknown codes as they came)', ({ code, zh, en }) => {
    expect(fieldValue(transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, cardOrganisation: code }, { copy: 'merchant', reprint: false }), 'cardOrganisation')).toBe(zh);
    expect(fieldValue(transactionReceipt(EN_TERMINAL, { ...SWIPE_PURCHASE, cardOrganisation: code }, { copy: 'merchant', reprint: false }), 'cardOrganisation')).toBe(en);
  });

  test('no card organisation, no expiry: those lines are left out; the expiry is never printed', () => {
    const r = transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, cardOrganisation: '', expiry: undefined }, { copy: 'merchant', reprint: false });
    expect(fieldValue(r, 'cardOrganisation')).toBeUndefined();
    expect(fieldValue(r, 'expiry')).toBeUndefined();
    for (const copy of ['merchant', 'cardholder', 'bank'] as const) expect(fieldValue(transactionReceipt(TERMINAL, SWIPE_PURCHASE, { copy, reprint: false }), 'expiry')).toBe('**/**');
  });

  test.each([
    { kind: 'purchase', amount: 'RMB 123.45' },
    { kind: 'void', amount: 'RMB -123.45' },
    { kind: 'refund', amount: 'RMB -123.45' },
    { kind: 'preauth', amount: 'RMB 123.45' },
    { kind: 'preauth-void', amount: 'RMB -123.45' },
    { kind: 'completion', amount: 'RMB 123.45' },
    { kind: 'completion-advice', amount: 'RMB 123.45' },
    { kind: 'completion-void', amount: 'RMB -123.45' },
    { kind: 'transfer', amount: 'RMB 123.45' },
    { kind: 'offline-purchase', amount: 'RMB 123.45' },
  ] as const)('$kind prints $amount', ({ kind, amount }) => {
    expect(fieldValue(transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, kind }, { copy: 'merchant', reprint: false }), 'amount')).toBe(amount);
  });

  test('another currency prints its ISO 4217 letters', () => {
    expect(fieldValue(transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, currency: '840' }, { copy: 'merchant', reprint: false }), 'amount')).toBe('USD 123.45');
  });

  test('the slip type names are the engine transaction names', () => {
    for (const [kind, rule] of Object.entries(KIND_RULES)) expect(KIND_NAMES[kind as keyof typeof KIND_RULES]).toEqual([rule.zh, rule.en]);
  });

  test.each([
    { t: VOID, keys: { originalVoucher: '000012', originalAuthCode: '123456', originalRrn: undefined } },
    { t: REFUND, keys: { originalVoucher: undefined, originalAuthCode: undefined, originalRrn: '340920000001' } },
    {
      t: { ...SWIPE_PURCHASE, kind: 'completion', original: { voucher: '000000', batch: '000000', rrn: '', authCode: '778899', hostDate: '1206' } } as TerminalTransaction,
      keys: { originalVoucher: undefined, originalAuthCode: '778899', originalRrn: undefined },
    },
  ])('$t.kind names its original', ({ t, keys }) => {
    const r = transactionReceipt(TERMINAL, t, { copy: 'merchant', reprint: false });
    for (const [key, value] of Object.entries(keys)) expect(fieldValue(r, key)).toBe(value);
  });

  test('chip lines: ARQC and TC online; an offline sale has only its TC', () => {
    const online = transactionReceipt(TERMINAL, CHIP_PURCHASE, { copy: 'merchant', reprint: false });
    expect(['aid', 'appLabel', 'arqc', 'tc', 'tvr', 'tsi', 'atc'].map((k) => fieldValue(online, k))).toEqual(['A000000333010101', 'PBOC DEBIT', 'A1B2C3D4E5F60718', '1122334455667788', '0000048000', 'E800', '001C']);
    const offline = transactionReceipt(TERMINAL, { ...CHIP_PURCHASE, kind: 'offline-purchase', chip: { ...CHIP_PURCHASE.chip!, finalCryptogram: '' } }, { copy: 'merchant', reprint: false });
    expect(fieldValue(offline, 'arqc')).toBeUndefined();
    expect(fieldValue(offline, 'tc')).toBe('A1B2C3D4E5F60718');
    expect(fieldValue(transactionReceipt(TERMINAL, SWIPE_PURCHASE, { copy: 'merchant', reprint: false }), 'aid')).toBeUndefined();
  });

  test('the model is plain JSON and holds no full PAN', () => {
    for (const t of [SWIPE_PURCHASE, CHIP_PURCHASE, VOID, REFUND]) {
      const r = transactionReceipt(TERMINAL, t, { copy: 'merchant', reprint: true });
      const json = JSON.stringify(r);
      expect(JSON.parse(json)).toEqual(r);
      expect(json).not.toContain(t.pan);
    }
  });
});

describe('settlement result digits', () => {
  const de48 = '0'.repeat(62);
  test.each([
    { digit: '1', zh: '对账平 BALANCED', en: 'BALANCED' },
    { digit: '2', zh: '对账不平 UNBALANCED', en: 'UNBALANCED' },
    { digit: '3', zh: '错误 ERROR', en: 'ERROR' },
    { digit: '0', zh: '未知 UNKNOWN (0)', en: 'UNKNOWN (0)' },
    { digit: '', zh: '未知 UNKNOWN (-)', en: 'UNKNOWN (-)' },
  ])('result $digit: $zh / $en', ({ digit, zh, en }) => {
    expect(fieldValue(settlementReceipt(TERMINAL, { batch: '000001', at: '2026-12-07T14:00:00Z', requested: de48, domesticResult: digit, foreignResult: '1' }), 'result')).toBe(zh);
    expect(fieldValue(settlementReceipt(EN_TERMINAL, { batch: '000001', at: '2026-12-07T14:00:00Z', requested: de48, domesticResult: digit, foreignResult: '1' }), 'result')).toBe(en);
  });
});

describe('the transaction list', () => {
  test('declined and reversed transactions are left out; voided ones stay beside their void', () => {
    const list = transactionListReceipt(TERMINAL, [{ ...SWIPE_PURCHASE, status: 'voided' }, VOID, { ...CHIP_PURCHASE, status: 'declined' }, { ...REFUND, status: 'reversed' }], {
      at: '2026-12-07T14:00:00Z',
      totals: { domestic: { debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' }, foreign: { debitAmount: 0n, debitCount: 0, creditAmount: 0n, creditCount: 0, result: '0' } },
    });
    expect(list.items.flatMap((i) => (i.type === 'entry' ? [i.voucher] : []))).toEqual(['凭证号', '000012', '000014']);
    expect(fieldValue(list, 'count')).toBe('2');
  });
});

describe('errors', () => {
  test('an amount that is not digits is TERMINAL_RECEIPT_INVALID', () => {
    expect(() => transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, amount: '12.34' }, { copy: 'merchant', reprint: false })).toThrowError(
      expect.objectContaining({ code: 'TERMINAL_RECEIPT_INVALID', path: 'transaction[000012].amount' }),
    );
  });

  test('a time that is not an instant is TERMINAL_RECEIPT_INVALID', () => {
    expect(() => receiptDateTime('1207', '103000', 'yesterday')).toThrowError(expect.objectContaining({ code: 'TERMINAL_RECEIPT_INVALID', path: 'at' }));
  });

  test('an unknown currency is CURRENCY_UNKNOWN', () => {
    expect(() => transactionReceipt(TERMINAL, { ...SWIPE_PURCHASE, currency: '001' }, { copy: 'merchant', reprint: false })).toThrowError(expect.objectContaining({ code: 'CURRENCY_UNKNOWN' }));
  });

  test('settlement totals that are not 62 digits are ISO8583_FIELD_VALUE_INVALID at DE48', () => {
    expect(() => settlementReceipt(TERMINAL, { batch: '000001', at: '2026-12-07T14:00:00Z', requested: '123', domesticResult: '1', foreignResult: '1' })).toThrowError(
      expect.objectContaining({ code: 'ISO8583_FIELD_VALUE_INVALID', path: 'DE48' }),
    );
  });
});
