// The browser POS server: RFC 6455's handshake vector, then the bridge over real sockets (a raw
// WebSocket client written with the frame codec, a raw TCP "host"), then the refusals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { encodeUtf8, hex, toHex } from '../../src/core/index';
import { PosWebServer, defaultWebRoot, webSocketAccept, webSocketKeyOf } from '../../src/pos/node/web-server';
import { WebSocketDecoder, encodeClosePayload, encodeWebSocketFrame, type WebSocketEvent, type WebSocketFrameInput } from '../../src/pos/websocket/frame';
import { caught } from '../helpers/caught';
import vectors from '../../fixtures/pos/rfc6455.json';

test.each(vectors.handshake.map((v) => [v.name, v] as const))('Sec-WebSocket-Accept: %s (%s)', (_name, v) => {
  expect(webSocketAccept(v.key)).toBe(v.accept);
});

const root = mkdtempSync(join(tmpdir(), 'cardwire-web-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>pos</title>');
writeFileSync(join(root, 'app.js'), 'export {};');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A TCP "host": keeps the frames it received (2-byte length + payload), answers each with `answer` of its payload. */
interface FakeHost {
  readonly port: number;
  readonly received: Uint8Array[];
  readonly sockets: Socket[];
  server: Server;
}

async function fakeHost(answer: (payload: Uint8Array) => Uint8Array): Promise<FakeHost> {
  const h: FakeHost = { port: 0, received: [], sockets: [], server: createServer() };
  h.server.on('connection', (s) => {
    h.sockets.push(s);
    let buf = new Uint8Array(0);
    s.on('data', (chunk: Buffer) => {
      buf = Uint8Array.from([...buf, ...chunk]);
      while (buf.length >= 2 && buf.length >= 2 + ((buf[0]! << 8) | buf[1]!)) {
        const n = (buf[0]! << 8) | buf[1]!;
        const frame = buf.slice(0, 2 + n);
        buf = buf.slice(2 + n);
        h.received.push(frame);
        const a = answer(frame.subarray(2));
        s.write(Uint8Array.from([a.length >> 8, a.length & 0xff, ...a]));
      }
    });
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', () => r()));
  const a = h.server.address();
  return Object.assign(h, { port: typeof a === 'object' && a ? a.port : 0 });
}

/** A WebSocket client over a raw socket: masks what it sends, decodes what it gets. */
class RawClient {
  readonly events: WebSocketEvent[] = [];
  readonly decoder = new WebSocketDecoder({ maxMessageSize: 100_000, masking: 'forbidden' });
  response = '';
  closed = false;
  #handshook = false;
  #pending: Uint8Array = new Uint8Array(0);
  #waiters: (() => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      if (!this.#handshook) {
        this.#pending = Uint8Array.from([...this.#pending, ...chunk]);
        const text = Buffer.from(this.#pending).toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        this.response = text.slice(0, end);
        this.#handshook = true;
        // After a refusal the rest is an HTTP body, not frames.
        const rest = this.#pending.subarray(end + 4);
        if (rest.length && this.response.startsWith('HTTP/1.1 101')) this.decoder.push(rest, (e) => this.events.push(e));
      } else {
        this.decoder.push(new Uint8Array(chunk), (e) => this.events.push(e));
      }
      this.#wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  until(ok: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (ok()) return resolve();
        this.#waiters.push(check);
      };
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 3000).unref();
      check();
    });
  }

  send(frame: Omit<WebSocketFrameInput, 'maskingKey'>): void {
    this.socket.write(encodeWebSocketFrame({ ...frame, maskingKey: hex('A1B2C3D4') }));
  }
}

async function client(port: number, headers: Record<string, string> = {}, path = '/ws'): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const c = new RawClient(socket);
  const all = { Host: `127.0.0.1:${port}`, Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', Origin: `http://127.0.0.1:${port}`, ...headers };
  socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  await c.until(() => c.response !== '' || c.closed, 'the handshake answer');
  return c;
}

let host: FakeHost;
let web: PosWebServer;
let port: number;
const log: string[] = [];

beforeAll(async () => {
  // The host answers each payload with its bytes reversed.
  host = await fakeHost((p) => Uint8Array.from([...p].reverse()));
  web = new PosWebServer({ root, host: { host: '127.0.0.1', port: host.port }, maxMessageSize: 1000, onLog: (l) => log.push(l) });
  port = (await web.listen(0)).port;
});
afterAll(async () => {
  await web.close();
  await new Promise<void>((r) => host.server.close(() => r()));
});
afterEach(() => {
  log.length = 0;
});

describe('the bridge', () => {
  test('101 with the RFC accept; a binary message is one length-prefixed frame to the host, its answer one message back', async () => {
    const c = await client(port);
    expect(c.response.split('\r\n')).toEqual(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=']);
    const before = host.received.length;
    const payload = hex('600003000060310031131208000020');
    c.send({ opcode: 'binary', payload });
    await c.until(() => c.events.length === 1, 'the answer');
    expect(toHex(host.received[before]!)).toBe('000F600003000060310031131208000020');
    expect(c.events[0]).toEqual({ type: 'message', kind: 'binary', data: Uint8Array.from([...payload].reverse()) });
    // A fragmented message is still one frame to the host.
    c.send({ opcode: 'binary', payload: hex('0102'), fin: false });
    c.send({ opcode: 'continuation', payload: hex('03') });
    await c.until(() => c.events.length === 2, 'the second answer');
    expect(toHex(host.received[before + 1]!)).toBe('0003010203');
    c.socket.destroy();
  });

  test('ping answered with a pong carrying its data; a close answered with a close, and the host connection ends', async () => {
    const c = await client(port);
    c.send({ opcode: 'binary', payload: hex('00') });
    await c.until(() => c.events.length === 1, 'the answer');
    c.send({ opcode: 'ping', payload: encodeUtf8('Hello') });
    await c.until(() => c.events.length === 2, 'the pong');
    expect(c.events[1]).toEqual({ type: 'pong', data: encodeUtf8('Hello') });
    const tcp = host.sockets.at(-1)!;
    const tcpClosed = new Promise<void>((r) => tcp.once('close', () => r()));
    c.send({ opcode: 'close', payload: encodeClosePayload(1000, 'bye') });
    await c.until(() => c.events.length === 3, 'the close');
    expect(c.events[2]).toEqual({ type: 'close', code: 1000, reason: '' });
    await tcpClosed;
    await c.until(() => c.closed, 'the socket closed');
    // Every bridge of this file's earlier tests is gone too, once their sockets' close events ran.
    for (let i = 0; i < 50 && web.connections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(web.connections).toBe(0);
  });

  test('the host closing its side closes the WebSocket (1001)', async () => {
    const c = await client(port);
    c.send({ opcode: 'binary', payload: hex('00') });
    await c.until(() => c.events.length === 1, 'the answer');
    host.sockets.at(-1)!.destroy();
    await c.until(() => c.events.some((e) => e.type === 'close'), 'the close');
    expect(c.events.at(-1)).toEqual({ type: 'close', code: 1001, reason: 'host closed the connection' });
  });

  test.each([
    // [what, the frame as the client sends it, the close code expected]
    ['a text message (1003)', encodeWebSocketFrame({ opcode: 'text', payload: encodeUtf8('hi'), maskingKey: hex('01020304') }), 1003],
    ['an unmasked frame (1002)', encodeWebSocketFrame({ opcode: 'binary', payload: hex('01') }), 1002],
    ['a message over the maximum (1009)', encodeWebSocketFrame({ opcode: 'binary', payload: new Uint8Array(1001), maskingKey: hex('01020304') }), 1009],
  ] as const)('%s closes the connection', async (_what, frame, code) => {
    const c = await client(port);
    c.socket.write(frame);
    await c.until(() => c.events.some((e) => e.type === 'close'), 'the close');
    expect(c.events.find((e) => e.type === 'close')).toMatchObject({ type: 'close', code });
    await c.until(() => c.closed, 'the socket closed');
  });
});

describe('refusals', () => {
  test.each([
    ['a path other than /ws', {}, '/other', '404'],
    ['a key that is not 16 bytes of base64', { 'Sec-WebSocket-Key': 'c2hvcnQ=' }, '/ws', '400'],
    ['version 8', { 'Sec-WebSocket-Version': '8' }, '/ws', '400'],
    ['another origin', { Origin: 'http://evil.example' }, '/ws', '403'],
  ])('%s', async (_what, headers, path, status) => {
    const c = await client(port, headers, path);
    expect(c.response.split(' ')[1]).toBe(status);
    expect(log.some((l) => l.startsWith('bridge: upgrade refused'))).toBe(true);
  });

  test.each([
    // [what, method, headers, the path of the error]
    ['not a GET', 'POST', {}, 'method'],
    ['no Upgrade: websocket', 'GET', { upgrade: 'h2c' }, 'headers.upgrade'],
    ['no Connection: Upgrade', 'GET', { connection: 'keep-alive' }, 'headers.connection'],
    ['version 8', 'GET', { 'sec-websocket-version': '8' }, 'headers.sec-websocket-version'],
    ['a key of 15 bytes', 'GET', { 'sec-websocket-key': 'AAAAAAAAAAAAAAAAAAAA' }, 'headers.sec-websocket-key'],
  ])('the handshake check: %s', (_what, method, headers, path) => {
    const base = { upgrade: 'websocket', connection: 'keep-alive, Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    const request = { method, headers: { ...base, ...headers } } as unknown as IncomingMessage;
    expect(caught(() => webSocketKeyOf(request))).toMatchObject({ code: 'WEBSOCKET_HANDSHAKE_INVALID', path });
    expect(webSocketKeyOf({ method: 'GET', headers: base } as unknown as IncomingMessage)).toBe('dGhlIHNhbXBsZSBub25jZQ==');
  });

  test('a host that cannot be reached: 502, nothing upgraded', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const a = probe.address();
    const dead = typeof a === 'object' && a ? a.port : 0;
    await new Promise<void>((r) => probe.close(() => r()));
    const w = new PosWebServer({ root, host: { host: '127.0.0.1', port: dead } });
    const p = (await w.listen(0)).port;
    const c = await client(p);
    expect(c.response.split(' ')[1]).toBe('502');
    await w.close();
  });
});

describe('static files', () => {
  const get = async (path: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), body: await r.text() };
  };
  test('index.html at /, app.js as JavaScript, with a CSP of its own origin', async () => {
    expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>pos</title>' });
    expect((await get('/')).csp).toContain("default-src 'self'");
    expect(await get('/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
  });
  test('nothing outside the root, nothing unknown', async () => {
    expect((await get('/../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await get('/missing.js')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' })).status).toBe(405);
  });
  test('without a built bundle, the default root is a POS_WEB_BUNDLE_MISSING error', () => {
    expect(caught(() => defaultWebRoot(new URL(`file://${root}/x/y/z.js`).href)).code).toBe('POS_WEB_BUNDLE_MISSING');
  });
});
