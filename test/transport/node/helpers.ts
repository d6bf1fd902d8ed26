import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, expect } from 'vitest';
import { hex, toHex, type CardwireError } from '../../../src/core/index';
import { frameSpecs, replyTpdu, type Frame, type OutgoingFrame } from '../../../src/transport/index';
import { TcpClient, TcpServer, type TcpClientOptions, type TcpClientState, type TcpServerOptions } from '../../../src/transport/node/index';
export { rejection } from '../../helpers/caught-async';

// Test messages: byte 0 = 0x02 request / 0x12 response, bytes 1..2 = a STAN.
export const key = (f: OutgoingFrame): string => toHex(f.message.subarray(1, 3));
export const tpdu = { id: 0x60, destination: 3, source: 0 };
export const header = hex('603100310001');
export const request = (stan: number): OutgoingFrame => ({ tpdu, header, message: hex(`02${stan.toString(16).padStart(4, '0')}`) });
export const answer = (f: Frame): OutgoingFrame => ({ tpdu: replyTpdu(f.tpdu ?? tpdu), header: f.header, message: hex(`12${toHex(f.message.subarray(1, 3))}`) });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/** A raw socket to 127.0.0.1:port, with everything it receives collected. */
export async function rawClient(port: number): Promise<{ socket: Socket; received: () => Uint8Array; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Uint8Array[] = [];
  socket.on('data', (c: Uint8Array) => chunks.push(c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, received: () => Uint8Array.from(chunks.flatMap((c) => [...c])), closed };
}

/** A raw TCP server on a random port. */
export async function rawServer(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  const port = a && typeof a === 'object' ? a.port : 0;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** TCP handles still open in this thread (sockets and servers). */
export function openTcpHandles(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP') || r.startsWith('TLS'));
}

/**
 * The TCP test harness: registers the per-test cleanup and the end-of-file check that no socket
 * is left open, and returns a server and client starter whose objects that cleanup closes.
 */
export function tcpHarness() {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await sleep(20);
    expect(openTcpHandles()).toEqual([]);
  });

  async function startServer(options: Partial<TcpServerOptions> = {}) {
    const errors: CardwireError[] = [];
    const server = new TcpServer({ frame: frameSpecs.unionPay, handler: answer, onError: (e) => errors.push(e), ...options });
    const { port } = await server.listen(0);
    cleanup.push(() => server.close({ drainTimeoutMs: 200 }));
    return { server, port, errors };
  }

  async function startClient(port: number, options: Partial<TcpClientOptions> = {}) {
    const states: Array<[TcpClientState, string | undefined]> = [];
    const client = new TcpClient({
      port,
      frame: frameSpecs.unionPay,
      key,
      timeoutMs: 2000,
      reconnect: false,
      onStateChange: (s, e) => states.push([s, e?.code]),
      ...options,
    });
    cleanup.push(() => client.close({ drainTimeoutMs: 0 }));
    await client.connect();
    return { client, states };
  }

  return { cleanup, startServer, startClient };
}
