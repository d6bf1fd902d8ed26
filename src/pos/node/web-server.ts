/**
 * The browser POS's server: plain HTTP (node:http) serving the bundle (dist/pos-web: index.html,
 * app.js, app.css), and a WebSocket-to-TCP bridge at `/ws`. The WebSocket server side is RFC 6455
 * written here (no dependency): the opening handshake of §4.2 with Sec-WebSocket-Accept =
 * base64(SHA-1(key + GUID)), and the framing of pos/websocket/frame.ts. Each WebSocket connection
 * gets its own TCP connection to the host; each binary message goes out as one frame with a
 * 2-byte big-endian length, and each frame back comes in as one binary message. When either side
 * closes, the other is closed too.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CardwireError, fail, isCardwireError } from '../../core/index';
import { FrameDecoder, encodeFrame, frameSpecs, type FrameSpec } from '../../transport/index';
import { WEBSOCKET_CLOSE_CODES, WebSocketDecoder, closeCodeOf, encodeClosePayload, encodeWebSocketFrame, type WebSocketEvent } from '../websocket/frame';

/** RFC 6455 §1.3: the GUID appended to the client's key. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The largest message the bridge takes by default: one UnionPay frame, whose 2-byte length
 * says at most 65 535 bytes.
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 65_535;

/** The host link's framing: a 2-byte big-endian length; the TPDU and header travel in the payload. */
const HOST_FRAME: FrameSpec = { length: frameSpecs.unionPay.length };

/**
 * Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2 item 5.4).
 *
 * @example
 * ```ts
 * webSocketAccept('dGhlIHNhbXBsZSBub25jZQ=='); // 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' (RFC 6455 §1.3)
 * ```
 */
export function webSocketAccept(key: string): string {
  return createHash('sha1').update(`${key}${WEBSOCKET_GUID}`, 'latin1').digest('base64');
}

function header(request: IncomingMessage, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
}

function tokens(value: string): string[] {
  return value.split(',').map((t) => t.trim().toLowerCase());
}

/**
 * Check an upgrade request against RFC 6455 §4.2.1 and return its Sec-WebSocket-Key; throws
 * WEBSOCKET_HANDSHAKE_INVALID naming the header at fault.
 *
 * @example
 * ```ts
 * webSocketKeyOf(request); // 'dGhlIHNhbXBsZSBub25jZQ=='
 * ```
 */
export function webSocketKeyOf(request: IncomingMessage): string {
  if (request.method !== 'GET') fail('WEBSOCKET_HANDSHAKE_INVALID', `the opening handshake is a GET, not ${String(request.method).slice(0, 10)}`, { path: 'method' });
  if (!tokens(header(request, 'upgrade')).includes('websocket')) fail('WEBSOCKET_HANDSHAKE_INVALID', 'Upgrade does not name websocket', { path: 'headers.upgrade' });
  if (!tokens(header(request, 'connection')).includes('upgrade')) fail('WEBSOCKET_HANDSHAKE_INVALID', 'Connection does not name Upgrade', { path: 'headers.connection' });
  if (header(request, 'sec-websocket-version') !== '13') fail('WEBSOCKET_HANDSHAKE_INVALID', 'Sec-WebSocket-Version is not 13', { path: 'headers.sec-websocket-version' });
  const key = header(request, 'sec-websocket-key');
  // §4.2.1 item 5: the key is base64 of 16 bytes (24 characters with its padding).
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) fail('WEBSOCKET_HANDSHAKE_INVALID', 'Sec-WebSocket-Key is not base64 of 16 bytes', { path: 'headers.sec-websocket-key' });
  return key;
}

/**
 * Where the built bundle is: `dist/pos-web` beside the CLI's code (dist/cli/main.js, or a shared
 * chunk in dist/). Throws POS_WEB_BUNDLE_MISSING when there is none.
 */
export function defaultWebRoot(from: string = import.meta.url): string {
  const here = dirname(fileURLToPath(from));
  const candidates = [join(here, '..', 'pos-web'), join(here, 'pos-web'), join(here, '..', '..', 'dist', 'pos-web'), join(here, '..', '..', '..', 'dist', 'pos-web')];
  const found = candidates.find((c) => existsSync(join(c, 'index.html')));
  if (found === undefined) fail('POS_WEB_BUNDLE_MISSING', 'no dist/pos-web/index.html: run `npm run build` first', { path: 'root' });
  return found;
}

/** Options of {@link PosWebServer}. */
export interface PosWebServerOptions {
  /** The folder served over HTTP (the bundle: index.html, app.js, app.css). */
  readonly root: string;
  /** Where the bridge connects for each WebSocket: the host's TCP address. */
  readonly host: { readonly host: string; readonly port: number };
  /** Largest WebSocket message accepted (default 65 535 bytes); a longer one closes with 1009. */
  readonly maxMessageSize?: number;
  /** TCP connect timeout to the host (default 5 000 ms); the upgrade then answers 502. */
  readonly connectTimeoutMs?: number;
  /** One line per bridge event (a connection opened or closed, a protocol error): no payload, ever. */
  readonly onLog?: (line: string) => void;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * The browser POS server.
 *
 * @example
 * ```ts
 * const web = new PosWebServer({ root: defaultWebRoot(), host: { host: '127.0.0.1', port: 5000 } });
 * const { url } = await web.listen(0); // 'http://127.0.0.1:PORT/'
 * ```
 */
export class PosWebServer {
  readonly #options: PosWebServerOptions;
  readonly #server: Server;
  readonly #bridges = new Set<Bridge>();
  #next = 1;

  constructor(options: PosWebServerOptions) {
    this.#options = options;
    this.#server = createServer((request, response) => this.#serve(request, response));
    this.#server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(request, socket, head));
  }

  /** Listen (port 0 picks a free one); resolves with the bound address and the page's URL. */
  listen(port: number, hostname = '127.0.0.1'): Promise<{ readonly address: string; readonly port: number; readonly url: string }> {
    return new Promise((resolvePromise, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(new CardwireError('POS_WEB_LISTEN_FAILED', `cannot listen on ${hostname}:${port} (${e.code ?? 'error'})`, { path: 'listen' }));
      };
      this.#server.once('error', onError);
      this.#server.listen(port, hostname, () => {
        this.#server.off('error', onError);
        const a = this.#server.address();
        const bound = typeof a === 'object' && a !== null ? a.port : port;
        const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
        resolvePromise({ address: hostname, port: bound, url: `http://${shown}:${bound}/` });
      });
    });
  }

  /** WebSocket connections open now. */
  get connections(): number {
    return this.#bridges.size;
  }

  /** Close every bridge (1001 to the browser, the TCP side ended), then stop listening. */
  async close(): Promise<void> {
    for (const b of [...this.#bridges]) b.close(WEBSOCKET_CLOSE_CODES.goingAway, 'server closing');
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  #serve(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, body: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const root = resolve(this.#options.root);
    const file = resolve(root, `.${normalize(path === '/' ? '/index.html' : path)}`);
    // Only files inside the root, by name: no traversal, no listing.
    if (!file.startsWith(root + sep)) return send(404, 'not found\n');
    const type = CONTENT_TYPES[extname(file)];
    let body: Buffer;
    try {
      if (type === undefined) throw new Error('type');
      body = readFileSync(file);
    } catch {
      return send(404, 'not found\n');
    }
    response.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // The page loads its own script and style, and talks only to this server (the bridge).
      'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string, why: string): void => {
      this.#options.onLog?.(`bridge: upgrade refused (${why})`);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws') return refuse('404 Not Found', 'not /ws');
    let key: string;
    try {
      key = webSocketKeyOf(request);
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      return refuse('400 Bad Request', e.message);
    }
    // A page from another origin may not drive the host through this bridge (RFC 6455 §10.2).
    const origin = header(request, 'origin');
    if (origin !== '' && origin !== `http://${header(request, 'host')}`) return refuse('403 Forbidden', 'another origin');
    const tcp = connect({ host: this.#options.host.host, port: this.#options.host.port });
    const timer = setTimeout(() => tcp.destroy(new Error('connect timeout')), this.#options.connectTimeoutMs ?? 5000);
    const onConnectError = (): void => {
      clearTimeout(timer);
      refuse('502 Bad Gateway', 'the host cannot be reached');
    };
    tcp.once('error', onConnectError);
    tcp.once('connect', () => {
      clearTimeout(timer);
      tcp.off('error', onConnectError);
      if (socket.destroyed) return void tcp.destroy();
      socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${webSocketAccept(key)}`, '', ''].join('\r\n'));
      const id = this.#next++;
      const bridge = new Bridge(id, socket, tcp, this.#options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE, (line) => this.#options.onLog?.(`bridge ${id}: ${line}`), () => this.#bridges.delete(bridge));
      this.#bridges.add(bridge);
      this.#options.onLog?.(`bridge ${id}: open (${request.socket.remoteAddress ?? '-'} ↔ ${this.#options.host.host}:${this.#options.host.port})`);
      if (head.length > 0) bridge.fromBrowser(head);
    });
  }
}

/** One WebSocket connection and its TCP connection to the host. */
class Bridge {
  readonly #ws: Duplex;
  readonly #tcp: Socket;
  readonly #decoder: WebSocketDecoder;
  readonly #frames = new FrameDecoder(HOST_FRAME);
  readonly #log: (line: string) => void;
  readonly #done: () => void;
  #closing = false;
  #ended = false;

  constructor(readonly id: number, ws: Duplex, tcp: Socket, maxMessageSize: number, log: (line: string) => void, done: () => void) {
    this.#ws = ws;
    this.#tcp = tcp;
    this.#log = log;
    this.#done = done;
    this.#decoder = new WebSocketDecoder({ maxMessageSize, masking: 'required' });
    tcp.setNoDelay(true);
    ws.on('data', (chunk: Buffer) => this.fromBrowser(chunk));
    ws.on('error', () => this.#end());
    ws.on('close', () => this.#end());
    // node:http keeps its sockets half-open: the browser's FIN ends the bridge here, not on 'close'.
    ws.on('end', () => {
      this.#end();
      ws.destroy();
    });
    tcp.on('data', (chunk: Buffer) => this.#fromHost(chunk));
    tcp.on('error', () => undefined);
    // The host closed its side: tell the browser, which then fails the request in flight.
    tcp.on('close', () => this.close(WEBSOCKET_CLOSE_CODES.goingAway, 'host closed the connection'));
  }

  /** Bytes from the browser: frames decoded, each binary message framed to the host. */
  fromBrowser(chunk: Uint8Array): void {
    try {
      this.#decoder.push(chunk, (e) => this.#onEvent(e));
    } catch (e) {
      if (!isCardwireError(e)) throw e;
      this.#log(`${e.code} at ${e.path}`);
      this.close(closeCodeOf(e), e.code);
    }
  }

  #onEvent(e: WebSocketEvent): void {
    if (this.#closing) return;
    switch (e.type) {
      case 'message':
        // The host speaks bytes: a text message has no meaning here (RFC 6455 §7.4.1: 1003).
        if (e.kind === 'text') return this.close(WEBSOCKET_CLOSE_CODES.unsupportedData, 'binary messages only');
        this.#tcp.write(encodeFrame(HOST_FRAME, { message: e.data }));
        return;
      case 'ping':
        // §5.5.3: a pong carries the ping's application data.
        this.#ws.write(encodeWebSocketFrame({ opcode: 'pong', payload: e.data }));
        return;
      case 'pong':
        return;
      case 'close':
        // §5.5.1: answer with a close (echoing the code), then the TCP connection ends.
        this.#log(`closed by the browser (${e.code ?? 'no code'})`);
        return this.close(e.code ?? WEBSOCKET_CLOSE_CODES.normal, '');
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  #fromHost(chunk: Uint8Array): void {
    try {
      this.#frames.push(chunk, (frame) => {
        if (frame.keepAlive || this.#closing) return;
        this.#ws.write(encodeWebSocketFrame({ opcode: 'binary', payload: frame.payload }));
      });
    } catch (e) {
      if (!(e instanceof CardwireError)) throw e;
      this.#log(`host framing: ${e.code}`);
      this.close(WEBSOCKET_CLOSE_CODES.internalError, 'bad frame from the host');
    }
  }

  /** Send a close frame (once), end both sides. */
  close(code: number, reason: string): void {
    if (!this.#closing) {
      this.#closing = true;
      if (!this.#ws.destroyed) this.#ws.end(encodeWebSocketFrame({ opcode: 'close', payload: encodeClosePayload(code, reason) }));
    }
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#closing = true;
    this.#tcp.destroy();
    // A browser that does not close its side after our close frame is cut off (§7.1.1).
    setTimeout(() => this.#ws.destroy(), 1000).unref();
    this.#log('closed');
    this.#done();
  }
}
