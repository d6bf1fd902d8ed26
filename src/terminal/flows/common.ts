/**
 * What every transaction family shares: the result type, the checks before a transaction may
 * start (operator logged on, signed on, supervisor password, forced next-day settlement), the
 * supervisor prompt, and the record a completed transaction becomes.
 */
import { cupResponseText, decodeCupBalance } from '../../iso8583/index';
import type { Engine } from '../engine';
import { checkPassword } from '../password';
import { printTransaction } from './print';
import type { ParsedAnswer, RequestCard } from '../profiles/unionpay';
import { transactionIndex, type CardClass, type TerminalTransaction, type TerminalTransactionKind } from '../state';

/** How a transaction ended. */
export type TransactionOutcome = 'approved' | 'declined' | 'cancelled' | 'timeout' | 'failed' | 'refused';

/** Why a transaction was refused before anything was sent. */
export type RefusalReason =
  | 'not-logged-on'
  | 'not-signed-on'
  | 'settlement-required'
  | 'batch-full'
  | 'supervisor-password-must-change'
  | 'supervisor-password-wrong'
  | 'original-not-found'
  | 'original-not-voidable'
  | 'amount-invalid'
  | 'card-mismatch'
  | 'reversal-pending'
  | 'settlement-in-progress'
  | 'busy';

/** The result of a transaction. */
export interface TransactionResult {
  readonly outcome: TransactionOutcome;
  readonly kind: TerminalTransactionKind | 'sign-on' | 'sign-off' | 'echo' | 'settlement' | 'logon';
  /** DE 39 when the host answered. */
  readonly code?: string;
  /** What the POS shows (in its language). */
  readonly message: string;
  readonly refusal?: RefusalReason;
  readonly transaction?: TerminalTransaction;
  /** Balance inquiry: the available balance (minor units) and its currency. */
  readonly balance?: { readonly amount: bigint; readonly currency: string };
  /** The reversal owed after this transaction, if it could not be delivered. */
  readonly reversalPending?: boolean;
}

export function refused(engine: Engine, kind: TransactionResult['kind'], refusal: RefusalReason): TransactionResult {
  const texts: Record<RefusalReason, [string, string]> = {
    'not-logged-on': ['请先签到操作员', 'Operator log-on required'],
    'not-signed-on': ['请先签到', 'Sign on first'],
    'settlement-required': ['请先结算', 'Settlement required'],
    'batch-full': ['交易笔数已满 请结算', 'Batch full, settle first'],
    'supervisor-password-must-change': ['请先修改主管密码', 'Change the supervisor password first'],
    'supervisor-password-wrong': ['主管密码错', 'Wrong supervisor password'],
    'original-not-found': ['原交易不存在', 'Original not found'],
    'original-not-voidable': ['原交易不能撤销', 'Original cannot be voided'],
    'amount-invalid': ['金额错误', 'Invalid amount'],
    'card-mismatch': ['卡号不符', 'Card does not match'],
    'reversal-pending': ['冲正未成功', 'Reversal pending'],
    'settlement-in-progress': ['结算未完成', 'Settlement in progress'],
    busy: ['交易进行中', 'Busy'],
  };
  const [zh, en] = texts[refusal];
  return { outcome: 'refused', kind, refusal, message: engine.say(zh, en) };
}

/** The business day (YYYY-MM-DD) an instant falls in, with the cut-off hour in the terminal's local time. */
export function businessDay(at: Date, cutoffHour: number, utcOffsetMinutes: number): string {
  // A transaction after the cut-off belongs to the next business day.
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const shifted = new Date(local.getTime() + (24 - cutoffHour) * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}

/** The terminal's clock offset from UTC for business days (China Standard Time). */
export const TERMINAL_UTC_OFFSET_MINUTES = 480;

/**
 * The earliest `at` of a batch (ISO 8601 UTC strings of one format order as they read). A batch
 * changes by one transaction appended at a time, so the last answer is kept with its array and
 * length: when the array now is that one grown in place (the engine appends to the arrays it
 * owns), or a copy of it with elements added at the end (checked element by element, by
 * identity), only the new ones are compared. One entry per engine.
 */
const lastBatch = new WeakMap<Engine, { readonly transactions: readonly TerminalTransaction[]; readonly length: number; readonly earliest: string | null }>();
function earliest(engine: Engine, transactions: readonly TerminalTransaction[]): string | null {
  const last = lastBatch.get(engine);
  if (last?.transactions === transactions && last.length === transactions.length) return last.earliest;
  let e: string | null = null;
  let from = 0;
  if (last && last.length <= transactions.length) {
    let same = last.transactions === transactions;
    if (!same) {
      const old = last.transactions;
      same = true;
      for (let i = 0; i < last.length; i++) {
        if (old[i] !== transactions[i]) {
          same = false;
          break;
        }
      }
    }
    if (same) {
      e = last.earliest;
      from = last.length;
    }
  }
  for (let i = from; i < transactions.length; i++) {
    const at = transactions[i]!.at;
    if (e === null || at < e) e = at;
  }
  lastBatch.set(engine, { transactions, length: transactions.length, earliest: e });
  return e;
}

/**
 * True when the open batch holds a transaction of an earlier business day (隔日强制结算). The
 * business day only grows with time, so the batch's earliest transaction decides.
 */
export function settlementRequired(engine: Engine): boolean {
  const { transactions, params } = engine.state;
  const first = earliest(engine, transactions);
  if (first === null) return false;
  const cutoff = params.settlementCutoffHour;
  return businessDayNumber(Date.parse(first), cutoff, TERMINAL_UTC_OFFSET_MINUTES) < businessDayNumber(engine.clock.now().getTime(), cutoff, TERMINAL_UTC_OFFSET_MINUTES);
}

/** {@link businessDay} as a day number (days since 1970-01-01): the same order, no date to format. @internal */
export function businessDayNumber(ms: number, cutoffHour: number, utcOffsetMinutes: number): number {
  return Math.floor((ms + utcOffsetMinutes * 60_000 + (24 - cutoffHour) * 3_600_000) / 86_400_000);
}

/** True when the open batch holds as many transactions as it may (the settlement counts are n3). */
export function batchFull(engine: Engine): boolean {
  const { transactions, params } = engine.state;
  return transactions.length >= (params.maxBatchTransactions ?? 999);
}

/** The checks before a financial transaction starts. */
export function readyFor(engine: Engine, kind: TransactionResult['kind']): TransactionResult | undefined {
  const s = engine.state;
  if (s.operator === undefined) return refused(engine, kind, 'not-logged-on');
  if (!s.signedOn) return refused(engine, kind, 'not-signed-on');
  if (s.settlement !== undefined) return refused(engine, kind, 'settlement-in-progress');
  if (settlementRequired(engine)) return refused(engine, kind, 'settlement-required');
  if (batchFull(engine)) return refused(engine, kind, 'batch-full');
  return undefined;
}

/** Ask for (or check the given) supervisor password. */
export async function supervise(engine: Engine, kind: TransactionResult['kind'], given: string | undefined): Promise<TransactionResult | undefined> {
  const sup = engine.state.supervisor;
  if (sup.mustChange) return refused(engine, kind, 'supervisor-password-must-change');
  let password = given;
  if (password === undefined) {
    const a = await engine.ask({ kind: 'password', prompt: engine.say('请输入主管密码', 'Supervisor password'), min: 6, max: 6 });
    if (a.kind !== 'entered') return { outcome: a.kind === 'timeout' ? 'timeout' : 'cancelled', kind, message: engine.say('交易取消', 'Cancelled') };
    password = a.value;
  }
  if (!checkPassword(password, sup, engine.backend)) return refused(engine, kind, 'supervisor-password-wrong');
  return undefined;
}

/** The record of a completed (approved or declined) transaction. */
export function transactionRecord(
  engine: Engine,
  args: {
    readonly kind: TerminalTransactionKind;
    readonly stan: string;
    readonly amount: bigint;
    readonly card: RequestCard;
    readonly entryMode: string;
    readonly answer: ParsedAnswer | undefined;
    readonly pinVerified: boolean;
    readonly original?: TerminalTransaction['original'];
    readonly chip?: TerminalTransaction['chip'];
    readonly offline?: boolean;
    readonly responseCode?: string;
  },
): TerminalTransaction {
  const a = args.answer;
  const code = args.responseCode ?? a?.code ?? '';
  const org = a?.cardOrganisation || (args.card.pan.startsWith('62') || args.card.entry === 'qr' ? 'CUP' : '');
  const cardClass: CardClass = org === '' || org === 'CUP' ? 'domestic' : 'foreign';
  const s = engine.state;
  const now = engine.clock.now();
  return {
    voucher: args.stan,
    kind: args.kind,
    status: code === '00' ? 'approved' : 'declined',
    responseCode: code,
    amount: args.amount.toString(),
    currency: s.params.currency,
    pan: args.card.pan || a?.pan || '',
    expiry: args.card.expiry,
    entry: args.card.entry,
    entryMode: args.entryMode,
    cardOrganisation: org,
    cardClass,
    authCode: a?.authCode ?? '',
    rrn: a?.rrn ?? '',
    hostDate: a?.hostDate ?? '',
    hostTime: a?.hostTime ?? '',
    at: now.toISOString(),
    batch: s.batch,
    operator: s.operator ?? '00',
    pinVerified: args.pinVerified,
    ...(args.original ? { original: args.original } : {}),
    ...(args.chip ? { chip: args.chip } : {}),
    offline: args.offline ?? false,
    adviceSent: !(args.offline ?? false),
    refunded: '0',
  };
}

/** The text of a host answer code. */
export function codeText(engine: Engine, code: string): string {
  return cupResponseText(code, engine.state.params.language);
}

/** An approved balance inquiry: DE 54 shown, nothing in the batch. */
export function balanceResult(engine: Engine, kind: TerminalTransactionKind, stan: string, answer: ParsedAnswer): TransactionResult {
  const bal = answer.balance ? decodeCupBalance(answer.balance) : undefined;
  const message = bal ? engine.say(`余额 ${engine.amountText(bal.amount)}`, `Balance ${engine.amountText(bal.amount)}`) : engine.say('交易成功', 'Approved');
  engine.show({ title: engine.say('余额查询', 'BALANCE'), lines: [message] });
  engine.emit({ type: 'approved', kind, voucher: stan, authCode: '' });
  return { outcome: 'approved', kind, code: '00', message, ...(bal ? { balance: { amount: bal.amount, currency: bal.currency } } : {}) };
}

/** A committed decline: the reason shown and emitted. */
export function declinedResult(engine: Engine, kind: TerminalTransactionKind, code: string, record?: TerminalTransaction): TransactionResult {
  const reason = codeText(engine, code);
  engine.emit({ type: 'declined', kind, code, reason });
  engine.show({ title: engine.say('交易失败', 'DECLINED'), lines: [reason] });
  return { outcome: 'declined', kind, code, message: reason, ...(record ? { transaction: record } : {}) };
}

/** A committed approval: shown, emitted, printed; the result carries the journaled transaction. */
export async function approvedResult(engine: Engine, kind: TerminalTransactionKind, stan: string, record: TerminalTransaction): Promise<TransactionResult> {
  engine.emit({ type: 'approved', kind, voucher: stan, authCode: record.authCode });
  engine.show({ title: engine.say('交易成功', 'APPROVED'), lines: [engine.say(`凭证号 ${stan}`, `Voucher ${stan}`), engine.amountText(BigInt(record.amount))] });
  await printTransaction(engine, record, { reprint: false });
  const all = engine.state.transactions;
  const at = transactionIndex(all, stan, record.batch);
  const kept = at >= 0 ? all[at]! : record;
  return { outcome: 'approved', kind, code: '00', message: engine.say('交易成功', 'Approved'), transaction: kept };
}
