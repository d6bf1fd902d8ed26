// The socket channel's write coalescing: frames written in one tick share a writev, and a corked
// socket is flushed early once 1 KB is queued (so the peer starts on the first frames).
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { socketChannel } from '../../../src/transport/node/socket-channel';

/** A stand-in socket that records cork depth at every write and every flush. */
function fakeSocket() {
  const log: string[] = [];
  let corked = 0;
  const written: number[] = [];
  const socket = {
    setNoDelay: () => socket,
    cork: () => {
      corked++;
    },
    uncork: () => {
      corked--;
      log.push(`flush@${written.length}`);
    },
    write: (b: Uint8Array) => {
      written.push(b.length);
      return true;
    },
    on: () => socket,
    get corked() {
      return corked;
    },
  };
  return { socket, log, written };
}

describe('socketChannel write coalescing', () => {
  test('frames of one tick are corked together and flushed every 1 KB; cork and uncork stay balanced', async () => {
    const { socket, log, written } = fakeSocket();
    const channel = socketChannel(socket as unknown as Socket);
    for (let i = 0; i < 10; i++) channel.write(new Uint8Array(300));
    // 300-byte frames: the queue passes 1024 bytes at the 4th and the 8th frame.
    expect(log).toEqual(['flush@4', 'flush@8']);
    expect(socket.corked).toBe(1);
    await new Promise((r) => process.nextTick(r));
    expect(log).toEqual(['flush@4', 'flush@8', 'flush@10']);
    expect(socket.corked).toBe(0);
    expect(written).toEqual(Array.from({ length: 10 }, () => 300));
    channel.write(new Uint8Array(10));
    await new Promise((r) => process.nextTick(r));
    expect(socket.corked).toBe(0);
    expect(log.at(-1)).toBe('flush@11');
  });
});

describe('socketChannel on a real socket', () => {
  test('frames written in one tick across several early flushes all arrive, in order', async () => {
    const server = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => socket.once('connect', r));
    const received: number[] = [];
    let closed = false;
    const channel = socketChannel(socket);
    channel.attach({ data: (b) => received.push(...b), drain: () => undefined, closed: () => (closed = true) });
    const sent: number[] = [];
    for (let i = 0; i < 20; i++) {
      const frame = new Uint8Array(300).fill(i);
      sent.push(...frame);
      channel.write(frame);
    }
    for (let i = 0; i < 400 && received.length < sent.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(received).toEqual(sent);
    expect(socket.writableCorked).toBe(0);
    channel.close();
    for (let i = 0; i < 400 && !closed; i++) await new Promise((r) => setTimeout(r, 5));
    expect(closed).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
