/**
 * A TCP or TLS server for host simulators: one framed session per connection,
 * `handler(frame, connection) → response`, limits (connections, frame size, idle time), and
 * graceful shutdown that drains the requests in flight. A malformed frame or a throwing handler
 * closes only its own connection.
 */
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { CardwireError, isCardwireError } from '../../core/index';
import {
  FrameSession,
  encodeKeepAlive,
  systemScheduler,
  type Frame,
  type FrameSpec,
  type MalformedFrameAction,
  type OutgoingFrame,
  type Scheduler,
} from '../index';
import { socketChannel } from './socket-channel';

/** One accepted connection, as the handler sees it. */
export interface ServerConnection {
  /** Sequence number of the connection, from 1. */
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** With TLS and `requestCert`: the client certificate was verified. */
  readonly authorized: boolean;
  /** Send an unsolicited frame. */
  send(frame: OutgoingFrame): boolean;
  /** Close this connection. */
  close(): void;
}

/** The response a handler returns: a frame, or nothing to send nothing. */
export type HandlerResult = OutgoingFrame | undefined;

/** Options for {@link TcpServer}. */
export interface TcpServerOptions {
  readonly frame: FrameSpec;
  /** Answer one frame. Throwing or rejecting closes this connection only. */
  readonly handler: (frame: Frame, connection: ServerConnection) => HandlerResult | Promise<HandlerResult>;
  /** Largest frame accepted, overriding `frame.maxFrameSize` (a longer claimed length closes the connection). */
  readonly maxFrameSize?: number;
  /** Connections accepted at once (default 1024); more are refused. */
  readonly maxConnections?: number;
  /** Close a connection after this long without traffic (default: never). */
  readonly idleTimeoutMs?: number;
  /** Serve TLS (key, cert, ca, requestCert for client certificates). */
  readonly tls?: TlsOptions;
  /** What to do with a malformed frame (default: close the connection). */
  readonly onMalformed?: (error: CardwireError) => MalformedFrameAction;
  /** Errors of single connections: framing, handler failures, refused connections. */
  readonly onError?: (error: CardwireError, connection: ServerConnection | undefined) => void;
  /** Keep-alive frames: answered with a keep-alive when true (default false: ignored). */
  readonly echoKeepAlive?: boolean;
  readonly scheduler?: Scheduler;
}

interface Conn {
  readonly info: ServerConnection;
  readonly session: FrameSession;
  readonly socket: Socket;
  inFlight: number;
}

/**
 * A framed TCP/TLS server.
 *
 * @example
 * ```ts
 * const server = new TcpServer({ frame: frameSpecs.unionPay, handler: (f) => ({ tpdu: replyTpdu(f.tpdu!), header: f.header, message: answer(f.message) }) });
 * const { port } = await server.listen(0);
 * await server.close();
 * ```
 */
export class TcpServer {
  private readonly options: TcpServerOptions;
  private readonly frame: FrameSpec;
  private readonly scheduler: Scheduler;
  private readonly server: Server;
  private readonly conns = new Set<Conn>();
  private nextId = 1;
  private draining = false;

  constructor(options: TcpServerOptions) {
    this.frame = options.maxFrameSize === undefined ? options.frame : { ...options.frame, maxFrameSize: options.maxFrameSize };
    // Validates the frame spec now rather than at the first connection.
    encodeKeepAlive(this.frame);
    this.options = options;
    this.scheduler = options.scheduler ?? systemScheduler();
    this.server = options.tls
      ? createTlsServer(options.tls, (s: TLSSocket) => this.accept(s, s.authorized))
      : createNetServer((s) => this.accept(s, false));
    // Errors after listen() (accept failures) are reported, never thrown into the event loop.
    this.server.on('error', (e: Error) => this.report(new CardwireError('TRANSPORT_CONNECT_FAILED', 'the server socket failed', { path: 'server', cause: e }), undefined));
    // A failed TLS handshake is that client's problem only.
    this.server.on('tlsClientError', (e: Error, s: Socket) => {
      this.report(new CardwireError('TRANSPORT_CONNECT_FAILED', 'TLS handshake failed', { path: 'server', cause: e }), undefined);
      s.destroy();
    });
  }

  /** Connections open now. */
  get connections(): number {
    return this.conns.size;
  }

  /** The port listened on (after {@link listen}). */
  get port(): number {
    const a = this.server.address();
    return a && typeof a === 'object' ? a.port : 0;
  }

  /** Listen; port 0 picks a free port. Resolves with the bound address. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(new CardwireError('TRANSPORT_CONNECT_FAILED', `cannot listen on ${host}:${port}`, { path: 'server', cause: e }));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve({ host, port: this.port });
      });
    });
  }

  /**
   * Stop accepting, let every connection finish the requests it is handling (up to
   * `drainTimeoutMs`, default 5 000), then close them all. Resolves when every socket is closed.
   */
  async close(options: { readonly drainTimeoutMs?: number } = {}): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.conns) if (c.inFlight === 0) c.session.close();
    const guard = setTimeout(() => {
      for (const c of this.conns) c.socket.destroy();
    }, options.drainTimeoutMs ?? 5000);
    await closed;
    clearTimeout(guard);
  }

  private report(error: CardwireError, connection: ServerConnection | undefined): void {
    try {
      this.options.onError?.(error, connection);
    } catch {
      // The owner's error hook must not take the server down.
    }
  }

  private accept(socket: Socket, authorized: boolean): void {
    const max = this.options.maxConnections ?? 1024;
    if (this.draining || this.conns.size >= max) {
      this.report(new CardwireError('TRANSPORT_TOO_MANY_CONNECTIONS', `refused: ${this.conns.size} of ${max} connections open`, { path: 'server' }), undefined);
      socket.destroy();
      return;
    }
    const o = this.options;
    const id = this.nextId++;
    let conn: Conn | undefined;
    const info: ServerConnection = {
      id,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      authorized,
      send: (frame) => session.send(frame),
      close: () => session.close(),
    };
    const session: FrameSession = new FrameSession(socketChannel(socket), {
      frame: this.frame,
      scheduler: this.scheduler,
      ...(o.onMalformed ? { onMalformed: o.onMalformed } : {}),
      ...(o.idleTimeoutMs !== undefined ? { idle: { afterMs: o.idleTimeoutMs, close: true } } : {}),
      onKeepAlive: (s) => {
        if (o.echoKeepAlive) s.sendKeepAlive();
      },
      onFrame: (frame) => {
        if (conn) this.handle(conn, frame);
      },
      onClose: (error) => {
        if (error && error.code !== 'TRANSPORT_DISCONNECTED') this.report(error, info);
      },
    });
    conn = { info, session, socket, inFlight: 0 };
    const c = conn;
    this.conns.add(c);
    socket.on('close', () => this.conns.delete(c));
  }

  private handle(conn: Conn, frame: Frame): void {
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = this.options.handler(frame, conn.info);
    } catch (e) {
      this.handlerFailed(conn, e);
      return;
    }
    if (isPromiseLike(result)) {
      conn.inFlight++;
      result.then(
        (r) => {
          conn.inFlight--;
          this.respond(conn, r);
        },
        (e: unknown) => {
          conn.inFlight--;
          this.handlerFailed(conn, e);
        },
      );
    } else this.respond(conn, result);
  }

  private respond(conn: Conn, response: HandlerResult): void {
    if (response !== undefined && !conn.session.closed) {
      try {
        conn.session.send(response);
      } catch (e) {
        this.handlerFailed(conn, e);
        return;
      }
    }
    if (this.draining && conn.inFlight === 0) conn.session.close();
  }

  private handlerFailed(conn: Conn, e: unknown): void {
    const error = new CardwireError('TRANSPORT_HANDLER_FAILED', isCardwireError(e) ? `the handler failed (${e.code})` : 'the handler failed', { path: 'server.handler', cause: e });
    this.report(error, conn.info);
    conn.session.close();
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
