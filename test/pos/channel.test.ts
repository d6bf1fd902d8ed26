// The browser POS's host channel over a fake message socket and a manual clock: the answer, the
// timeout (TRANSPORT_TIMEOUT, and the link dropped with it), a drop in flight, a failed or slow
// open, and one request at a time.
import { describe, expect, test } from 'vitest';
import { hex, isCardwireError, toHex } from '../../src/core/index';
import { MessageSocketChannel, type LinkState, type MessageSocketEvents } from '../../src/pos/smart-pos/channel';
import { ManualScheduler } from '../../src/transport/index';

/** A socket the test drives: it records what was sent and exposes the channel's events. */
function fakeSockets() {
  const sockets: { events: MessageSocketEvents; sent: Uint8Array[]; closed: boolean }[] = [];
  const factory = (events: MessageSocketEvents) => {
    const s = { events, sent: [] as Uint8Array[], closed: false };
    sockets.push(s);
    return { send: (d: Uint8Array) => void s.sent.push(d), close: () => void (s.closed = true) };
  };
  return { sockets, factory };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isCardwireError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('MessageSocketChannel', () => {
  test('opens on the first request, sends one payload, resolves with the next message', async () => {
    const { sockets, factory } = fakeSockets();
    const states: LinkState[] = [];
    const ch = new MessageSocketChannel(factory, { scheduler: new ManualScheduler(), onState: (s) => states.push(s) });
    const answer = ch.request(hex('0800'), { timeoutMs: 1000 });
    sockets[0]!.events.open();
    await tick();
    expect(sockets[0]!.sent.map((d) => toHex(d))).toEqual(['0800']);
    sockets[0]!.events.message(hex('0810'));
    expect(toHex(await answer)).toBe('0810');
    expect(states).toEqual(['connecting', 'open']);
  });

  test('no answer by the timeout: TRANSPORT_TIMEOUT, the link dropped, a late answer never taken for the next request', async () => {
    const { sockets, factory } = fakeSockets();
    const clock = new ManualScheduler();
    const unmatched: string[] = [];
    const ch = new MessageSocketChannel(factory, { scheduler: clock, onUnmatched: (d) => unmatched.push(toHex(d)) });
    const first = ch.request(hex('0200'), { timeoutMs: 30_000 });
    sockets[0]!.events.open();
    await tick();
    clock.advance(30_000);
    expect(await code(first)).toBe('TRANSPORT_TIMEOUT');
    expect(sockets[0]!.closed).toBe(true);
    expect(ch.state).toBe('closed');
    // The reversal goes on a new socket; the old one's late 0210 is ignored.
    const second = ch.request(hex('0400'), { timeoutMs: 30_000 });
    sockets[1]!.events.open();
    await tick();
    sockets[0]!.events.message(hex('0210'));
    sockets[1]!.events.message(hex('0410'));
    expect(toHex(await second)).toBe('0410');
    expect(unmatched).toEqual([]);
  });

  test('the link closing while a request waits: TRANSPORT_DISCONNECTED; the next request reconnects', async () => {
    const { sockets, factory } = fakeSockets();
    const ch = new MessageSocketChannel(factory, { scheduler: new ManualScheduler() });
    const r = ch.request(hex('0200'), { timeoutMs: 1000 });
    sockets[0]!.events.open();
    await tick();
    sockets[0]!.events.close();
    expect(await code(r)).toBe('TRANSPORT_DISCONNECTED');
    const again = ch.request(hex('0200'), { timeoutMs: 1000 });
    expect(sockets).toHaveLength(2);
    sockets[1]!.events.open();
    await tick();
    sockets[1]!.events.message(hex('0210'));
    expect(toHex(await again)).toBe('0210');
  });

  test('a socket that closes before it opens: TRANSPORT_CONNECT_FAILED; one that never opens: TRANSPORT_CONNECT_TIMEOUT', async () => {
    const { sockets, factory } = fakeSockets();
    const clock = new ManualScheduler();
    const ch = new MessageSocketChannel(factory, { scheduler: clock, connectTimeoutMs: 2000 });
    const refused = ch.request(hex('0800'), { timeoutMs: 10_000 });
    sockets[0]!.events.close();
    expect(await code(refused)).toBe('TRANSPORT_CONNECT_FAILED');
    const slow = ch.request(hex('0800'), { timeoutMs: 10_000 });
    clock.advance(2000);
    expect(await code(slow)).toBe('TRANSPORT_CONNECT_TIMEOUT');
    expect(sockets[1]!.closed).toBe(true);
    const thrown = new MessageSocketChannel(() => {
      throw new Error('SecurityError');
    });
    expect(await code(thrown.request(hex('0800'), { timeoutMs: 1000 }))).toBe('TRANSPORT_CONNECT_FAILED');
  });

  test('one request at a time: a second one while the first waits is POS_CHANNEL_BUSY', async () => {
    const { sockets, factory } = fakeSockets();
    const ch = new MessageSocketChannel(factory, { scheduler: new ManualScheduler() });
    const first = ch.request(hex('0200'), { timeoutMs: 1000 });
    expect(await code(ch.request(hex('0200'), { timeoutMs: 1000 }))).toBe('POS_CHANNEL_BUSY');
    sockets[0]!.events.open();
    await tick();
    expect(await code(ch.request(hex('0200'), { timeoutMs: 1000 }))).toBe('POS_CHANNEL_BUSY');
    sockets[0]!.events.message(hex('0210'));
    expect(toHex(await first)).toBe('0210');
    ch.close();
    expect(sockets[0]!.closed).toBe(true);
  });
});
