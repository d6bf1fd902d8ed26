/**
 * The smart POS application: the menus of a UnionPay-style terminal (1 消费 SALE, 2 撤销 VOID,
 * 3 退货 REFUND, 5 余额查询 BALANCE, 6 扫码 QR SALE, 9 管理 ADMIN → 签到 SIGN ON / 结算 SETTLE /
 * 重打印 REPRINT / 主管改密 SUPERVISOR PASSWORD) over a `Terminal` and the {@link SmartPosDevice}.
 * The engine asks for everything it needs through the device's ports; the application only adds
 * what the engine leaves to the terminal's own UI (operator log-on, the supervisor password
 * change) and shows how each transaction ended. No DOM: the page draws it.
 */
import { formatAmount, isCardwireError } from '../../core/index';
import type { KeypadRequest, Terminal, TransactionResult } from '../../terminal/index';
import type { PosKey, ResultScreen, SmartPosDevice } from './device';

/** What the menus run. */
export type MenuItem = 'sale' | 'void' | 'refund' | 'balance' | 'qr-sale' | 'sign-on' | 'settle' | 'reprint' | 'supervisor';

/** A line of a menu: its key, what it opens or runs, its text. */
export interface MenuLine<I extends MenuItem | 'admin' = MenuItem | 'admin'> {
  readonly key: PosKey;
  readonly item: I;
  readonly text: string;
}

/** The main menu. */
export const MAIN_MENU: readonly MenuLine[] = [
  { key: '1', item: 'sale', text: '1 消费 SALE' },
  { key: '2', item: 'void', text: '2 撤销 VOID' },
  { key: '3', item: 'refund', text: '3 退货 REFUND' },
  { key: '5', item: 'balance', text: '5 余额查询 BALANCE' },
  { key: '6', item: 'qr-sale', text: '6 扫码 QR SALE' },
  { key: '9', item: 'admin', text: '9 管理 ADMIN' },
];

/** The 管理 ADMIN menu (CANCEL goes back). */
export const ADMIN_MENU: readonly MenuLine<MenuItem>[] = [
  { key: '1', item: 'sign-on', text: '1 签到 SIGN ON' },
  { key: '2', item: 'settle', text: '2 结算 SETTLE' },
  { key: '3', item: 'reprint', text: '3 重打印 REPRINT' },
  { key: '4', item: 'supervisor', text: '4 主管改密 SUPERVISOR PASSWORD' },
];

const OUTCOME_TITLES: Readonly<Record<TransactionResult['outcome'], string>> = {
  approved: '交易成功 APPROVED',
  declined: '交易失败 DECLINED',
  cancelled: '交易取消 CANCELLED',
  timeout: '操作超时 TIMEOUT',
  failed: '交易失败 FAILED',
  refused: '交易拒绝 REFUSED',
};

const KIND_TEXT: Readonly<Partial<Record<TransactionResult['kind'], string>>> = {
  purchase: '消费 SALE',
  void: '撤销 VOID',
  refund: '退货 REFUND',
  balance: '余额查询 BALANCE',
  'sign-on': '签到 SIGN ON',
  settlement: '结算 SETTLE',
  logon: '操作员 OPERATOR',
};

/**
 * What the screen shows when a transaction ends: the outcome, what it was, the host's answer, and
 * for an approval the voucher, authorisation code and reference number.
 *
 * @example
 * ```ts
 * resultScreen({ outcome: 'declined', kind: 'purchase', code: '51', message: '无足够的存款 Insufficient funds' });
 * // { outcome: 'declined', title: '交易失败 DECLINED', lines: ['消费 SALE', '51 无足够的存款 Insufficient funds'] }
 * ```
 */
export function resultScreen(r: TransactionResult): ResultScreen {
  const lines: string[] = [];
  const kind = KIND_TEXT[r.kind];
  const t = r.transaction;
  if (kind !== undefined) lines.push(t && r.outcome === 'approved' ? `${kind} ${formatAmount(BigInt(t.amount), t.currency)}` : kind);
  lines.push(r.code !== undefined && r.code !== '00' ? `${r.code} ${r.message}` : r.message);
  if (t && r.outcome === 'approved') lines.push(`凭证号 VOUCHER ${t.voucher}`, `授权码 AUTH ${t.authCode}`, `参考号 RRN ${t.rrn}`);
  return { outcome: r.outcome, title: OUTCOME_TITLES[r.outcome], lines };
}

/** The application's status line. */
export interface SmartPosStatus {
  readonly tid: string;
  readonly mid: string;
  readonly merchantName: string;
  readonly operator: string | undefined;
  readonly signedOn: boolean;
  readonly batch: string;
  readonly busy: boolean;
  readonly menu: 'main' | 'admin';
}

/** The application. */
export class SmartPosApp {
  readonly terminal: Terminal;
  readonly device: SmartPosDevice;
  #menu: 'main' | 'admin' = 'main';
  #busy = false;
  readonly #listeners = new Set<() => void>();

  constructor(terminal: Terminal, device: SmartPosDevice) {
    this.terminal = terminal;
    this.device = device;
    device.onIdleKey = (key) => this.#idleKey(key);
    terminal.on((e) => {
      if (e.type === 'wire') device.addWireLine(e.line);
    });
    this.showMenu('main');
  }

  /** Be told when the status changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }

  get status(): SmartPosStatus {
    const s = this.terminal.state;
    return { tid: s.tid, mid: s.mid, merchantName: s.merchantName, operator: s.operator, signedOn: s.signedOn, batch: s.batch, busy: this.#busy, menu: this.#menu };
  }

  /** Show a menu on the screen. */
  showMenu(menu: 'main' | 'admin'): void {
    this.#menu = menu;
    const lines = (menu === 'main' ? MAIN_MENU : ADMIN_MENU).map((l) => l.text);
    const s = this.terminal.state;
    const title = menu === 'main' ? (s.signedOn ? s.merchantName : `${s.merchantName} · 请签到 SIGN ON (9→1)`) : '管理 ADMIN';
    this.device.show({ title, lines });
    this.#changed();
  }

  #idleKey(key: PosKey): void {
    if (this.#busy) return;
    // A result stays on the screen until a key: that key only brings the menu back.
    if (this.device.view.result) return this.showMenu(this.#menu);
    if (key === 'cancel') return this.showMenu('main');
    const line = (this.#menu === 'main' ? MAIN_MENU : ADMIN_MENU).find((l) => l.key === key);
    if (!line) return;
    if (line.item === 'admin') return this.showMenu('admin');
    void this.run(line.item);
  }

  /** Run a menu item to its end and show the result; undefined when another one is running. */
  async run(item: MenuItem): Promise<TransactionResult | undefined> {
    if (this.#busy) return undefined;
    this.#busy = true;
    this.#changed();
    let result: TransactionResult;
    try {
      result = await this.#runItem(item);
    } catch (e) {
      // The engine answers with results; an error here is a fault of the device or the link.
      result = { outcome: 'failed', kind: 'purchase', message: isCardwireError(e) ? `${e.code}` : 'internal error' };
    } finally {
      this.#busy = false;
    }
    this.#menu = 'main';
    this.device.showResult(resultScreen(result));
    this.#changed();
    return result;
  }

  #runItem(item: MenuItem): Promise<TransactionResult> {
    const t = this.terminal;
    switch (item) {
      case 'sale':
        return t.purchase();
      case 'void':
        return t.void();
      case 'refund':
        return t.refund();
      case 'balance':
        return t.balance();
      case 'qr-sale':
        return t.purchase({ methods: ['qr'] });
      case 'sign-on':
        return this.#signOn();
      case 'settle':
        return t.settle();
      case 'reprint':
        return t.reprint();
      case 'supervisor':
        return this.#changeSupervisorPassword();
      default: {
        const never: never = item;
        return never;
      }
    }
  }

  async #ask(request: KeypadRequest): Promise<string | undefined> {
    const a = await this.device.keypad.read({ ...request, timeoutMs: this.terminal.state.params.promptTimeoutMs });
    return a.kind === 'entered' ? a.value : undefined;
  }

  /** 签到: the operator logs on (number and password) if none is, then the host sign-on with key download. */
  async #signOn(): Promise<TransactionResult> {
    this.device.show({ title: '签到 SIGN ON', lines: [] });
    if (this.terminal.state.operator === undefined) {
      const operator = await this.#ask({ kind: 'digits', prompt: '请输入操作员号 Operator no.', min: 2, max: 2 });
      if (operator === undefined) return cancelled('logon');
      const password = await this.#ask({ kind: 'password', prompt: '请输入操作员密码 Operator password', min: 4, max: 6 });
      if (password === undefined) return cancelled('logon');
      const logon = await this.terminal.logon(operator, password);
      if (logon.outcome !== 'approved') return logon;
    }
    return this.terminal.signOn();
  }

  /** 主管改密: the supervisor password, which must change before its first use. */
  async #changeSupervisorPassword(): Promise<TransactionResult> {
    this.device.show({ title: '主管改密 SUPERVISOR PASSWORD', lines: [] });
    const old = await this.#ask({ kind: 'password', prompt: '请输入原主管密码 Old supervisor password', min: 6, max: 6 });
    if (old === undefined) return cancelled('logon');
    const next = await this.#ask({ kind: 'password', prompt: '请输入新主管密码 New supervisor password', min: 6, max: 6 });
    if (next === undefined) return cancelled('logon');
    const again = await this.#ask({ kind: 'password', prompt: '请再输入新密码 New password again', min: 6, max: 6 });
    if (again === undefined) return cancelled('logon');
    if (again !== next) return { outcome: 'refused', kind: 'logon', message: '两次输入不一致 The two entries differ' };
    return this.terminal.changeSupervisorPassword(old, next);
  }
}

function cancelled(kind: TransactionResult['kind']): TransactionResult {
  return { outcome: 'cancelled', kind, message: '交易取消 Cancelled' };
}
