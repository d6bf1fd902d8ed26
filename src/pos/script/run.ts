/**
 * Running a `cardwire pos --script` on a terminal, without a screen: each action becomes the
 * `Terminal` call the menu would make, with the card held in the reader, the PIN in the PIN pad
 * and the supervisor password given; each gives one {@link ScriptResult} (masked PAN only), the
 * line CI reads.
 */
import { formatAmount, maskPan, parseAmount } from '../../core/index';
import type { SecurityModule } from '../../crypto/index';
import { ScriptedKeypad, type OfflinePinEntry, type PinEntry, type PinPad, type Scanner, type Terminal, type TerminalTransaction, type TransactionInput, type TransactionResult, type WaitOptions } from '../../terminal/index';
import { nameReceipts, ReceiptTray, type SavedReceipt } from '../receipts';
import { CardWallet, cardOfPan, posCard, WalletCardReader, type PosCard } from '../wallet';
import type { ScriptAction } from './parse';

/** What one action gave. */
export interface ScriptResult {
  readonly line: number;
  readonly action: ScriptAction['action'];
  readonly outcome: TransactionResult['outcome'];
  readonly responseCode: string | null;
  readonly message: string;
  /** The STAN of the last message the action sent (null when it sent none). */
  readonly stan: string | null;
  readonly voucher: string | null;
  readonly rrn: string | null;
  readonly authCode: string | null;
  /** Decimal text in major units. */
  readonly amount: string | null;
  /** First 6 and last 4 digits only. */
  readonly pan: string | null;
  readonly balance?: string;
  readonly refusal?: string;
  /** False when the action's `expect` was not met. */
  readonly expected?: boolean;
  /** The first receipt printed, when the action asked for it. */
  readonly receipt?: readonly string[];
}

/** A PIN pad holding the PIN of the current action (it is forgotten after the action). */
class HeldPinPad implements PinPad {
  pin: string | undefined;
  readonly #sm: SecurityModule;

  constructor(sm: SecurityModule) {
    this.#sm = sm;
  }

  async onlinePin(request: WaitOptions & { readonly pan: string; readonly keyRef: string; readonly allowBypass: boolean }): Promise<PinEntry> {
    const pin = this.pin;
    if (pin === undefined) return { kind: 'cancelled' };
    if (pin === 'bypass') return request.allowBypass ? { kind: 'bypassed' } : { kind: 'cancelled' };
    return { kind: 'entered', block: await this.#sm.encryptPin(request.keyRef, { pin, format: 0, pan: request.pan }) };
  }

  async offlinePin(): Promise<OfflinePinEntry> {
    const pin = this.pin;
    if (pin === undefined) return { kind: 'cancelled' };
    if (pin === 'bypass') return { kind: 'bypassed' };
    // EMV Book 3 §6.5.12: the plaintext offline PIN block, format 2: 2N P…P F…F.
    const nibbles = `2${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, 'F');
    const block = new Uint8Array(8);
    for (let i = 0; i < 8; i++) block[i] = parseInt(nibbles.slice(2 * i, 2 * i + 2), 16);
    return { kind: 'entered', plaintextPinBlock: block };
  }
}

/** A scanner holding the payment code of the current action. */
class HeldScanner implements Scanner {
  code: string | undefined;

  async scan(): Promise<{ readonly kind: 'scanned'; readonly code: string } | { readonly kind: 'cancelled' }> {
    return this.code === undefined ? { kind: 'cancelled' } : { kind: 'scanned', code: this.code };
  }
}

/**
 * The devices a script runs on: pass {@link ScriptDevices.ports} to `Terminal.open`.
 *
 * @example
 * ```ts
 * const devices = new ScriptDevices(sm);
 * const terminal = await Terminal.open({ ...devices.ports, journal, securityModule: sm, channel, setup });
 * await runScriptAction(terminal, devices, parseScript('{"action":"signOn"}')[0]!);
 * ```
 */
export class ScriptDevices {
  readonly reader: WalletCardReader;
  readonly printer = new ReceiptTray();
  readonly #pinPad: HeldPinPad;
  readonly #scanner = new HeldScanner();
  // Prompts a script did not answer time out at once (10 ms) instead of waiting for a cashier.
  readonly #keypad = new ScriptedKeypad();

  constructor(securityModule: SecurityModule, wallet: CardWallet = new CardWallet()) {
    this.reader = new WalletCardReader(wallet);
    this.#pinPad = new HeldPinPad(securityModule);
  }

  get ports(): { readonly cardReader: WalletCardReader; readonly pinPad: PinPad; readonly keypad: ScriptedKeypad; readonly scanner: Scanner; readonly printer: ReceiptTray } {
    return { cardReader: this.reader, pinPad: this.#pinPad, keypad: this.#keypad, scanner: this.#scanner, printer: this.printer };
  }

  /** Hold the card, the PIN and the payment code of one action. */
  hold(card: PosCard | undefined, action: ScriptAction): void {
    const entry = action.entry ?? 'swipe';
    this.reader.hold(card, entry === 'qr' ? 'swipe' : entry);
    this.#pinPad.pin = card ? (action.pin ?? card.pin) : action.pin;
    this.#scanner.code = entry === 'qr' ? card?.paymentCode : undefined;
  }

  release(): void {
    this.reader.hold(undefined);
    this.#pinPad.pin = undefined;
    this.#scanner.code = undefined;
  }
}

function originalByVoucher(terminal: Terminal, voucher: string): TerminalTransaction | undefined {
  return terminal.transactions().find((t) => t.voucher === voucher.padStart(6, '0'));
}

/** Run one action. `onReceipts` gets what it printed, named for saving. */
export async function runScriptAction(terminal: Terminal, devices: ScriptDevices, action: ScriptAction, onReceipts?: (receipts: readonly SavedReceipt[]) => void): Promise<ScriptResult> {
  const stanBefore = terminal.state.stan;
  const currency = terminal.state.params.currency;
  const amount = action.amount === undefined ? undefined : parseAmount(action.amount, currency);
  let card = action.card === undefined ? undefined : posCard(action.card);
  const input = (extra: TransactionInput = {}): TransactionInput => ({
    ...(amount !== undefined ? { amount } : {}),
    ...(action.supervisorPassword !== undefined ? { supervisorPassword: action.supervisorPassword } : {}),
    ...(action.entry === 'qr' ? { methods: ['qr'] as const } : {}),
    ...extra,
  });
  const dateOf = (match: (t: TerminalTransaction) => boolean): string | undefined => action.date ?? terminal.transactions().find(match)?.hostDate;
  if (!card && action.voucher !== undefined && (action.action === 'void' || action.action === 'completionVoid')) {
    const original = originalByVoucher(terminal, action.voucher);
    card = original ? cardOfPan(original.pan) : undefined;
  }
  devices.hold(card, action);
  let result: TransactionResult;
  try {
    result = await perform(terminal, action, input, dateOf);
  } finally {
    devices.release();
  }
  const printed = devices.printer.take();
  const t = result.transaction;
  if (printed.length > 0) onReceipts?.(nameReceipts({ batch: t?.batch ?? terminal.state.batch, what: action.action, ...(t ? { voucher: t.voucher } : {}) }, printed));
  const stanAfter = terminal.state.stan;
  const pan = t?.pan || (result.outcome === 'approved' || result.outcome === 'declined' ? card?.pan : undefined);
  return {
    line: action.line,
    action: action.action,
    outcome: result.outcome,
    responseCode: result.code ?? null,
    message: result.message,
    stan: stanAfter !== stanBefore ? String(stanAfter).padStart(6, '0') : null,
    voucher: t?.voucher ?? null,
    rrn: t?.rrn || null,
    authCode: t?.authCode || null,
    amount: t ? formatAmount(BigInt(t.amount), t.currency) : amount !== undefined ? formatAmount(amount, currency) : null,
    pan: pan ? maskPan(pan) : null,
    ...(result.balance ? { balance: formatAmount(result.balance.amount, result.balance.currency) } : {}),
    ...(result.refusal ? { refusal: result.refusal } : {}),
    ...(action.expect !== undefined ? { expected: action.expect === result.outcome } : {}),
    ...(action.receipt && printed[0] ? { receipt: printed[0] } : {}),
  };
}

async function perform(terminal: Terminal, action: ScriptAction, input: (extra?: TransactionInput) => TransactionInput, dateOf: (match: (t: TerminalTransaction) => boolean) => string | undefined): Promise<TransactionResult> {
  const date = (d: string | undefined): TransactionInput => (d === undefined ? {} : { originalDate: d });
  switch (action.action) {
    case 'logon':
      return terminal.logon(action.operator ?? '', action.password ?? '');
    case 'logoff':
      await terminal.logoff();
      return { outcome: 'approved', kind: 'logon', message: 'logged off' };
    case 'changeSupervisorPassword':
      return terminal.changeSupervisorPassword(action.old ?? '', action.new ?? '');
    case 'signOn':
      return terminal.signOn();
    case 'signOff':
      return terminal.signOff();
    case 'echo':
      return terminal.echo();
    case 'purchase':
      return terminal.purchase(input());
    case 'void':
      return terminal.void(input({ voucher: action.voucher ?? '' }));
    case 'refund':
      return terminal.refund(input({ originalRrn: action.rrn ?? '', ...date(dateOf((t) => t.rrn === action.rrn)) }));
    case 'preAuth':
      return terminal.preauth(input());
    case 'preAuthVoid':
      return terminal.transaction('preauth-void', input({ originalAuthCode: action.authCode ?? '', ...date(dateOf((t) => t.kind === 'preauth' && t.authCode === action.authCode)) }));
    case 'completion':
      return terminal.transaction('completion', input({ originalAuthCode: action.authCode ?? '', ...date(dateOf((t) => t.kind === 'preauth' && t.authCode === action.authCode)) }));
    case 'completionVoid':
      return terminal.transaction('completion-void', input({ voucher: action.voucher ?? '' }));
    case 'balance':
      return terminal.balance(input());
    case 'settlement':
      return terminal.settle();
    case 'reprint':
      return terminal.reprint(action.voucher);
    case 'transactionList':
      await terminal.printTransactionList();
      return { outcome: 'approved', kind: 'settlement', message: `${terminal.transactions().length} transactions` };
    default: {
      const never: never = action.action;
      return never;
    }
  }
}

/**
 * Run a whole script, one result per action handed to `onResult` as it completes.
 *
 * @example
 * ```ts
 * const { unexpected } = await runScript(terminal, devices, parseScript(text), (r) => console.log(JSON.stringify(r)));
 * ```
 */
export async function runScript(
  terminal: Terminal,
  devices: ScriptDevices,
  actions: readonly ScriptAction[],
  onResult: (result: ScriptResult) => void,
  onReceipts?: (receipts: readonly SavedReceipt[]) => void,
): Promise<{ readonly results: readonly ScriptResult[]; readonly unexpected: number }> {
  const results: ScriptResult[] = [];
  for (const a of actions) {
    const r = await runScriptAction(terminal, devices, a, onReceipts);
    results.push(r);
    onResult(r);
  }
  return { results, unexpected: results.filter((r) => r.expected === false).length };
}
