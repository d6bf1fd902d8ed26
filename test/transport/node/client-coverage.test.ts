// TcpClient over real sockets on 127.0.0.1: the idle echo after a quiet period, and close() with
// requests in flight (drained when the host answers in time, failed with a code when it does not).
import { describe, expect, test } from 'vitest';
import { hex, toHex, type CardwireError } from '../../../src/core/index';
import type { Frame } from '../../../src/transport/index';
import { answer, header, rejection, request, sleep, tcpHarness, tpdu } from './helpers';

const { startServer, startClient } = tcpHarness();

/** Poll until `done()` or about 5 s have passed. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await sleep(5);
}

describe('TcpClient idle echo', () => {
  test('the server receives the echo frame after a quiet period, and answers it', async () => {
    // The echo is a network-management test message of our own: byte 0 = 08, key bytes ECC0.
    const echo = { tpdu, header, message: hex('08ECC0') };
    const seen: Array<{ message: string; at: number }> = [];
    const { port } = await startServer({ handler: (f: Frame) => (seen.push({ message: toHex(f.message), at: Date.now() }), answer(f)) });
    const connectedAt = Date.now();
    const { client, states } = await startClient(port, { idle: { afterMs: 50, echo: () => echo } });
    await until(() => seen.length > 0);
    expect(seen.map((s) => s.message)).toEqual(['08ECC0']);
    // Not before the quiet period (timestamps, so a slow machine cannot make this flaky).
    expect(seen[0]!.at - connectedAt).toBeGreaterThanOrEqual(49);
    // The host's answer (12ECC0) matched the echo: nothing left in flight, still connected.
    await until(() => client.inFlight === 0);
    expect(client.inFlight).toBe(0);
    expect(client.state).toBe('connected');
    expect(states).toEqual([
      ['connecting', undefined],
      ['connected', undefined],
    ]);
  });

  test('traffic within the period postpones the echo by a period', async () => {
    const seen: Array<{ message: string; at: number }> = [];
    const { port } = await startServer({ handler: (f: Frame) => (seen.push({ message: toHex(f.message), at: Date.now() }), answer(f)) });
    const connectedAt = Date.now();
    const { client } = await startClient(port, { idle: { afterMs: 100, echo: () => ({ tpdu, header, message: hex('08ECC1') }) } });
    expect(toHex((await client.request(request(0x31))).message)).toBe('120031');
    await until(() => seen.length > 1);
    expect(seen.map((s) => s.message)).toEqual(['020031', '08ECC1']);
    // The check at 100 ms saw the request's traffic and looked again at 200 ms: no echo before.
    expect(seen[1]!.at - connectedAt).toBeGreaterThanOrEqual(199);
  });
});

describe('TcpClient.close() with requests in flight', () => {
  test('drains: close resolves after the delayed responses resolved their requests', async () => {
    const { port } = await startServer({ handler: async (f: Frame) => (await sleep(50), answer(f)) });
    const { client, states } = await startClient(port);
    const events: string[] = [];
    const pending = [1, 2, 3].map((n) =>
      client.request(request(n)).then((r) => {
        events.push(`response ${toHex(r.message)}`);
        return r;
      }),
    );
    // close() starts at once: the host is still holding all three.
    expect(client.inFlight).toBe(3);
    // Drained as soon as the answers came: a close that waited for its one-minute deadline would
    // outlast the test's own timeout.
    await client.close({ drainTimeoutMs: 60_000 }).then(() => events.push('closed'));
    expect(events).toEqual(['response 120001', 'response 120002', 'response 120003', 'closed']);
    expect((await Promise.all(pending)).map((r) => toHex(r.message))).toEqual(['120001', '120002', '120003']);
    expect(client.state).toBe('closed');
    expect(states.at(-1)).toEqual(['closed', undefined]);
    // After close: refused with TRANSPORT_CLOSED, and connect() too.
    expect((await rejection(client.request(request(4)))).code).toBe('TRANSPORT_CLOSED');
    expect((await rejection(client.connect())).code).toBe('TRANSPORT_CLOSED');
    await expect(client.send({ tpdu, header, message: hex('020005') })).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });

  test('drainTimeoutMs: 0 with a host that never answers: pending requests reject with TRANSPORT_CLOSED', async () => {
    let received = 0;
    const { port } = await startServer({ handler: () => (received++, new Promise<undefined>(() => undefined)) });
    const { client } = await startClient(port, { timeoutMs: 10_000 });
    // Handlers attached now: the rejections come during close().
    const pending = [client.request(request(1)), client.request(request(2))].map(rejection);
    await until(() => received === 2);
    await client.close({ drainTimeoutMs: 0 });
    const errors = await Promise.all(pending);
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['TRANSPORT_CLOSED', 'mux'],
      ['TRANSPORT_CLOSED', 'mux'],
    ]);
    expect(client.inFlight).toBe(0);
  });

  // Found by this test: a request made while close() drained used to be sent (and resolved).
  test('a request made while close() drains is refused with TRANSPORT_CLOSED and never sent', async () => {
    const seen: string[] = [];
    const { port } = await startServer({ handler: async (f: Frame) => (seen.push(toHex(f.message)), await sleep(50), answer(f)) });
    const { client } = await startClient(port);
    const first = client.request(request(1));
    const closing = client.close({ drainTimeoutMs: 1000 });
    expect(client.state).toBe('closed');
    const during = client.request(request(2)).then(
      (r) => `resolved ${toHex(r.message)}`,
      (e: CardwireError) => e.code,
    );
    await closing;
    expect(toHex((await first).message)).toBe('120001');
    expect(await during).toBe('TRANSPORT_CLOSED');
    expect(seen).toEqual(['020001']);
  });

  test('a small drain timeout waits that long, then fails what remains', async () => {
    let received = 0;
    const { port } = await startServer({ handler: () => (received++, new Promise<undefined>(() => undefined)) });
    const { client } = await startClient(port, { timeoutMs: 10_000 });
    const pending = rejection(client.request(request(9)));
    await until(() => received === 1);
    const started = Date.now();
    await client.close({ drainTimeoutMs: 60 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(55);
    expect((await pending).code).toBe('TRANSPORT_CLOSED');
  });
});
