/**
 * Simulators of every terminal port, for tests and demos: a card reader fed with virtual cards
 * (magnetic stripes built from card data, raw stripe bits, chip cards' APDU functions), a scripted
 * keypad, a virtual PIN pad that forms PIN blocks inside a security module, a printer and a display
 * that keep what they were given, a scripted scanner, and a host channel over a function.
 */
import { fail, type CancelSignal } from '../../core/index';
import type { SecurityModule } from '../../crypto/index';
import { encodeStripeBits } from '../../track/index';
import { systemScheduler } from '../../transport/index';
import type {
  CardReader,
  Display,
  EntryMethod,
  HostChannel,
  Keypad,
  KeypadAnswer,
  KeypadRequest,
  OfflinePinEntry,
  PinEntry,
  PinPad,
  PresentedCard,
  Printer,
  Scanner,
  Screen,
  WaitOptions,
} from '../ports';

/** Wait `ms` or until `signal` aborts; resolves `'timeout'` or `'cancelled'`. */
function wait(ms: number, signal: CancelSignal | undefined): Promise<'timeout' | 'cancelled'> {
  const timers = systemScheduler();
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve('cancelled');
    const onAbort = () => {
      timers.clearTimeout(timer);
      resolve('cancelled');
    };
    const timer = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve('timeout');
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A magnetic card: the data its stripe holds. */
export interface MagneticCardData {
  readonly pan: string;
  readonly expiry: string;
  readonly serviceCode: string;
  /** Track 2 discretionary data (CVV, PVV, …). */
  readonly discretionary: string;
  /** Track 1 name (SURNAME/GIVEN); track 1 is written when given. */
  readonly name?: string;
}

/**
 * A virtual magnetic card as a read head presents it: track text, or the raw bits.
 *
 * @example
 * ```ts
 * swipeOf({ pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' });
 * // { method: 'swipe', track2: ';6225880000000001=281212030900000?' }
 * ```
 */
export function swipeOf(card: MagneticCardData, options: { readonly bits?: boolean } = {}): PresentedCard {
  const track2 = `;${card.pan}=${card.expiry}${card.serviceCode}${card.discretionary}?`;
  const track1 = card.name === undefined ? undefined : `%B${card.pan}^${card.name}^${card.expiry}${card.serviceCode}${card.discretionary}?`;
  if (options.bits) {
    return { method: 'swipe-bits', track2: encodeStripeBits(track2, { track: 2 }), ...(track1 ? { track1: encodeStripeBits(track1, { track: 1 }) } : {}) };
  }
  return { method: 'swipe', track2, ...(track1 ? { track1 } : {}) };
}

/** A card reader that presents the queued cards in turn (each read takes the next one). */
export class ScriptedCardReader implements CardReader {
  readonly #queue: (PresentedCard | ((methods: readonly EntryMethod[]) => PresentedCard))[] = [];
  /** The methods each read asked for (tests check the fallback prompt). */
  readonly asked: (readonly EntryMethod[])[] = [];

  present(...cards: (PresentedCard | ((methods: readonly EntryMethod[]) => PresentedCard))[]): this {
    this.#queue.push(...cards);
    return this;
  }

  async read(request: WaitOptions & { readonly methods: readonly EntryMethod[] }): Promise<PresentedCard> {
    this.asked.push(request.methods);
    const next = this.#queue.shift();
    if (next === undefined) return { method: (await wait(Math.min(request.timeoutMs, 10), request.signal)) === 'cancelled' ? 'cancelled' : 'timeout' };
    return typeof next === 'function' ? next(request.methods) : next;
  }

  get pending(): number {
    return this.#queue.length;
  }
}

/** A keypad answering from a script: a queue of answers, or a function of the request. */
export class ScriptedKeypad implements Keypad {
  readonly #answers: (string | KeypadAnswer)[] = [];
  readonly prompts: string[] = [];

  constructor(readonly fallback?: (request: KeypadRequest) => string | KeypadAnswer | undefined) {}

  type(...answers: (string | KeypadAnswer)[]): this {
    this.#answers.push(...answers);
    return this;
  }

  async read(request: KeypadRequest & WaitOptions): Promise<KeypadAnswer> {
    this.prompts.push(request.prompt);
    const a = this.#answers.shift() ?? this.fallback?.(request);
    if (a === undefined) return { kind: (await wait(Math.min(request.timeoutMs, 10), request.signal)) === 'cancelled' ? 'cancelled' : 'timeout' };
    return typeof a === 'string' ? { kind: 'entered', value: a } : a;
  }
}

/**
 * A virtual PIN pad: the cardholder's PINs come from a script and are enciphered inside the
 * security module under the PIN key (ISO 9564 format 0). `'bypass'` presses enter without a PIN.
 */
export class VirtualPinPad implements PinPad {
  readonly #pins: string[] = [];
  /** Masked PAN of each request (tests check what was asked). */
  readonly requests: string[] = [];

  constructor(readonly securityModule: SecurityModule) {}

  enter(...pins: string[]): this {
    this.#pins.push(...pins);
    return this;
  }

  async onlinePin(request: WaitOptions & { readonly pan: string; readonly keyRef: string; readonly allowBypass: boolean }): Promise<PinEntry> {
    this.requests.push(`${request.pan.slice(0, 6)}…${request.pan.slice(-4)}`);
    const pin = this.#pins.shift();
    if (pin === undefined) return { kind: (await wait(Math.min(request.timeoutMs, 10), request.signal)) === 'cancelled' ? 'cancelled' : 'timeout' };
    if (pin === 'bypass') return request.allowBypass ? { kind: 'bypassed' } : { kind: 'cancelled' };
    if (pin === 'cancel') return { kind: 'cancelled' };
    return { kind: 'entered', block: await this.securityModule.encryptPin(request.keyRef, { pin, format: 0, pan: request.pan }) };
  }

  async offlinePin(request: WaitOptions): Promise<OfflinePinEntry> {
    const pin = this.#pins.shift();
    if (pin === undefined) return { kind: (await wait(Math.min(request.timeoutMs, 10), request.signal)) === 'cancelled' ? 'cancelled' : 'timeout' };
    if (pin === 'bypass') return { kind: 'bypassed' };
    // EMV Book 3 §6.5.12: the plaintext offline PIN block, format 2: 2N P…P F…F.
    const nibbles = `2${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, 'F');
    const block = new Uint8Array(8);
    for (let i = 0; i < 8; i++) block[i] = parseInt(nibbles.slice(2 * i, 2 * i + 2), 16);
    return { kind: 'entered', plaintextPinBlock: block };
  }
}

/** A printer that keeps every output (text lines or ESC/POS bytes). */
export class MemoryPrinter implements Printer {
  readonly outputs: ({ readonly lines: readonly string[] } | { readonly escpos: Uint8Array })[] = [];

  constructor(readonly kind: 'text' | 'escpos' = 'text', readonly columns: 32 | 48 = 32) {}

  async print(output: { readonly lines: readonly string[] } | { readonly escpos: Uint8Array }): Promise<void> {
    this.outputs.push(output);
  }

  /** Every text line printed, in order. */
  get lines(): string[] {
    return this.outputs.flatMap((o) => ('lines' in o ? [...o.lines] : []));
  }
}

/** A display that keeps the screens shown. */
export class MemoryDisplay implements Display {
  readonly screens: Screen[] = [];

  show(screen: Screen): void {
    this.screens.push(screen);
  }

  get last(): Screen | undefined {
    return this.screens[this.screens.length - 1];
  }
}

/** A scanner returning the queued payment codes. */
export class ScriptedScanner implements Scanner {
  readonly #codes: string[] = [];

  queue(...codes: string[]): this {
    this.#codes.push(...codes);
    return this;
  }

  async scan(request: WaitOptions): Promise<{ readonly kind: 'scanned'; readonly code: string } | { readonly kind: 'cancelled' } | { readonly kind: 'timeout' }> {
    const code = this.#codes.shift();
    if (code === undefined) return { kind: (await wait(Math.min(request.timeoutMs, 10), request.signal)) === 'cancelled' ? 'cancelled' : 'timeout' };
    return { kind: 'scanned', code };
  }
}

/**
 * A host channel over a function (an in-process host, a test double). The function may resolve
 * `undefined` for "no answer": the channel then rejects with TRANSPORT_TIMEOUT, as a socket would
 * after the timeout (without waiting it out, so tests stay fast).
 *
 * @example
 * ```ts
 * const channel = functionChannel(async (payload) => (await host.handle(payload)).response);
 * ```
 */
export function functionChannel(exchange: (payload: Uint8Array) => Promise<Uint8Array | undefined>): HostChannel {
  return {
    async request(payload) {
      const answer = await exchange(payload);
      if (answer === undefined) fail('TRANSPORT_TIMEOUT', 'no answer within the request timeout', { path: 'channel' });
      return answer;
    },
  };
}
