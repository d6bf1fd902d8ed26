// The Ledger port's contract (src/host/ledger/ledger.ts), one suite run against every adapter:
// MemoryLedger, SqliteLedger and PostgresLedger. Expected values are written out here, never
// read back from the adapter under test.
import { afterEach, describe, expect, test } from 'vitest';
import type { Ledger, LedgerAccount, LedgerReversal, LedgerTerminal, LedgerTransaction, TransactionQuery } from '../../src/host/index';

/** Opens a new, empty ledger; called once per test. */
export type LedgerFactory = () => Promise<Ledger>;

export const PAN = '6225880000000001';
export const TID = '10000159';

export const account = (overrides: Partial<LedgerAccount> = {}): LedgerAccount => ({
  pan: PAN,
  currency: '156',
  available: 100_000n,
  held: 0n,
  pinFailures: 0,
  ...overrides,
});

export const terminal = (overrides: Partial<LedgerTerminal> = {}): LedgerTerminal => ({
  tid: TID,
  batch: '000001',
  signedOn: false,
  workingKeys: '',
  keyScheme: '',
  keyGeneration: 0,
  settlingBatch: '',
  ...overrides,
});

export const transaction = (overrides: Partial<Omit<LedgerTransaction, 'id'>> = {}): Omit<LedgerTransaction, 'id'> => ({
  tid: TID,
  mid: '898110054110001',
  batch: '000001',
  stan: '000001',
  kind: 'purchase',
  mti: '0200',
  pan: PAN,
  amount: 1_234n,
  currency: '156',
  responseCode: '00',
  authCode: '123456',
  rrn: '000000000001',
  localDate: '1125',
  localTime: '153000',
  recordedAt: '2026-11-25T15:30:00.000Z',
  status: 'approved',
  originalId: null,
  cardClass: 'domestic',
  entryMode: '051',
  digest: 'd1',
  response: new Uint8Array([0x02, 0x10, 0x00, 0xff]),
  hold: 0n,
  refunded: 0n,
  ...overrides,
});

const reversal = (overrides: Partial<LedgerReversal> = {}): LedgerReversal => ({
  tid: TID,
  batch: '000001',
  stan: '000001',
  reason: '98',
  originalId: null,
  recordedAt: '2026-11-25T15:31:00.000Z',
  response: new Uint8Array([0x04, 0x10]),
  ...overrides,
});

const byPan = (a: LedgerAccount, b: LedgerAccount) => (a.pan < b.pan ? -1 : 1);
const byTid = (a: LedgerTerminal, b: LedgerTerminal) => (a.tid < b.tid ? -1 : 1);

/** Register the contract's tests for one adapter. */
export function ledgerContract(name: string, open: LedgerFactory): void {
  describe(`Ledger contract: ${name}`, () => {
    const opened: Ledger[] = [];
    const fresh = async (): Promise<Ledger> => {
      const l = await open();
      opened.push(l);
      return l;
    };
    afterEach(async () => {
      for (const l of opened.splice(0)) await l.close();
    });

    test('seed inserts what is missing and never overwrites what is there', async () => {
      const l = await fresh();
      await l.seed([account()], [terminal()]);
      await l.seed([account({ available: 1n }), account({ pan: '6225880000000002', available: 7n })], [terminal({ batch: '000009' }), terminal({ tid: '10000160' })]);
      expect((await l.accounts()).sort(byPan)).toEqual([account(), account({ pan: '6225880000000002', available: 7n })]);
      expect((await l.terminals()).sort(byTid)).toEqual([terminal(), terminal({ tid: '10000160' })]);
      await l.seed([], []);
      expect(await l.accounts()).toHaveLength(2);
    });

    test('terminal and account: read, save (update and insert), unknown is undefined', async () => {
      const l = await fresh();
      await l.seed([account()], [terminal()]);
      const signedOn = terminal({ signedOn: true, workingKeys: 'A1B2C3', keyScheme: '003', keyGeneration: 4, settlingBatch: '000001', batch: '000002' });
      const out = await l.transaction(async (tx) => {
        const before = { t: await tx.terminal(TID), a: await tx.account(PAN), unknownT: await tx.terminal('99999999'), unknownA: await tx.account('6225889999999999') };
        await tx.saveTerminal(signedOn);
        await tx.saveAccount(account({ available: 99_000n, held: 1_000n, pinFailures: 2 }));
        await tx.saveTerminal(terminal({ tid: '10000161' }));
        await tx.saveAccount(account({ pan: '6225880000000003', currency: '840' }));
        return { ...before, t2: await tx.terminal(TID), a2: await tx.account(PAN) };
      });
      expect(out).toEqual({
        t: terminal(),
        a: account(),
        unknownT: undefined,
        unknownA: undefined,
        t2: signedOn,
        a2: account({ available: 99_000n, held: 1_000n, pinFailures: 2 }),
      });
      expect((await l.terminals()).sort(byTid)).toEqual([signedOn, terminal({ tid: '10000161' })]);
      expect((await l.accounts()).sort(byPan)).toEqual([account({ available: 99_000n, held: 1_000n, pinFailures: 2 }), account({ pan: '6225880000000003', currency: '840' })]);
    });

    test('insertTransaction assigns increasing ids; transactionByKey returns the whole row', async () => {
      const l = await fresh();
      const [a, b] = await l.transaction(async (tx) => [await tx.insertTransaction(transaction()), await tx.insertTransaction(transaction({ stan: '000002', originalId: null }))]);
      expect(Number.isSafeInteger(a)).toBe(true);
      expect(b!).toBeGreaterThan(a!);
      const c = await l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000003', kind: 'void', mti: '0200', originalId: a!, status: 'approved', cardClass: 'foreign' })));
      expect(c).toBeGreaterThan(b!);
      const found = await l.transaction(async (tx) => ({
        first: await tx.transactionByKey(TID, '000001', '000001'),
        third: await tx.transactionByKey(TID, '000001', '000003'),
        none: await tx.transactionByKey(TID, '000002', '000001'),
        byId: await tx.transactionById(c!),
        noId: await tx.transactionById(c! + 1000),
      }));
      expect(found.byId).toEqual(found.third);
      expect(found.noId).toBeUndefined();
      expect(found.first).toEqual({ ...transaction(), id: a });
      expect(found.first!.response).toBeInstanceOf(Uint8Array);
      expect(found.third).toEqual({ ...transaction({ stan: '000003', kind: 'void', originalId: a!, cardClass: 'foreign' }), id: c });
      expect(found.none).toBeUndefined();
    });

    test('updateTransaction changes only the members given; an unknown id rejects', async () => {
      const l = await fresh();
      const id = await l.transaction((tx) => tx.insertTransaction(transaction({ kind: 'preauth', hold: 5_000n })));
      await l.transaction((tx) => tx.updateTransaction(id, { hold: 0n }));
      await l.transaction((tx) => tx.updateTransaction(id, { status: 'completed' }));
      await l.transaction((tx) => tx.updateTransaction(id, { refunded: 300n }));
      expect(await l.transaction((tx) => tx.transactionByKey(TID, '000001', '000001'))).toEqual({
        ...transaction({ kind: 'preauth', hold: 0n, status: 'completed', refunded: 300n }),
        id,
      });
      await expect(l.transaction((tx) => tx.updateTransaction(id + 1000, { status: 'voided' }))).rejects.toThrow();
    });

    test('reversals: insert, read by key, insert again under the same key replaces, list by terminal', async () => {
      const l = await fresh();
      const id = await l.transaction((tx) => tx.insertTransaction(transaction()));
      await l.transaction(async (tx) => {
        expect(await tx.reversal(TID, '000001', '000001')).toBeUndefined();
        await tx.insertReversal(reversal());
        await tx.insertReversal(reversal({ tid: '10000160', stan: '000009' }));
      });
      await l.transaction((tx) => tx.insertReversal(reversal({ reason: 'A0', originalId: id })));
      expect(await l.transaction((tx) => tx.reversal(TID, '000001', '000001'))).toEqual(reversal({ reason: 'A0', originalId: id }));
      expect(await l.reversals()).toEqual([reversal({ reason: 'A0', originalId: id }), reversal({ tid: '10000160', stan: '000009' })]);
      expect(await l.reversals({ tid: '10000160' })).toEqual([reversal({ tid: '10000160', stan: '000009' })]);
    });

    test('batchTransactions: one terminal batch, in the order recorded', async () => {
      const l = await fresh();
      await l.transaction(async (tx) => {
        await tx.insertTransaction(transaction({ stan: '000009' }));
        await tx.insertTransaction(transaction({ stan: '000003', batch: '000002' }));
        await tx.insertTransaction(transaction({ stan: '000001', tid: '10000160' }));
        await tx.insertTransaction(transaction({ stan: '000002' }));
      });
      const batch = await l.transaction((tx) => tx.batchTransactions(TID, '000001'));
      expect(batch.map((t) => t.stan)).toEqual(['000009', '000002']);
      expect(await l.transaction((tx) => tx.batchTransactions(TID, '000007'))).toEqual([]);
    });

    test('settlements and uploads: recorded, listed in order, filtered by terminal', async () => {
      const l = await fresh();
      const id = await l.transaction((tx) => tx.insertTransaction(transaction()));
      const s1 = { tid: TID, batch: '000001', requested: '0000000010000000012340000000000000000000000000000000000000000', answered: '1', recordedAt: '2026-11-25T16:00:00.000Z' };
      const s2 = { ...s1, tid: '10000160' };
      const u1 = { tid: TID, batch: '000001', code: '201', stan: '000001', matchedId: id, recordedAt: '2026-11-25T16:01:00.000Z' };
      const u2 = { ...u1, stan: '000077', matchedId: null };
      await l.transaction(async (tx) => {
        await tx.insertSettlement(s1);
        await tx.insertSettlement(s2);
        await tx.insertUpload(u1);
        await tx.insertUpload(u2);
      });
      expect(await l.settlements()).toEqual([s1, s2]);
      expect(await l.settlements({ tid: '10000160' })).toEqual([s2]);
      expect(await l.uploads()).toEqual([u1, u2]);
      expect(await l.uploads({ tid: '10000160' })).toEqual([]);
    });

    test('a rejected transaction changes nothing, and the transactions beside it commit', async () => {
      const l = await fresh();
      await l.seed([account()], [terminal()]);
      const boom = new Error('declined by the work itself');
      const results = await Promise.allSettled([
        l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000001' }))),
        l.transaction(async (tx) => {
          await tx.saveAccount(account({ available: 0n }));
          await tx.saveTerminal(terminal({ batch: '000099' }));
          await tx.insertTransaction(transaction({ stan: '000002' }));
          await tx.insertReversal(reversal({ stan: '000002' }));
          await tx.insertSettlement({ tid: TID, batch: '000001', requested: 'x', answered: 'y', recordedAt: 'z' });
          await tx.insertUpload({ tid: TID, batch: '000001', code: '201', stan: '000002', matchedId: null, recordedAt: 'z' });
          throw boom;
        }),
        l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000003' }))),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
      expect(await l.accounts()).toEqual([account()]);
      expect(await l.terminals()).toEqual([terminal()]);
      expect((await l.list()).map((t) => t.stan)).toEqual(['000003', '000001']);
      expect(await l.reversals()).toEqual([]);
      expect(await l.settlements()).toEqual([]);
      expect(await l.uploads()).toEqual([]);
    });

    test('transaction resolves to what the work returns', async () => {
      const l = await fresh();
      expect(await l.transaction(async () => ({ answer: '00', n: 42n }))).toEqual({ answer: '00', n: 42n });
    });

    test('findTransaction returns the most recent match of every member given', async () => {
      const l = await fresh();
      const ids = await l.transaction(async (tx) => [
        await tx.insertTransaction(transaction({ stan: '000001', rrn: '000000000042', authCode: 'A00001' })),
        await tx.insertTransaction(transaction({ stan: '000002', rrn: '000000000042', authCode: 'A00001', localDate: '1126' })),
        await tx.insertTransaction(transaction({ stan: '000003', rrn: '000000000042', authCode: 'A00001', kind: 'refund', responseCode: '00' })),
        await tx.insertTransaction(transaction({ stan: '000004', rrn: '000000000042', authCode: 'A00001', responseCode: '51' })),
        await tx.insertTransaction(transaction({ stan: '000005', rrn: '000000000043', authCode: 'A00001', pan: '6225880000000002' })),
      ]);
      const find = (q: TransactionQuery) =>
        l.transaction(async (tx) => (await tx.findTransaction(q))?.id);
      expect(await find({ rrn: '000000000042', localDate: '1125' })).toBe(ids[3]);
      expect(await find({ rrn: '000000000042', localDate: '1125', kinds: ['purchase'], responseCode: '00' })).toBe(ids[0]);
      expect(await find({ rrn: '000000000042', kinds: ['purchase', 'refund'], responseCode: '00' })).toBe(ids[2]);
      expect(await find({ authCode: 'A00001', pan: PAN })).toBe(ids[3]);
      expect(await find({ authCode: 'A00001', pan: '6225880000000002' })).toBe(ids[4]);
      expect(await find({ tid: TID, batch: '000001', stan: '000002' })).toBe(ids[1]);
      expect(await find({})).toBe(ids[4]);
      expect(await find({ rrn: '000000000042', kinds: [] })).toBeUndefined();
      expect(await find({ rrn: '000000000099' })).toBeUndefined();
    });

    test('(TID, batch, STAN) is unique: a second insert rejects and changes nothing', async () => {
      const l = await fresh();
      const id = await l.transaction((tx) => tx.insertTransaction(transaction()));
      await expect(l.transaction((tx) => tx.insertTransaction(transaction({ amount: 1n })))).rejects.toThrow();
      await expect(
        l.transaction(async (tx) => {
          await tx.insertTransaction(transaction({ stan: '000002' }));
          await tx.insertTransaction(transaction({ stan: '000002', amount: 2n }));
        }),
      ).rejects.toThrow();
      // The same STAN in another batch or from another terminal is another transaction.
      await l.transaction(async (tx) => {
        await tx.insertTransaction(transaction({ batch: '000002' }));
        await tx.insertTransaction(transaction({ tid: '10000160' }));
      });
      const list = await l.list();
      expect(list.map((t) => [t.tid, t.batch, t.stan])).toEqual([
        ['10000160', '000001', '000001'],
        [TID, '000002', '000001'],
        [TID, '000001', '000001'],
      ]);
      expect(list[2]).toEqual({ ...transaction(), id });
    });

    test('money is exact at large values (past 2^53, up to 2^63 - 1, negative)', async () => {
      const l = await fresh();
      const big = 9_007_199_254_740_993n; // 2^53 + 1: a JS number would read 9007199254740992
      const max = 9_223_372_036_854_775_807n;
      await l.seed([account({ available: big, held: max })], []);
      await l.transaction(async (tx) => {
        const a = (await tx.account(PAN))!;
        await tx.saveAccount({ ...a, available: a.available + 2n, held: a.held - 1n });
        await tx.insertTransaction(transaction({ amount: big, hold: max, refunded: -big }));
      });
      expect(await l.accounts()).toEqual([account({ available: 9_007_199_254_740_995n, held: 9_223_372_036_854_775_806n })]);
      const [t] = await l.list();
      expect([t!.amount, t!.hold, t!.refunded]).toEqual([9_007_199_254_740_993n, max, -9_007_199_254_740_993n]);
      expect(typeof t!.amount).toBe('bigint');
    });

    test('list: newest first, filtered by terminal, batch and card, at most limit (100 by default)', async () => {
      const l = await fresh();
      await l.transaction(async (tx) => {
        for (let i = 1; i <= 103; i++) {
          await tx.insertTransaction(transaction({ stan: String(i).padStart(6, '0'), batch: i % 2 === 0 ? '000002' : '000001', pan: i % 3 === 0 ? '6225880000000002' : PAN }));
        }
      });
      const all = await l.list();
      expect(all).toHaveLength(100);
      expect(all[0]!.stan).toBe('000103');
      expect(all[99]!.stan).toBe('000004');
      expect((await l.list({ limit: 3 })).map((t) => t.stan)).toEqual(['000103', '000102', '000101']);
      expect(await l.list({ limit: 0 })).toEqual([]);
      expect((await l.list({ batch: '000002', limit: 2 })).map((t) => t.stan)).toEqual(['000102', '000100']);
      expect((await l.list({ tid: TID, batch: '000001', pan: '6225880000000002', limit: 3 })).map((t) => t.stan)).toEqual(['000099', '000093', '000087']);
      expect(await l.list({ tid: '99999999' })).toEqual([]);
    });

    test('transactionByKey with the account the work reads next: account() then answers as a plain read would', async () => {
      const l = await fresh();
      await l.seed([account(), account({ pan: '6225880000000002', available: 7n })], [terminal()]);
      await l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000001' })));
      const out = await l.transaction(async (tx) => ({
        t: await tx.terminal(TID),
        found: (await tx.transactionByKey(TID, '000001', '000001', { account: PAN }))?.stan,
        a: await tx.account(PAN),
        other: await tx.account('6225880000000002'),
        none: await tx.transactionByKey(TID, '000001', '000002', { account: '6225889999999999' }),
        unknown: await tx.account('6225889999999999'),
      }));
      expect(out).toEqual({ t: terminal(), found: '000001', a: account(), other: account({ pan: '6225880000000002', available: 7n }), none: undefined, unknown: undefined });
    });

    test('an account saved in a transaction is what every later read of it sees, whatever statement comes between', async () => {
      const l = await fresh();
      await l.seed([account()], [terminal()]);
      const out = await l.transaction(async (tx) => {
        await tx.terminal(TID);
        await tx.transactionByKey(TID, '000001', '000001', { account: PAN });
        const a = (await tx.account(PAN))!;
        await tx.saveAccount({ ...a, available: a.available - 100n });
        const afterSave = (await tx.account(PAN))!.available;
        await tx.saveAccount({ ...a, available: a.available - 200n });
        await tx.nextSequence();
        const id = await tx.insertTransaction(transaction({ stan: '000001', amount: 200n }));
        const keyed = await tx.transactionByKey(TID, '000001', '000001', { account: PAN });
        const afterInsert = (await tx.account(PAN))!.available;
        await tx.saveAccount({ ...a, available: a.available - 300n });
        await tx.updateTransaction(id, { refunded: 5n });
        const afterUpdate = (await tx.account(PAN))!.available;
        await tx.saveAccount({ ...a, available: a.available - 400n, pinFailures: 1 });
        return { afterSave, keyed: keyed?.id === id, afterInsert, afterUpdate };
      });
      expect(out).toEqual({ afterSave: 99_900n, keyed: true, afterInsert: 99_800n, afterUpdate: 99_700n });
      // The last save, with nothing after it in the work, is committed too.
      expect(await l.accounts()).toEqual([account({ available: 99_600n, pinFailures: 1 })]);
      expect((await l.list()).map((t) => [t.stan, t.refunded])).toEqual([['000001', 5n]]);
    });

    test('a save followed by a failing insert commits neither', async () => {
      const l = await fresh();
      await l.seed([account()], [terminal()]);
      await l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000001' })));
      await expect(
        l.transaction(async (tx) => {
          await tx.saveAccount(account({ available: 1n }));
          await tx.insertTransaction(transaction({ stan: '000001' }));
        }),
      ).rejects.toThrow();
      expect(await l.accounts()).toEqual([account()]);
      expect(await l.list()).toHaveLength(1);
    });

    test('nextSequence never returns the same number twice, across concurrent transactions', async () => {
      const l = await fresh();
      const got = await Promise.all(Array.from({ length: 40 }, () => l.transaction(async (tx) => [await tx.nextSequence(), await tx.nextSequence()])));
      const all = got.flat();
      expect(all.every((n) => typeof n === 'bigint' && n > 0n)).toBe(true);
      expect(new Set(all).size).toBe(80);
      const [a, b] = got[0]!;
      expect(b!).toBeGreaterThan(a!);
    });
  });
}
