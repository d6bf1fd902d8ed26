/**
 * `Terminal`: the UnionPay-style POS engine terminal vendors embed. It owns the state (all of it in
 * the Journal), talks to hardware through the ports and to the host through a `HostChannel`, and
 * runs one transaction at a time: 签到 sign-on, 消费 purchase, 撤销 void, 退货 refund, 预授权
 * pre-authorisation and its void, completion and completion void, 余额查询 balance, 转账 transfer,
 * 冲正 reversal (automatic), 结算 settlement with batch upload, 重打印 reprint.
 */
import { fail, type Random } from '../core/index';
import { defaultBackend } from '../crypto/index';
import { Engine, type EnginePorts } from './engine';
import type { TerminalListener } from './events';
import { readyFor, refused, settlementRequired, type TransactionResult } from './flows/common';
import { runTransaction, type TransactionInput } from './flows/financial';
import { printTransaction } from './flows/print';
import { batchTotals, failedTotals, settle } from './flows/settlement';
import { printTransactionList } from './flows/transaction-list';
import { changeSupervisorPassword, logon, network, signOn } from './flows/sign-on';
import { hashPassword } from './password';
import { DEFAULT_PARAMS, type TerminalParams, type TerminalRecord, type TerminalState, type TerminalTransaction, type TerminalTransactionKind } from './state';

/** The terminal's set-up, written to an empty journal. */
export interface TerminalSetup {
  readonly tid: string;
  readonly mid: string;
  readonly merchantName: string;
  readonly params?: Partial<TerminalParams>;
  /** Operators and their passwords (default `{ '00': '123456', '01': '0000' }`; 00 is the administrator). */
  readonly operators?: Readonly<Record<string, string>>;
  /** The supervisor password before its first change (default 123456). */
  readonly supervisorPassword?: string;
  /** PBKDF2 iterations of the stored passwords (default 2048; a load generator running thousands of terminals uses fewer). */
  readonly passwordIterations?: number;
}

/** Options of {@link Terminal.open}. */
export interface TerminalOptions extends EnginePorts {
  /** Used when the journal is empty. */
  readonly setup?: TerminalSetup;
}

function setupRecord(setup: TerminalSetup, random: Random, backend: EnginePorts['backend']): TerminalRecord {
  if (!/^[\x20-\x7e]{8}$/.test(setup.tid)) fail('TERMINAL_SETUP_INVALID', 'the terminal id is 8 printable characters', { path: 'setup.tid' });
  if (!/^[\x20-\x7e]{15}$/.test(setup.mid)) fail('TERMINAL_SETUP_INVALID', 'the merchant id is 15 printable characters', { path: 'setup.mid' });
  const params = { ...DEFAULT_PARAMS, ...(setup.params ?? {}) };
  const limit = params.maxBatchTransactions;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 999)) fail('TERMINAL_SETUP_INVALID', 'the batch holds 1 to 999 transactions (settlement counts are n3)', { path: 'setup.params.maxBatchTransactions' });
  const operators: Record<string, { salt: string; hash: string }> = {};
  for (const [no, pw] of Object.entries(setup.operators ?? { '00': '123456', '01': '0000' })) {
    if (!/^\d{2}$/.test(no)) fail('TERMINAL_SETUP_INVALID', 'an operator number is 2 digits', { path: `setup.operators.${no}` });
    operators[no] = hashPassword(pw, random, backend, setup.passwordIterations);
  }
  return { t: 'setup', tid: setup.tid, mid: setup.mid, merchantName: setup.merchantName, params, operators, supervisor: hashPassword(setup.supervisorPassword ?? '123456', random, backend, setup.passwordIterations) };
}

/**
 * The terminal.
 *
 * @example
 * ```ts
 * const pos = await Terminal.open({ journal, securityModule, channel, cardReader, pinPad, keypad, printer,
 *   setup: { tid: '10000159', mid: '880210010210160', merchantName: '测试商户' } });
 * await pos.logon('01', '0000');
 * await pos.signOn();                              // 0800 / 0810, keys imported, batch adopted
 * const r = await pos.purchase({ amount: 12345n }); // 0200 / 0210 under the reversal rule
 * r.outcome; // 'approved'
 * ```
 */
export class Terminal {
  readonly #engine: Engine;
  #busy = false;

  private constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Open the terminal on its journal (replayed), writing the set-up into an empty one. */
  static async open(options: TerminalOptions): Promise<Terminal> {
    const backend = options.backend ?? defaultBackend();
    const random = options.random ?? { bytes: (n: number) => backend.randomBytes(n) };
    const engine = await Engine.open(options, () => (options.setup ? setupRecord(options.setup, random, backend) : undefined));
    await engine.compactIfLarge();
    return new Terminal(engine);
  }

  /** The durable state (read-only view). */
  get state(): TerminalState {
    return this.#engine.exposedState();
  }

  /** Subscribe to events; returns the unsubscribe function. */
  on(listener: TerminalListener): () => void {
    return this.#engine.on(listener);
  }

  async #one<T extends TransactionResult>(kind: TransactionResult['kind'], run: () => Promise<T>): Promise<TransactionResult> {
    if (this.#busy) return refused(this.#engine, kind, 'busy');
    this.#busy = true;
    try {
      return await run();
    } finally {
      this.#busy = false;
    }
  }

  logon(operator: string, password: string): Promise<TransactionResult> {
    return this.#one('logon', () => logon(this.#engine, operator, password));
  }

  logoff(): Promise<void> {
    return this.#engine.append({ t: 'logon', operator: null });
  }

  changeSupervisorPassword(old: string, next: string): Promise<TransactionResult> {
    return this.#one('logon', () => changeSupervisorPassword(this.#engine, old, next));
  }

  signOn(): Promise<TransactionResult> {
    return this.#one('sign-on', () => signOn(this.#engine));
  }

  signOff(): Promise<TransactionResult> {
    return this.#one('sign-off', () => network(this.#engine, 'sign-off'));
  }

  echo(): Promise<TransactionResult> {
    return this.#one('echo', () => network(this.#engine, 'echo'));
  }

  /** Run a financial transaction of `kind`. */
  transaction(kind: TerminalTransactionKind, input: TransactionInput = {}): Promise<TransactionResult> {
    return this.#one(kind, () => runTransaction(this.#engine, kind, input));
  }

  purchase(input: TransactionInput = {}): Promise<TransactionResult> {
    return this.transaction('purchase', input);
  }

  void(input: TransactionInput = {}): Promise<TransactionResult> {
    return this.transaction('void', input);
  }

  refund(input: TransactionInput = {}): Promise<TransactionResult> {
    return this.transaction('refund', input);
  }

  preauth(input: TransactionInput = {}): Promise<TransactionResult> {
    return this.transaction('preauth', input);
  }

  balance(input: TransactionInput = {}): Promise<TransactionResult> {
    return this.transaction('balance', input);
  }

  /** Settle the open batch (with batch upload when the host says it is unbalanced). */
  settle(): Promise<TransactionResult> {
    return this.#one('settlement', () => settle(this.#engine));
  }

  /** Send a reversal still owed (also done before every financial request and after sign-on). */
  async sendPendingReversal(): Promise<boolean> {
    return this.#engine.flushReversal();
  }

  /** Reprint the last receipt, or the one with `voucher`. */
  async reprint(voucher?: string): Promise<TransactionResult> {
    const list = this.#engine.state.transactions.filter((t) => t.status !== 'declined');
    const t = voucher === undefined ? list[list.length - 1] : list.find((x) => x.voucher === voucher.padStart(6, '0'));
    if (!t) return refused(this.#engine, 'purchase', 'original-not-found');
    await printTransaction(this.#engine, t, { reprint: true });
    return { outcome: 'approved', kind: t.kind, message: this.#engine.say('重打印', 'Reprinted'), transaction: t };
  }

  /**
   * Print the open batch's transaction list (交易明细): one row per transaction, then the totals.
   *
   * @example
   * ```ts
   * await pos.printTransactionList(); // the printer gets one output: lines, or ESC/POS bytes
   * ```
   */
  printTransactionList(): Promise<void> {
    return printTransactionList(this.#engine);
  }

  /** The transactions of the open batch (交易明细). */
  transactions(): readonly TerminalTransaction[] {
    return this.#engine.exposedState().transactions;
  }

  /** The open batch's totals per card class, and its failed transactions (shown with a forced settlement). */
  totals(): { readonly settlement: ReturnType<typeof batchTotals>; readonly failed: ReturnType<typeof failedTotals> } {
    const batch = this.#engine.state.batch;
    const list = this.#engine.state.transactions.filter((t) => t.batch === batch);
    return { settlement: batchTotals(list), failed: failedTotals(list) };
  }

  /** True when the open batch holds transactions from before today's cut-off (隔日强制结算). */
  settlementRequired(): boolean {
    return settlementRequired(this.#engine);
  }

  /** Why a financial transaction could not start now, or undefined when it can. */
  notReady(): TransactionResult | undefined {
    return readyFor(this.#engine, 'purchase');
  }

  /** Compact the journal into one snapshot record. */
  compact(): Promise<void> {
    return this.#engine.compact();
  }

  toString(): string {
    const s = this.#engine.state;
    return `Terminal(${s.tid}, batch ${s.batch}, ${s.transactions.length} transactions)`;
  }
}
