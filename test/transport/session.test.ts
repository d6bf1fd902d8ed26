import { describe, expect, test } from 'vitest';
import { hex, toHex } from '../../src/core/index';
import {
  FrameSession,
  ManualScheduler,
  createLoopbackPair,
  frameSpecs,
  replyTpdu,
  type Frame,
  type OutgoingFrame,
} from '../../src/transport/index';
import { rejection } from '../helpers/caught-async';

// Test messages: byte 0 = 0x02 request / 0x12 response, bytes 1..2 = a STAN.
const key = (f: OutgoingFrame): string => toHex(f.message.subarray(1, 3));
const tpdu = { id: 0x60, destination: 3, source: 0 };
const header = hex('603100310001');
const request = (stan: string): OutgoingFrame => ({ tpdu, header, message: hex(`02${stan}`) });
const flush = () => new Promise((r) => setTimeout(r, 0));


function pair(options: { answer?: boolean; readTimeoutMs?: number } = {}) {
  const scheduler = new ManualScheduler();
  const [a, b] = createLoopbackPair();
  const seen: Frame[] = [];
  const host = new FrameSession(b, {
    frame: frameSpecs.unionPay,
    scheduler,
    onFrame: (f, s) => {
      seen.push(f);
      if (options.answer !== false && f.tpdu) s.send({ tpdu: replyTpdu(f.tpdu), header: f.header, message: hex(`12${toHex(f.message.subarray(1, 3))}`) });
    },
  });
  const closes: Array<string | undefined> = [];
  const terminal = new FrameSession(a, {
    frame: frameSpecs.unionPay,
    scheduler,
    key,
    timeoutMs: 1000,
    ...(options.readTimeoutMs === undefined ? {} : { readTimeoutMs: options.readTimeoutMs }),
    onClose: (e) => closes.push(e?.code),
  });
  return { scheduler, host, terminal, seen, closes };
}

describe('FrameSession over a loopback pair', () => {
  test('request/response with TPDU swapped by the host', async () => {
    const { terminal, seen } = pair();
    const [r1, r2] = await Promise.all([terminal.request(request('0001')), terminal.request(request('0002'))]);
    expect(toHex(r1.message)).toBe('120001');
    expect(toHex(r2.message)).toBe('120002');
    expect(r1.tpdu).toEqual({ id: 0x60, destination: 0, source: 3 });
    expect(seen.map((f) => f.tpdu)).toEqual([tpdu, tpdu]);
    terminal.close();
  });

  test('timeout, then the late response reaches onUnmatched', async () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    const hostFrames: Frame[] = [];
    const host = new FrameSession(b, { frame: frameSpecs.unionPay, scheduler, onFrame: (f) => hostFrames.push(f) });
    const late: Array<[string, boolean]> = [];
    const terminal = new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, key, timeoutMs: 1000, onUnmatched: (f, i) => late.push([toHex(f.message), i.late]) });
    const p = terminal.request(request('0009'));
    await flush();
    scheduler.advance(1000);
    expect((await rejection(p)).code).toBe('TRANSPORT_TIMEOUT');
    host.send({ tpdu, header, message: hex('120009') });
    await flush();
    expect(late).toEqual([['120009', true]]);
    terminal.close();
  });

  test('the peer closing fails every pending request with TRANSPORT_DISCONNECTED', async () => {
    const { terminal, host, closes } = pair({ answer: false });
    const ps = [terminal.request(request('0001')), terminal.request(request('0002'))];
    await flush();
    host.close();
    const errors = await Promise.all(ps.map(rejection));
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_DISCONNECTED', 'TRANSPORT_DISCONNECTED']);
    expect(closes).toEqual(['TRANSPORT_DISCONNECTED']);
    expect((await rejection(terminal.request(request('0003')))).code).toBe('TRANSPORT_DISCONNECTED');
  });

  test('closing the session fails pending requests with TRANSPORT_CLOSED', async () => {
    const { terminal } = pair({ answer: false });
    const p = terminal.request(request('0001'));
    terminal.close();
    expect((await rejection(p)).code).toBe('TRANSPORT_CLOSED');
  });

  test('garbage from the peer closes the session with the framing error', async () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    const closes: Array<string | undefined> = [];
    const terminal = new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, key, onClose: (e) => closes.push(e?.code) });
    b.attach({ data: () => undefined, drain: () => undefined, closed: () => undefined });
    const p = terminal.request(request('0001'));
    b.write(hex('FFFF0102'));
    expect((await rejection(p)).code).toBe('TRANSPORT_DISCONNECTED');
    expect(closes).toEqual(['FRAME_TOO_LARGE']);
  });

  test('idle echo after the idle period, keep-alives reported', async () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    const hostFrames: string[] = [];
    let keepAlives = 0;
    new FrameSession(b, { frame: frameSpecs.unionPay, scheduler, onFrame: (f) => hostFrames.push(toHex(f.message)), onKeepAlive: () => keepAlives++ });
    const terminal = new FrameSession(a, {
      frame: frameSpecs.unionPay,
      scheduler,
      idle: { afterMs: 60_000, echo: () => ({ tpdu, header, message: hex('08000301') }) },
    });
    scheduler.advance(59_999);
    expect(hostFrames).toEqual([]);
    scheduler.advance(1);
    terminal.sendKeepAlive();
    await flush();
    expect(hostFrames).toEqual(['08000301']);
    // The keep-alive counts as traffic: no echo in the next period, one in the period after.
    scheduler.advance(60_000);
    await flush();
    expect(hostFrames).toEqual(['08000301']);
    scheduler.advance(60_000);
    await flush();
    expect(hostFrames).toEqual(['08000301', '08000301']);
    expect(keepAlives).toBe(1);
    terminal.close();
  });

  test('idle close for servers', () => {
    const scheduler = new ManualScheduler();
    const [a] = createLoopbackPair();
    const closes: Array<string | undefined> = [];
    new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, idle: { afterMs: 1000, close: true }, onClose: (e) => closes.push(e?.code) });
    scheduler.advance(2000);
    expect(closes).toEqual(['TRANSPORT_IDLE_TIMEOUT']);
    expect(scheduler.pending).toBe(0);
  });

  test('request() without a key, and a throwing frame callback, fail with codes', async () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    const closes: Array<string | undefined> = [];
    const host = new FrameSession(b, {
      frame: frameSpecs.unionPay,
      scheduler,
      onFrame: () => {
        throw new Error('owner bug');
      },
      onClose: (e) => closes.push(e?.code),
    });
    expect((await rejection(host.request(request('0001')))).code).toBe('INVALID_ARGUMENT');
    const terminal = new FrameSession(a, { frame: frameSpecs.unionPay, scheduler });
    terminal.send(request('0001'));
    await flush();
    expect(closes).toEqual(['TRANSPORT_HANDLER_FAILED']);
    expect(host.closed).toBe(true);
  });

  test('an unanswered idle echo closes the session with TRANSPORT_TIMEOUT', async () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    const hostFrames: string[] = [];
    new FrameSession(b, { frame: frameSpecs.unionPay, scheduler, onFrame: (f) => hostFrames.push(toHex(f.message)) });
    const closes: Array<string | undefined> = [];
    new FrameSession(a, {
      frame: frameSpecs.unionPay,
      scheduler,
      key,
      timeoutMs: 5000,
      idle: { afterMs: 60_000, echo: () => ({ tpdu, header, message: hex('080301') }) },
      onClose: (e) => closes.push(e?.code),
    });
    scheduler.advance(60_000);
    await flush();
    expect(hostFrames).toEqual(['080301']);
    scheduler.advance(5000);
    await flush();
    expect(closes).toEqual(['TRANSPORT_TIMEOUT']);
  });
});

describe('read timeout', () => {
  function silentPeer(readTimeoutMs = 1000) {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    b.attach({ data: () => undefined, drain: () => undefined, closed: () => undefined });
    const closes: Array<string | undefined> = [];
    const terminal = new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, key, timeoutMs: 30_000, readTimeoutMs, onClose: (e) => closes.push(e?.code) });
    return { scheduler, peer: b, terminal, closes };
  }

  // Checks run every 250 ms from the session's start. A request sent on a check (5000) or 1 ms
  // before one (4999) gets the full period: never closed before 1000 ms, always by 1250 ms.
  test.each([
    ['on a check', 5000],
    ['1 ms before a check', 4999],
  ])('a response due and no bytes for the read timeout (request sent %s): closed, the request fails as disconnected', async (_when, idle) => {
    const { scheduler, terminal, closes } = silentPeer();
    scheduler.advance(idle); // nothing due: idle is not a read timeout
    expect(closes).toEqual([]);
    const p = terminal.request(request('0001'));
    await flush();
    scheduler.advance(999);
    expect(closes).toEqual([]);
    scheduler.advance(251);
    expect(closes).toEqual(['TRANSPORT_READ_TIMEOUT']);
    expect((await rejection(p)).code).toBe('TRANSPORT_DISCONNECTED');
  });

  test('a refused read timeout leaves nothing running (no idle timer acts on the peer)', () => {
    const scheduler = new ManualScheduler();
    const [a, b] = createLoopbackPair();
    let peerClosed = false;
    b.attach({ data: () => undefined, drain: () => undefined, closed: () => (peerClosed = true) });
    expect(() => new FrameSession(a, { frame: frameSpecs.unionPay, scheduler, readTimeoutMs: -5, idle: { afterMs: 100, close: true } })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    scheduler.advance(1000);
    expect(peerClosed).toBe(false);
    expect(scheduler.pending).toBe(0);
  });

  test('a frame that stops half way closes the session; bytes trickling in keep it open', async () => {
    const { scheduler, peer, terminal, closes } = silentPeer();
    const p = terminal.request(request('0001'));
    await flush();
    // 0x0011 = 17 bytes due; one arrives every 600 ms (within the timeout each time).
    const frame = hex('0011' + '6000000003' + '603100310001' + '120001' + '000000');
    for (let i = 0; i < 10; i++) {
      peer.write(frame.subarray(i, i + 1));
      await flush();
      scheduler.advance(600);
    }
    expect(closes).toEqual([]);
    scheduler.advance(1000);
    expect(closes).toEqual(['TRANSPORT_READ_TIMEOUT']);
    expect((await rejection(p)).code).toBe('TRANSPORT_DISCONNECTED');
    expect(terminal.closed).toBe(true);
  });

  test('answered requests leave nothing due; a bad read timeout is refused', async () => {
    const { terminal, scheduler, closes } = pair({ readTimeoutMs: 1000 });
    await terminal.request(request('0001'));
    scheduler.advance(10_000);
    expect(closes).toEqual([]);
    expect(terminal.closed).toBe(false);
    terminal.close();
    expect(() => new FrameSession(createLoopbackPair()[0], { frame: frameSpecs.unionPay, scheduler, readTimeoutMs: 0 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'session.readTimeoutMs' }),
    );
  });
});
