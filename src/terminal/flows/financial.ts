/**
 * The financial transactions as one short sequence over the engine: checks → supervisor (void,
 * refund, pre-auth void, completion void) → original → amount → card (chip, with fallback to
 * swipe) → PIN → request → send under the reversal rule → commit → receipt. What differs per
 * kind is data ({@link KIND_RULES}); the reversal rule lives in `Engine.financial`.
 */
import type { CancelSignal } from '../../core/index';
import type { IsoMessage, TlvValueNode } from '../../iso8583/index';
import { decodeCupBalance } from '../../iso8583/index';
import { chipCapable, readCardFor, type CardRead } from '../card-input';
import type { Engine } from '../engine';
import type { EntryMethod } from '../ports';
import { entryModeOf, financialRequest, type RequestCard } from '../profiles/unionpay';
import type { TerminalRecord, TerminalTransaction, TerminalTransactionKind } from '../state';
import { codeText, readyFor, refused, supervise, transactionRecord, type TransactionResult } from './common';
import { printTransaction } from './print';
import { CHIP_KINDS, runChipTransaction } from './chip';

/** What a caller may give up front (else the engine prompts for it). */
export interface TransactionInput {
  readonly amount?: bigint;
  /** Void / completion void: the original's voucher number. */
  readonly voucher?: string;
  /** Refund: the original's RRN and date (MMDD); pre-auth void / completion: its authorisation code and date. */
  readonly originalRrn?: string;
  readonly originalDate?: string;
  readonly originalAuthCode?: string;
  /** Transfer: the transferee's card number. */
  readonly transferTo?: string;
  readonly supervisorPassword?: string;
  /** How the card may be presented (default swipe, insert, tap, manual). */
  readonly methods?: readonly EntryMethod[];
  readonly signal?: CancelSignal;
}

interface KindRule {
  readonly zh: string;
  readonly en: string;
  readonly supervisor: boolean;
  /** Where the amount comes from. */
  readonly amount: 'entered' | 'original' | 'none';
  /** Which original it needs. */
  readonly original: 'voucher' | 'rrn' | 'auth' | 'none';
  readonly pin: boolean;
  /** Approved: what happens to the original in the batch. */
  readonly originalStatus?: TerminalTransaction['status'];
  /** The kinds a voucher of this transaction may name. */
  readonly voids?: readonly TerminalTransactionKind[];
}

/** Per kind: prompts, supervisor, amount and original sources, PIN. */
export const KIND_RULES: Readonly<Record<TerminalTransactionKind, KindRule>> = {
  purchase: { zh: '消费', en: 'SALE', supervisor: false, amount: 'entered', original: 'none', pin: true },
  balance: { zh: '余额查询', en: 'BALANCE', supervisor: false, amount: 'none', original: 'none', pin: true },
  void: { zh: '消费撤销', en: 'VOID', supervisor: true, amount: 'original', original: 'voucher', pin: false, originalStatus: 'voided', voids: ['purchase', 'transfer'] },
  refund: { zh: '退货', en: 'REFUND', supervisor: true, amount: 'entered', original: 'rrn', pin: false },
  preauth: { zh: '预授权', en: 'PRE-AUTH', supervisor: false, amount: 'entered', original: 'none', pin: true },
  'preauth-void': { zh: '预授权撤销', en: 'PRE-AUTH VOID', supervisor: true, amount: 'entered', original: 'auth', pin: false, originalStatus: 'voided' },
  completion: { zh: '预授权完成(请求)', en: 'AUTH COMPLETE', supervisor: false, amount: 'entered', original: 'auth', pin: false, originalStatus: 'completed' },
  'completion-advice': { zh: '预授权完成(通知)', en: 'AUTH COMPLETE ADVICE', supervisor: false, amount: 'entered', original: 'auth', pin: false, originalStatus: 'completed' },
  'completion-void': { zh: '预授权完成撤销', en: 'COMPLETE VOID', supervisor: true, amount: 'original', original: 'voucher', pin: false, originalStatus: 'voided', voids: ['completion', 'completion-advice'] },
  transfer: { zh: '转账', en: 'TRANSFER', supervisor: false, amount: 'entered', original: 'none', pin: true },
  'offline-purchase': { zh: '离线消费', en: 'OFFLINE SALE', supervisor: false, amount: 'entered', original: 'none', pin: false },
};

function cancelled(engine: Engine, kind: TerminalTransactionKind, how: 'cancelled' | 'timeout'): TransactionResult {
  return { outcome: how, kind, message: how === 'timeout' ? engine.say('操作超时', 'Timed out') : engine.say('交易取消', 'Cancelled') };
}

async function enterDigits(engine: Engine, prompt: string, min: number, max: number, signal?: CancelSignal): Promise<string | 'cancelled' | 'timeout'> {
  const a = await engine.ask({ kind: 'digits', prompt, min, max }, signal);
  return a.kind === 'entered' ? a.value : a.kind;
}

/** Run one financial transaction. */
export async function runTransaction(engine: Engine, kind: TerminalTransactionKind, input: TransactionInput = {}): Promise<TransactionResult> {
  const rule = KIND_RULES[kind];
  const notReady = readyFor(engine, kind);
  if (notReady) return notReady;
  engine.show({ title: engine.say(rule.zh, rule.en), lines: [] });
  if (rule.supervisor) {
    const s = await supervise(engine, kind, input.supervisorPassword);
    if (s) return s;
  }
  // The original.
  let original: TerminalTransaction | undefined;
  let originalRef: TerminalTransaction['original'] | undefined;
  if (rule.original === 'voucher') {
    const voucher = input.voucher ?? (await enterDigits(engine, engine.say('请输入原凭证号', 'Original voucher no.'), 6, 6, input.signal));
    if (voucher === 'cancelled' || voucher === 'timeout') return cancelled(engine, kind, voucher);
    original = engine.state.transactions.find((t) => t.voucher === voucher.padStart(6, '0') && t.batch === engine.state.batch && rule.voids!.includes(t.kind));
    if (!original) return refused(engine, kind, 'original-not-found');
    if (original.status !== 'approved' || original.refunded !== '0') return refused(engine, kind, 'original-not-voidable');
    originalRef = { voucher: original.voucher, batch: original.batch, rrn: original.rrn, authCode: original.authCode, hostDate: original.hostDate };
  } else if (rule.original === 'rrn') {
    const rrn = input.originalRrn ?? (await enterDigits(engine, engine.say('请输入原参考号', 'Original RRN'), 12, 12, input.signal));
    if (rrn === 'cancelled' || rrn === 'timeout') return cancelled(engine, kind, rrn);
    const date = input.originalDate ?? (await enterDigits(engine, engine.say('请输入原交易日期(MMDD)', 'Original date (MMDD)'), 4, 4, input.signal));
    if (date === 'cancelled' || date === 'timeout') return cancelled(engine, kind, date);
    original = engine.state.transactions.find((t) => t.rrn === rrn && t.status === 'approved');
    originalRef = { voucher: original?.voucher ?? '000000', batch: original?.batch ?? '000000', rrn, authCode: original?.authCode ?? '', hostDate: date };
  } else if (rule.original === 'auth') {
    const auth = input.originalAuthCode ?? (await enterDigits(engine, engine.say('请输入原授权码', 'Original auth code'), 6, 6, input.signal));
    if (auth === 'cancelled' || auth === 'timeout') return cancelled(engine, kind, auth);
    const date = input.originalDate ?? (await enterDigits(engine, engine.say('请输入原交易日期(MMDD)', 'Original date (MMDD)'), 4, 4, input.signal));
    if (date === 'cancelled' || date === 'timeout') return cancelled(engine, kind, date);
    original = engine.state.transactions.find((t) => t.kind === 'preauth' && t.authCode === auth && t.status === 'approved');
    originalRef = { voucher: original?.voucher ?? '000000', batch: original?.batch ?? '000000', rrn: original?.rrn ?? '', authCode: auth, hostDate: date };
  }
  // The amount.
  let amount = 0n;
  if (rule.amount === 'original') amount = BigInt(original!.amount);
  else if (rule.amount === 'entered') {
    if (input.amount !== undefined) amount = input.amount;
    else {
      const a = await engine.ask({ kind: 'amount', prompt: engine.say('请输入金额', 'Enter amount'), currency: engine.state.params.currency }, input.signal);
      if (a.kind !== 'entered') return cancelled(engine, kind, a.kind);
      amount = BigInt(a.value);
    }
    if (amount <= 0n || amount >= 10n ** 12n) return refused(engine, kind, 'amount-invalid');
  }
  if (kind === 'refund' && original && amount > BigInt(original.amount) - BigInt(original.refunded)) return refused(engine, kind, 'amount-invalid');
  let transferTo: string | undefined;
  if (kind === 'transfer') {
    const to = input.transferTo ?? (await enterDigits(engine, engine.say('请输入转入卡号', 'Transferee card no.'), 12, 19, input.signal));
    if (to === 'cancelled' || to === 'timeout') return cancelled(engine, kind, to);
    transferTo = to;
  }
  // The card.
  const needsCard = !(rule.original === 'voucher' && !engine.state.params.voidNeedsCard);
  let card: RequestCard & { readonly serviceCode?: string };
  if (needsCard) {
    let read = await acquireCard(engine, kind, input);
    if (read.kind === 'chip') {
      const chip = await runChipTransaction(engine, {
        kind,
        method: read.method,
        transmit: read.transmit,
        amount,
        transferTo,
        request: async (c, pinBlock, icc) => {
          const built = await buildRequest(engine, kind, { amount, card: c, pinBlock, original, originalRef, transferTo, icc });
          // A balance inquiry moves no money: a plain exchange, no reversal.
          const exchange = kind === 'balance' ? await engine.exchange(built.request, built.stan) : await engine.financial(built.request, kind);
          return { stan: built.stan, exchange };
        },
        ...(input.signal ? { signal: input.signal } : {}),
      });
      if (chip.kind === 'done') return chip.result;
      // The chip could not be used: the swipe that follows is a fallback (DE 22 02x, 60.5 = 2).
      read = await readCardFor(engine, { methods: ['swipe'], prompt: engine.say('IC卡读卡失败 请刷卡', 'Chip error: swipe the card'), fallback: true, encipherTracks: engine.state.keys?.scheme === '004' });
    }
    if (read.kind !== 'card') return read.kind === 'cancelled' || read.kind === 'timeout' ? cancelled(engine, kind, read.kind) : { outcome: 'failed', kind, message: engine.say('读卡失败', 'Card read failed') };
    card = read.card;
    if (original && rule.original === 'voucher' && card.pan !== original.pan) return refused(engine, kind, 'card-mismatch');
  } else {
    card = { entry: 'manual', pan: original!.pan, ...(original!.expiry ? { expiry: original!.expiry } : {}), tracksEnciphered: false };
  }
  // The PIN (online, formed in the PIN pad under the PIK).
  let pinBlock: Uint8Array | undefined;
  const contactlessNoPin = card.entry === 'tap' && amount <= BigInt(engine.state.params.contactless.cvmLimit);
  if (rule.pin && card.entry !== 'qr' && !contactlessNoPin) {
    engine.emit({ type: 'pin-entry', maskedPan: engine.maskedPan(card.pan) });
    const pin = await engine.ports.pinPad.onlinePin({
      pan: card.pan,
      keyRef: engine.refs.pik,
      amountText: rule.amount === 'none' ? '' : engine.amountText(amount),
      allowBypass: true,
      timeoutMs: engine.state.params.promptTimeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (pin.kind === 'cancelled' || pin.kind === 'timeout') return cancelled(engine, kind, pin.kind);
    if (pin.kind === 'entered') pinBlock = pin.block;
  }
  return sendAndCommit(engine, kind, { amount, card, pinBlock, original, originalRef, transferTo, icc: undefined });
}

/**
 * Read the card for `kind`: chip first when the card has one (for the kinds that run the EMV
 * flow; voids, refunds and completions take the stripe or key entry, as the original already
 * carries the chip data).
 */
async function acquireCard(engine: Engine, kind: TerminalTransactionKind, input: TransactionInput): Promise<CardRead> {
  const chip = CHIP_KINDS.has(kind);
  const all = input.methods ?? (['swipe', 'insert', 'tap', 'manual'] as const);
  const methods = chip ? all : all.filter((m) => m !== 'insert' && m !== 'tap');
  const rule = KIND_RULES[kind];
  const prompt = chip ? engine.say(`${rule.zh} 请刷卡/插卡/挥卡`, `${rule.en}: swipe, insert or tap`) : engine.say(`${rule.zh} 请刷卡`, `${rule.en}: swipe the card`);
  const encipherTracks = engine.state.keys?.scheme === '004';
  let read = await readCardFor(engine, { methods, prompt, encipherTracks });
  // A chip card swiped: ask for the chip (ISO/IEC 7813 service code 2xx / 6xx).
  if (chip && read.kind === 'card' && read.card.entry === 'swipe' && chipCapable(read.card.serviceCode) && methods.includes('insert')) {
    read = await readCardFor(engine, { methods: ['insert', 'tap'], prompt: engine.say('请插卡', 'Please insert the card'), encipherTracks });
  }
  return read;
}

/** What a request is built from. */
export interface RequestInput {
  readonly amount: bigint;
  readonly card: RequestCard;
  readonly pinBlock: Uint8Array | undefined;
  readonly original: TerminalTransaction | undefined;
  readonly originalRef: TerminalTransaction['original'] | undefined;
  readonly transferTo: string | undefined;
  readonly icc: readonly TlvValueNode[] | Uint8Array | undefined;
}

/** Build the request of `kind` under the next STAN (MAC zeroed; the engine seals it). */
export async function buildRequest(engine: Engine, kind: TerminalTransactionKind, d: RequestInput): Promise<{ readonly stan: string; readonly request: IsoMessage }> {
  const rule = KIND_RULES[kind];
  const stan = engine.nextStan();
  const pikInfo = await engine.ports.securityModule.keyInfo(engine.refs.pik);
  const request = financialRequest(engine.identity(stan), {
    kind,
    ...(rule.amount === 'none' ? {} : { amount: d.amount }),
    card: d.card,
    ...(d.pinBlock ? { pinBlock: d.pinBlock } : {}),
    pinKeyDoubleLength: pikInfo.length > 8,
    ...(d.originalRef
      ? {
          original: {
            ...(rule.original === 'voucher' || kind === 'completion' || kind === 'completion-advice' || kind === 'preauth-void' || kind === 'refund'
              ? { batch: d.originalRef.batch, stan: d.originalRef.voucher }
              : {}),
            ...(rule.original !== 'voucher' || kind === 'completion-void' ? { date: d.originalRef.hostDate } : {}),
            ...(d.originalRef.rrn ? { rrn: d.originalRef.rrn } : {}),
            ...(d.originalRef.authCode ? { authCode: d.originalRef.authCode } : {}),
          },
        }
      : {}),
    ...(d.icc ? { icc: d.icc } : {}),
    ...(d.transferTo ? { transferTo: d.transferTo } : {}),
  });
  return { stan, request };
}

/** Send a built request, commit the outcome, print. */
export async function sendAndCommit(engine: Engine, kind: TerminalTransactionKind, d: RequestInput): Promise<TransactionResult> {
  const rule = KIND_RULES[kind];
  const { stan, request } = await buildRequest(engine, kind, d);
  const entryMode = entryModeOf(d.card.entry, d.pinBlock !== undefined);
  if (kind === 'balance') {
    // A balance inquiry moves no money: no reversal, no batch record.
    const x = await engine.exchange(request, stan);
    await engine.append({ t: 'stan', stan: Number(stan) });
    if (x.kind !== 'approved') return outcomeOf(engine, kind, x);
    const bal = x.answer.balance ? decodeCupBalance(x.answer.balance) : undefined;
    const message = bal ? engine.say(`余额 ${engine.amountText(bal.amount)}`, `Balance ${engine.amountText(bal.amount)}`) : engine.say('交易成功', 'Approved');
    engine.show({ title: engine.say('余额查询', 'BALANCE'), lines: [message] });
    engine.emit({ type: 'approved', kind, voucher: stan, authCode: '' });
    return { outcome: 'approved', kind, code: '00', message, ...(bal ? { balance: { amount: bal.amount, currency: bal.currency } } : {}) };
  }
  const x = await engine.financial(request, kind);
  if (x.kind === 'approved' || x.kind === 'declined') {
    const record = transactionRecord(engine, { kind, stan, amount: d.amount, card: d.card, entryMode, answer: x.answer, pinVerified: d.pinBlock !== undefined, ...(d.originalRef ? { original: d.originalRef } : {}) });
    const records: TerminalRecord[] = [{ t: 'transaction', transaction: record }];
    if (x.kind === 'approved' && d.original) {
      if (rule.originalStatus) records.push({ t: 'update', voucher: d.original.voucher, batch: d.original.batch, status: rule.originalStatus });
      if (kind === 'refund') records.push({ t: 'update', voucher: d.original.voucher, batch: d.original.batch, refunded: (BigInt(d.original.refunded) + d.amount).toString() });
    }
    await engine.commit(stan, ...records);
    if (x.kind === 'declined') {
      const reason = codeText(engine, x.answer.code);
      engine.emit({ type: 'declined', kind, code: x.answer.code, reason });
      engine.show({ title: engine.say('交易失败', 'DECLINED'), lines: [reason] });
      return { outcome: 'declined', kind, code: x.answer.code, message: reason, transaction: record };
    }
    engine.emit({ type: 'approved', kind, voucher: stan, authCode: record.authCode });
    engine.show({ title: engine.say('交易成功', 'APPROVED'), lines: [engine.say(`凭证号 ${stan}`, `Voucher ${stan}`), engine.amountText(d.amount)] });
    await printTransaction(engine, record, { reprint: false });
    return { outcome: 'approved', kind, code: '00', message: engine.say('交易成功', 'Approved'), transaction: engine.state.transactions.find((t) => t.voucher === stan && t.batch === record.batch) ?? record };
  }
  return outcomeOf(engine, kind, x);
}

function outcomeOf(engine: Engine, kind: TerminalTransactionKind, x: Exclude<Awaited<ReturnType<Engine['financial']>>, { kind: 'approved' }>): TransactionResult {
  switch (x.kind) {
    case 'declined': {
      const reason = codeText(engine, x.answer.code);
      engine.emit({ type: 'declined', kind, code: x.answer.code, reason });
      return { outcome: 'declined', kind, code: x.answer.code, message: reason };
    }
    case 'reversal-pending':
      return { ...refused(engine, kind, 'reversal-pending'), reversalPending: true };
    case 'unreachable': {
      const message = engine.say('连接失败', 'Host unreachable');
      engine.show({ title: engine.say('交易失败', 'FAILED'), lines: [message] });
      return { outcome: 'failed', kind, message };
    }
    case 'no-answer': {
      const pending = engine.state.reversal !== undefined;
      const message = pending ? engine.say('交易超时 冲正未完成', 'No answer: reversal owed') : engine.say('交易超时 已冲正', 'No answer: reversed');
      engine.show({ title: engine.say('交易失败', 'FAILED'), lines: [message] });
      return { outcome: 'failed', kind, message, reversalPending: pending };
    }
    default: {
      const never: never = x;
      return never;
    }
  }
}
