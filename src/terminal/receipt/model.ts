/**
 * The receipt model: what a receipt says, as plain JSON-able data (no bigint, no full PAN), built
 * from the terminal's state and transactions and rendered by `text.ts` (32 / 48 columns) and
 * `escpos.ts` (thermal printers). The builders follow the UnionPay POS slips: 签购单 (sales slip,
 * one per copy), 结算总计单 (settlement), 交易明细 (transaction list).
 *
 * Choices made where slips differ between acquirers:
 * - the expiry date prints masked, two asterisks either side of the slash, on every copy (PCI DSS
 *   keeps printed receipts to the masked PAN; the real expiry stays in the terminal for the batch
 *   upload);
 * - voids, refunds, pre-auth voids and completion voids print their amount with a minus sign
 *   (`RMB -123.45`): money going back to the card;
 * - CNY prints as `RMB`, other currencies by their ISO 4217 letters;
 * - the date is the host's (DE 13 MMDD, DE 12 hhmmss) with the year of the terminal's own instant
 *   in China Standard Time, the year before or after when the host's date is nearer that way
 *   (a 31 December answer read on 1 January); without a host date, the terminal's own time.
 */
import { currency as lookupCurrency, fail, formatAmount, maskPan } from '../../core/index';
import { decodeCupSettlementTotals, type CupClassTotals, type CupSettlementTotals } from '../../iso8583/index';
import type { CardEntry, TerminalParams, TerminalState, TerminalTransaction, TerminalTransactionKind } from '../state';
import {
  CARD_ORGANISATIONS,
  CHIP_LABELS,
  KIND_NAMES,
  KIND_SHORT_NAMES,
  LIST_HEADS,
  RECEIPT_LABELS,
  RECEIPT_TEXT,
  SETTLEMENT_RESULTS,
  UNKNOWN_RESULT,
  type ReceiptWord,
} from './labels';

/** The language of a receipt: Chinese with English, or English alone. */
export type ReceiptLanguage = 'zh' | 'en';

/** Which copy of a sales slip: 商户存根, 持卡人存根, 银行存根. */
export type ReceiptCopy = 'merchant' | 'cardholder' | 'bank';

/** What a field's value is (stable names for programs reading the model). */
export type ReceiptFieldKey =
  | 'merchantName'
  | 'mid'
  | 'tid'
  | 'operator'
  | 'cardOrganisation'
  | 'cardNo'
  | 'expiry'
  | 'transactionType'
  | 'batch'
  | 'voucher'
  | 'authCode'
  | 'rrn'
  | 'dateTime'
  | 'amount'
  | 'originalVoucher'
  | 'originalRrn'
  | 'originalAuthCode'
  | 'aid'
  | 'appLabel'
  | 'arqc'
  | 'tc'
  | 'tvr'
  | 'tsi'
  | 'atc'
  | 'debitCount'
  | 'debitAmount'
  | 'creditCount'
  | 'creditAmount'
  | 'result'
  | 'count';

/** One element of a receipt, top to bottom. */
export type ReceiptItem =
  /** Centred, bold, double height on a thermal printer. */
  | { readonly type: 'title'; readonly text: string }
  /** Centred (copy name, REPRINT, sub-titles). */
  | { readonly type: 'centre'; readonly text: string }
  /** A section heading, left and bold (内卡 DOMESTIC). */
  | { readonly type: 'heading'; readonly text: string }
  /** Label left, value right; `emphasis` prints double height on a thermal printer. */
  | { readonly type: 'field'; readonly key: ReceiptFieldKey; readonly label: string; readonly value: string; readonly emphasis?: true }
  /** A paragraph, wrapped at the width. */
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'separator' }
  /** The label, then a box to sign in. */
  | { readonly type: 'signature'; readonly label: string }
  /** A row of the transaction list (the first row of a list is its column heads). */
  | { readonly type: 'entry'; readonly voucher: string; readonly transactionType: string; readonly cardNo: string; readonly authCode: string; readonly amount: string };

/** A receipt. */
export interface Receipt {
  readonly kind: 'transaction' | 'settlement' | 'forced-settlement' | 'transaction-list';
  readonly language: ReceiptLanguage;
  /** The copy of a sales slip. */
  readonly copy?: ReceiptCopy;
  readonly items: readonly ReceiptItem[];
}

/** What the builders need of the terminal (a `TerminalState` is one). */
export type ReceiptTerminal = Pick<TerminalState, 'tid' | 'mid' | 'merchantName' | 'operator' | 'batch'> & { readonly params: Pick<TerminalParams, 'language' | 'currency'> };

/** Options of {@link transactionReceipt}. */
export interface TransactionReceiptOptions {
  readonly copy: ReceiptCopy;
  readonly reprint: boolean;
  /** Default: the terminal's `params.language`. */
  readonly language?: ReceiptLanguage;
}

/** The terminal's clock offset for receipt dates (China Standard Time, UTC+8). */
const CST_OFFSET_MINUTES = 480;

/** The entry mark after the card number: how the card was read. */
const ENTRY_MARKS: Readonly<Record<CardEntry, string>> = { swipe: 'S', fallback: 'F', insert: 'I', tap: 'C', manual: 'M', qr: 'Q' };

/** Kinds whose amount goes back to the card (printed with a minus sign). */
const CREDIT_KINDS: ReadonlySet<TerminalTransactionKind> = new Set<TerminalTransactionKind>(['void', 'refund', 'preauth-void', 'completion-void']);

/** Which original a kind's slip names. */
const ORIGINAL_FIELDS: Readonly<Partial<Record<TerminalTransactionKind, readonly ('originalVoucher' | 'originalRrn' | 'originalAuthCode')[]>>> = {
  void: ['originalVoucher', 'originalAuthCode'],
  'completion-void': ['originalVoucher', 'originalAuthCode'],
  refund: ['originalRrn'],
  'preauth-void': ['originalAuthCode'],
  completion: ['originalAuthCode'],
  'completion-advice': ['originalAuthCode'],
};

const COPY_WORDS: Readonly<Record<ReceiptCopy, ReceiptWord>> = {
  merchant: RECEIPT_TEXT.merchantCopy,
  cardholder: RECEIPT_TEXT.cardholderCopy,
  bank: RECEIPT_TEXT.bankCopy,
};

/**
 * A word in the receipt's language: 'zh' gives the Chinese and the English, 'en' the English.
 *
 * @example
 * ```ts
 * receiptWord('zh', ['商户存根', 'MERCHANT COPY']); // '商户存根 MERCHANT COPY'
 * receiptWord('en', ['商户存根', 'MERCHANT COPY']); // 'MERCHANT COPY'
 * ```
 */
export function receiptWord(language: ReceiptLanguage, word: ReceiptWord): string {
  return language === 'zh' ? `${word[0]} ${word[1]}` : word[1];
}

/**
 * The name of a sales slip copy, as the slip and the `printing` event give it.
 *
 * @example
 * ```ts
 * copyName('cardholder', 'zh'); // '持卡人存根 CARDHOLDER COPY'
 * ```
 */
export function copyName(copy: ReceiptCopy, language: ReceiptLanguage): string {
  return receiptWord(language, COPY_WORDS[copy]);
}

type LabelKey = keyof typeof RECEIPT_LABELS;

function labelTexts(language: ReceiptLanguage): Readonly<Record<LabelKey, string>> {
  const out = {} as Record<LabelKey, string>;
  for (const key of Object.keys(RECEIPT_LABELS) as LabelKey[]) out[key] = receiptWord(language, RECEIPT_LABELS[key]);
  return out;
}

/** The field labels in each language, joined once (a slip has some twenty fields). */
const LABEL_TEXTS: Readonly<Record<ReceiptLanguage, Readonly<Record<LabelKey, string>>>> = { zh: labelTexts('zh'), en: labelTexts('en') };

function field(language: ReceiptLanguage, key: LabelKey, value: string, emphasis = false): ReceiptItem {
  const label = LABEL_TEXTS[language][key];
  return emphasis ? { type: 'field', key, label, value, emphasis: true } : { type: 'field', key, label, value };
}

/** Both languages of a sentence on their own lines ('zh'), or the English alone. */
function sentence(language: ReceiptLanguage, word: ReceiptWord): ReceiptItem[] {
  return language === 'zh' ? [{ type: 'text', text: word[0] }, { type: 'text', text: word[1] }] : [{ type: 'text', text: word[1] }];
}

function currencyMark(code: string): string {
  const alpha = lookupCurrency(code).alpha;
  return alpha === 'CNY' ? 'RMB' : alpha;
}

/** Minor units as the slip prints them, with the currency mark. */
function money(minor: bigint, currencyCode: string): string {
  return `${currencyMark(currencyCode)} ${formatAmount(minor, currencyCode)}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local (CST) wall-clock parts of an ISO instant. */
function localParts(at: string): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } {
  const t = new Date(at).getTime();
  if (!Number.isFinite(t)) fail('TERMINAL_RECEIPT_INVALID', 'a receipt time is an ISO 8601 instant', { path: 'at' });
  const local = new Date(t + CST_OFFSET_MINUTES * 60_000);
  return { y: local.getUTCFullYear(), mo: local.getUTCMonth() + 1, d: local.getUTCDate(), h: local.getUTCHours(), mi: local.getUTCMinutes(), s: local.getUTCSeconds(), ms: local.getTime() };
}

function stamp(y: number, mo: number, d: number, time: string): string {
  return `${y}/${two(mo)}/${two(d)} ${time}`;
}

/**
 * The date and time a receipt prints: the host's MMDD and hhmmss (DE 13 / 12) with the year of
 * `at` in China Standard Time, or the one before or after when that puts the date nearer `at`;
 * `at` itself when the host gave no date.
 *
 * @example
 * ```ts
 * receiptDateTime('1207', '103000', '2026-12-07T02:30:00Z'); // '2026/12/07 10:30:00'
 * receiptDateTime('1231', '235959', '2026-12-31T16:00:05Z'); // '2026/12/31 23:59:59' (read at 2027-01-01 00:00:05 CST)
 * receiptDateTime('', '', '2026-12-07T02:30:00Z');           // '2026/12/07 10:30:00'
 * ```
 */
export function receiptDateTime(hostDate: string, hostTime: string, at: string): string {
  const now = localParts(at);
  if (!/^\d{4}$/.test(hostDate)) return stamp(now.y, now.mo, now.d, `${two(now.h)}:${two(now.mi)}:${two(now.s)}`);
  const mo = Number(hostDate.slice(0, 2));
  const d = Number(hostDate.slice(2));
  const time = /^\d{6}$/.test(hostTime) ? `${hostTime.slice(0, 2)}:${hostTime.slice(2, 4)}:${hostTime.slice(4)}` : `${two(now.h)}:${two(now.mi)}:${two(now.s)}`;
  let best = now.y;
  let distance = Infinity;
  for (const y of [now.y - 1, now.y, now.y + 1]) {
    const gap = Math.abs(Date.UTC(y, mo - 1, d) - now.ms);
    if (gap < distance) {
      distance = gap;
      best = y;
    }
  }
  return stamp(best, mo, d, time);
}

function cardNumber(t: TerminalTransaction): string {
  return t.pan ? `${maskPan(t.pan)} /${ENTRY_MARKS[t.entry]}` : `/${ENTRY_MARKS[t.entry]}`;
}

function organisation(language: ReceiptLanguage, code: string): string {
  const known = CARD_ORGANISATIONS[code];
  return known ? (language === 'zh' ? known[0] : known[1]) : code;
}

/** The amount of a transaction as its slip prints it: negative for money back to the card. */
function signedAmount(t: TerminalTransaction): bigint {
  if (!/^\d{1,18}$/.test(t.amount)) fail('TERMINAL_RECEIPT_INVALID', 'a transaction amount is minor units in decimal digits', { path: `transaction[${t.voucher}].amount` });
  const minor = BigInt(t.amount);
  return CREDIT_KINDS.has(t.kind) ? -minor : minor;
}

function header(terminal: ReceiptTerminal, language: ReceiptLanguage, operator: string | undefined): ReceiptItem[] {
  return [
    field(language, 'merchantName', terminal.merchantName),
    field(language, 'mid', terminal.mid),
    field(language, 'tid', terminal.tid),
    ...(operator !== undefined ? [field(language, 'operator', operator)] : []),
  ];
}

/**
 * The sales slip (签购单) of one copy of a transaction. The PAN is masked (first 6, last 4) and
 * followed by its entry mark (S swipe, F fallback, I chip, C contactless, M manual, Q QR code);
 * chip transactions add their EMV lines; the merchant copy carries the signature box (when no PIN
 * was verified) and the cardholder's statement.
 *
 * @example
 * ```ts
 * const slip = transactionReceipt(state, transaction, { copy: 'merchant', reprint: false });
 * slip.items[0];  // { type: 'title', text: '银联POS签购单 POS SALES SLIP' }
 * slip.items.find((i) => i.type === 'field' && i.key === 'cardNo');
 * // { type: 'field', key: 'cardNo', label: '卡号 CARD NO.', value: '622588******0001 /S', emphasis: true }
 * ```
 */
export function transactionReceipt(terminal: ReceiptTerminal, t: TerminalTransaction, options: TransactionReceiptOptions): Receipt {
  return transactionReceipts(terminal, t, { copies: [options.copy], reprint: options.reprint, ...(options.language ? { language: options.language } : {}) })[0]!;
}

/**
 * The sales slips of several copies of one transaction, each as {@link transactionReceipt} gives
 * it: what every copy prints (the terminal, the card, the amount, the chip lines) is built once
 * and shared by the copies' item lists. @internal
 */
export function transactionReceipts(
  terminal: ReceiptTerminal,
  t: TerminalTransaction,
  options: { readonly copies: readonly ReceiptCopy[]; readonly reprint: boolean; readonly language?: ReceiptLanguage },
): Receipt[] {
  const lang = options.language ?? terminal.params.language;
  const body = slipBody(terminal, t, lang);
  const title: ReceiptItem = { type: 'title', text: receiptWord(lang, RECEIPT_TEXT.salesSlip) };
  return options.copies.map((copy): Receipt => {
    const items: ReceiptItem[] = [title, { type: 'centre', text: copyName(copy, lang) }];
    if (options.reprint) items.push({ type: 'centre', text: receiptWord(lang, RECEIPT_TEXT.reprint) });
    for (const item of body) items.push(item);
    if (t.pinVerified) items.push(...sentence(lang, RECEIPT_TEXT.pinVerified));
    if (copy === 'merchant') {
      if (!t.pinVerified) items.push({ type: 'signature', label: receiptWord(lang, RECEIPT_TEXT.signature) });
      items.push(...sentence(lang, RECEIPT_TEXT.statement));
    }
    return { kind: 'transaction', language: lang, copy, items };
  });
}

/** What every copy of a sales slip prints between its copy name and its closing sentences. */
function slipBody(terminal: ReceiptTerminal, t: TerminalTransaction, lang: ReceiptLanguage): ReceiptItem[] {
  const items: ReceiptItem[] = [{ type: 'separator' }, ...header(terminal, lang, t.operator), { type: 'separator' }];
  if (t.cardOrganisation) items.push(field(lang, 'cardOrganisation', organisation(lang, t.cardOrganisation)));
  items.push(field(lang, 'cardNo', cardNumber(t), true));
  if (t.expiry) items.push(field(lang, 'expiry', '**/**'));
  items.push(field(lang, 'transactionType', receiptWord(lang, KIND_NAMES[t.kind]), true));
  items.push(field(lang, 'batch', t.batch), field(lang, 'voucher', t.voucher));
  if (t.authCode) items.push(field(lang, 'authCode', t.authCode));
  if (t.rrn) items.push(field(lang, 'rrn', t.rrn));
  items.push(field(lang, 'dateTime', receiptDateTime(t.hostDate, t.hostTime, t.at)));
  const o = t.original;
  if (o) {
    for (const key of ORIGINAL_FIELDS[t.kind] ?? []) {
      const value = key === 'originalVoucher' ? o.voucher : key === 'originalRrn' ? o.rrn : o.authCode;
      if (value && !/^0+$/.test(value)) items.push(field(lang, key, value));
    }
  }
  items.push(field(lang, 'amount', money(signedAmount(t), t.currency), true));
  const chip = t.chip;
  if (chip) {
    items.push({ type: 'separator' });
    const emv = (key: keyof typeof CHIP_LABELS, value: string): void => {
      if (value) items.push({ type: 'field', key, label: CHIP_LABELS[key], value });
    };
    emv('aid', chip.aid);
    emv('appLabel', chip.label);
    // An offline approval's only cryptogram is its TC; online, the ARQC went to the host and the TC came back.
    if (t.kind === 'offline-purchase') emv('tc', chip.cryptogram);
    else {
      emv('arqc', chip.cryptogram);
      emv('tc', chip.finalCryptogram);
    }
    emv('tvr', chip.tvr);
    emv('tsi', chip.tsi);
    emv('atc', chip.atc);
  }
  items.push({ type: 'separator' });
  return items;
}

/** A finished settlement as the terminal keeps it (`TerminalState.lastSettlement`). */
export interface SettlementSummary {
  readonly batch: string;
  /** ISO instant of the settlement. */
  readonly at: string;
  /** The terminal's DE 48 (62 digits: per class debit amount, count, credit amount, count, result). */
  readonly requested: string;
  /** The host's result digit per class: 1 balanced, 2 unbalanced, 3 error. */
  readonly domesticResult: string;
  readonly foreignResult: string;
}

/** Options of the settlement and list builders. */
export interface ReceiptOptions {
  /** Default: the terminal's `params.language`. */
  readonly language?: ReceiptLanguage;
}

function classTotals(lang: ReceiptLanguage, totals: CupClassTotals, currencyCode: string): ReceiptItem[] {
  return [
    field(lang, 'debitCount', String(totals.debitCount)),
    field(lang, 'debitAmount', money(totals.debitAmount, currencyCode)),
    field(lang, 'creditCount', String(totals.creditCount)),
    field(lang, 'creditAmount', money(totals.creditAmount, currencyCode)),
  ];
}

function resultText(lang: ReceiptLanguage, digit: string): string {
  const known = (SETTLEMENT_RESULTS as Readonly<Record<string, ReceiptWord>>)[digit];
  return known ? receiptWord(lang, known) : `${receiptWord(lang, UNKNOWN_RESULT)} (${digit || '-'})`;
}

function settlementHead(terminal: ReceiptTerminal, lang: ReceiptLanguage, batch: string, at: string, subtitle?: ReceiptWord): ReceiptItem[] {
  return [
    { type: 'title', text: receiptWord(lang, RECEIPT_TEXT.settlement) },
    ...(subtitle ? [{ type: 'centre', text: receiptWord(lang, subtitle) } as const] : []),
    { type: 'separator' },
    ...header(terminal, lang, terminal.operator),
    field(lang, 'batch', batch),
    field(lang, 'dateTime', receiptDateTime('', '', at)),
  ];
}

/**
 * The settlement receipt (结算总计单): per card class (内卡 domestic, 外卡 foreign) the debit and
 * credit counts and amounts the terminal sent and the host's result: 1 对账平 BALANCED, 2 对账不平
 * UNBALANCED, 3 错误 ERROR (any other digit prints as UNKNOWN with the digit).
 *
 * @example
 * ```ts
 * const r = settlementReceipt(state, state.lastSettlement!);
 * r.items.filter((i) => i.type === 'field' && i.key === 'result').map((i) => i.type === 'field' && i.value);
 * // ['对账平 BALANCED', '对账平 BALANCED']
 * ```
 */
export function settlementReceipt(terminal: ReceiptTerminal, s: SettlementSummary, options: ReceiptOptions = {}): Receipt {
  const lang = options.language ?? terminal.params.language;
  const totals = decodeCupSettlementTotals(s.requested);
  const cur = terminal.params.currency;
  const items: ReceiptItem[] = [
    ...settlementHead(terminal, lang, s.batch, s.at),
    { type: 'separator' },
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.domestic) },
    ...classTotals(lang, totals.domestic, cur),
    field(lang, 'result', resultText(lang, s.domesticResult)),
    { type: 'separator' },
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.foreign) },
    ...classTotals(lang, totals.foreign, cur),
    field(lang, 'result', resultText(lang, s.foreignResult)),
    { type: 'separator' },
  ];
  return { kind: 'settlement', language: lang, items };
}

/** The open batch's totals shown when a next-day settlement is forced. */
export interface ForcedSettlementTotals {
  /** ISO instant shown. */
  readonly at: string;
  /** Successful transactions per card class (`Terminal.totals().settlement`). */
  readonly totals: Pick<CupSettlementTotals, 'domestic' | 'foreign'>;
  /** Failed (declined) transactions (`Terminal.totals().failed`). */
  readonly failed: { readonly count: number; readonly amount: bigint };
}

/**
 * The forced next-day settlement screen / receipt (隔日强制结算): the open batch's successful
 * totals per card class and its failed totals, before the settlement runs.
 *
 * @example
 * ```ts
 * const { settlement, failed } = pos.totals();
 * forcedSettlementReceipt(pos.state, { at: new Date().toISOString(), totals: settlement, failed }).items[1];
 * // { type: 'centre', text: '隔日强制结算 SETTLEMENT REQUIRED' }
 * ```
 */
export function forcedSettlementReceipt(terminal: ReceiptTerminal, f: ForcedSettlementTotals, options: ReceiptOptions = {}): Receipt {
  const lang = options.language ?? terminal.params.language;
  const cur = terminal.params.currency;
  const items: ReceiptItem[] = [
    ...settlementHead(terminal, lang, terminal.batch, f.at, RECEIPT_TEXT.settlementRequired),
    { type: 'separator' },
    { type: 'centre', text: receiptWord(lang, RECEIPT_TEXT.successful) },
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.domestic) },
    ...classTotals(lang, f.totals.domestic, cur),
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.foreign) },
    ...classTotals(lang, f.totals.foreign, cur),
    { type: 'separator' },
    { type: 'centre', text: receiptWord(lang, RECEIPT_TEXT.failed) },
    field(lang, 'count', String(f.failed.count)),
    field(lang, 'amount', money(f.failed.amount, cur)),
    { type: 'separator' },
  ];
  return { kind: 'forced-settlement', language: lang, items };
}

/** Options of {@link transactionListReceipt}. */
export interface TransactionListOptions extends ReceiptOptions {
  /** ISO instant printed. */
  readonly at: string;
  /** The batch's totals per card class (`batchTotals` of the listed transactions). */
  readonly totals: Pick<CupSettlementTotals, 'domestic' | 'foreign'>;
}

/**
 * The transaction list (交易明细): one row per transaction (voucher, type, masked PAN, amount,
 * authorisation code; declined and reversed ones are left out, voided ones stay with their void),
 * then the count and the totals per card class.
 *
 * @example
 * ```ts
 * const list = transactionListReceipt(pos.state, pos.transactions(), { at: now, totals: pos.totals().settlement });
 * list.items.filter((i) => i.type === 'entry')[1];
 * // { type: 'entry', voucher: '000001', transactionType: '消费', cardNo: '622588******0001', authCode: '123456', amount: '123.45' }
 * ```
 */
export function transactionListReceipt(terminal: ReceiptTerminal, transactions: readonly TerminalTransaction[], options: TransactionListOptions): Receipt {
  const lang = options.language ?? terminal.params.language;
  const pick = (w: ReceiptWord): string => (lang === 'zh' ? w[0] : w[1]);
  const listed = transactions.filter((t) => t.status !== 'declined' && t.status !== 'reversed');
  const items: ReceiptItem[] = [
    { type: 'title', text: receiptWord(lang, RECEIPT_TEXT.transactionList) },
    { type: 'separator' },
    ...header(terminal, lang, terminal.operator),
    field(lang, 'batch', terminal.batch),
    field(lang, 'dateTime', receiptDateTime('', '', options.at)),
    { type: 'separator' },
    {
      type: 'entry',
      voucher: pick(LIST_HEADS.voucher),
      transactionType: pick(LIST_HEADS.transactionType),
      cardNo: pick(LIST_HEADS.cardNo),
      authCode: pick(LIST_HEADS.authCode),
      amount: pick(LIST_HEADS.amount),
    },
    ...listed.map(
      (t): ReceiptItem => ({
        type: 'entry',
        voucher: t.voucher,
        transactionType: pick(KIND_SHORT_NAMES[t.kind]),
        cardNo: t.pan ? maskPan(t.pan) : '',
        authCode: t.authCode,
        amount: formatAmount(signedAmount(t), t.currency),
      }),
    ),
    { type: 'separator' },
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.totals) },
    field(lang, 'count', String(listed.length)),
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.domestic) },
    ...classTotals(lang, options.totals.domestic, terminal.params.currency),
    { type: 'heading', text: receiptWord(lang, RECEIPT_TEXT.foreign) },
    ...classTotals(lang, options.totals.foreign, terminal.params.currency),
    { type: 'separator' },
  ];
  return { kind: 'transaction-list', language: lang, items };
}
