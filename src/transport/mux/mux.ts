/**
 * Request matching: many requests in flight on one connection, each response paired with its
 * request by a key (see keys.ts). A request that gets no response in time rejects with
 * TRANSPORT_TIMEOUT, which a terminal turns into a reversal; if its response arrives later it goes
 * to `onUnmatched` with `late: true`. When the connection drops, every pending request rejects at
 * once with TRANSPORT_DISCONNECTED.
 */
import { CardwireError, isCardwireError, type CardwireErrorCode } from '../../core/index';
import { mtiStanTerminalKey, type KeyedMessage } from './keys';
import type { Scheduler, TimerHandle } from './scheduler';

/** Why a received message matched no request. */
export interface UnmatchedInfo {
  /** The message's key, or undefined when the key function could not build one. */
  readonly key: string | undefined;
  /** The key belonged to a request that already timed out. */
  readonly late: boolean;
  /** The key function's error, when it failed. */
  readonly error?: CardwireError;
}

/** Options for {@link Mux}. */
export interface MuxOptions<Req, Res = Req> {
  /**
   * The matching key of a request or a response; equal keys match. Default:
   * {@link mtiStanTerminalKey} (MTI class + DE 11 + DE 41, as jPOS does), for messages that are
   * {@link KeyedMessage}s (a `cardwire/iso8583` `IsoMessage` is one); UnionPay hosts match on
   * `stanTerminalKey`.
   */
  key?(message: Req | Res): string;
  /** Send a request on the wire. A throw rejects the request. */
  transmit(message: Req): void;
  /** Timers (inject {@link ManualScheduler} in tests). */
  readonly scheduler: Scheduler;
  /** Default per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** A received message that matches no pending request. */
  onUnmatched?(message: Res, info: UnmatchedInfo): void;
  /** How many timed-out keys are remembered to flag late responses (default 1024). */
  readonly lateMemory?: number;
}

/** Options of one {@link Mux.request}. */
export interface MuxRequestOptions {
  /** Timeout of this request in ms (default: the mux's). */
  readonly timeoutMs?: number;
  /** The request's matching key, when the caller has it already. */
  readonly key?: string;
}

interface Pending<M> {
  resolve(message: M): void;
  reject(error: CardwireError): void;
  timer: TimerHandle;
}

/** The default key, for decoded ISO 8583 messages. */
function defaultKey(message: unknown): string {
  const m = message as Partial<KeyedMessage> | null;
  if (typeof m !== 'object' || m === null || typeof m.get !== 'function' || typeof m.mti !== 'string') {
    throw new CardwireError('MUX_KEY_FIELD_MISSING', 'the default key needs ISO 8583 messages (mti and get); give the mux a key function', { path: 'mux.key' });
  }
  return mtiStanTerminalKey(m as KeyedMessage);
}

/**
 * Match responses to requests.
 *
 * @example
 * ```ts
 * const mux = new Mux({ key: (m) => m.stan, transmit: (m) => wire.push(m), scheduler, timeoutMs: 30_000 });
 * const answer = mux.request({ stan: '000001' });
 * mux.receive({ stan: '000001', rc: '00' }); // answer resolves with it
 * ```
 */
export class Mux<Req, Res = Req> {
  private readonly pending = new Map<string, Pending<Res>>();
  private readonly late = new Set<string>();
  private readonly options: MuxOptions<Req, Res>;

  private readonly keyOf: (message: Req | Res) => string;

  constructor(options: MuxOptions<Req, Res>) {
    this.options = options;
    this.keyOf = options.key ? (m) => options.key!(m) : defaultKey;
  }

  /** Requests waiting for their response. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Send `message` and resolve with its response, or reject with a CardwireError. `options.key`
   * gives the request's key when the caller knows it (saves decoding the request again).
   */
  request(message: Req, options: MuxRequestOptions = {}): Promise<Res> {
    let key: string;
    try {
      key = options.key ?? this.keyOf(message);
    } catch (e) {
      return Promise.reject(asCardwireError(e, 'MUX_KEY_FIELD_MISSING', 'the request has no matching key'));
    }
    if (this.pending.has(key)) {
      return Promise.reject(new CardwireError('MUX_DUPLICATE_KEY', `a request with key ${key} is already in flight`, { path: 'mux' }));
    }
    return new Promise<Res>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
      const entry: Pending<Res> = {
        resolve,
        reject,
        timer: this.options.scheduler.setTimeout(() => {
          if (this.pending.get(key) !== entry) return;
          this.pending.delete(key);
          this.rememberLate(key);
          reject(new CardwireError('TRANSPORT_TIMEOUT', `no response for ${key} within ${timeoutMs} ms`, { path: 'mux' }));
        }, timeoutMs),
      };
      this.pending.set(key, entry);
      try {
        this.options.transmit(message);
      } catch (e) {
        this.settle(key, entry);
        reject(asCardwireError(e, 'TRANSPORT_NOT_CONNECTED', 'the request could not be sent'));
      }
    });
  }

  /** Offer a received message; true when it answered a pending request. */
  receive(message: Res): boolean {
    let key: string;
    try {
      key = this.keyOf(message);
    } catch (e) {
      this.options.onUnmatched?.(message, { key: undefined, late: false, error: asCardwireError(e, 'MUX_KEY_FIELD_MISSING', 'the message has no matching key') });
      return false;
    }
    const entry = this.pending.get(key);
    if (!entry) {
      const late = this.late.delete(key);
      this.options.onUnmatched?.(message, { key, late });
      return false;
    }
    this.settle(key, entry);
    entry.resolve(message);
    return true;
  }

  /** Reject every pending request at once (the connection dropped, or the owner closed it). */
  failAll(code: CardwireErrorCode = 'TRANSPORT_DISCONNECTED', message = 'the connection dropped with the request in flight'): void {
    const entries = [...this.pending.values()];
    for (const [key, entry] of [...this.pending]) this.settle(key, entry);
    for (const entry of entries) entry.reject(new CardwireError(code, message, { path: 'mux' }));
  }

  private settle(key: string, entry: Pending<Res>): void {
    this.options.scheduler.clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  private rememberLate(key: string): void {
    this.late.add(key);
    const limit = this.options.lateMemory ?? 1024;
    if (this.late.size > limit) {
      const oldest = this.late.values().next();
      if (!oldest.done) this.late.delete(oldest.value);
    }
  }
}

function asCardwireError(e: unknown, code: CardwireErrorCode, message: string): CardwireError {
  return isCardwireError(e) ? e : new CardwireError(code, message, { path: 'mux', cause: e });
}
