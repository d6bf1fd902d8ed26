/**
 * UnionPay's HTTP gateway variant of the POS link: each message is one HTTP `POST` whose body is
 * the framed message (2-byte length, TPDU, header, ISO 8583 message) with
 * `Content-Type: x-ISO-TPDU/x-auth`; the response body is the framed answer. Client and server on
 * node:http (or node:https with TLS options).
 */
import { Agent as HttpAgent, createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions, createServer as createHttpsServer, request as httpsRequest, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { CardwireError, isCardwireError } from '../../core/index';
import { decodeFrames, encodeFrame, frameSpecs, type Frame, type FrameSpec, type OutgoingFrame } from '../index';

/** The content type of the UnionPay HTTP gateway. */
export const HTTP_GATEWAY_CONTENT_TYPE = 'x-ISO-TPDU/x-auth';

function isGatewayType(value: string | undefined): boolean {
  return value !== undefined && value.split(';')[0]?.trim().toLowerCase() === HTTP_GATEWAY_CONTENT_TYPE.toLowerCase();
}

/** Read a body of at most `limit` bytes; rejects with FRAME_TOO_LARGE beyond it. */
function readBody(stream: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    stream.on('data', (c: Uint8Array) => {
      total += c.length;
      // Past the limit the rest is read and dropped, so that the peer still gets an answer.
      if (total <= limit) chunks.push(c);
    });
    stream.on('end', () => {
      if (total > limit) {
        reject(new CardwireError('FRAME_TOO_LARGE', `the body exceeds ${limit} bytes`, { path: 'http.body' }));
        return;
      }
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    stream.on('error', (e) => reject(new CardwireError('TRANSPORT_DISCONNECTED', 'the HTTP body was cut off', { path: 'http.body', cause: e })));
  });
}

/** Decode a body that must hold exactly one message frame. */
function oneFrame(spec: FrameSpec, body: Uint8Array): Frame {
  const frames = decodeFrames(spec, body);
  const frame = frames[0];
  if (frames.length !== 1 || !frame || frame.keepAlive) {
    throw new CardwireError('FRAME_TRUNCATED', `the body holds ${frames.length} frames, expected one message`, { path: 'http.body', offset: 0 });
  }
  return frame;
}

function bodyLimit(spec: FrameSpec): number {
  // Prefix + payload + ETX, with the payload bounded by the spec's maximum frame size.
  return (spec.maxFrameSize ?? 8192) + 16;
}

/** Options for {@link HttpGatewayClient}. */
export interface HttpGatewayClientOptions {
  /** The gateway URL, `http://` or `https://`. */
  readonly url: string;
  /** Framing of the body (default UnionPay: 2-byte length, TPDU, 6-byte header). */
  readonly frame?: FrameSpec;
  /** Request timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** TLS options for https (CA, client certificate). */
  readonly tls?: ConnectionOptions;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Client of a UnionPay-style HTTP gateway (keep-alive connections).
 *
 * @example
 * ```ts
 * const gw = new HttpGatewayClient({ url: 'http://127.0.0.1:8080/' });
 * const response = await gw.request({ tpdu, header, message });
 * gw.close();
 * ```
 */
export class HttpGatewayClient {
  private readonly options: HttpGatewayClientOptions;
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly spec: FrameSpec;

  constructor(options: HttpGatewayClientOptions) {
    this.options = options;
    this.url = new URL(options.url);
    this.spec = options.frame ?? frameSpecs.unionPay;
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ ...(options.tls as HttpsAgentOptions), keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** POST one framed message and resolve with the framed answer. */
  request(frame: OutgoingFrame, options: { readonly timeoutMs?: number } = {}): Promise<Frame> {
    let body: Uint8Array;
    try {
      body = encodeFrame(this.spec, frame);
    } catch (e) {
      return Promise.reject(e);
    }
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Frame>((resolve, reject) => {
      let settled = false;
      const settle = (error: CardwireError | undefined, frame?: Frame): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else if (frame) resolve(frame);
      };
      const req = send(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.options.headers, 'Content-Type': HTTP_GATEWAY_CONTENT_TYPE, 'Content-Length': String(body.length) },
      });
      const timer = setTimeout(() => {
        settle(new CardwireError('TRANSPORT_TIMEOUT', `no HTTP response within ${timeoutMs} ms`, { path: 'http' }));
        req.destroy();
      }, timeoutMs);
      req.on('error', (e) => {
        const code = 'code' in e ? String(e.code) : e.name;
        // Refused, unreachable or an untrusted certificate: the connection never opened.
        const connectFailure = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$|CERT|TLS|SSL|UNABLE_TO/.test(code);
        settle(new CardwireError(connectFailure ? 'TRANSPORT_CONNECT_FAILED' : 'TRANSPORT_DISCONNECTED', `the HTTP request failed (${code})`, { path: 'http', cause: e }));
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          settle(new CardwireError('HTTP_GATEWAY_STATUS', `the gateway answered HTTP ${res.statusCode ?? 0}`, { path: 'http.status' }));
          return;
        }
        if (!isGatewayType(res.headers['content-type'])) {
          res.resume();
          settle(new CardwireError('HTTP_GATEWAY_CONTENT_TYPE', `the response is not ${HTTP_GATEWAY_CONTENT_TYPE}`, { path: 'http.contentType' }));
          return;
        }
        readBody(res, bodyLimit(this.spec)).then(
          (b) => {
            try {
              settle(undefined, oneFrame(this.spec, b));
            } catch (e) {
              settle(isCardwireError(e) ? e : new CardwireError('FRAME_TRUNCATED', 'bad response body', { path: 'http.body', cause: e }));
            }
          },
          (e: CardwireError) => settle(e),
        );
      });
      req.end(body);
    });
  }

  /** Close the idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** Options for {@link HttpGatewayServer}. */
export interface HttpGatewayServerOptions {
  /** Framing of the bodies (default UnionPay). */
  readonly frame?: FrameSpec;
  /** Answer one message; throwing or rejecting answers HTTP 500. */
  readonly handler: (frame: Frame, request: { readonly remoteAddress: string }) => OutgoingFrame | Promise<OutgoingFrame>;
  /** Serve https with these options. */
  readonly tls?: HttpsServerOptions;
  /** Errors of single requests (bad body, handler failure). */
  readonly onError?: (error: CardwireError) => void;
}

/**
 * Server side of the HTTP gateway, for host simulators. Answers 405 to anything but POST, 415 to
 * another content type, 413 to a body over the frame limit, 400 to a malformed frame and 500 when
 * the handler fails.
 *
 * @example
 * ```ts
 * const gw = new HttpGatewayServer({ handler: (f) => ({ tpdu: replyTpdu(f.tpdu!), header: f.header, message: answer(f.message) }) });
 * const { port } = await gw.listen(0);
 * ```
 */
export class HttpGatewayServer {
  private readonly options: HttpGatewayServerOptions;
  private readonly server: Server;
  private readonly spec: FrameSpec;

  constructor(options: HttpGatewayServerOptions) {
    this.options = options;
    this.spec = options.frame ?? frameSpecs.unionPay;
    const serve = (req: IncomingMessage, res: ServerResponse): void => void this.serve(req, res);
    this.server = options.tls ? createHttpsServer(options.tls, serve) : createHttpServer(serve);
    this.server.keepAliveTimeout = 5000;
    // Errors after listen() are reported, never thrown into the event loop.
    this.server.on('error', (e) => this.options.onError?.(new CardwireError('TRANSPORT_CONNECT_FAILED', 'the server socket failed', { path: 'server', cause: e })));
  }

  /** Listen; port 0 picks a free port. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (e) => reject(new CardwireError('TRANSPORT_CONNECT_FAILED', `cannot listen on ${host}:${port}`, { path: 'server', cause: e })));
      this.server.listen(port, host, () => {
        const a = this.server.address();
        resolve({ host, port: a && typeof a === 'object' ? a.port : 0 });
      });
    });
  }

  /** Stop accepting and close every connection once its request is answered. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number, error?: CardwireError): void => {
      if (error) this.options.onError?.(error);
      if (!res.headersSent) res.writeHead(status, { 'Content-Length': '0' });
      res.end();
    };
    if (req.method !== 'POST') {
      req.resume();
      answer(405);
      return;
    }
    if (!isGatewayType(req.headers['content-type'])) {
      req.resume();
      answer(415, new CardwireError('HTTP_GATEWAY_CONTENT_TYPE', `the request is not ${HTTP_GATEWAY_CONTENT_TYPE}`, { path: 'http.contentType' }));
      return;
    }
    let frame: Frame;
    try {
      frame = oneFrame(this.spec, await readBody(req, bodyLimit(this.spec)));
    } catch (e) {
      const error = isCardwireError(e) ? e : new CardwireError('FRAME_TRUNCATED', 'bad request body', { path: 'http.body', cause: e });
      answer(error.code === 'FRAME_TOO_LARGE' && error.path === 'http.body' ? 413 : 400, error);
      return;
    }
    let body: Uint8Array;
    try {
      body = encodeFrame(this.spec, await this.options.handler(frame, { remoteAddress: req.socket.remoteAddress ?? '' }));
    } catch (e) {
      answer(500, new CardwireError('TRANSPORT_HANDLER_FAILED', 'the handler failed', { path: 'server.handler', cause: e }));
      return;
    }
    res.writeHead(200, { 'Content-Type': HTTP_GATEWAY_CONTENT_TYPE, 'Content-Length': String(body.length) });
    res.end(body);
  }
}
