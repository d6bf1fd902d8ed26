import { fc, test as fcTest } from '../helpers/prop.js';
import { describe, expect, test } from 'vitest';
import { isCardwireError } from '../../src/core/index';
import { ManualScheduler, Mux, mtiMatchClass, mtiStanTerminalKey, stanTerminalKey, type KeyedMessage, type UnmatchedInfo } from '../../src/transport/index';
import { rejection } from '../helpers/caught-async';

function msg(mti: string, fields: Record<number, string>): KeyedMessage & { fields: Record<number, string> } {
  return { mti, fields, get: (n) => fields[n] };
}


function setup(timeoutMs = 1000) {
  const scheduler = new ManualScheduler();
  const sent: KeyedMessage[] = [];
  const unmatched: Array<[KeyedMessage, UnmatchedInfo]> = [];
  const mux = new Mux<KeyedMessage>({
    key: mtiStanTerminalKey,
    transmit: (m) => sent.push(m),
    scheduler,
    timeoutMs,
    onUnmatched: (m, info) => unmatched.push([m, info]),
  });
  return { scheduler, sent, unmatched, mux };
}

describe('keys', () => {
  test('MTI class folds the function digit onto the request (ISO 8583:1987 MTI positions 1-3)', () => {
    expect([mtiMatchClass('0200'), mtiMatchClass('0210'), mtiMatchClass('0201')]).toEqual(['020', '020', '020']);
    expect([mtiMatchClass('0420'), mtiMatchClass('0430'), mtiMatchClass('0800'), mtiMatchClass('0810')]).toEqual(['042', '042', '080', '080']);
    expect(mtiMatchClass('0280')).toBe('028');
  });
  test('jPOS-style and UnionPay keys', () => {
    const m = msg('0210', { 11: '000123', 41: 'TERM0001' });
    expect(mtiStanTerminalKey(m)).toBe('020|000123|TERM0001');
    expect(stanTerminalKey(m)).toBe('000123|TERM0001');
  });
  test('a missing field is an error naming it', () => {
    try {
      stanTerminalKey(msg('0200', { 11: '000123' }));
      expect.unreachable();
    } catch (e) {
      expect(isCardwireError(e) && [e.code, e.path]).toEqual(['MUX_KEY_FIELD_MISSING', 'DE41']);
    }
  });
});

describe('Mux', () => {
  test('without a key function, the default key is MTI class + DE 11 + DE 41 (jPOS QMUX)', async () => {
    const scheduler = new ManualScheduler();
    const unmatched: Array<string | undefined> = [];
    const mux = new Mux<KeyedMessage>({ transmit: () => undefined, scheduler, timeoutMs: 1000, onUnmatched: (_m, i) => unmatched.push(i.key) });
    const purchase = mux.request(msg('0200', { 11: '000001', 41: 'T1' }));
    const signOn = mux.request(msg('0800', { 11: '000001', 41: 'T1' }));
    mux.receive(msg('0810', { 11: '000001', 41: 'T1', 39: '00' }));
    mux.receive(msg('0210', { 11: '000001', 41: 'T2' })); // another terminal: no match
    mux.receive(msg('0210', { 11: '000001', 41: 'T1', 39: '05' }));
    expect((await signOn).get(39)).toBe('00');
    expect((await purchase).get(39)).toBe('05');
    expect(unmatched).toEqual(['020|000001|T2']);
    // Messages without mti/get need a key function.
    const plain = new Mux<{ stan: string }>({ transmit: () => undefined, scheduler, timeoutMs: 1000 });
    expect(await rejection(plain.request({ stan: '1' }))).toMatchObject({ code: 'MUX_KEY_FIELD_MISSING', path: 'mux.key' });
  });

  test('matches responses to requests out of order, many in flight', async () => {
    const { mux, sent } = setup();
    const a = mux.request(msg('0200', { 11: '000001', 41: 'T1' }));
    const b = mux.request(msg('0200', { 11: '000002', 41: 'T1' }));
    const c = mux.request(msg('0800', { 11: '000001', 41: 'T1' }));
    expect(sent).toHaveLength(3);
    expect(mux.inFlight).toBe(3);
    expect(mux.receive(msg('0810', { 11: '000001', 41: 'T1', 39: '00' }))).toBe(true);
    expect(mux.receive(msg('0210', { 11: '000002', 41: 'T1', 39: '05' }))).toBe(true);
    expect(mux.receive(msg('0210', { 11: '000001', 41: 'T1', 39: '00' }))).toBe(true);
    expect((await a).get(39)).toBe('00');
    expect((await b).get(39)).toBe('05');
    expect((await c).mti).toBe('0810');
    expect(mux.inFlight).toBe(0);
  });

  test('a timeout rejects with TRANSPORT_TIMEOUT; the late response goes to onUnmatched with the key', async () => {
    const { mux, scheduler, unmatched } = setup(30_000);
    const p = mux.request(msg('0200', { 11: '000007', 41: 'T1' }));
    scheduler.advance(29_999);
    expect(mux.inFlight).toBe(1);
    scheduler.advance(1);
    const e = await rejection(p);
    expect([e.code, e.path]).toEqual(['TRANSPORT_TIMEOUT', 'mux']);
    expect(mux.inFlight).toBe(0);
    expect(scheduler.pending).toBe(0);
    expect(mux.receive(msg('0210', { 11: '000007', 41: 'T1' }))).toBe(false);
    expect(unmatched.map(([, i]) => i)).toEqual([{ key: '020|000007|T1', late: true }]);
    mux.receive(msg('0210', { 11: '000099', 41: 'T1' }));
    expect(unmatched[1]?.[1]).toEqual({ key: '020|000099|T1', late: false });
  });

  test('per-request timeout overrides the default', async () => {
    const { mux, scheduler } = setup(30_000);
    const p = mux.request(msg('0200', { 11: '000001', 41: 'T1' }), { timeoutMs: 5 });
    scheduler.advance(5);
    expect((await rejection(p)).code).toBe('TRANSPORT_TIMEOUT');
  });

  test('duplicate keys are refused', async () => {
    const { mux, sent } = setup();
    const first = mux.request(msg('0200', { 11: '000001', 41: 'T1' }));
    const e = await rejection(mux.request(msg('0200', { 11: '000001', 41: 'T1' })));
    expect(e.code).toBe('MUX_DUPLICATE_KEY');
    expect(sent).toHaveLength(1);
    mux.receive(msg('0210', { 11: '000001', 41: 'T1' }));
    await first;
  });

  test('all pending requests fail at once with a code on disconnect', async () => {
    const { mux, scheduler } = setup();
    const ps = [1, 2, 3].map((n) => mux.request(msg('0200', { 11: `00000${n}`, 41: 'T1' })));
    mux.failAll();
    const errors = await Promise.all(ps.map(rejection));
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_DISCONNECTED', 'TRANSPORT_DISCONNECTED', 'TRANSPORT_DISCONNECTED']);
    expect(mux.inFlight).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  test('a request without a key, or that cannot be transmitted, rejects with a code', async () => {
    const scheduler = new ManualScheduler();
    const mux = new Mux<KeyedMessage>({
      key: stanTerminalKey,
      transmit: () => {
        throw new Error('socket gone');
      },
      scheduler,
      timeoutMs: 100,
    });
    expect((await rejection(mux.request(msg('0200', { 11: '000001' })))).code).toBe('MUX_KEY_FIELD_MISSING');
    expect((await rejection(mux.request(msg('0200', { 11: '000001', 41: 'T' })))).code).toBe('TRANSPORT_NOT_CONNECTED');
    expect(mux.inFlight).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  test('a response without a key goes to onUnmatched with the error', () => {
    const { mux, unmatched } = setup();
    expect(mux.receive(msg('0210', { 11: '000001' }))).toBe(false);
    expect(unmatched[0]?.[1].key).toBeUndefined();
    expect(unmatched[0]?.[1].error?.code).toBe('MUX_KEY_FIELD_MISSING');
  });
});

describe('ManualScheduler', () => {
  test('fires due timers in time order and honours clearTimeout', () => {
    const s = new ManualScheduler();
    const fired: string[] = [];
    s.setTimeout(() => fired.push('b'), 20);
    const h = s.setTimeout(() => fired.push('x'), 15);
    s.setTimeout(() => fired.push('a'), 10);
    s.clearTimeout(h);
    s.advance(19);
    expect(fired).toEqual(['a']);
    s.advance(1);
    expect(fired).toEqual(['a', 'b']);
    expect(s.now).toBe(20);
  });
});

describe('Mux properties', () => {
  // Random interleavings of requests, responses (some duplicated or unknown), time passing and
  // disconnects: every request settles exactly once, with a response or a coded error, and
  // nothing is left pending (no entry, no timer).
  const op = fc.oneof(
    fc.record({ kind: fc.constant('request' as const), stan: fc.integer({ min: 0, max: 9 }), timeout: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ kind: fc.constant('respond' as const), stan: fc.integer({ min: 0, max: 9 }) }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
    fc.record({ kind: fc.constant('disconnect' as const) }),
  );
  fcTest.prop([fc.array(op, { maxLength: 60 })])('every request settles once; nothing is left pending', async (ops) => {
    const scheduler = new ManualScheduler();
    const mux = new Mux<KeyedMessage>({ key: stanTerminalKey, transmit: () => undefined, scheduler, timeoutMs: 1000 });
    const outcomes: string[][] = [];
    const settled: Array<Promise<void>> = [];
    for (const o of ops) {
      if (o.kind === 'request') {
        const slot: string[] = [];
        outcomes.push(slot);
        settled.push(
          mux.request(msg('0200', { 11: `00000${o.stan}`, 41: 'T1' }), { timeoutMs: o.timeout }).then(
            (r) => void slot.push(`ok:${String(r.get(11))}`),
            (e: unknown) => void slot.push(isCardwireError(e) ? e.code : 'NOT_A_CARDWIRE_ERROR'),
          ),
        );
      } else if (o.kind === 'respond') mux.receive(msg('0210', { 11: `00000${o.stan}`, 41: 'T1' }));
      else if (o.kind === 'advance') scheduler.advance(o.ms);
      else mux.failAll();
    }
    mux.failAll();
    await Promise.all(settled);
    expect(mux.inFlight).toBe(0);
    expect(scheduler.pending).toBe(0);
    for (const slot of outcomes) {
      expect(slot).toHaveLength(1);
      expect(slot[0]).toMatch(/^(ok:00000\d|TRANSPORT_TIMEOUT|TRANSPORT_DISCONNECTED|MUX_DUPLICATE_KEY)$/);
    }
  });
});
