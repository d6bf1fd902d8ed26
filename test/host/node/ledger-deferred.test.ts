// The PostgreSQL ledger's round-trip savings held to the contract: a deferred account save (sent
// with the next transaction insert, or before any other statement and COMMIT) and the account read
// with the key. Calls made at once inside one transaction behave as made one after the other (on
// every ledger), a deferred save that fails fails the transaction, the account is locked before
// the transaction rows, and nothing of a rejected work is committed.
import { afterAll, describe, expect, test } from 'vitest';
import { MemoryLedger, type Ledger, type LedgerTx } from '../../../src/host/index';
import { openPostgresLedger, openSqliteLedger } from '../../../src/host/node/index';
import { account, PAN, terminal, TID, transaction } from '../ledger-contract';
import { dropSchemas, freshSchema, meeting, openInFreshSchema, skipReason } from './postgres';
import { tempDir } from './temp';
import { rejection } from '../../helpers/caught-async';

const created: string[] = [];
afterAll(() => dropSchemas(created));
const pgOpen = (prefix: string, options: Parameters<typeof openPostgresLedger>[1] = {}) => openInFreshSchema(created, prefix, options);
const tmp = tempDir('review');
let n = 0;
const PAN2 = '6225880000000002';

const adapters: [string, () => Promise<Ledger>][] = [
  ['memory', async () => new MemoryLedger()],
  ['sqlite', () => openSqliteLedger(tmp.file(`review-${++n}.db`))],
  ...(skipReason === '' ? ([['postgres', () => pgOpen('rv')]] as [string, () => Promise<Ledger>][]) : []),
];

describe.each(adapters)('concurrent calls inside one transaction: %s', (_name, open) => {
  test('two saves of different accounts at once: both are committed', async () => {
    const l = await open();
    await l.seed([account(), account({ pan: PAN2 })], [terminal()]);
    await l.transaction(async (tx) => {
      await tx.terminal(TID);
      await Promise.all([tx.saveAccount(account({ available: 1n })), tx.saveAccount(account({ pan: PAN2, available: 2n }))]);
    });
    expect((await l.accounts()).map((a) => [a.pan, a.available])).toEqual([
      [PAN, 1n],
      [PAN2, 2n],
    ]);
    await l.close();
  });

  test('a save and a read of the same account at once: the read sees the save (as with sequential calls)', async () => {
    const l = await open();
    await l.seed([account()], [terminal()]);
    const seen = await l.transaction(async (tx) => {
      await tx.terminal(TID);
      const [, a] = await Promise.all([tx.saveAccount(account({ available: 5n })), tx.account(PAN)]);
      return a?.available;
    });
    expect(seen).toBe(5n);
    await l.close();
  });

  test('after the key read with the account, a save and a read at once: the read sees the save, not the cached row', async () => {
    const l = await open();
    await l.seed([account()], [terminal()]);
    const seen = await l.transaction(async (tx) => {
      await tx.terminal(TID);
      await tx.transactionByKey(TID, '000001', '000001', { account: PAN });
      const [, a] = await Promise.all([tx.saveAccount(account({ available: 5n })), tx.account(PAN)]);
      return a?.available;
    });
    expect(seen).toBe(5n);
    await l.close();
  });
});


describe.skipIf(skipReason !== '')('PostgresLedger: the deferred save failing', () => {
  test('a save that fails only when flushed at the end: HOST_LEDGER_FAILED, nothing committed, no PAN', async () => {
    const l = await pgOpen('flushfail');
    await l.seed([account()], [terminal()]);
    const e = await rejection(
      l.transaction(async (tx) => {
        await tx.terminal(TID);
        await tx.insertTransaction(transaction());
        await tx.saveAccount(account({ available: 2n ** 70n }));
      }),
    );
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.accounts' });
    expect(e.message).not.toContain(PAN);
    expect(await l.list()).toEqual([]);
    expect(await l.accounts()).toEqual([account()]);
    // the connection is usable afterwards
    for (let i = 0; i < 5; i++) expect((await l.transaction((tx) => tx.account(PAN)))?.available).toBe(100_000n);
    await l.close();
  });

  test('a save that fails when flushed by a later read: the read rejects, nothing committed', async () => {
    const l = await pgOpen('readfail');
    await l.seed([account()], [terminal()]);
    const e = await rejection(
      l.transaction(async (tx) => {
        await tx.saveAccount(account({ available: 2n ** 70n }));
        await tx.terminal(TID);
      }),
    );
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.accounts' });
    expect(await l.accounts()).toEqual([account()]);
    await l.close();
  });

  test('the work caught an earlier database error, then saved: the error names the first failure, nothing is committed', async () => {
    const l = await pgOpen('caught');
    await l.seed([account()], [terminal()]);
    const e = await rejection(
      l.transaction(async (tx) => {
        await tx.terminal(TID);
        await tx.insertTransaction(transaction({ kind: 'void', originalId: 999_999 })).catch(() => 0);
        await tx.saveAccount(account({ available: 1n }));
      }),
    );
    expect(e.message).toContain('it refers to a transaction that is not recorded');
    expect(e.message).not.toContain('25P02');
    expect(await l.accounts()).toEqual([account()]);
    await l.close();
  });

  test('a deadlock on the deferred save at COMMIT time is rerun: both commit', async () => {
    const l = await pgOpen('flushdead');
    await l.seed([account({ pan: 'A' }), account({ pan: 'B' })], []);
    const both = meeting(2);
    const one = l.transaction(async (tx) => {
      const a = (await tx.account('A'))!;
      await both.arrive();
      await tx.saveAccount({ ...account({ pan: 'B' }), available: a.available }); // B unlocked: the save waits at flush
    });
    const two = l.transaction(async (tx) => {
      const b = (await tx.account('B'))!;
      await both.arrive();
      await new Promise((r) => setTimeout(r, 100));
      const a = (await tx.account('A'))!;
      await tx.saveAccount({ ...a, available: a.available - 1n });
      await tx.saveAccount({ ...b, available: b.available - 1n });
    });
    await Promise.all([one, two]);
    expect(l.stats.retries).toBe(1);
    await l.close();
  });
});

describe.skipIf(skipReason !== '')('PostgresLedger: locking the account with the key', () => {
  // Process 1: a retransmitted purchase P on terminal T1 (the key read finds P; with the hint it now
  // locks P, then the card's account). Process 2: a refund by RRN of P on terminal T2 with the same
  // card (the key read locks the account, then findTransaction locks P). Before eee1b15 the
  // retransmission locked only P, so it never waited for the account.
  test('a retransmission and a refund by RRN of the same purchase on another terminal: no deadlock', async () => {
    const schema = freshSchema('rtdl');
    const [p1, p2] = [await pgOpen('rtdl', { schema }), await pgOpen('rtdl', { schema })];
    const T2 = '10000160';
    await p1.seed([account()], [terminal(), terminal({ tid: T2 })]);
    await p1.transaction((tx) => tx.insertTransaction(transaction({ rrn: '000000000777' })));
    let refundHasAccount!: () => void;
    const accountLocked = new Promise<void>((r) => (refundHasAccount = r));
    let firstRefund = true;
    const refund = p2.transaction(async (tx) => {
      await tx.terminal(T2);
      await tx.transactionByKey(T2, '000001', '000009', { account: PAN });
      const a = (await tx.account(PAN))!;
      if (firstRefund) {
        firstRefund = false;
        refundHasAccount();
        await new Promise((r) => setTimeout(r, 200)); // the retransmission now holds P and waits for the account
      }
      const orig = await tx.findTransaction({ rrn: '000000000777', pan: PAN, kinds: ['purchase'], responseCode: '00' });
      await tx.saveAccount({ ...a, available: a.available + 1n });
      await tx.updateTransaction(orig!.id, { refunded: 1n });
      await tx.nextSequence();
      await tx.insertTransaction(transaction({ tid: T2, stan: '000009', kind: 'refund', originalId: orig!.id }));
    });
    await accountLocked;
    const retransmission = p1.transaction(async (tx: LedgerTx) => {
      await tx.terminal(TID);
      return (await tx.transactionByKey(TID, '000001', '000001', { account: PAN }))?.id;
    });
    const started = Date.now();
    await Promise.all([refund, retransmission]);
    const took = Date.now() - started;
    expect({ retries: p1.stats.retries + p2.stats.retries, slow: took > 900 }).toEqual({ retries: 0, slow: false });
    await p1.close();
    await p2.close();
  });
});

describe.skipIf(skipReason !== '')('PostgresLedger: concurrent debits as the host runs them (key read with the account)', () => {
  test('400 debits from two pools, the account read with the key: exact final balance', async () => {
    const schema = freshSchema('rvconc');
    const [a, b] = [await pgOpen('rvconc', { schema, poolSize: 8 }), await pgOpen('rvconc', { schema, poolSize: 8 })];
    const TIDS = Array.from({ length: 8 }, (_, i) => `1000${String(i).padStart(4, '0')}`);
    await a.seed([account({ available: 100_000n })], TIDS.map((tid) => terminal({ tid })));
    const debit = (l: Ledger, tid: string, stan: string, amount: bigint) =>
      l.transaction(async (tx) => {
        await tx.terminal(tid);
        await tx.transactionByKey(tid, '000001', stan, { account: PAN });
        await tx.reversal(tid, '000001', stan);
        const acc = (await tx.account(PAN))!;
        await new Promise<void>((r) => setImmediate(r));
        const ok = acc.available >= amount;
        if (ok) await tx.saveAccount({ ...acc, available: acc.available - amount });
        await tx.nextSequence();
        await tx.insertTransaction(transaction({ tid, stan, amount, responseCode: ok ? '00' : '51', status: ok ? 'approved' : 'declined' }));
        return ok;
      });
    const amounts = Array.from({ length: 400 }, (_, i) => 1_000n + BigInt((i * 7919) % 1000));
    const oks = await Promise.all(amounts.map((amt, i) => debit(i % 2 ? a : b, TIDS[i % 8]!, String(i + 1).padStart(6, '0'), amt)));
    const spent = amounts.filter((_, i) => oks[i]).reduce((s, x) => s + x, 0n);
    const [final] = await a.accounts();
    expect(final!.available).toBe(100_000n - spent);
    expect(final!.available >= 0n).toBe(true);
    await a.close();
    await b.close();
  });
});

describe.skipIf(skipReason !== '')('PostgresLedger: a statement waiting behind the deferred save when the work rejects', () => {
  test('nothing of a rejected work is committed, even a statement it started before rejecting', async () => {
    const l = await pgOpen('stray', { poolSize: 1 });
    await l.seed([account()], [terminal()]);
    const e = await l
      .transaction(async (tx) => {
        await tx.terminal(TID);
        await tx.saveAccount(account({ available: 1n }));
        // The upload waits for the deferred save's round trip; the work rejects meanwhile.
        await Promise.all([tx.insertUpload({ tid: TID, batch: '000001', code: '201', stan: '000001', matchedId: null, recordedAt: '2026-11-25T15:30:00.000Z' }), Promise.reject(new Error('work failed'))]);
      })
      .catch((x: unknown) => x);
    expect(String(e)).toContain('work failed');
    await new Promise((r) => setTimeout(r, 200));
    expect(await l.accounts()).toEqual([account()]);
    expect(await l.uploads()).toEqual([]);
    await l.close();
  });
});
