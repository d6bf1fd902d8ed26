/**
 * A framed conversation over one {@link ByteChannel}: frames in and out, request/response matching
 * through a {@link Mux}, keep-alives, an idle echo or an idle timeout, and backpressure. The TCP
 * client and server (src/transport/node/) run one session per socket; tests run them over a
 * loopback pair.
 */
import { CardwireError, fail, isCardwireError, type CardwireErrorCode } from '../../core/index';
import { encodeFrame, encodeKeepAlive, frameFromPayload, type Frame, type OutgoingFrame } from '../framing/frame';
import { FrameDecoder, type MalformedFrameAction } from '../framing/frame-decoder';
import { compileFrameSpec, type FrameSpec } from '../framing/frame-spec';
import { Mux, type MuxRequestOptions, type UnmatchedInfo } from '../mux/mux';
import type { Scheduler, TimerHandle } from '../mux/scheduler';
import type { ByteChannel } from './channel';

/** A request on its way out: its wire bytes, and its frame view when its key must be computed. */
interface Outgoing {
  readonly bytes: Uint8Array;
  readonly frame: Frame | undefined;
}

/** Options for {@link FrameSession}. */
export interface FrameSessionOptions {
  readonly frame: FrameSpec;
  readonly scheduler: Scheduler;
  /**
   * The matching key of a frame, needed for {@link FrameSession.request}. It sees responses as
   * received and requests as they will be sent (TPDU, header, message and `payload` filled in),
   * unless the request's key is given to `request()`.
   */
  readonly key?: (frame: Frame) => string;
  /** Default request timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** A frame that answers no request (an incoming request on a server, or an unsolicited message). */
  readonly onFrame?: (frame: Frame, session: FrameSession) => void;
  /** A frame whose key matched no pending request (`late` when its request timed out). */
  readonly onUnmatched?: (frame: Frame, info: UnmatchedInfo) => void;
  /** A keep-alive frame arrived. */
  readonly onKeepAlive?: (session: FrameSession) => void;
  /** What to do with a malformed frame (default `'close'`: the session closes with the error). */
  readonly onMalformed?: (error: CardwireError) => MalformedFrameAction;
  /** The session closed; `error` says why when it was not a clean close. */
  readonly onClose?: (error: CardwireError | undefined, session: FrameSession) => void;
  /**
   * When nothing was sent or received for `afterMs`: `echo` builds a message to send (the
   * network-management echo, 0800/301; with a `key` it is sent as a request, and no answer within
   * the timeout closes the session with TRANSPORT_TIMEOUT), or with `close` the session closes (a
   * server's idle limit).
   */
  readonly idle?: { readonly afterMs: number; readonly echo?: () => OutgoingFrame; readonly close?: boolean };
  /**
   * Read timeout in ms: while bytes are due (a request awaits its response, or a frame has begun
   * arriving) and none arrive for this long, the session closes with TRANSPORT_READ_TIMEOUT and the
   * requests in flight fail with TRANSPORT_DISCONNECTED (outcome unknown). Checked every quarter
   * period, so it fires between 1 and 1.25 periods after the last byte. Off by default.
   */
  readonly readTimeoutMs?: number;
}

/**
 * One framed connection.
 *
 * @example
 * ```ts
 * const session = new FrameSession(channel, { frame: frameSpecs.unionPay, scheduler, key });
 * const response = await session.request({ tpdu, header, message });
 * ```
 */
export class FrameSession {
  private readonly channel: ByteChannel;
  private readonly options: FrameSessionOptions;
  private readonly decoder: FrameDecoder;
  private readonly mux: Mux<Outgoing, Frame> | undefined;
  private closeError: CardwireError | undefined;
  private isClosed = false;
  private writable = true;
  private drainWaiters: Array<() => void> = [];
  private activity = 0;
  private idleSeen = 0;
  private idleTimer: TimerHandle | undefined;
  private readTimer: TimerHandle | undefined;
  /** Chunks received (for the read timeout). */
  private reads = 0;
  private readsSeen = 0;
  /** Consecutive read-timeout checks that found bytes due and none arrived. */
  private quietChecks = 0;
  private readonly onData = (frame: Frame): void => this.dispatch(frame);

  constructor(channel: ByteChannel, options: FrameSessionOptions) {
    // Options are checked before the channel is attached or a timer armed: a refused session
    // leaves nothing running.
    const rt = options.readTimeoutMs;
    if (rt !== undefined && (!Number.isFinite(rt) || rt <= 0)) fail('INVALID_ARGUMENT', 'readTimeoutMs must be a positive number', { path: 'session.readTimeoutMs' });
    this.channel = channel;
    this.options = options;
    this.decoder = new FrameDecoder(options.frame, options.onMalformed ? { onMalformed: options.onMalformed } : {});
    const key = options.key;
    this.mux = key
      ? new Mux<Outgoing, Frame>({
          key: (m) => {
            if (!('bytes' in m)) return key(m);
            if (m.frame) return key(m.frame);
            return fail('MUX_KEY_FIELD_MISSING', 'the request has no key', { path: 'session.key' });
          },
          transmit: (o) => this.write(o.bytes),
          scheduler: options.scheduler,
          timeoutMs: options.timeoutMs ?? 30_000,
          onUnmatched: (f, info) => (options.onUnmatched ? options.onUnmatched(f, info) : options.onFrame?.(f, this)),
        })
      : undefined;
    channel.attach({
      data: (bytes) => this.receive(bytes),
      drain: () => this.drained(),
      closed: (error) => this.finish(error ?? new CardwireError('TRANSPORT_DISCONNECTED', 'the peer closed the connection', { path: 'session' })),
    });
    this.armIdle();
    this.armRead();
  }

  /** True once the session is closed. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Requests waiting for their response. */
  get inFlight(): number {
    return this.mux?.inFlight ?? 0;
  }

  /** False while the channel asks the writer to wait (backpressure); see {@link whenWritable}. */
  get isWritable(): boolean {
    return this.writable;
  }

  /** Resolves when the channel accepts more bytes. */
  whenWritable(): Promise<void> {
    if (this.writable || this.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Frame and send one message. Returns false when the caller should wait for {@link whenWritable}. */
  send(frame: OutgoingFrame): boolean {
    return this.write(encodeFrame(this.options.frame, frame));
  }

  /** Send a zero-length keep-alive frame. */
  sendKeepAlive(): boolean {
    return this.write(encodeKeepAlive(this.options.frame));
  }

  /** Send a request and resolve with the frame whose key matches it. */
  request(frame: OutgoingFrame, options: MuxRequestOptions = {}): Promise<Frame> {
    if (!this.mux) return Promise.reject(new CardwireError('INVALID_ARGUMENT', 'request() needs a key function in the session options', { path: 'session.key' }));
    if (this.isClosed) return Promise.reject(this.closedError());
    // The read timeout counts from the moment a response becomes due: the next check must not
    // count the quiet time before it (readsSeen = -1 never equals the read count).
    if (this.mux.inFlight === 0) {
      this.quietChecks = 0;
      this.readsSeen = -1;
    }
    let out: Outgoing;
    try {
      const bytes = encodeFrame(this.options.frame, frame);
      out = { bytes, frame: options.key === undefined ? this.sentView(bytes) : undefined };
    } catch (e) {
      return Promise.reject(e);
    }
    return this.mux.request(out, options);
  }

  /** The frame view of encoded bytes, as the peer will decode them (for the key function). */
  private sentView(bytes: Uint8Array): Frame {
    const { prefix } = compileFrameSpec(this.options.frame);
    return frameFromPayload(this.options.frame, bytes.subarray(prefix.size, bytes.length - (prefix.etx >= 0 ? 1 : 0)));
  }

  /** Close the session: pending requests fail with TRANSPORT_CLOSED and the channel is closed. */
  close(code: CardwireErrorCode = 'TRANSPORT_CLOSED'): void {
    this.finish(new CardwireError(code, 'the session was closed by its owner', { path: 'session' }), true);
  }

  private closedError(): CardwireError {
    return this.closeError ?? new CardwireError('TRANSPORT_CLOSED', 'the session is closed', { path: 'session' });
  }

  private write(bytes: Uint8Array): boolean {
    if (this.isClosed) throw this.closedError();
    this.activity++;
    const ok = this.channel.write(bytes);
    if (!ok) this.writable = false;
    return ok;
  }

  private drained(): void {
    this.writable = true;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private receive(bytes: Uint8Array): void {
    if (this.isClosed) return;
    this.activity++;
    this.reads++;
    try {
      this.decoder.push(bytes, this.onData);
    } catch (e) {
      this.finish(isCardwireError(e) ? e : new CardwireError('TRANSPORT_HANDLER_FAILED', 'a frame callback threw', { path: 'session', cause: e }), true);
    }
  }

  private dispatch(frame: Frame): void {
    try {
      if (frame.keepAlive) this.options.onKeepAlive?.(this);
      else if (this.mux) this.mux.receive(frame);
      else this.options.onFrame?.(frame, this);
    } catch (e) {
      // A throwing callback of the owner closes this session only; it never escapes into the
      // channel's event loop.
      this.finish(new CardwireError('TRANSPORT_HANDLER_FAILED', 'a frame callback threw', { path: 'session', cause: e }), true);
    }
  }

  private armIdle(): void {
    const idle = this.options.idle;
    if (!idle || this.isClosed) return;
    this.idleTimer = this.options.scheduler.setTimeout(() => this.idleCheck(), idle.afterMs);
  }

  private armRead(): void {
    const t = this.options.readTimeoutMs;
    if (t === undefined || this.isClosed) return;
    this.readTimer = this.options.scheduler.setTimeout(() => this.readCheck(), t / 4);
  }

  private readCheck(): void {
    if (this.isClosed) return;
    const due = (this.mux?.inFlight ?? 0) > 0 || this.decoder.buffered > 0;
    if (!due || this.reads !== this.readsSeen) this.quietChecks = 0;
    else if (++this.quietChecks >= 4) {
      this.finish(new CardwireError('TRANSPORT_READ_TIMEOUT', `no bytes arrived for ${this.options.readTimeoutMs} ms while a response was due`, { path: 'session.read' }), true);
      return;
    }
    this.readsSeen = this.reads;
    this.armRead();
  }

  private idleCheck(): void {
    const idle = this.options.idle;
    if (!idle || this.isClosed) return;
    if (this.activity !== this.idleSeen) {
      // Traffic since the last check: look again one period later.
      this.idleSeen = this.activity;
      this.armIdle();
      return;
    }
    if (idle.close) {
      this.finish(new CardwireError('TRANSPORT_IDLE_TIMEOUT', `no traffic for ${idle.afterMs} ms`, { path: 'session' }), true);
      return;
    }
    if (idle.echo) {
      const echo = idle.echo();
      if (this.mux) {
        // An echo that goes unanswered means the link is dead: close, so the owner reconnects.
        this.request(echo).catch((e: unknown) => {
          if (isCardwireError(e) && e.code === 'TRANSPORT_TIMEOUT') this.finish(new CardwireError('TRANSPORT_TIMEOUT', 'the idle echo got no answer', { path: 'session.idle' }), true);
        });
      } else this.send(echo);
    }
    this.idleSeen = this.activity;
    this.armIdle();
  }

  private finish(error: CardwireError, closeChannel = false): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = error;
    if (this.idleTimer !== undefined) this.options.scheduler.clearTimeout(this.idleTimer);
    if (this.readTimer !== undefined) this.options.scheduler.clearTimeout(this.readTimer);
    this.mux?.failAll(error.code === 'TRANSPORT_CLOSED' ? 'TRANSPORT_CLOSED' : 'TRANSPORT_DISCONNECTED', error.message);
    this.drained();
    if (closeChannel) this.channel.close();
    this.options.onClose?.(error.code === 'TRANSPORT_CLOSED' ? undefined : error, this);
  }
}
