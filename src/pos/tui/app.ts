/**
 * The text-mode POS as a screen model: what the screen shows ({@link PosView}), how each key
 * changes it, and the terminal's ports (keypad, card reader, PIN pad, display, printer) served
 * from it. The engine asks (an amount, a card, a PIN) and waits; the view shows the question and
 * the keys answer it; every question can be cancelled (Esc) or time out, as the engine's ports
 * require. No TTY here: `pos/node/tty.ts` feeds keys in and draws {@link renderPosScreen}'s
 * lines; tests press keys and read the view.
 */
import { formatAmount, maskPan } from '../../core/index';
import type { SecurityModule } from '../../crypto/index';
import type {
  CardReader,
  Display,
  EntryMethod,
  Keypad,
  KeypadAnswer,
  KeypadRequest,
  OfflinePinEntry,
  PinEntry,
  PinPad,
  PresentedCard,
  Screen,
  Terminal,
  TransactionResult,
  WaitOptions,
} from '../../terminal/index';
import { systemScheduler, type Scheduler } from '../../transport/index';
import { nameReceipts, ReceiptTray, type SavedReceipt } from '../receipts';
import { CardWallet, offeredEntries, POS_CARDS, type PosCard } from '../wallet';
import type { PosKey } from './keys';
import { posText, type PosLanguage, type PosTextKey } from './texts';

/** A menu of the POS. */
export type PosMenu = 'main' | 'admin';

/** What the screen shows. */
export type PosView =
  | { readonly kind: 'menu'; readonly menu: PosMenu; readonly cursor: number }
  | {
      readonly kind: 'input';
      readonly title: string;
      readonly prompt: string;
      readonly mode: 'amount' | 'digits' | 'password' | 'confirm' | 'choice';
      readonly value: string;
      readonly min: number;
      readonly max: number;
      readonly currency: string;
      readonly options: readonly string[];
    }
  | { readonly kind: 'card'; readonly title: string; readonly prompt: string; readonly methods: readonly EntryMethod[]; readonly cards: readonly PosCard[]; readonly cursor: number; readonly chosen?: PosCard }
  | { readonly kind: 'pin'; readonly title: string; readonly maskedPan: string; readonly amountText: string; readonly length: number }
  | { readonly kind: 'busy'; readonly title: string; readonly lines: readonly string[] }
  | { readonly kind: 'result'; readonly title: string; readonly lines: readonly string[]; readonly scroll: number };

/** Options of {@link PosApp}. */
export interface PosAppOptions {
  readonly language: PosLanguage;
  /** Where the PIN pad forms PIN blocks (under the terminal's PIK, by reference). */
  readonly securityModule: SecurityModule;
  readonly wallet?: CardWallet;
  /** Timers of the prompt timeouts (default the system's). */
  readonly scheduler?: Scheduler;
  /** Called with the receipts each action printed (the CLI saves them to files). */
  readonly onReceipts?: (receipts: readonly SavedReceipt[]) => void;
}

interface MenuItem {
  readonly label: PosTextKey;
  readonly run: (app: PosApp) => Promise<void>;
}

/** A question the engine is waiting on. */
/** What the PIN screen gives back (the digits stay in this module until enciphered). */
type PinAnswer = { readonly kind: 'entered'; readonly pin: string } | { readonly kind: 'bypassed' | 'cancelled' | 'timeout' };

type Pending =
  | { readonly kind: 'input'; readonly resolve: (a: KeypadAnswer) => void }
  | { readonly kind: 'card'; readonly resolve: (c: PresentedCard) => void }
  | { readonly kind: 'pin'; readonly resolve: (pin: PinAnswer) => void; readonly allowBypass: boolean };

const MAIN_MENU: readonly MenuItem[] = [
  { label: 'purchase', run: (app) => app.transaction('purchase', (t) => t.purchase()) },
  { label: 'void', run: (app) => app.transaction('void', (t) => t.void()) },
  { label: 'refund', run: (app) => app.transaction('refund', (t) => t.refund()) },
  { label: 'preauth', run: (app) => app.transaction('preauth', (t) => t.preauth()) },
  { label: 'balance', run: (app) => app.transaction('balance', (t) => t.balance()) },
  { label: 'completion', run: (app) => app.transaction('completion', (t) => t.transaction('completion')) },
  { label: 'preauthVoid', run: (app) => app.transaction('preauth-void', (t) => t.transaction('preauth-void')) },
  { label: 'admin', run: async (app) => app.openMenu('admin') },
];

const ADMIN_MENU: readonly MenuItem[] = [
  { label: 'signOn', run: (app) => app.transaction('sign-on', (t) => t.signOn()) },
  { label: 'settlement', run: (app) => app.transaction('settlement', (t) => t.settle()) },
  { label: 'reprint', run: (app) => app.reprint() },
  { label: 'transactionList', run: (app) => app.transactionList() },
  { label: 'operatorLogon', run: (app) => app.operatorLogon() },
  { label: 'supervisorPassword', run: (app) => app.changeSupervisorPassword() },
  { label: 'back', run: async (app) => app.openMenu('main') },
];

/**
 * The items of a menu, as the screen lists them (key 1 is the first).
 *
 * @example
 * ```ts
 * menuItems('main')[0]; // 'purchase'
 * ```
 */
export function menuItems(menu: PosMenu): readonly PosTextKey[] {
  return (menu === 'main' ? MAIN_MENU : ADMIN_MENU).map((i) => i.label);
}

const ENTRY_WORDS: Readonly<Record<'swipe' | 'insert' | 'tap', PosTextKey>> = { swipe: 'swipe', insert: 'insert', tap: 'tap' };

/**
 * The POS application.
 *
 * @example
 * ```ts
 * const app = new PosApp({ language: 'en', securityModule: sm });
 * const terminal = await Terminal.open({ ...app.ports, journal, securityModule: sm, channel, setup });
 * app.attach(terminal);
 * app.press({ kind: 'digit', digit: '1' }); // 1 SALE: the engine asks for the amount
 * ```
 */
export class PosApp {
  readonly language: PosLanguage;
  readonly #sm: SecurityModule;
  readonly #wallet: CardWallet;
  readonly #scheduler: Scheduler;
  readonly #onReceipts: ((receipts: readonly SavedReceipt[]) => void) | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #tray = new ReceiptTray();
  #terminal: Terminal | undefined;
  #view: PosView = { kind: 'menu', menu: 'main', cursor: 0 };
  #pending: Pending | undefined;
  #busy = false;
  #lastCard = 0;
  #lastScreen: Screen | undefined;
  #idle: Promise<void> = Promise.resolve();

  constructor(options: PosAppOptions) {
    this.language = options.language;
    this.#sm = options.securityModule;
    this.#wallet = options.wallet ?? new CardWallet();
    this.#scheduler = options.scheduler ?? systemScheduler();
    this.#onReceipts = options.onReceipts;
  }

  /** The terminal's ports this application serves. */
  get ports(): { readonly keypad: Keypad; readonly cardReader: CardReader; readonly pinPad: PinPad; readonly display: Display; readonly printer: ReceiptTray } {
    return { keypad: this.#keypad, cardReader: this.#reader, pinPad: this.#pinPad, display: this.#display, printer: this.#tray };
  }

  /** Attach the terminal opened on {@link ports}. */
  attach(terminal: Terminal): void {
    this.#terminal = terminal;
  }

  /** What the screen shows now. */
  get view(): PosView {
    return this.#view;
  }

  /** The status line's facts: TID, operator, batch. */
  get status(): { readonly tid: string; readonly operator: string | undefined; readonly batch: string } | undefined {
    const s = this.#terminal?.state;
    return s && { tid: s.tid, operator: s.operator, batch: s.batch };
  }

  /** Called after every change of the view; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when no action runs (tests wait on it after a key that starts one). */
  idle(): Promise<void> {
    return this.#idle;
  }

  /** Start: an operator logs on first when none is. */
  start(): void {
    if (this.#terminal && this.#terminal.state.operator === undefined) this.#spawn(() => this.operatorLogon());
    else this.#set({ kind: 'menu', menu: 'main', cursor: 0 });
  }

  #set(view: PosView): void {
    this.#view = view;
    for (const l of this.#listeners) l();
  }

  #say(key: PosTextKey): string {
    return posText(this.language, key);
  }

  /** Handle one key. */
  press(key: PosKey): void {
    const v = this.#view;
    switch (v.kind) {
      case 'menu':
        return this.#menuKey(v, key);
      case 'input':
        return this.#inputKey(v, key);
      case 'card':
        return this.#cardKey(v, key);
      case 'pin':
        return this.#pinKey(v, key);
      case 'result':
        return this.#resultKey(v, key);
      case 'busy':
        return;
      default: {
        const never: never = v;
        return never;
      }
    }
  }

  #menuKey(v: Extract<PosView, { kind: 'menu' }>, key: PosKey): void {
    if (this.#busy) return;
    const items = v.menu === 'main' ? MAIN_MENU : ADMIN_MENU;
    let pick: number | undefined;
    if (key.kind === 'up') this.#set({ ...v, cursor: (v.cursor + items.length - 1) % items.length });
    else if (key.kind === 'down') this.#set({ ...v, cursor: (v.cursor + 1) % items.length });
    else if (key.kind === 'enter') pick = v.cursor;
    else if (key.kind === 'digit') pick = key.digit === '0' ? (v.menu === 'admin' ? items.length - 1 : undefined) : Number(key.digit) - 1;
    else if (key.kind === 'cancel' && v.menu === 'admin') this.openMenu('main');
    const item = pick === undefined ? undefined : items[pick];
    if (item) {
      this.#set({ ...v, cursor: pick! });
      this.#spawn(() => item.run(this));
    }
  }

  #inputKey(v: Extract<PosView, { kind: 'input' }>, key: PosKey): void {
    const answer = (a: KeypadAnswer) => this.#answer({ kind: 'input', answer: a });
    if (key.kind === 'cancel') return answer({ kind: 'cancelled' });
    switch (v.mode) {
      case 'confirm':
        if (key.kind === 'enter' || (key.kind === 'digit' && key.digit === '1')) answer({ kind: 'entered', value: '1' });
        else if (key.kind === 'digit' && key.digit === '0') answer({ kind: 'entered', value: '0' });
        return;
      case 'choice':
        if (key.kind === 'digit' && Number(key.digit) >= 1 && Number(key.digit) <= v.options.length) answer({ kind: 'entered', value: String(Number(key.digit) - 1) });
        return;
      case 'amount':
      case 'digits':
      case 'password': {
        const max = v.mode === 'amount' ? 12 : v.max;
        if (key.kind === 'digit') {
          if (v.value.length >= max || (v.mode === 'amount' && v.value === '' && key.digit === '0')) return;
          this.#set({ ...v, value: v.value + key.digit });
        } else if (key.kind === 'backspace') this.#set({ ...v, value: v.value.slice(0, -1) });
        else if (key.kind === 'enter') {
          if (v.mode === 'amount' ? v.value === '' : v.value.length < v.min) return;
          answer({ kind: 'entered', value: v.value });
        }
        return;
      }
      default: {
        const never: never = v.mode;
        return never;
      }
    }
  }

  #cardKey(v: Extract<PosView, { kind: 'card' }>, key: PosKey): void {
    const present = (card: PosCard, entry: 'swipe' | 'insert' | 'tap') => {
      this.#lastCard = POS_CARDS.indexOf(card);
      this.#answer({ kind: 'card', card: this.#wallet.present(card, entry) });
    };
    const choose = (card: PosCard) => {
      const entries = offeredEntries(card, v.methods);
      if (entries.length === 1) present(card, entries[0]!);
      else this.#set({ ...v, chosen: card, cursor: 0 });
    };
    if (v.chosen) {
      const entries = offeredEntries(v.chosen, v.methods);
      if (key.kind === 'cancel') this.#set({ kind: 'card', title: v.title, prompt: v.prompt, methods: v.methods, cards: v.cards, cursor: Math.max(0, v.cards.indexOf(v.chosen)) });
      else if (key.kind === 'up' || key.kind === 'down') this.#set({ ...v, cursor: (v.cursor + (key.kind === 'up' ? entries.length - 1 : 1)) % entries.length });
      else if (key.kind === 'enter' && entries[v.cursor]) present(v.chosen, entries[v.cursor]!);
      else if (key.kind === 'digit' && entries[Number(key.digit) - 1]) present(v.chosen, entries[Number(key.digit) - 1]!);
      return;
    }
    if (key.kind === 'cancel') this.#answer({ kind: 'card', card: { method: 'cancelled' } });
    else if (key.kind === 'up' || key.kind === 'down') this.#set({ ...v, cursor: (v.cursor + (key.kind === 'up' ? v.cards.length - 1 : 1)) % v.cards.length });
    else if (key.kind === 'enter' && v.cards[v.cursor]) choose(v.cards[v.cursor]!);
    else if (key.kind === 'digit' && v.cards[Number(key.digit) - 1]) choose(v.cards[Number(key.digit) - 1]!);
  }

  #pinDigits = '';

  #pinKey(v: Extract<PosView, { kind: 'pin' }>, key: PosKey): void {
    const p = this.#pending;
    if (p?.kind !== 'pin') return;
    if (key.kind === 'cancel') return this.#answer({ kind: 'pin', pin: { kind: 'cancelled' } });
    if (key.kind === 'digit' && this.#pinDigits.length < 12) this.#pinDigits += key.digit;
    else if (key.kind === 'backspace') this.#pinDigits = this.#pinDigits.slice(0, -1);
    else if (key.kind === 'enter') {
      if (this.#pinDigits === '' && p.allowBypass) return this.#answer({ kind: 'pin', pin: { kind: 'bypassed' } });
      // ISO 9564-1 §8.1: a PIN is 4 to 12 digits.
      if (this.#pinDigits.length >= 4) return this.#answer({ kind: 'pin', pin: { kind: 'entered', pin: this.#pinDigits } });
      return;
    }
    // The view holds the number of digits only, never the digits.
    this.#set({ ...v, length: this.#pinDigits.length });
  }

  #resultKey(v: Extract<PosView, { kind: 'result' }>, key: PosKey): void {
    if (key.kind === 'up') this.#set({ ...v, scroll: Math.max(0, v.scroll - 1) });
    else if (key.kind === 'down') this.#set({ ...v, scroll: Math.min(Math.max(0, v.lines.length - 1), v.scroll + 1) });
    else if (key.kind === 'enter' || key.kind === 'cancel') this.openMenu('main');
  }

  #answer(a: { readonly kind: 'input'; readonly answer: KeypadAnswer } | { readonly kind: 'card'; readonly card: PresentedCard } | { readonly kind: 'pin'; readonly pin: PinAnswer }): void {
    const p = this.#pending;
    if (!p || p.kind !== a.kind) return;
    this.#pending = undefined;
    this.#pinDigits = '';
    this.#set({ kind: 'busy', title: this.#lastScreen?.title ?? this.#say('processing'), lines: [this.#say('processing')] });
    if (p.kind === 'input' && a.kind === 'input') p.resolve(a.answer);
    else if (p.kind === 'card' && a.kind === 'card') p.resolve(a.card);
    else if (p.kind === 'pin' && a.kind === 'pin') p.resolve(a.pin);
  }

  /** Wait for the answer to `pending`, with the request's timeout and cancel signal. */
  #wait<T>(options: WaitOptions, onEnd: T, cancelled: T, make: (resolve: (value: T) => void) => Pending, view: PosView): Promise<T> {
    return new Promise<T>((resolve) => {
      let done = false;
      const finish = (value: T) => {
        if (done) return;
        done = true;
        this.#scheduler.clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const end = (value: T) => {
        if (this.#pending === pending) {
          this.#pending = undefined;
          this.#pinDigits = '';
          this.#set({ kind: 'busy', title: this.#lastScreen?.title ?? '', lines: [this.#say('processing')] });
        }
        finish(value);
      };
      const onAbort = () => end(cancelled);
      const timer = this.#scheduler.setTimeout(() => end(onEnd), options.timeoutMs);
      const pending = make(finish);
      if (options.signal?.aborted) return end(cancelled);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending = pending;
      this.#set(view);
    });
  }

  readonly #keypad: Keypad = {
    read: (request: KeypadRequest & WaitOptions): Promise<KeypadAnswer> =>
      this.#wait<KeypadAnswer>(
        request,
        { kind: 'timeout' },
        { kind: 'cancelled' },
        (resolve) => ({ kind: 'input', resolve }),
        {
          kind: 'input',
          title: this.#lastScreen?.title ?? '',
          prompt: request.prompt,
          mode: request.kind,
          value: '',
          min: request.kind === 'digits' || request.kind === 'password' ? request.min : 0,
          max: request.kind === 'digits' || request.kind === 'password' ? request.max : 12,
          currency: request.kind === 'amount' ? request.currency : '',
          options: request.kind === 'choice' ? request.options : [],
        },
      ),
  };

  readonly #reader: CardReader = {
    read: (request: WaitOptions & { readonly methods: readonly EntryMethod[]; readonly prompt: string }): Promise<PresentedCard> => {
      const cards = POS_CARDS.filter((c) => offeredEntries(c, request.methods).length > 0);
      const last = POS_CARDS[this.#lastCard];
      const cursor = last && cards.includes(last) ? cards.indexOf(last) : 0;
      return this.#wait<PresentedCard>(request, { method: 'timeout' }, { method: 'cancelled' }, (resolve) => ({ kind: 'card', resolve }), {
        kind: 'card',
        title: this.#lastScreen?.title ?? '',
        prompt: request.prompt,
        methods: request.methods,
        cards,
        cursor,
      });
    },
  };

  #pinView(amountText: string, pan: string | undefined): PosView {
    return { kind: 'pin', title: this.#say('enterPin'), maskedPan: pan ? maskPan(pan) : '', amountText, length: 0 };
  }

  readonly #pinPad: PinPad = {
    onlinePin: async (request: WaitOptions & { readonly pan: string; readonly keyRef: string; readonly amountText: string; readonly allowBypass: boolean }): Promise<PinEntry> => {
      const got = await this.#wait<PinAnswer>(request, { kind: 'timeout' }, { kind: 'cancelled' }, (resolve) => ({ kind: 'pin', resolve, allowBypass: request.allowBypass }), this.#pinView(request.amountText, request.pan));
      if (got.kind !== 'entered') return got;
      // ISO 9564-1 format 0, enciphered under the PIK inside the security module.
      return { kind: 'entered', block: await this.#sm.encryptPin(request.keyRef, { pin: got.pin, format: 0, pan: request.pan }) };
    },
    offlinePin: async (request: WaitOptions & { readonly tryCounter: number | undefined; readonly amountText: string }): Promise<OfflinePinEntry> => {
      const got = await this.#wait<PinAnswer>(request, { kind: 'timeout' }, { kind: 'cancelled' }, (resolve) => ({ kind: 'pin', resolve, allowBypass: true }), this.#pinView(request.amountText, undefined));
      if (got.kind !== 'entered') return got;
      // EMV Book 3 §6.5.12: the plaintext offline PIN block, format 2: 2N P…P F…F.
      const nibbles = `2${got.pin.length.toString(16).toUpperCase()}${got.pin}`.padEnd(16, 'F');
      const block = new Uint8Array(8);
      for (let i = 0; i < 8; i++) block[i] = parseInt(nibbles.slice(2 * i, 2 * i + 2), 16);
      return { kind: 'entered', plaintextPinBlock: block };
    },
  };

  readonly #display: Display = {
    show: (screen: Screen) => {
      this.#lastScreen = screen;
      if (this.#view.kind === 'busy') this.#set({ kind: 'busy', title: screen.title, lines: screen.lines.length ? screen.lines : [this.#say('processing')] });
    },
  };

  #spawn(job: () => Promise<void>): void {
    this.#busy = true;
    this.#idle = job().finally(() => {
      this.#busy = false;
    });
  }

  /** Open a menu. */
  openMenu(menu: PosMenu): void {
    this.#set({ kind: 'menu', menu, cursor: 0 });
  }

  #ask(request: KeypadRequest, title: string): Promise<KeypadAnswer> {
    this.#lastScreen = { title, lines: [] };
    return this.#keypad.read({ ...request, timeoutMs: this.#terminal?.state.params.promptTimeoutMs ?? 60_000 });
  }

  #requireTerminal(): Terminal {
    const t = this.#terminal;
    if (!t) throw new TypeError('PosApp: attach(terminal) before running transactions');
    return t;
  }

  /** Run one engine action and show its result (with the receipt it printed). */
  async transaction(what: string, run: (terminal: Terminal) => Promise<TransactionResult>, title?: string): Promise<void> {
    const terminal = this.#requireTerminal();
    this.#lastScreen = undefined;
    this.#set({ kind: 'busy', title: title ?? '', lines: [this.#say('processing')] });
    const result = await run(terminal);
    this.#showResult(what, result, []);
  }

  #showResult(what: string, result: TransactionResult, extra: readonly string[]): void {
    const printed = this.#tray.take();
    const t = result.transaction;
    const state = this.#terminal?.state;
    if (printed.length > 0 && state) this.#onReceipts?.(nameReceipts({ batch: t?.batch ?? state.batch, what, ...(t ? { voucher: t.voucher } : {}) }, printed));
    this.#set({ kind: 'result', title: this.#say(result.outcome), lines: [...resultLines(this.language, result), ...extra, ...(printed[0] ? ['', ...printed[0]] : [])], scroll: 0 });
  }

  /** 操作员签到: operator number and password, then the engine's log-on. */
  async operatorLogon(): Promise<void> {
    const terminal = this.#requireTerminal();
    const title = this.#say('operatorLogon');
    const no = await this.#ask({ kind: 'digits', prompt: this.#say('operatorNo'), min: 2, max: 2 }, title);
    if (no.kind !== 'entered') return this.openMenu('main');
    const pw = await this.#ask({ kind: 'password', prompt: this.#say('operatorPassword'), min: 4, max: 8 }, title);
    if (pw.kind !== 'entered') return this.openMenu('main');
    this.#showResult('logon', await terminal.logon(no.value, pw.value), []);
  }

  /** 修改主管密码. */
  async changeSupervisorPassword(): Promise<void> {
    const terminal = this.#requireTerminal();
    const title = this.#say('supervisorPassword');
    const old = await this.#ask({ kind: 'password', prompt: this.#say('oldSupervisorPassword'), min: 6, max: 6 }, title);
    if (old.kind !== 'entered') return this.openMenu('admin');
    const next = await this.#ask({ kind: 'password', prompt: this.#say('newSupervisorPassword'), min: 6, max: 6 }, title);
    if (next.kind !== 'entered') return this.openMenu('admin');
    this.#showResult('supervisor', await terminal.changeSupervisorPassword(old.value, next.value), []);
  }

  /** 重打印: a voucher number, or none for the last receipt. */
  async reprint(): Promise<void> {
    const terminal = this.#requireTerminal();
    const v = await this.#ask({ kind: 'digits', prompt: this.#say('reprintVoucher'), min: 0, max: 6 }, this.#say('reprint'));
    if (v.kind !== 'entered') return this.openMenu('admin');
    this.#showResult('reprint', await terminal.reprint(v.value === '' ? undefined : v.value), []);
  }

  /** 交易明细: the batch's transactions on the screen, and the list printed. */
  async transactionList(): Promise<void> {
    const terminal = this.#requireTerminal();
    await terminal.printTransactionList();
    const rows = terminal.transactions().map((t) => `${t.voucher} ${t.kind.slice(0, 10).padEnd(10)} ${formatAmount(BigInt(t.amount), t.currency).padStart(10)} ${t.status.slice(0, 8)}`);
    const printed = this.#tray.take();
    this.#onReceipts?.(nameReceipts({ batch: terminal.state.batch, what: 'list' }, printed));
    this.#set({ kind: 'result', title: this.#say('transactionList'), lines: [...(rows.length ? rows : [this.#say('noTransactions')]), ...(printed[0] ? ['', ...printed[0]] : [])], scroll: 0 });
  }
}

/**
 * The lines a result screen shows: the engine's message, then the transaction's voucher, RRN,
 * authorisation code, amount and masked card number, the balance of a balance inquiry.
 *
 * @example
 * ```ts
 * resultLines('en', { outcome: 'declined', kind: 'purchase', code: '51', message: 'Insufficient funds' });
 * // ['Insufficient funds', 'RESP CODE 51']
 * ```
 */
export function resultLines(language: PosLanguage, result: TransactionResult): string[] {
  const say = (k: PosTextKey) => posText(language, k);
  const lines = [result.message];
  const t = result.transaction;
  if (result.code !== undefined && result.code !== '00') lines.push(`${say('responseCode')} ${result.code}`);
  if (t) {
    lines.push(`${say('voucher')} ${t.voucher}`);
    if (t.rrn) lines.push(`${say('rrn')} ${t.rrn}`);
    if (t.authCode) lines.push(`${say('authCode')} ${t.authCode}`);
    lines.push(`${say('amount')} ${formatAmount(BigInt(t.amount), t.currency)}`);
    if (t.pan) lines.push(`${say('card')} ${maskPan(t.pan)}`);
  }
  if (result.balance) lines.push(`${say('balanceIs')} ${formatAmount(result.balance.amount, result.balance.currency)}`);
  return lines;
}

/** The entry words of a card screen's second step. */
export function entryWord(language: PosLanguage, entry: 'swipe' | 'insert' | 'tap'): string {
  return posText(language, ENTRY_WORDS[entry]);
}

