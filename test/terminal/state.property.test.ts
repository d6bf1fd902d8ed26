// Properties of the engine's in-place state updates: applyRecordOwned, with the arrays it may
// append to in place, gives the state applyRecord gives after every record of any sequence, and a
// state handed out before (what `Terminal.state` gives) never changes afterwards.
import { fc, test as prop } from '../helpers/prop.js';
import { encodeUtf8 } from '../../src/core/index';
import { describe, expect, test } from 'vitest';
import { applyRecord, decodeRecord, DEFAULT_PARAMS, encodeRecord, replay, swipeOf, type TerminalRecord, type TerminalState, type TerminalTransaction } from '../../src/terminal/index';
import { applyRecordOwned, encodeRecords, type OwnedArrays } from '../../src/terminal/state';
import { DEBIT, ready, rig } from './helpers';

const SETUP: TerminalRecord = { t: 'setup', tid: '10000159', mid: '880210010210160', merchantName: '测试商户', params: DEFAULT_PARAMS, supervisor: { salt: '00', hash: '11' }, operators: {} };

function transaction(voucher: string, batch: string, amount: string): TerminalTransaction {
  return {
    voucher, kind: 'purchase', status: 'approved', responseCode: '00', amount, currency: '156', pan: '6225880000000001', expiry: '2812', entry: 'swipe', entryMode: '021',
    cardOrganisation: 'CUP', cardClass: 'domestic', authCode: '123456', rrn: '000000000001', hostDate: '1208', hostTime: '101010', at: '2026-12-08T02:10:10.000Z',
    batch, operator: '01', pinVerified: true, offline: false, adviceSent: true, refunded: '0',
  };
}

const voucherArb = fc.constantFrom('000001', '000002', '000003', '000004', '000005');
const batchArb = fc.constantFrom('000001', '000002');

type Step = { readonly record: TerminalRecord } | { readonly expose: true } | { readonly snapshot: true };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ voucher: voucherArb, batch: batchArb, amount: fc.constantFrom('1', '100', '12345') }).map(({ voucher, batch, amount }): Step => ({ record: { t: 'transaction', transaction: transaction(voucher, batch, amount) } })) },
  { weight: 3, arbitrary: voucherArb.map((voucher): Step => ({ record: { t: 'printed', voucher } })) },
  { weight: 1, arbitrary: fc.record({ voucher: voucherArb, batch: batchArb }).map(({ voucher, batch }): Step => ({ record: { t: 'update', voucher, batch, status: 'voided' } })) },
  { weight: 1, arbitrary: batchArb.map((batch): Step => ({ record: { t: 'batch-closed', batch, next: batch === '000001' ? '000002' : '000001', at: '2026-12-08T03:00:00.000Z' } })) },
  { weight: 1, arbitrary: voucherArb.map((stan): Step => ({ record: { t: 'reversal', reversal: { stan, batch: '000001', reason: '98', payload: '00', attempts: 0, kind: 'purchase' } } })) },
  { weight: 1, arbitrary: voucherArb.map((stan): Step => ({ record: { t: 'reversal-cleared', stan } })) },
  { weight: 2, arbitrary: fc.constant<Step>({ expose: true }) },
  { weight: 1, arbitrary: fc.constant<Step>({ snapshot: true }) },
);

describe('in-place state updates', () => {
  prop.prop([fc.array(stepArb, { maxLength: 40 })])('give what applyRecord gives, and never change a state handed out', (steps) => {
    let pure = applyRecord(undefined, SETUP);
    let fast = applyRecord(undefined, SETUP);
    const owned: OwnedArrays = { transactions: true, printed: true };
    const handedOut: { readonly state: TerminalState; readonly copy: TerminalState }[] = [];
    for (const step of steps) {
      if ('expose' in step) {
        owned.transactions = false;
        owned.printed = false;
        handedOut.push({ state: fast, copy: structuredClone(fast) });
        continue;
      }
      // A snapshot record as replay meets one: its arrays belong to the record.
      const record: TerminalRecord = 'snapshot' in step ? { t: 'snapshot', state: structuredClone(pure) } : step.record;
      pure = applyRecord(pure, record);
      fast = applyRecordOwned(fast, record, owned);
      expect(fast).toEqual(pure);
    }
    for (const { state, copy } of handedOut) expect(state).toEqual(copy);
  });

  prop.prop([fc.array(stepArb, { maxLength: 30 })])('a replayed snapshot (JSON: no undefined fields) changes as the state it was taken from', (steps) => {
    let live = applyRecord(undefined, SETUP);
    let replayed = JSON.parse(JSON.stringify(live)) as TerminalState;
    for (const step of steps) {
      if (!('record' in step)) continue;
      live = applyRecord(live, step.record);
      replayed = applyRecord(replayed, step.record);
      expect(replayed).toEqual(live);
      expect(JSON.stringify(replayed)).toBe(JSON.stringify(live));
    }
  });

  prop.prop([fc.array(stepArb, { minLength: 1, maxLength: 20 })])('a field this version does not know (a later version\'s snapshot) is kept through every change', (steps) => {
    let s = { ...applyRecord(undefined, SETUP), laterField: { kept: true } } as TerminalState;
    for (const step of steps) if ('record' in step) s = applyRecord(s, step.record);
    expect((s as unknown as { laterField: unknown }).laterField).toEqual({ kept: true });
  });

  test('a snapshot record\'s arrays are not appended to in place', () => {
    const owned: OwnedArrays = { transactions: true, printed: true };
    const snapshot = applyRecord(undefined, SETUP);
    const s = applyRecordOwned(applyRecord(undefined, SETUP), { t: 'snapshot', state: snapshot }, owned);
    const next = applyRecordOwned(applyRecordOwned(s, { t: 'transaction', transaction: transaction('000001', '000001', '1') }, owned), { t: 'printed', voucher: '000001' }, owned);
    expect([snapshot.transactions.length, snapshot.printed.length]).toEqual([0, 0]);
    expect([next.transactions.length, next.printed.length]).toEqual([1, 1]);
  });
});

describe('the terminal\'s state as its callers see it', () => {
  test('a state and a transaction list taken before a purchase stay as they were', async () => {
    const r = await rig();
    await ready(r);
    const buy = async () => {
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      expect((await r.terminal.purchase({ amount: 100n })).outcome).toBe('approved');
    };
    await buy();
    await buy();
    const state = r.terminal.state;
    const list = r.terminal.transactions();
    const [stateThen, listThen] = [structuredClone(state), structuredClone(list)];
    await buy();
    await buy();
    expect(state).toEqual(stateThen);
    expect(list).toEqual(listThen);
    expect(r.terminal.transactions().length).toBe(list.length + 2);
  });

  test('the state in memory is the journal replayed, printed marks included once each', async () => {
    const r = await rig();
    await ready(r);
    for (let i = 0; i < 3; i++) {
      r.reader.present(swipeOf(DEBIT));
      r.pinPad.enter('123456');
      expect((await r.terminal.purchase({ amount: 100n })).outcome).toBe('approved');
    }
    // The last printed mark is deferred: the next append makes it durable.
    await r.terminal.logoff();
    const live = r.terminal.state;
    expect(live.printed).toEqual(live.transactions.map((t) => t.voucher));
    expect(replay(r.journal.records)).toEqual(live);
  });
});

describe('the records of one append encoded together', () => {
  const merchantArb = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('测试商户', 'Café ☕', '\u0000"\\'));
  const recordArb: fc.Arbitrary<TerminalRecord> = fc.oneof(
    stepArb.map((s) => ('record' in s ? s.record : { t: 'signed-off' as const })),
    merchantArb.map((merchantName): TerminalRecord => ({ ...SETUP, merchantName }) as TerminalRecord),
    fc.integer({ min: 1, max: 999_999 }).map((stan): TerminalRecord => ({ t: 'stan', stan })),
  );

  prop.prop([fc.array(recordArb, { maxLength: 6 })])('are each record\'s JSON in UTF-8, as encodeRecord gives it, and decode back', (records) => {
    const encoded = encodeRecords(records);
    expect(encoded.length).toBe(records.length);
    encoded.forEach((bytes, i) => {
      // The journal's format: the record's JSON (JSON.stringify) in UTF-8.
      expect([...bytes]).toEqual([...encodeUtf8(JSON.stringify(records[i]))]);
      expect([...encodeRecord(records[i]!)]).toEqual([...bytes]);
      expect(decodeRecord(bytes, i)).toEqual(JSON.parse(JSON.stringify(records[i])));
    });
  });
});
