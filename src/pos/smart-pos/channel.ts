/**
 * The browser POS's `HostChannel` over a message socket (a WebSocket to the bridge of
 * `cardwire pos --web`): one binary message is one request's payload, the next message is its
 * answer. One request at a time; a second one while the first waits is refused (POS_CHANNEL_BUSY).
 * The socket is opened on the first request and again after a drop. A request without an answer
 * by its timeout rejects with TRANSPORT_TIMEOUT and the socket is dropped with it, so a late answer
 * can never be taken for the next request's (a reversal, typically).
 *
 * The socket is given as a factory of a minimal interface, so this file needs no DOM: the page
 * wraps the browser's WebSocket in a few lines, and tests pass a fake.
 */
import { CardwireError, type CardwireErrorCode } from '../../core/index';
import type { HostChannel } from '../../terminal/index';
import { systemScheduler, type Scheduler, type TimerHandle } from '../../transport/index';

/** What the channel tells the socket. */
export interface MessageSocket {
  send(data: Uint8Array): void;
  close(): void;
}

/** What the socket tells the channel. */
export interface MessageSocketEvents {
  open(): void;
  /** One whole binary message. */
  message(data: Uint8Array): void;
  /** Closed, by either side, or failed to open. */
  close(): void;
}

/** Open a socket; its events go to `events`. */
export type MessageSocketFactory = (events: MessageSocketEvents) => MessageSocket;

/** The channel's link, for the page's status light. */
export type LinkState = 'closed' | 'connecting' | 'open';

/** Options of {@link MessageSocketChannel}. */
export interface MessageSocketChannelOptions {
  /** Connect timeout (default 5 000 ms, and never longer than the request's own timeout). */
  readonly connectTimeoutMs?: number;
  readonly onState?: (state: LinkState) => void;
  /** A message that answers no request (it arrived after its request was given up): dropped. */
  readonly onUnmatched?: (data: Uint8Array) => void;
  readonly scheduler?: Scheduler;
}

function error(code: CardwireErrorCode, message: string): CardwireError {
  return new CardwireError(code, message, { path: 'channel' });
}

/**
 * The channel.
 *
 * @example
 * ```ts
 * const channel = new MessageSocketChannel((events) => browserSocket(`ws://${location.host}/ws`, events));
 * const answer = await channel.request(payload, { timeoutMs: 30_000 });
 * ```
 */
export class MessageSocketChannel implements HostChannel {
  readonly #connect: MessageSocketFactory;
  readonly #options: MessageSocketChannelOptions;
  readonly #timers: Scheduler;
  #socket: MessageSocket | undefined;
  #state: LinkState = 'closed';
  #opening: { resolve: () => void; reject: (e: CardwireError) => void } | undefined;
  #inFlight: { resolve: (data: Uint8Array) => void; reject: (e: CardwireError) => void; timer: TimerHandle } | undefined;

  constructor(connect: MessageSocketFactory, options: MessageSocketChannelOptions = {}) {
    this.#connect = connect;
    this.#options = options;
    this.#timers = options.scheduler ?? systemScheduler();
  }

  /** The link now. */
  get state(): LinkState {
    return this.#state;
  }

  #setState(state: LinkState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }

  async request(payload: Uint8Array, options: { readonly timeoutMs: number }): Promise<Uint8Array> {
    if (this.#inFlight || this.#opening) throw error('POS_CHANNEL_BUSY', 'another request is waiting for its answer');
    if (this.#state !== 'open') await this.#open(Math.min(this.#options.connectTimeoutMs ?? 5000, options.timeoutMs));
    const socket = this.#socket;
    if (!socket || this.#state !== 'open') throw error('TRANSPORT_NOT_CONNECTED', 'the link to the host is not open');
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#inFlight = undefined;
        reject(error('TRANSPORT_TIMEOUT', `no answer within ${options.timeoutMs} ms`));
        // A late answer must not be read as the next request's: the link goes with the request.
        this.#drop();
      }, options.timeoutMs);
      this.#inFlight = { resolve, reject, timer };
      socket.send(payload);
    });
  }

  #open(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#opening = undefined;
        reject(error('TRANSPORT_CONNECT_TIMEOUT', `the bridge did not open within ${timeoutMs} ms`));
        this.#drop();
      }, timeoutMs);
      this.#opening = {
        resolve: () => {
          this.#timers.clearTimeout(timer);
          this.#opening = undefined;
          resolve();
        },
        reject: (e) => {
          this.#timers.clearTimeout(timer);
          this.#opening = undefined;
          reject(e);
        },
      };
      this.#setState('connecting');
      let socket: MessageSocket | undefined;
      const events: MessageSocketEvents = {
        open: () => {
          if (this.#socket !== socket) return;
          this.#setState('open');
          this.#opening?.resolve();
        },
        message: (data) => {
          if (this.#socket !== socket) return;
          const f = this.#inFlight;
          if (!f) return this.#options.onUnmatched?.(data);
          this.#inFlight = undefined;
          this.#timers.clearTimeout(f.timer);
          f.resolve(data);
        },
        close: () => {
          if (this.#socket !== socket) return;
          this.#closed();
        },
      };
      try {
        socket = this.#connect(events);
      } catch (e) {
        this.#setState('closed');
        this.#opening.reject(new CardwireError('TRANSPORT_CONNECT_FAILED', 'the bridge to the host could not be opened', { path: 'channel', cause: e }));
        return;
      }
      this.#socket = socket;
    });
  }

  /** The socket closed or failed: fail what waits on it. */
  #closed(): void {
    this.#socket = undefined;
    this.#setState('closed');
    this.#opening?.reject(error('TRANSPORT_CONNECT_FAILED', 'the bridge to the host could not be opened'));
    const f = this.#inFlight;
    if (f) {
      this.#inFlight = undefined;
      this.#timers.clearTimeout(f.timer);
      f.reject(error('TRANSPORT_DISCONNECTED', 'the link closed while the request waited for its answer'));
    }
  }

  #drop(): void {
    const s = this.#socket;
    this.#closed();
    s?.close();
  }

  /** Close the link (a request waiting fails with TRANSPORT_DISCONNECTED). */
  close(): void {
    this.#drop();
  }
}
