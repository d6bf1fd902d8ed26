import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../../src/core/index';
import { encodeFrame, frameSpecs, parseFrameSpec, type Frame } from '../../../src/transport/index';
import { TcpClient, TcpServer } from '../../../src/transport/node/index';
import { answer, key, rawClient, rawServer, rejection, request, sleep, tcpHarness } from './helpers';

const { cleanup, startServer, startClient } = tcpHarness();

describe('TCP client and server on 127.0.0.1', () => {
  test('request/response, 64 in flight', async () => {
    const { port } = await startServer();
    const { client } = await startClient(port);
    const responses = await Promise.all(Array.from({ length: 64 }, (_, i) => client.request(request(i + 1))));
    expect(responses.map((r) => toHex(r.message))).toEqual(Array.from({ length: 64 }, (_, i) => `12${(i + 1).toString(16).padStart(4, '0').toUpperCase()}`));
    expect(responses[0]?.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    expect(client.inFlight).toBe(0);
  });

  test('a peer writing one byte at a time is answered', async () => {
    const { port } = await startServer();
    const raw = await rawClient(port);
    cleanup.push(() => void raw.socket.destroy());
    for (const b of encodeFrame(frameSpecs.unionPay, request(0x42))) {
      raw.socket.write(new Uint8Array([b]));
      await sleep(0);
    }
    for (let i = 0; i < 1000 && raw.received().length < 16; i++) await sleep(5);
    expect(toHex(raw.received())).toBe('000E' + '6000000003' + '603100310001' + '120042');
  });

  test('a server answering one byte at a time, then garbage: the client copes and reports codes', async () => {
    const srv = await rawServer((sock) => {
      sock.on('data', async () => {
        const reply = encodeFrame(frameSpecs.unionPay, { ...request(0x21), message: hex('120021') });
        for (const b of reply) {
          sock.write(new Uint8Array([b]));
          await sleep(1);
        }
        sock.write(hex('FFFF0000'));
      });
    });
    cleanup.push(srv.close);
    const { client, states } = await startClient(srv.port);
    expect(toHex((await client.request(request(0x21))).message)).toBe('120021');
    for (let i = 0; i < 1000 && client.state === 'connected'; i++) await sleep(5);
    expect(states.at(-1)).toEqual(['idle', 'FRAME_TOO_LARGE']);
  });

  test('garbage bytes close only that connection; other clients keep working', async () => {
    const { port, errors, server } = await startServer();
    const { client } = await startClient(port);
    const raw = await rawClient(port);
    raw.socket.write(hex('FFFF' + 'DEADBEEF'));
    await raw.closed;
    expect(errors.map((e) => [e.code, e.offset])).toEqual([['FRAME_TOO_LARGE', 0]]);
    expect(toHex((await client.request(request(7))).message)).toBe('120007');
    expect(server.connections).toBe(1);
  });

  test('a length prefix claiming 2 GB is refused without allocating', async () => {
    const { port, errors } = await startServer({ frame: parseFrameSpec('4b+tpdu+h6') });
    const raw = await rawClient(port);
    raw.socket.write(hex('7FFFFFFF' + '00'.repeat(32)));
    await raw.closed;
    expect(errors.map((e) => e.code)).toEqual(['FRAME_TOO_LARGE']);
  });

  test('the server frame limit overrides the spec; bad client options are refused', async () => {
    const { port, errors } = await startServer({ maxFrameSize: 50 });
    const raw = await rawClient(port);
    raw.socket.write(encodeFrame(frameSpecs.unionPay, { ...request(1), message: new Uint8Array(60) }));
    await raw.closed;
    expect(errors.map((e) => [e.code, e.path])).toEqual([['FRAME_TOO_LARGE', 'frame.length']]);
    expect(() => new TcpClient({ port: 70000, frame: frameSpecs.unionPay })).toThrow(/INVALID_ARGUMENT/);
    expect(() => new TcpClient({ port: 1, frame: { length: { kind: 'binary', size: 2 }, maxFrameSize: 1e6 } })).toThrow(/FRAME_SPEC_INVALID/);
  });

  test('the server dropping the connection mid-frame fails the request with a code', async () => {
    const srv = await rawServer((s) => {
      s.once('data', () => {
        s.write(hex('0020' + '600000'));
        setTimeout(() => s.destroy(), 5);
      });
    });
    cleanup.push(srv.close);
    const { client, states } = await startClient(srv.port);
    const e = await rejection(client.request(request(1)));
    expect(e.code).toBe('TRANSPORT_DISCONNECTED');
    expect(states.at(-1)?.[0]).toBe('idle');
    expect((await rejection(client.request(request(2)))).code).toBe('TRANSPORT_NOT_CONNECTED');
  });

  test('read timeout: a server that stops mid-frame is dropped before the request timeout', async () => {
    const srv = await rawServer((s) => {
      s.once('data', () => s.write(hex('0020' + '600000')));
    });
    cleanup.push(srv.close);
    const { client, states } = await startClient(srv.port, { timeoutMs: 10_000, readTimeoutMs: 80 });
    const e = await rejection(client.request(request(1)));
    expect(e.code).toBe('TRANSPORT_DISCONNECTED');
    expect(states.at(-1)).toEqual(['idle', 'TRANSPORT_READ_TIMEOUT']);
    expect(() => new TcpClient({ port: 1, frame: frameSpecs.unionPay, readTimeoutMs: -1 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'client.readTimeoutMs' }),
    );
  });

  test('a response after the timeout goes to onUnmatched as late', async () => {
    const { port } = await startServer({ handler: async (f) => (await sleep(60), answer(f)) });
    const late: Array<[string, boolean]> = [];
    const { client } = await startClient(port, { timeoutMs: 20, onUnmatched: (f, i) => late.push([toHex(f.message), i.late]) });
    expect((await rejection(client.request(request(5)))).code).toBe('TRANSPORT_TIMEOUT');
    for (let i = 0; i < 1000 && late.length === 0; i++) await sleep(5);
    expect(late).toEqual([['120005', true]]);
  });

  test('a throwing handler closes only its connection', async () => {
    const { port, errors } = await startServer({
      handler: (f) => {
        if (f.message[2] === 0x99) throw new Error('boom');
        return answer(f);
      },
    });
    const { client: a } = await startClient(port);
    const { client: b } = await startClient(port);
    const pending = a.request(request(0x11));
    expect((await rejection(a.request(request(0x99)))).code).toBe('TRANSPORT_DISCONNECTED');
    await pending.catch(() => undefined);
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_HANDLER_FAILED']);
    expect(toHex((await b.request(request(0x12))).message)).toBe('120012');
  });

  test('200 clients connecting at once', async () => {
    const { port, server } = await startServer();
    const clients = Array.from({ length: 200 }, () => new TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false, timeoutMs: 5000 }));
    cleanup.push(() => Promise.all(clients.map((c) => c.close({ drainTimeoutMs: 0 }))).then(() => undefined));
    await Promise.all(clients.map((c) => c.connect()));
    for (let i = 0; i < 1000 && server.connections < 200; i++) await sleep(5);
    expect(server.connections).toBe(200);
    const responses = await Promise.all(clients.map((c, i) => c.request(request(i))));
    expect(responses.every((r, i) => r.message[2] === (i & 0xff))).toBe(true);
  });

  test('max connections: extra connections are refused with a code', async () => {
    const { port, errors, server } = await startServer({ maxConnections: 2 });
    await startClient(port);
    await startClient(port);
    const raw = await rawClient(port);
    await raw.closed;
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_TOO_MANY_CONNECTIONS']);
    expect(server.connections).toBe(2);
  });

  test('server restart with requests in flight: they fail, the client reconnects with backoff', async () => {
    const first = new TcpServer({ frame: frameSpecs.unionPay, handler: () => new Promise<undefined>(() => undefined) });
    const { port } = await first.listen(0);
    const { client, states } = await startClient(port, { reconnect: { initialDelayMs: 10, maxDelayMs: 40 } });
    const inFlight = [client.request(request(1)), client.request(request(2))];
    await sleep(10);
    await first.close({ drainTimeoutMs: 10 });
    const errors = await Promise.all(inFlight.map(rejection));
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_DISCONNECTED', 'TRANSPORT_DISCONNECTED']);
    const second = new TcpServer({ frame: frameSpecs.unionPay, handler: answer });
    await second.listen(port);
    cleanup.push(() => second.close({ drainTimeoutMs: 50 }));
    for (let i = 0; i < 1000 && client.state !== 'connected'; i++) await sleep(5);
    expect(client.state).toBe('connected');
    expect(states.map((s) => s[0])).toContain('reconnecting');
    expect(toHex((await client.request(request(3))).message)).toBe('120003');
  });

  test('graceful shutdown drains requests in flight', async () => {
    let handling: () => void = () => undefined;
    const received = new Promise<void>((r) => (handling = r));
    const server = new TcpServer({ frame: frameSpecs.unionPay, handler: async (f) => (handling(), await sleep(40), answer(f)) });
    const { port } = await server.listen(0);
    const { client } = await startClient(port);
    const p = client.request(request(8));
    await received;
    await server.close({ drainTimeoutMs: 2000 });
    expect(toHex((await p).message)).toBe('120008');
  });

  test('idle timeout closes a silent connection', async () => {
    const { port } = await startServer({ idleTimeoutMs: 30 });
    const { client, states } = await startClient(port);
    for (let i = 0; i < 1000 && client.state === 'connected'; i++) await sleep(5);
    expect(states.at(-1)).toEqual(['idle', 'TRANSPORT_DISCONNECTED']);
  });

  test('connect refused and connect timeout have codes', async () => {
    const srv = await rawServer(() => undefined);
    const port = srv.port;
    // A plain TCP server never completes a TLS handshake: the connect timeout fires.
    const tlsClient = new TcpClient({ port, frame: frameSpecs.unionPay, tls: { rejectUnauthorized: false }, connectTimeoutMs: 50, reconnect: false });
    expect((await rejection(tlsClient.connect())).code).toBe('TRANSPORT_CONNECT_TIMEOUT');
    await srv.close();
    const refused = new TcpClient({ port, frame: frameSpecs.unionPay, reconnect: false });
    expect((await rejection(refused.connect())).code).toBe('TRANSPORT_CONNECT_FAILED');
    await tlsClient.close();
    await refused.close();
  });

  test('backpressure: send() waits for drain and every frame arrives', async () => {
    const seen: Frame[] = [];
    const { port } = await startServer({ frame: frameSpecs.binary2, handler: (f) => void seen.push(f) });
    const { client } = await startClient(port, { frame: frameSpecs.binary2 });
    const big = new Uint8Array(8000).fill(0x41);
    for (let i = 0; i < 300; i++) await client.send({ message: big });
    for (let i = 0; i < 1000 && seen.length < 300; i++) await sleep(5);
    expect(seen.length).toBe(300);
  });

  test('listening on a port in use rejects with a code', async () => {
    const { port } = await startServer();
    const second = new TcpServer({ frame: frameSpecs.unionPay, handler: answer });
    expect((await rejection(second.listen(port))).code).toBe('TRANSPORT_CONNECT_FAILED');
    await second.close();
  });

  test('concurrent connect() calls share one connection', async () => {
    const { port, server } = await startServer();
    const client = new TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false });
    cleanup.push(() => client.close({ drainTimeoutMs: 0 }));
    await Promise.all([client.connect(), client.connect(), client.connect()]);
    await client.connect();
    for (let i = 0; i < 1000 && server.connections < 1; i++) await sleep(5);
    await sleep(20);
    expect(server.connections).toBe(1);
  });

  test('close() with nothing in flight resolves promptly and refuses new requests', async () => {
    const { port } = await startServer();
    const { client } = await startClient(port);
    await client.close();
    expect(client.state).toBe('closed');
    expect((await rejection(client.request(request(1)))).code).toBe('TRANSPORT_CLOSED');
  });
});
