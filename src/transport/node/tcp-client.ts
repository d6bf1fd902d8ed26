/**
 * A TCP or TLS client for a host link: connect timeout, TLS with client certificates, automatic
 * reconnect with exponential backoff and jitter, idle echo, request and read timeouts, matching
 * of responses to requests, backpressure and graceful close.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { CardwireError, fail } from '../../core/index';
import {
  FrameSession,
  backoffDelay,
  encodeKeepAlive,
  systemScheduler,
  type BackoffOptions,
  type Frame,
  type FrameSpec,
  type MalformedFrameAction,
  type MuxRequestOptions,
  type OutgoingFrame,
  type Scheduler,
  type TimerHandle,
  type UnmatchedInfo,
} from '../index';
import { socketChannel } from './socket-channel';

/** Connection state of a {@link TcpClient}. */
export type TcpClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Options for {@link TcpClient}. */
export interface TcpClientOptions {
  readonly host?: string;
  readonly port: number;
  readonly frame: FrameSpec;
  /**
   * The matching key of a frame; needed for {@link TcpClient.request}. It sees responses as
   * received and requests as they will be sent (with `payload`), unless `request()` is given the
   * request's key.
   */
  readonly key?: (frame: Frame) => string;
  /** Request timeout in ms (default 30 000): a request without a response by then rejects with TRANSPORT_TIMEOUT. */
  readonly timeoutMs?: number;
  /**
   * Socket read timeout in ms (off by default): while a response or the rest of a frame is due and
   * no bytes arrive for this long, the connection is closed (TRANSPORT_READ_TIMEOUT), the requests
   * in flight fail with TRANSPORT_DISCONNECTED, and the client reconnects.
   */
  readonly readTimeoutMs?: number;
  /** Connect timeout in ms, TLS handshake included (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Connect with TLS: CA, client certificate and key, servername, … (node:tls options). */
  readonly tls?: ConnectionOptions;
  /** Reconnect after a drop (default: on, 250 ms doubling to 30 s, ±20 % jitter); false for never. */
  readonly reconnect?: false | BackoffOptions;
  /** Send the echo built by `echo` after `afterMs` without traffic. */
  readonly idle?: { readonly afterMs: number; readonly echo: () => OutgoingFrame };
  /** A frame that answers no request (with no key, every frame). */
  readonly onFrame?: (frame: Frame) => void;
  /** A response whose request is gone (`late` when it timed out). */
  readonly onUnmatched?: (frame: Frame, info: UnmatchedInfo) => void;
  readonly onMalformed?: (error: CardwireError) => MalformedFrameAction;
  /** State changes, with the error that caused a drop or a failed attempt. */
  readonly onStateChange?: (state: TcpClientState, error: CardwireError | undefined) => void;
  readonly scheduler?: Scheduler;
  /** Uniform random numbers in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
}

/**
 * A client connection to a host.
 *
 * @example
 * ```ts
 * const client = new TcpClient({ port: 9000, frame: frameSpecs.unionPay, key });
 * await client.connect();
 * const response = await client.request({ tpdu, header, message });
 * await client.close();
 * ```
 */
export class TcpClient {
  private readonly options: TcpClientOptions;
  private readonly scheduler: Scheduler;
  private session: FrameSession | undefined;
  private socket: Socket | undefined;
  private stateValue: TcpClientState = 'idle';
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private abortConnect: (() => void) | undefined;
  private connecting: Promise<void> | undefined;

  constructor(options: TcpClientOptions) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      fail('INVALID_ARGUMENT', 'port must be an integer from 1 to 65535', { path: 'client.port' });
    }
    const rt = options.readTimeoutMs;
    if (rt !== undefined && (!Number.isFinite(rt) || rt <= 0)) fail('INVALID_ARGUMENT', 'readTimeoutMs must be a positive number', { path: 'client.readTimeoutMs' });
    // Validates the frame spec now rather than at the first message.
    encodeKeepAlive(options.frame);
    this.options = options;
    this.scheduler = options.scheduler ?? systemScheduler();
  }

  /** The current state. */
  get state(): TcpClientState {
    return this.stateValue;
  }

  /** Requests waiting for a response. */
  get inFlight(): number {
    return this.session?.inFlight ?? 0;
  }

  /** Open the connection; rejects with TRANSPORT_CONNECT_FAILED or TRANSPORT_CONNECT_TIMEOUT. */
  connect(): Promise<void> {
    if (this.stateValue === 'closed') return Promise.reject(new CardwireError('TRANSPORT_CLOSED', 'the client was closed', { path: 'client' }));
    if (this.stateValue === 'connected') return Promise.resolve();
    // Concurrent calls share one attempt.
    if (this.connecting) return this.connecting;
    if (this.retryTimer !== undefined) {
      // An explicit connect() replaces the pending automatic retry.
      this.scheduler.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.setState('connecting', undefined);
    this.connecting = this.open().then(
      () => {
        this.connecting = undefined;
      },
      (e: CardwireError) => {
        this.connecting = undefined;
        this.setState('idle', e);
        throw e;
      },
    );
    return this.connecting;
  }

  /** Send a request and resolve with its response (needs `key`). */
  request(frame: OutgoingFrame, options: MuxRequestOptions = {}): Promise<Frame> {
    const session = this.session;
    // Closed (or closing: draining what is in flight) refuses new requests.
    if (!session || session.closed || this.stateValue === 'closed') return Promise.reject(this.notConnected());
    return session.request(frame, options);
  }

  /** Send a frame; resolves once the socket can take more (backpressure). */
  async send(frame: OutgoingFrame): Promise<void> {
    const session = this.session;
    if (!session || session.closed || this.stateValue === 'closed') throw this.notConnected();
    if (!session.send(frame)) await session.whenWritable();
  }

  /**
   * Close gracefully: no reconnect, no new requests (TRANSPORT_CLOSED from the moment it is
   * called); wait up to `drainTimeoutMs` (default 5 000) for requests in flight, then fail what
   * remains with TRANSPORT_CLOSED and close the socket.
   */
  async close(options: { readonly drainTimeoutMs?: number } = {}): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.setState('closed', undefined);
    if (this.retryTimer !== undefined) this.scheduler.clearTimeout(this.retryTimer);
    this.abortConnect?.();
    const session = this.session;
    const socket = this.socket;
    if (!session || !socket) return;
    const deadline = Date.now() + (options.drainTimeoutMs ?? 5000);
    while (session.inFlight > 0 && !session.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const closed = socket.destroyed ? Promise.resolve() : new Promise<void>((r) => socket.once('close', () => r()));
    session.close();
    // A peer that never acknowledges the FIN does not hold close() up.
    const guard = setTimeout(() => socket.destroy(), 1000);
    await closed;
    clearTimeout(guard);
  }

  private notConnected(): CardwireError {
    return this.stateValue === 'closed'
      ? new CardwireError('TRANSPORT_CLOSED', 'the client was closed', { path: 'client' })
      : new CardwireError('TRANSPORT_NOT_CONNECTED', 'the client is not connected', { path: 'client' });
  }

  private setState(state: TcpClientState, error: CardwireError | undefined): void {
    if (this.stateValue === 'closed' && state !== 'closed') return;
    this.stateValue = state;
    this.options.onStateChange?.(state, error);
  }

  private open(): Promise<void> {
    const { host = '127.0.0.1', port, tls } = this.options;
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const socket = tls ? tlsConnect({ ...tls, host, port }) : netConnect({ host, port });
      let settled = false;
      const abort = (error: CardwireError): void => {
        if (settled) return;
        settled = true;
        this.abortConnect = undefined;
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => abort(new CardwireError('TRANSPORT_CONNECT_TIMEOUT', `no connection within ${connectTimeoutMs} ms`, { path: 'client' })),
        connectTimeoutMs,
      );
      this.abortConnect = () => abort(new CardwireError('TRANSPORT_CLOSED', 'the client was closed while connecting', { path: 'client' }));
      socket.once('error', (e: Error) => {
        const code = 'code' in e ? String(e.code) : e.name;
        abort(new CardwireError('TRANSPORT_CONNECT_FAILED', `cannot connect to ${host}:${port} (${code})`, { path: 'client', cause: e }));
      });
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        if (settled) return;
        settled = true;
        this.abortConnect = undefined;
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (this.stateValue === 'closed') {
          socket.destroy();
          reject(this.notConnected());
          return;
        }
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: Socket): void {
    const o = this.options;
    this.socket = socket;
    this.attempt = 0;
    this.session = new FrameSession(socketChannel(socket), {
      frame: o.frame,
      scheduler: this.scheduler,
      ...(o.key ? { key: o.key } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.readTimeoutMs !== undefined ? { readTimeoutMs: o.readTimeoutMs } : {}),
      ...(o.idle ? { idle: o.idle } : {}),
      ...(o.onMalformed ? { onMalformed: o.onMalformed } : {}),
      ...(o.onUnmatched ? { onUnmatched: o.onUnmatched } : {}),
      onFrame: (f) => o.onFrame?.(f),
      onClose: (error) => this.dropped(error),
    });
    this.setState('connected', undefined);
  }

  private dropped(error: CardwireError | undefined): void {
    if (this.stateValue === 'closed') return;
    this.session = undefined;
    if (this.options.reconnect === false) {
      this.setState('idle', error);
      return;
    }
    this.setState('reconnecting', error);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const backoff = this.options.reconnect === false ? {} : (this.options.reconnect ?? {});
    const delay = backoffDelay(this.attempt++, backoff, (this.options.random ?? Math.random)());
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stateValue !== 'reconnecting') return;
      this.open().catch((e: unknown) => {
        if (this.stateValue !== 'reconnecting') return;
        this.options.onStateChange?.('reconnecting', e as CardwireError);
        this.scheduleRetry();
      });
    }, delay);
  }
}
