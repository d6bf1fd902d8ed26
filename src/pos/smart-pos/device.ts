/**
 * The smart POS's hardware, without a DOM: the on-screen keypad and PIN pad, the card tray (the
 * card reader), the payment-code field (the scanner), the receipt printer and the screen. It
 * implements the terminal's ports for the engine, and takes the person's input (a key pressed, a
 * card swiped or inserted, a code entered) from whatever draws it (the web page, a test). The
 * view reads {@link SmartPosDevice.view} after each change it is told about.
 *
 * The PIN is typed into a buffer that only the PIN pad port reads: on OK it is handed to the
 * security module's encryptPin (ISO 9564 format 0 under the PIN key, by reference) and the buffer
 * is wiped; the view only ever sees one • per digit.
 */
import { formatAmount, type CancelSignal } from '../../core/index';
import type { SecurityModule } from '../../crypto/index';
import {
  swipeOf,
  type CardReader,
  type Display,
  type EntryMethod,
  type Keypad,
  type KeypadAnswer,
  type KeypadRequest,
  type PinEntry,
  type PinPad,
  type PresentedCard,
  type Printer,
  type Scanner,
  type Screen,
  type WaitOptions,
} from '../../terminal/index';
import { systemScheduler, type Scheduler } from '../../transport/index';
import type { TrayCard } from './cards';

/** A key of the keypad: a digit, 确认 OK, 取消 CANCEL, 清除 CLEAR (one digit back). */
export type PosKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'ok' | 'cancel' | 'clear';

/** True when `key` is a {@link PosKey}. */
export function isPosKey(key: string): key is PosKey {
  return /^[0-9]$/.test(key) || key === 'ok' || key === 'cancel' || key === 'clear';
}

/** What an entry on the keypad is for. */
type EntryKind = KeypadRequest['kind'] | 'pin';

/** An entry in progress. */
interface Entry {
  readonly kind: EntryKind;
  readonly prompt: string;
  readonly min: number;
  readonly max: number;
  /** Amount entry: the currency the digits are minor units of. */
  readonly currency?: string;
  /** Choice: the options shown. */
  readonly options?: readonly string[];
  /** PIN: OK without digits bypasses. */
  readonly allowBypass?: boolean;
  /** Lines shown under the prompt (the amount for the PIN pad). */
  readonly info?: readonly string[];
  readonly digits: string[];
  readonly finish: (answer: { readonly kind: 'ok'; readonly digits: string[] } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' }) => void;
}

/** How a transaction ended, as the screen shows it until the next key. */
export interface ResultScreen {
  readonly outcome: string;
  readonly title: string;
  readonly lines: readonly string[];
}

/** What the screen and the panes show now. */
export interface DeviceView {
  /** The engine's last screen (title and lines). */
  readonly screen: Screen;
  /** The entry in progress: its prompt, its text as shown (amount formatted, PIN and passwords as •), lines under it. */
  readonly entry: { readonly kind: EntryKind; readonly prompt: string; readonly text: string; readonly info: readonly string[] } | undefined;
  /** The card reader is waiting: for these methods, with this prompt. */
  readonly cardWait: { readonly methods: readonly EntryMethod[]; readonly prompt: string } | undefined;
  /** The scanner is waiting for a payment code. */
  readonly scanWait: { readonly prompt: string } | undefined;
  readonly result: ResultScreen | undefined;
  /** A short note about the last card or code presented (wrong method, no chip, not waiting). */
  readonly trayNote: string;
  readonly receipts: readonly (readonly string[])[];
  /** The last wire lines (at most 200), and how many were ever added (to draw only the new ones). */
  readonly wire: readonly string[];
  readonly wireTotal: number;
}

/** Why a card presented was not taken. */
export type PresentRefusal = 'not-waiting' | 'method-not-accepted' | 'no-chip' | 'no-contactless' | 'no-stripe';

/** How many wire lines the pane keeps. */
export const WIRE_LINES = 200;

/** The device. */
export class SmartPosDevice {
  readonly #securityModule: SecurityModule;
  readonly #timers: Scheduler;
  readonly #listeners = new Set<() => void>();
  #screen: Screen = { title: '', lines: [] };
  #entry: Entry | undefined;
  #cardWait: { methods: readonly EntryMethod[]; prompt: string; finish: (card: PresentedCard) => void } | undefined;
  #scanWait: { prompt: string; finish: (answer: { readonly kind: 'scanned'; readonly code: string } | { readonly kind: 'cancelled' }) => void } | undefined;
  #result: ResultScreen | undefined;
  #trayNote = '';
  readonly #receipts: (readonly string[])[] = [];
  readonly #wire: string[] = [];
  #wireTotal = 0;
  /** Keys pressed while nothing waits for them (the menu's). */
  onIdleKey: ((key: PosKey) => void) | undefined;

  constructor(options: { readonly securityModule: SecurityModule; readonly scheduler?: Scheduler }) {
    this.#securityModule = options.securityModule;
    this.#timers = options.scheduler ?? systemScheduler();
  }

  /** Be told after every change of the view; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }

  /** What to draw now. */
  get view(): DeviceView {
    const e = this.#entry;
    return {
      screen: this.#screen,
      entry: e && { kind: e.kind, prompt: e.prompt, text: entryText(e), info: e.info ?? [] },
      cardWait: this.#cardWait && { methods: this.#cardWait.methods, prompt: this.#cardWait.prompt },
      scanWait: this.#scanWait && { prompt: this.#scanWait.prompt },
      result: this.#result,
      trayNote: this.#trayNote,
      receipts: this.#receipts,
      wire: this.#wire,
      wireTotal: this.#wireTotal,
    };
  }

  // ——— input from the person ———

  /** A key of the keypad. */
  press(key: PosKey): void {
    const e = this.#entry;
    if (e) return this.#entryKey(e, key);
    if (key === 'cancel' && (this.#cardWait || this.#scanWait)) {
      this.#cardWait?.finish({ method: 'cancelled' });
      this.#scanWait?.finish({ kind: 'cancelled' });
      return;
    }
    if (this.#cardWait || this.#scanWait) return;
    this.onIdleKey?.(key);
  }

  #entryKey(e: Entry, key: PosKey): void {
    switch (key) {
      case 'cancel':
        return e.finish({ kind: 'cancelled' });
      case 'clear':
        e.digits.pop();
        return this.#changed();
      case 'ok': {
        if (e.kind === 'confirm') return e.finish({ kind: 'ok', digits: ['1'] });
        const n = e.digits.length;
        const bypass = e.kind === 'pin' && n === 0 && e.allowBypass === true;
        if (!bypass && (n < e.min || n > e.max)) return;
        return e.finish({ kind: 'ok', digits: e.digits });
      }
      default: {
        if (e.kind === 'confirm') return;
        if (e.kind === 'choice') {
          const index = Number(key) - 1;
          if (index >= 0 && index < (e.options?.length ?? 0)) e.finish({ kind: 'ok', digits: [String(index)] });
          return;
        }
        // An amount does not start with 0 (the digits are minor units: 0.05 is typed 5).
        if (e.digits.length >= e.max || (e.kind === 'amount' && e.digits.length === 0 && key === '0')) return;
        e.digits.push(key);
        return this.#changed();
      }
    }
  }

  /**
   * A card presented in the tray: swiped, inserted or tapped. Taken only while the engine waits
   * for a card in that method; otherwise refused with why (and the tray says so).
   */
  present(card: TrayCard, method: 'swipe' | 'insert' | 'tap'): PresentRefusal | undefined {
    const wait = this.#cardWait;
    const refuse = (why: PresentRefusal, note: string): PresentRefusal => {
      this.#trayNote = note;
      this.#changed();
      return why;
    };
    if (!wait) return refuse('not-waiting', '现在不需要读卡 No card is asked for now');
    if (!wait.methods.includes(method)) return refuse('method-not-accepted', `请${wait.methods.map(methodText).join('/')} Use ${wait.methods.join(' / ')}`);
    let presented: PresentedCard;
    if (method === 'swipe') {
      if (!card.magnetic) return refuse('no-stripe', '该卡无磁条 No magnetic stripe');
      presented = swipeOf(card.magnetic);
    } else {
      if (!card.chip) return refuse('no-chip', '该卡无芯片 No chip on this card');
      const transmit = card.chip(method);
      if (!transmit) return refuse('no-contactless', '该卡不支持非接 This card has no contactless interface');
      presented = { method, transmit };
    }
    this.#trayNote = `${methodText(method)} ${card.label}`;
    wait.finish(presented);
    return undefined;
  }

  /** A payment code entered in the code field (the scanner); false when no scan is waiting or the code is not digits. */
  scan(code: string): boolean {
    const wait = this.#scanWait;
    const clean = code.trim();
    if (!wait || !/^\d{10,32}$/.test(clean)) {
      this.#trayNote = wait ? '付款码须为数字 The payment code is digits' : '现在不需要扫码 No code is asked for now';
      this.#changed();
      return false;
    }
    wait.finish({ kind: 'scanned', code: clean });
    return true;
  }

  // ——— what the application shows ———

  /** Show a screen of the application (the menu, a prompt of its own). */
  show(screen: Screen): void {
    this.#screen = screen;
    this.#result = undefined;
    this.#changed();
  }

  /** Show how a transaction ended, until the next key. */
  showResult(result: ResultScreen): void {
    this.#result = result;
    this.#changed();
  }

  /** One masked wire line (the engine's `wire` events). */
  addWireLine(line: string): void {
    this.#wire.push(line);
    this.#wireTotal++;
    if (this.#wire.length > WIRE_LINES) this.#wire.splice(0, this.#wire.length - WIRE_LINES);
    this.#changed();
  }

  // ——— the ports ———

  /** A wait on the keypad: resolves with the answer, the timeout or the cancellation. */
  #enter(entry: Omit<Entry, 'digits' | 'finish'>, wait: WaitOptions): Promise<{ readonly kind: 'ok'; readonly digits: string[] } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' }> {
    return new Promise((resolve) => {
      if (wait.signal?.aborted) return resolve({ kind: 'cancelled' });
      const onAbort = (): void => finish({ kind: 'cancelled' });
      const timer = this.#timers.setTimeout(() => finish({ kind: 'timeout' }), wait.timeoutMs);
      const e: Entry = {
        ...entry,
        digits: [],
        finish: (answer) => finish(answer),
      };
      const finish: Entry['finish'] = (answer) => {
        if (this.#entry !== e) return;
        this.#timers.clearTimeout(timer);
        wait.signal?.removeEventListener('abort', onAbort);
        this.#entry = undefined;
        resolve(answer);
        this.#changed();
      };
      wait.signal?.addEventListener('abort', onAbort, { once: true });
      this.#entry?.finish({ kind: 'cancelled' });
      this.#result = undefined;
      this.#entry = e;
      this.#changed();
    });
  }

  /** The keypad port. */
  readonly keypad: Keypad = {
    read: async (request: KeypadRequest & WaitOptions): Promise<KeypadAnswer> => {
      const limits = request.kind === 'digits' || request.kind === 'password' ? { min: request.min, max: request.max } : request.kind === 'amount' ? { min: 1, max: 12 } : { min: 0, max: 1 };
      const a = await this.#enter(
        {
          kind: request.kind,
          prompt: request.prompt,
          ...limits,
          ...(request.kind === 'amount' ? { currency: request.currency } : {}),
          ...(request.kind === 'choice' ? { options: request.options, info: request.options.map((o, i) => `${i + 1} ${o}`) } : {}),
        },
        request,
      );
      if (a.kind !== 'ok') return a;
      const value = a.digits.join('');
      a.digits.length = 0;
      return { kind: 'entered', value };
    },
  };

  /** The PIN pad port: the PIN block is formed in the security module, and the typed digits wiped. */
  readonly pinPad: PinPad = {
    onlinePin: async (request): Promise<PinEntry> => {
      const a = await this.#enter(
        {
          kind: 'pin',
          prompt: '请输入密码 Enter PIN',
          min: 4,
          max: 12,
          allowBypass: request.allowBypass,
          info: [request.amountText ? `金额 AMOUNT ${request.amountText}` : '', request.allowBypass ? '无密码请按确认 OK without PIN to bypass' : ''].filter((l) => l !== ''),
        },
        request,
      );
      if (a.kind !== 'ok') return a;
      if (a.digits.length === 0) return { kind: 'bypassed' };
      try {
        return { kind: 'entered', block: await this.#securityModule.encryptPin(request.keyRef, { pin: a.digits.join(''), format: 0, pan: request.pan }) };
      } finally {
        a.digits.fill('0');
        a.digits.length = 0;
      }
    },
  };

  /** The card reader port: waits for a card presented in the tray, or CANCEL, or the timeout. */
  readonly cardReader: CardReader = {
    read: (request) =>
      this.#wait<PresentedCard>(request, { method: 'timeout' }, { method: 'cancelled' }, (finish) => {
        this.#cardWait = { methods: request.methods, prompt: request.prompt, finish };
        this.#trayNote = '';
        return () => (this.#cardWait = undefined);
      }),
  };

  /** The scanner port: waits for a payment code in the code field. */
  readonly scanner: Scanner = {
    scan: (request) =>
      this.#wait<{ readonly kind: 'scanned'; readonly code: string } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' }>(request, { kind: 'timeout' }, { kind: 'cancelled' }, (finish) => {
        this.#scanWait = { prompt: request.prompt, finish };
        this.#trayNote = '';
        return () => (this.#scanWait = undefined);
      }),
  };

  /** A wait for the tray or the code field: `arm` registers the waiter and returns its disarm. */
  #wait<T>(request: { readonly timeoutMs: number; readonly signal?: CancelSignal }, timeout: T, cancelled: T, arm: (finish: (value: T) => void) => () => void): Promise<T> {
    return new Promise((resolve) => {
      if (request.signal?.aborted) return resolve(cancelled);
      let done = false;
      const onAbort = (): void => finish(cancelled);
      const timer = this.#timers.setTimeout(() => finish(timeout), request.timeoutMs);
      const finish = (value: T): void => {
        if (done) return;
        done = true;
        this.#timers.clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        disarm();
        resolve(value);
        this.#changed();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.#result = undefined;
      const disarm = arm(finish);
      this.#changed();
    });
  }

  /** The printer port: text receipts of 32 columns, kept for the receipt pane. */
  readonly printer: Printer = {
    kind: 'text',
    columns: 32,
    print: async (output) => {
      if ('lines' in output) this.#receipts.push([...output.lines]);
      this.#changed();
    },
  };

  /** The display port: the engine's screens. */
  readonly display: Display = {
    show: (screen) => this.show(screen),
  };
}

function methodText(method: EntryMethod): string {
  switch (method) {
    case 'swipe':
      return '刷卡';
    case 'insert':
      return '插卡';
    case 'tap':
      return '挥卡';
    case 'manual':
      return '手输';
    case 'qr':
      return '扫码';
    default: {
      const never: never = method;
      return never;
    }
  }
}

/** The entry as the screen shows it: amounts formatted, secrets as one • per digit. */
function entryText(e: Entry): string {
  switch (e.kind) {
    case 'pin':
    case 'password':
      return '•'.repeat(e.digits.length);
    case 'amount':
      return formatAmount(BigInt(e.digits.join('') || '0'), e.currency ?? '156');
    case 'digits':
      return e.digits.join('');
    case 'confirm':
      return '确认 OK / 取消 CANCEL';
    case 'choice':
      return '';
    default: {
      const never: never = e.kind;
      return never;
    }
  }
}
