import { describe, expect, test } from 'vitest';
import { request as httpRequest } from 'node:http';
import { hex, toHex, type CardwireError } from '../../../src/core/index';
import { encodeFrame, frameSpecs } from '../../../src/transport/index';
import { HTTP_GATEWAY_CONTENT_TYPE, HttpGatewayClient, HttpGatewayServer, TcpClient, TcpServer } from '../../../src/transport/node/index';
import { answer, key, rejection, request, sleep, tcpHarness } from './helpers';
import { selfSignedCert } from './tls-cert';

const { cleanup } = tcpHarness();

const serverCert = selfSignedCert('cardwire test host');
const clientCert = selfSignedCert('cardwire test terminal');

describe('TLS with client certificates', () => {
  test('mutual TLS request/response; the server sees the client as authorised', async () => {
    const authorised: boolean[] = [];
    const server = new TcpServer({
      frame: frameSpecs.unionPay,
      tls: { key: serverCert.key, cert: serverCert.cert, ca: [clientCert.cert], requestCert: true, rejectUnauthorized: true },
      handler: (f, c) => (authorised.push(c.authorized), answer(f)),
    });
    const { port } = await server.listen(0);
    cleanup.push(() => server.close({ drainTimeoutMs: 100 }));
    const client = new TcpClient({
      port,
      frame: frameSpecs.unionPay,
      key,
      reconnect: false,
      tls: { ca: [serverCert.cert], key: clientCert.key, cert: clientCert.cert, servername: 'localhost' },
    });
    cleanup.push(() => client.close({ drainTimeoutMs: 0 }));
    await client.connect();
    expect(toHex((await client.request(request(0x31))).message)).toBe('120031');
    expect(authorised).toEqual([true]);
  });

  test('a client without a certificate is refused with a code', async () => {
    const errors: CardwireError[] = [];
    const server = new TcpServer({
      frame: frameSpecs.unionPay,
      tls: { key: serverCert.key, cert: serverCert.cert, ca: [clientCert.cert], requestCert: true, rejectUnauthorized: true },
      handler: answer,
      onError: (e) => errors.push(e),
    });
    const { port } = await server.listen(0);
    cleanup.push(() => server.close({ drainTimeoutMs: 100 }));
    const client = new TcpClient({ port, frame: frameSpecs.unionPay, key, reconnect: false, connectTimeoutMs: 2000, tls: { ca: [serverCert.cert], servername: 'localhost' } });
    cleanup.push(() => client.close({ drainTimeoutMs: 0 }));
    // TLS 1.3 reports a refused client certificate after the handshake: either connect fails or
    // the first request does.
    const outcome = await client.connect().then(
      () => rejection(client.request(request(1))),
      (e: CardwireError) => e,
    );
    expect(['TRANSPORT_CONNECT_FAILED', 'TRANSPORT_DISCONNECTED']).toContain(outcome.code);
  });
});

describe('UnionPay HTTP gateway', () => {
  async function gateway(handler: ConstructorParameters<typeof HttpGatewayServer>[0]['handler'] = answer) {
    const errors: CardwireError[] = [];
    const server = new HttpGatewayServer({ handler, onError: (e) => errors.push(e) });
    const { port } = await server.listen(0);
    cleanup.push(() => server.close());
    const client = new HttpGatewayClient({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 });
    cleanup.push(() => client.close());
    return { port, client, errors };
  }

  function post(port: number, body: Uint8Array, contentType: string, method = 'POST'): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, headers: { 'Content-Type': contentType, Connection: 'close' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  test('POST x-ISO-TPDU/x-auth with the framed message; answers in kind', async () => {
    const { client } = await gateway();
    const responses = await Promise.all([1, 2, 3].map((n) => client.request(request(n))));
    expect(responses.map((r) => toHex(r.message))).toEqual(['120001', '120002', '120003']);
    expect(responses[0]?.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    expect(toHex(responses[0]?.header ?? new Uint8Array())).toBe('603100310001');
  });

  test('the server refuses wrong methods, content types and malformed bodies', async () => {
    const { port, errors } = await gateway();
    const good = encodeFrame(frameSpecs.unionPay, request(1));
    expect(await post(port, good, 'application/octet-stream')).toBe(415);
    expect(await post(port, good, HTTP_GATEWAY_CONTENT_TYPE, 'PUT')).toBe(405);
    expect(await post(port, hex('0020600003'), HTTP_GATEWAY_CONTENT_TYPE)).toBe(400);
    expect(await post(port, hex('FFFF'), HTTP_GATEWAY_CONTENT_TYPE)).toBe(400);
    expect(await post(port, new Uint8Array(9000), HTTP_GATEWAY_CONTENT_TYPE)).toBe(413);
    expect(errors.map((e) => e.code)).toEqual(['HTTP_GATEWAY_CONTENT_TYPE', 'FRAME_TRUNCATED', 'FRAME_TOO_LARGE', 'FRAME_TOO_LARGE']);
  });

  test('a throwing handler gives HTTP 500, seen by the client as HTTP_GATEWAY_STATUS', async () => {
    const { client, errors } = await gateway(() => {
      throw new Error('boom');
    });
    expect((await rejection(client.request(request(1)))).code).toBe('HTTP_GATEWAY_STATUS');
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_HANDLER_FAILED']);
  });

  test('over https with the test certificate', async () => {
    const server = new HttpGatewayServer({ handler: answer, tls: { key: serverCert.key, cert: serverCert.cert } });
    const { port } = await server.listen(0);
    cleanup.push(() => server.close());
    const client = new HttpGatewayClient({ url: `https://127.0.0.1:${port}/`, tls: { ca: [serverCert.cert] } });
    cleanup.push(() => client.close());
    expect(toHex((await client.request(request(0x77))).message)).toBe('120077');
    const untrusting = new HttpGatewayClient({ url: `https://127.0.0.1:${port}/` });
    cleanup.push(() => untrusting.close());
    expect((await rejection(untrusting.request(request(1)))).code).toBe('TRANSPORT_CONNECT_FAILED');
  });

  test('client timeout and refused connection have codes', async () => {
    const { client } = await gateway(async (f) => (await sleep(100), answer(f)));
    expect((await rejection(client.request(request(1), { timeoutMs: 20 }))).code).toBe('TRANSPORT_TIMEOUT');
    const nowhere = new HttpGatewayClient({ url: 'http://127.0.0.1:1/' });
    expect((await rejection(nowhere.request(request(1)))).code).toBe('TRANSPORT_CONNECT_FAILED');
    nowhere.close();
    await sleep(120);
  });
});
