/**
 * Chip transactions (插卡 insert, 挥卡 tap) through the EMV kernel (`emv/kernel`): the kernel
 * drives the card over the reader's APDU exchange and calls back into the engine for the
 * application choice, the PIN pad and the host. The host exchange is the engine's own
 * `financial` step, so the reversal rule holds for chip requests as for swipes; what the kernel
 * decides afterwards maps onto the journal:
 *
 * - approved online: committed with the chip data (ARQC, TVR, TSI, the TC for the batch upload);
 * - declined online: committed as a decline;
 * - the host approved but the card declined (second GENERATE AC answered an AAC) or the card left
 *   before completion: reversed with reason 96, and kept as a failed chip transaction for the
 *   upload (60.3 204 / 206);
 * - approved offline (TC from the first GENERATE AC, under the floor limit): committed as an
 *   offline transaction, advised before the next settlement;
 * - a chip that cannot be read: the next swipe is a fallback (DE 22 02x, 60.5 = 2).
 *
 * A UnionPay POS is online-capable and treats a host it cannot reach as a failed transaction:
 * when the request got no answer (the reversal went out) or could not leave, the kernel is told
 * "unable to go online" and the transaction fails whatever the card says after.
 */
import { toHex, type CancelSignal } from '../../core/index';
import { encodeTlv, type TlvInput } from '../../emv/index';
import {
  defaultKernelConfig,
  prepareKernelConfig,
  runContactlessTransaction,
  runContactTransaction,
  type KernelConfig,
  type KernelInterface,
  type KernelMessage,
  type KernelOutcome,
  type OnlineRequest,
  type OnlineResponse,
  type PreparedKernelConfig,
} from '../../emv/kernel/index';
import type { ApduTransmit } from '../../emv/index';
import { cupEncipherTrack, decodeCupBalance, type TlvValueNode } from '../../iso8583/index';
import type { Engine, Exchange } from '../engine';
import { entryModeOf, type ParsedAnswer, type RequestCard } from '../profiles/unionpay';
import type { TerminalRecord, TerminalTransaction, TerminalTransactionKind } from '../state';
import { codeText, transactionRecord, type TransactionResult } from './common';
import { printTransaction } from './print';

/** The kinds that run the whole EMV flow on a chip card (the others read the card by stripe or key entry). */
export const CHIP_KINDS: ReadonlySet<TerminalTransactionKind> = new Set(['purchase', 'balance', 'preauth', 'transfer']);

/** EMV transaction type (9C) per kind. */
const TRANSACTION_TYPE: Partial<Record<TerminalTransactionKind, string>> = { purchase: '00', balance: '31', preauth: '03', transfer: '40' };

/** What a chip transaction needs from the financial flow. */
export interface ChipTransaction {
  readonly kind: TerminalTransactionKind;
  readonly method: 'insert' | 'tap';
  readonly transmit: ApduTransmit;
  readonly amount: bigint;
  readonly transferTo: string | undefined;
  /** Builds the request from the card the kernel read and sends it (`sendAndCommit`'s request half). */
  readonly request: (card: RequestCard, pinBlock: Uint8Array | undefined, icc: Uint8Array | undefined) => Promise<{ readonly stan: string; readonly exchange: Exchange }>;
  readonly signal?: CancelSignal;
}

/** How a chip transaction ended: a result, or "fall back to the stripe" / "insert instead". */
export type ChipResult = { readonly kind: 'done'; readonly result: TransactionResult } | { readonly kind: 'fallback' };

const prepared = new WeakMap<Engine, { readonly source: KernelConfig; readonly key: string; readonly config: PreparedKernelConfig }>();

/** The kernel configuration of this terminal: the configured one with its TID, MID, currency and contactless limits. */
export function kernelConfigOf(engine: Engine): PreparedKernelConfig {
  const s = engine.state;
  const source = engine.ports.kernelConfig ?? defaultKernelConfig;
  const cl = s.params.contactless;
  const key = `${s.tid}|${s.mid}|${s.params.currency}|${cl.transactionLimit}|${cl.cvmLimit}|${cl.floorLimit}`;
  const done = prepared.get(engine);
  if (done && done.source === source && done.key === key) return done.config;
  const currency = s.params.currency.padStart(4, '0');
  const config: KernelConfig = {
    ...source,
    terminal: { ...source.terminal, terminalIdentification: s.tid, merchantIdentifier: s.mid, currencyCode: currency },
    applications: source.applications.map((a) =>
      a.contactless ? { ...a, contactless: { ...a.contactless, transactionLimit: cl.transactionLimit, cvmLimit: cl.cvmLimit, floorLimit: cl.floorLimit } } : a,
    ),
  };
  const p = prepareKernelConfig(config);
  prepared.set(engine, { source, key, config: p });
  return p;
}

/** Track 2 equivalent data (57) as UnionPay carries it in DE 35: digits with D, the pad F dropped. */
function track2Text(t57: Uint8Array): string {
  return toHex(t57).replace(/F+$/, '');
}

const MESSAGE_TEXT: Readonly<Record<KernelMessage, readonly [string, string]>> = {
  approved: ['批准', 'Approved'],
  declined: ['拒绝', 'Declined'],
  'card-error': ['卡片错误', 'Card error'],
  'incorrect-pin': ['密码错误', 'Incorrect PIN'],
  'last-pin-try': ['最后一次输入密码', 'Last PIN try'],
  'not-accepted': ['不受理', 'Not accepted'],
  'pin-ok': ['密码正确', 'PIN OK'],
  'please-wait': ['请稍候', 'Please wait'],
  'processing-error': ['处理错误', 'Processing error'],
  'remove-card': ['请拔卡', 'Remove card'],
  'use-chip-reader': ['请插卡', 'Use chip reader'],
  'try-again': ['请重试', 'Try again'],
  'try-another-interface': ['请插卡', 'Insert the card'],
  'see-phone': ['请查看手机', 'See phone'],
};

/** A decoded node as encoder input: children when it has them, else its value. */
function tlvInput(n: TlvValueNode): TlvInput {
  return n.children ? { tag: n.tag, children: n.children.map(tlvInput) } : { tag: n.tag, value: n.value ?? new Uint8Array(0) };
}

/** The host's answer in the kernel's terms: 91 and the script templates 71 / 72. */
function onlineResponseOf(answer: ParsedAnswer, approved: boolean): OnlineResponse {
  const icc = answer.icc ?? [];
  const t91 = icc.find((n) => n.tag === '91')?.value;
  const scripts = icc.filter((n) => n.tag === '71' || n.tag === '72');
  return {
    kind: approved ? 'approved' : 'declined',
    authorisationResponseCode: answer.code.length === 2 ? answer.code : '05',
    ...(t91 ? { issuerAuthenticationData: t91 } : {}),
    ...(scripts.length ? { scripts: encodeTlv(scripts.map(tlvInput)) } : {}),
  };
}

function hexOf(data: ReadonlyMap<string, Uint8Array>, tag: string): string {
  const v = data.get(tag);
  return v ? toHex(v) : '';
}

function chipData(outcome: KernelOutcome, sent: OnlineRequest | undefined, failed: boolean): NonNullable<TerminalTransaction['chip']> {
  const final = 'cryptogram' in outcome ? toHex(outcome.cryptogram) : '';
  return {
    requestDe55: sent?.de55 ? toHex(sent.de55) : '',
    aid: outcome.aid ?? '',
    label: outcome.applicationLabel ?? outcome.preferredName ?? '',
    cryptogram: sent ? toHex(sent.cryptogram) : final,
    tvr: toHex(outcome.tvr),
    tsi: toHex(outcome.tsi),
    atc: hexOf(outcome.data, '9F36'),
    finalCryptogram: final,
    uploadDe55: outcome.de55.advice ? toHex(outcome.de55.advice) : sent?.de55 ? toHex(sent.de55) : '',
    failed,
  };
}

/** Run a chip transaction; `fallback` means the chip could not be used and the stripe should be read. */
export async function runChipTransaction(engine: Engine, t: ChipTransaction): Promise<ChipResult> {
  const s = engine.state;
  const type = TRANSACTION_TYPE[t.kind] ?? '00';
  const now = engine.clock.now();
  const iso = now.toISOString();
  let pinBlock: Uint8Array | undefined;
  let sent: OnlineRequest | undefined;
  let card: RequestCard | undefined;
  let online: { readonly stan: string; readonly exchange: Exchange } | undefined;
  const say = (m: KernelMessage) => engine.say(...MESSAGE_TEXT[m]);
  const askPin = async (pan: string): Promise<'entered' | 'bypassed' | 'cancelled'> => {
    engine.emit({ type: 'pin-entry', maskedPan: engine.maskedPan(pan) });
    const pin = await engine.ports.pinPad.onlinePin({
      pan,
      keyRef: engine.refs.pik,
      amountText: t.kind === 'balance' ? '' : engine.amountText(t.amount),
      allowBypass: true,
      timeoutMs: s.params.promptTimeoutMs,
      ...(t.signal ? { signal: t.signal } : {}),
    });
    if (pin.kind === 'entered') {
      pinBlock = pin.block;
      return 'entered';
    }
    return pin.kind === 'bypassed' ? 'bypassed' : 'cancelled';
  };
  const iface: KernelInterface = {
    selectApplication: async (candidates) => {
      const a = await engine.ask({ kind: 'choice', prompt: engine.say('请选择应用', 'Select application'), options: candidates.map((c) => c.preferredName ?? c.label ?? c.aid) }, t.signal);
      if (a.kind !== 'entered') return 'cancel';
      const i = Number(a.value);
      return Number.isInteger(i) && i >= 0 && i < candidates.length ? i : 'cancel';
    },
    confirmApplication: async (candidate) => {
      const a = await engine.ask({ kind: 'confirm', prompt: engine.say(`使用 ${candidate.label ?? candidate.aid}?`, `Use ${candidate.label ?? candidate.aid}?`) }, t.signal);
      return a.kind === 'entered' && a.value === '1';
    },
    onlinePin: async (req) => askPin(req.pan),
    offlinePin: async (req) => {
      const pad = engine.ports.pinPad;
      if (!pad.offlinePin) return 'pin-pad-not-working';
      const pin = await pad.offlinePin({ tryCounter: req.tryCounter, amountText: engine.amountText(t.amount), timeoutMs: s.params.promptTimeoutMs, ...(t.signal ? { signal: t.signal } : {}) });
      if (pin.kind === 'entered') return { plaintextPinBlock: pin.plaintextPinBlock };
      return pin.kind === 'bypassed' ? 'bypassed' : 'cancelled';
    },
    display: (m) => engine.show({ title: engine.say('IC卡交易', 'CHIP'), lines: [say(m)] }),
    online: async (req) => {
      sent = req;
      // 余额查询: a UnionPay terminal always takes the PIN for a balance inquiry, whatever the CVM.
      if (t.kind === 'balance' && !pinBlock && (await askPin(req.pan)) === 'cancelled') return { kind: 'unable-to-go-online' };
      let track2 = req.track2 ? track2Text(req.track2) : undefined;
      const encipher = s.keys?.scheme === '004';
      if (track2 !== undefined && encipher) track2 = await cupEncipherTrack(engine.ports.securityModule, engine.refs.tdk, track2);
      card = {
        entry: t.method,
        pan: req.pan,
        ...(req.expiry ? { expiry: req.expiry.slice(0, 4) } : {}),
        ...(track2 !== undefined ? { track2 } : {}),
        ...(req.panSequenceNumber !== undefined ? { cardSequence: req.panSequenceNumber } : {}),
        tracksEnciphered: encipher && track2 !== undefined,
      };
      online = await t.request(card, pinBlock, req.de55);
      const x = online.exchange;
      if (x.kind === 'approved') return onlineResponseOf(x.answer, true);
      if (x.kind === 'declined') return onlineResponseOf(x.answer, false);
      return { kind: 'unable-to-go-online' };
    },
  };
  const config = kernelConfigOf(engine);
  const txn = {
    amount: t.kind === 'balance' ? 0n : t.amount,
    type,
    date: `${iso.slice(0, 10)}`,
    time: iso.slice(11, 19),
    sequenceCounter: Number(engine.nextStan()),
  };
  const options = { random: engine.random, backend: engine.backend };
  const outcome = t.method === 'tap' ? await runContactlessTransaction(t.transmit, config, txn, iface, options) : await runContactTransaction(t.transmit, config, txn, iface, options);
  if (outcome.kind === 'try-another-interface' && !online) {
    engine.show({ title: engine.say('请插卡', 'Insert the card'), lines: [outcome.reason] });
    const again = await engine.ports.cardReader.read({ methods: ['insert'], prompt: engine.say('请插卡', 'Please insert the card'), timeoutMs: s.params.promptTimeoutMs });
    if (again.method !== 'insert') return { kind: 'done', result: { outcome: again.method === 'timeout' ? 'timeout' : 'cancelled', kind: t.kind, message: engine.say('交易取消', 'Cancelled') } };
    return runChipTransaction(engine, { ...t, method: 'insert', transmit: again.transmit });
  }
  const result = await settle(engine, t, outcome, sent, card, online, pinBlock);
  if (result.kind === 'done') await awaitRemoval(engine, t.method);
  return result;
}

async function awaitRemoval(engine: Engine, method: 'insert' | 'tap'): Promise<void> {
  if (method !== 'insert' || !engine.ports.cardReader.awaitRemoval) return;
  engine.show({ title: engine.say('请拔卡', 'Remove card'), lines: [] });
  await engine.ports.cardReader.awaitRemoval({ timeoutMs: engine.state.params.promptTimeoutMs });
}

function failed(engine: Engine, kind: TerminalTransactionKind, zh: string, en: string, extra: Partial<TransactionResult> = {}): ChipResult {
  const message = engine.say(zh, en);
  engine.show({ title: engine.say('交易失败', 'FAILED'), lines: [message] });
  return { kind: 'done', result: { outcome: 'failed', kind, message, ...extra } };
}

/** Map the kernel's outcome onto the journal and the result. */
async function settle(
  engine: Engine,
  t: ChipTransaction,
  outcome: KernelOutcome,
  sent: OnlineRequest | undefined,
  card: RequestCard | undefined,
  online: { readonly stan: string; readonly exchange: Exchange } | undefined,
  pinBlock: Uint8Array | undefined,
): Promise<ChipResult> {
  const kind = t.kind;
  const x = online?.exchange;
  // Nothing decided by the host although the card asked for it: the transaction fails.
  if (x && (x.kind === 'no-answer' || x.kind === 'unreachable' || x.kind === 'reversal-pending')) {
    if (x.kind === 'reversal-pending') return failed(engine, kind, '冲正未完成', 'A reversal is still owed', { reversalPending: true });
    if (x.kind === 'unreachable') return failed(engine, kind, '连接失败', 'Host unreachable');
    return failed(engine, kind, '交易超时 已冲正', 'No answer: reversed', { reversalPending: engine.state.reversal !== undefined });
  }
  switch (outcome.kind) {
    case 'fallback':
      return { kind: 'fallback' };
    case 'cancelled':
    case 'card-removed':
    case 'terminated':
    case 'try-another-interface': {
      if (online && x?.kind === 'approved') {
        // Approved by the host, not completed on the card: reverse (96) and keep it for the upload.
        await reverseAndKeep(engine, t, outcome, sent, card!, online.stan, x.answer, pinBlock);
        return failed(engine, kind, '交易失败 已冲正', 'Not completed: reversed');
      }
      if (outcome.kind === 'cancelled') return { kind: 'done', result: { outcome: 'cancelled', kind, message: engine.say('交易取消', 'Cancelled') } };
      if (outcome.kind === 'card-removed') return failed(engine, kind, '卡片已移除', 'Card removed');
      return failed(engine, kind, 'IC卡交易终止', 'Chip transaction terminated');
    }
    case 'card-declined-after-online-approval':
      await reverseAndKeep(engine, t, outcome, sent, card!, online!.stan, (x as Extract<Exchange, { kind: 'approved' }>).answer, pinBlock);
      return failed(engine, kind, '卡片拒绝 已冲正', 'Declined by the card: reversed');
    case 'declined-offline':
      if (online && x?.kind === 'approved') {
        await reverseAndKeep(engine, t, outcome, sent, card!, online.stan, x.answer, pinBlock);
        return failed(engine, kind, '卡片拒绝 已冲正', 'Declined by the card: reversed');
      }
      engine.emit({ type: 'declined', kind, code: 'Z1', reason: engine.say('卡片拒绝', 'Declined by the card') });
      engine.show({ title: engine.say('交易失败', 'DECLINED'), lines: [engine.say('卡片拒绝', 'Declined by the card')] });
      return { kind: 'done', result: { outcome: 'declined', kind, code: 'Z1', message: engine.say('卡片拒绝', 'Declined by the card') } };
    case 'approved-offline':
      return approvedOffline(engine, t, outcome);
    case 'declined-online':
    case 'approved-online': {
      const answer = (x as Extract<Exchange, { kind: 'approved' | 'declined' }>).answer;
      return committed(engine, t, outcome, sent, card!, online!.stan, answer, pinBlock);
    }
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

async function committed(
  engine: Engine,
  t: ChipTransaction,
  outcome: KernelOutcome,
  sent: OnlineRequest | undefined,
  card: RequestCard,
  stan: string,
  answer: ParsedAnswer,
  pinBlock: Uint8Array | undefined,
): Promise<ChipResult> {
  const kind = t.kind;
  const entryMode = entryModeOf(card.entry, pinBlock !== undefined);
  if (kind === 'balance') {
    // Balance moves no money: no reversal (it went as a plain exchange), no batch record.
    await engine.append({ t: 'stan', stan: Number(stan) });
    if (answer.code !== '00') return declinedResult(engine, kind, answer.code);
    const bal = answer.balance ? decodeCupBalance(answer.balance) : undefined;
    const message = bal ? engine.say(`余额 ${engine.amountText(bal.amount)}`, `Balance ${engine.amountText(bal.amount)}`) : engine.say('交易成功', 'Approved');
    engine.show({ title: engine.say('余额查询', 'BALANCE'), lines: [message] });
    engine.emit({ type: 'approved', kind, voucher: stan, authCode: '' });
    return { kind: 'done', result: { outcome: 'approved', kind, code: '00', message, ...(bal ? { balance: { amount: bal.amount, currency: bal.currency } } : {}) } };
  }
  const record = transactionRecord(engine, { kind, stan, amount: t.amount, card, entryMode, answer, pinVerified: pinBlock !== undefined, chip: chipData(outcome, sent, false) });
  await engine.commit(stan, { t: 'transaction', transaction: record });
  if (answer.code !== '00') return declinedResult(engine, kind, answer.code, record);
  return approvedResult(engine, kind, stan, record);
}

function declinedResult(engine: Engine, kind: TerminalTransactionKind, code: string, record?: TerminalTransaction): ChipResult {
  const reason = codeText(engine, code);
  engine.emit({ type: 'declined', kind, code, reason });
  engine.show({ title: engine.say('交易失败', 'DECLINED'), lines: [reason] });
  return { kind: 'done', result: { outcome: 'declined', kind, code, message: reason, ...(record ? { transaction: record } : {}) } };
}

async function approvedResult(engine: Engine, kind: TerminalTransactionKind, stan: string, record: TerminalTransaction): Promise<ChipResult> {
  engine.emit({ type: 'approved', kind, voucher: stan, authCode: record.authCode });
  engine.show({ title: engine.say('交易成功', 'APPROVED'), lines: [engine.say(`凭证号 ${stan}`, `Voucher ${stan}`), engine.amountText(BigInt(record.amount))] });
  await printTransaction(engine, record, { reprint: false });
  const kept = engine.state.transactions.find((x) => x.voucher === stan && x.batch === record.batch) ?? record;
  return { kind: 'done', result: { outcome: 'approved', kind, code: '00', message: engine.say('交易成功', 'Approved'), transaction: kept } };
}

/** The host approved, the card did not complete: reversal 96, and a failed chip record for the upload. */
async function reverseAndKeep(
  engine: Engine,
  t: ChipTransaction,
  outcome: KernelOutcome,
  sent: OnlineRequest | undefined,
  card: RequestCard,
  stan: string,
  answer: ParsedAnswer,
  pinBlock: Uint8Array | undefined,
): Promise<void> {
  await engine.abandon(stan, '96');
  if (t.kind === 'balance') return;
  const base = transactionRecord(engine, { kind: t.kind, stan, amount: t.amount, card, entryMode: entryModeOf(card.entry, pinBlock !== undefined), answer, pinVerified: pinBlock !== undefined, chip: chipData(outcome, sent, true) });
  const record: TerminalTransaction = { ...base, status: 'reversed' };
  const records: TerminalRecord[] = [{ t: 'transaction', transaction: record }];
  await engine.append(...records);
}

/** A TC from the first GENERATE AC: an offline approval, advised before the settlement. */
async function approvedOffline(engine: Engine, t: ChipTransaction, outcome: Extract<KernelOutcome, { kind: 'approved-offline' }>): Promise<ChipResult> {
  const kind = t.kind;
  if (kind !== 'purchase') {
    // Only a sale may complete offline; anything else the card approves offline is refused.
    return failed(engine, kind, '需联机交易', 'Online transaction required');
  }
  const stan = engine.nextStan();
  const t57 = outcome.track2 ?? outcome.data.get('57');
  const card: RequestCard = {
    entry: t.method,
    pan: outcome.pan ?? '',
    ...(outcome.expiry ? { expiry: outcome.expiry.slice(0, 4) } : {}),
    ...(t57 ? { track2: track2Text(t57) } : {}),
    ...(outcome.panSequenceNumber !== undefined ? { cardSequence: outcome.panSequenceNumber } : {}),
    tracksEnciphered: false,
  };
  const record = transactionRecord(engine, { kind, stan, amount: t.amount, card, entryMode: entryModeOf(card.entry, false), answer: undefined, pinVerified: false, chip: chipData(outcome, undefined, false), offline: true, responseCode: '00' });
  await engine.append({ t: 'transaction', transaction: { ...record, authCode: '', rrn: '' } }, { t: 'stan', stan: Number(stan) });
  return approvedResult(engine, kind, stan, record);
}
