// The PostgreSQL ledger: the port's contract (one fresh schema per test), then what only a
// shared database has: migrations under an advisory lock, retries after conflicts, errors.
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import type { LedgerTx } from '../../../src/host/index';
import { openPostgresLedger } from '../../../src/host/node/index';
import type { Migration } from '../../../src/host/node/migrations';
import { migratePostgres } from '../../../src/host/node/postgres-ledger';
import { postgresMigrations } from '../../../src/host/node/postgres-schema';
import { account, ledgerContract, PAN, terminal, TID, transaction } from '../ledger-contract';
import { dropSchemas, freshSchema, meeting, openInFreshSchema, PG_URL, skipReason } from './postgres';
import { rejection } from '../../helpers/caught-async';

const created: string[] = [];
afterAll(() => dropSchemas(created));
const open = (prefix: string, options: Parameters<typeof openPostgresLedger>[1] = {}) => openInFreshSchema(created, prefix, options);


describe.skipIf(skipReason !== '')(`PostgresLedger${skipReason === '' ? '' : ` (skipped: ${skipReason})`}`, () => {
  ledgerContract('PostgresLedger', () => open('contract'));
});

describe('PostgresLedger without a server', () => {
  test('an unreachable server is HOST_LEDGER_UNAVAILABLE at ledger, quoting no password', async () => {
    const e = await rejection(openPostgresLedger('postgresql://host:s3cret@127.0.0.1:1/none', { connectTimeoutMs: 2000 }));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
    expect(e.message).not.toContain('s3cret');
  });

  test('options are checked before anything is loaded', async () => {
    expect(await rejection(openPostgresLedger(PG_URL, { schema: 'Robert"; DROP TABLE x' }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'schema' });
    expect(await rejection(openPostgresLedger(PG_URL, { poolSize: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'poolSize' });
    expect(await rejection(openPostgresLedger(PG_URL, { retries: -1 }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'retries' });
  });
});

describe.skipIf(skipReason !== '')('PostgresLedger: migrations', () => {
  const latest = postgresMigrations.length;
  const next: Migration = { version: latest + 1, description: 'test only', statements: ["ALTER TABLE terminals ADD COLUMN note TEXT NOT NULL DEFAULT ''"] };

  test('processes opening a new schema at once migrate it once', async () => {
    const schema = freshSchema('race');
    const ledgers = await Promise.all(Array.from({ length: 4 }, () => open('race', { schema, poolSize: 1 })));
    const versions = await withClient((c) => c.query(`SELECT version FROM "${schema}".schema_version ORDER BY version`));
    expect(versions.rows).toEqual(postgresMigrations.map((m) => ({ version: m.version })));
    for (const l of ledgers) await l.close();
  });

  test('an older schema gets the newer migrations and keeps its rows; a newer one is refused', async () => {
    const schema = freshSchema('versions');
    const l = await open('versions', { schema });
    await l.seed([account()], [terminal()]);
    await l.close();
    expect(await withClient((c) => migratePostgres(c, schema, [...postgresMigrations, next]))).toBe(latest + 1);
    expect((await withClient((c) => c.query(`SELECT tid, note FROM "${schema}".terminals`))).rows).toEqual([{ tid: TID, note: '' }]);
    expect(await withClient((c) => migratePostgres(c, schema, [...postgresMigrations, next]))).toBe(latest + 1);
    const e = await rejection(open('versions', { schema }));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger.schema_version' });
    expect(e.message).toContain(`schema version ${latest + 1}, newer than this cardwire knows (${latest})`);
  });

  test('a migration that fails is rolled back whole', async () => {
    const schema = freshSchema('badmig');
    await (await open('badmig', { schema })).close();
    const bad: Migration = { version: postgresMigrations.length + 1, description: 'fails halfway', statements: ['CREATE TABLE half (x INTEGER)', 'ALTER TABLE no_such_table ADD COLUMN y INTEGER'] };
    await expect(withClient((c) => migratePostgres(c, schema, [...postgresMigrations, bad]))).rejects.toThrow(/no_such_table/);
    expect((await withClient((c) => c.query(`SELECT max(version) AS v FROM "${schema}".schema_version`))).rows).toEqual([{ v: postgresMigrations.length }]);
    expect((await withClient((c) => c.query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'half']))).rows).toEqual([{ n: 0 }]);
  });
});

describe.skipIf(skipReason !== '')('PostgresLedger: conflicts', () => {
  test('a concurrent duplicate (TID, batch, STAN) from another process is rerun and finds the first', async () => {
    const schema = freshSchema('dup');
    const [a, b] = [await open('dup', { schema }), await open('dup', { schema })];
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((r) => (releaseA = r));
    let aInserted!: () => void;
    const aHasInserted = new Promise<void>((r) => (aInserted = r));
    let bRuns = 0;
    // The retransmission check without the terminal lock, so that both see no row.
    const record = async (tx: LedgerTx, hold: boolean) => {
      const existing = await tx.transactionByKey(TID, '000001', '000001');
      if (existing) return { id: existing.id, replayed: true };
      const id = await tx.insertTransaction(transaction());
      if (hold) {
        aInserted();
        await aMayCommit;
      }
      return { id, replayed: false };
    };
    const first = a.transaction((tx) => record(tx, true));
    await aHasInserted;
    const second = b.transaction((tx) => (bRuns++, record(tx, false)));
    await new Promise((r) => setTimeout(r, 150)); // b's insert now waits for a's row
    releaseA();
    const [ra, rb] = await Promise.all([first, second]);
    expect(ra.replayed).toBe(false);
    expect(rb).toEqual({ id: ra.id, replayed: true });
    expect(bRuns).toBe(2);
    expect(b.stats.retries).toBe(1);
    expect((await a.list()).length).toBe(1);
    await a.close();
    await b.close();
  });

  test('a deadlock is rerun: both transactions commit', async () => {
    const l = await open('deadlock');
    await l.seed([account({ pan: 'A' }), account({ pan: 'B' })], []);
    const bothLocked = meeting(2);
    const debit = (first: string, second: string) =>
      l.transaction(async (tx) => {
        const x = (await tx.account(first))!;
        await bothLocked.arrive();
        const y = (await tx.account(second))!;
        await tx.saveAccount({ ...x, available: x.available - 1n });
        await tx.saveAccount({ ...y, available: y.available - 1n });
      });
    await Promise.all([debit('A', 'B'), debit('B', 'A')]);
    expect((await l.accounts()).map((a) => a.available)).toEqual([99_998n, 99_998n]);
    expect(l.stats.retries).toBe(1);
    await l.close();
  });

  test('a duplicate that was there before fails after two reruns: HOST_LEDGER_FAILED', async () => {
    const l = await open('dup2');
    await l.transaction((tx) => tx.insertTransaction(transaction()));
    let runs = 0;
    const e = await rejection(l.transaction((tx) => (runs++, tx.insertTransaction(transaction()))));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger' });
    expect(e.message).toContain('SQLSTATE 23505');
    expect(e.message).not.toContain(PAN);
    expect(runs).toBe(3);
    await l.close();
  });

  test('a database error the work catches still aborts the transaction: nothing is committed', async () => {
    const l = await open('swallow');
    await l.transaction((tx) => tx.insertTransaction(transaction()));
    const e = await rejection(
      l.transaction(async (tx) => {
        await tx.insertTransaction(transaction({ stan: '000002' }));
        await tx.insertTransaction(transaction({ kind: 'void', stan: '000003', originalId: 999_999 })).catch(() => 0);
        return 'approved anyway';
      }),
    );
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger' });
    expect((await l.list()).map((t) => t.stan)).toEqual(['000001']);
    await l.close();
  });

  test('a closed ledger refuses new work', async () => {
    const l = await open('closed');
    await l.close();
    expect(await rejection(l.transaction(async () => 1))).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
    expect(await rejection(l.list())).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
  });
});

async function withClient<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

describe.skipIf(skipReason !== '')('PostgresLedger: fewer round trips', () => {
  // BEGIN rides with a transaction's first statement, its values as literals the driver quotes;
  // the transaction and the reversal of one key are read together; sequence numbers come in
  // blocks. Each must behave exactly as the plain statements did.
  test('values with quotes, backslashes and non-ASCII in the first statement are data, not SQL', async () => {
    const l = await open('inline');
    for (const tid of ["O'R'\\x", "'; DROP TABLE terminals; --", '\\\\\'', '终端号码']) {
      expect(await l.transaction((tx) => tx.terminal(tid))).toBeUndefined();
      await l.transaction((tx) => tx.saveTerminal(terminal({ tid, batch: '000007' })));
      expect(await l.transaction((tx) => tx.terminal(tid))).toMatchObject({ tid, batch: '000007' });
    }
    expect((await l.terminals()).length).toBe(4);
    await l.close();
  });

  test('a work that runs no statement commits nothing and fails nothing; one that fails in its first statement rolls back', async () => {
    const l = await open('nobegin');
    expect(await l.transaction(async () => 42)).toBe(42);
    await l.transaction((tx) => tx.saveAccount(account()));
    // The first statement fails (no such transaction id is fine; a bad value type is not): the connection stays usable.
    const e = await rejection(l.transaction((tx) => tx.saveTerminal(terminal({ keyGeneration: 1.5 }))));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.terminals' });
    for (let i = 0; i < 8; i++) expect((await l.transaction((tx) => tx.account(PAN)))?.available).toBe(100_000n);
    await l.close();
  });

  test('the combined key read sees a reversal or a transaction written earlier in the same transaction', async () => {
    const l = await open('keyed');
    await l.transaction(async (tx) => {
      await tx.saveTerminal(terminal());
      expect(await tx.transactionByKey(TID, '000001', '000001')).toBeUndefined();
      expect(await tx.reversal(TID, '000001', '000001')).toBeUndefined();
      const id = await tx.insertTransaction(transaction());
      expect((await tx.transactionByKey(TID, '000001', '000001'))?.id).toBe(id);
      expect(await tx.reversal(TID, '000001', '000001')).toBeUndefined();
      await tx.insertReversal({ tid: TID, batch: '000001', stan: '000001', reason: '98', originalId: id, recordedAt: '2026-11-25T15:31:00.000Z', response: new Uint8Array([0x04, 0x10]) });
      expect(await tx.reversal(TID, '000001', '000001')).toMatchObject({ reason: '98', originalId: id, response: new Uint8Array([0x04, 0x10]) });
    });
    const both = await l.transaction(async (tx) => [await tx.transactionByKey(TID, '000001', '000001'), await tx.reversal(TID, '000001', '000001')] as const);
    expect(both[0]).toMatchObject({ stan: '000001', amount: 1_234n, response: new Uint8Array([0x02, 0x10, 0x00, 0xff]) });
    expect(both[1]).toMatchObject({ reason: '98', recordedAt: '2026-11-25T15:31:00.000Z' });
    expect(await l.transaction((tx) => tx.reversal(TID, '000001', '000002'))).toBeUndefined();
    await l.close();
  });

  test('a key read that overlaps a write in the same transaction is not kept: the next read sees the write', async () => {
    const l = await open('overlap');
    await l.transaction(async (tx) => {
      await tx.saveTerminal(terminal());
      const [before, id] = await Promise.all([tx.transactionByKey(TID, '000001', '000001'), tx.insertTransaction(transaction())]);
      expect(before).toBeUndefined();
      expect((await tx.transactionByKey(TID, '000001', '000001'))?.id).toBe(id);
    });
    await l.close();
  });

  test('a purchase as the host runs it is four statements: BEGIN with the terminal, the key with the account, the save with the insert, COMMIT', async () => {
    const l = await open('four');
    await l.seed([account()], [terminal()]);
    await l.transaction((tx) => tx.nextSequence()); // the process holds a block of sequence numbers
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      sent.push(typeof q === 'string' ? q.split(' ')[0]! : ((q as { name?: string }).name ?? 'unnamed'));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    let id: number;
    try {
      id = await l.transaction(async (tx) => {
        await tx.terminal(TID);
        expect(await tx.transactionByKey(TID, '000001', '000001', { account: PAN })).toBeUndefined();
        expect(await tx.reversal(TID, '000001', '000001')).toBeUndefined();
        const a = (await tx.account(PAN))!;
        await tx.saveAccount({ ...a, available: a.available - 1_234n });
        await tx.nextSequence();
        return tx.insertTransaction(transaction());
      });
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(sent).toEqual(['BEGIN;', 'cardwire_keyed_account', 'cardwire_save_account_insert_transaction', 'COMMIT']);
    expect(await l.accounts()).toEqual([account({ available: 100_000n - 1_234n })]);
    expect((await l.list()).map((t) => t.id)).toEqual([id]);
    await l.close();
  });

  test('on a new schema the key reads are planned on the key index, not a scan of the batch', async () => {
    // Prepared statements keep their plan; one made before any statistics exist must still use
    // transactions_key for a (TID, batch, STAN) lookup (migration 2 dropped the index it chose).
    const schema = freshSchema('plan');
    await (await open('plan', { schema })).close();
    const plans = await withClient(async (c) => {
      await c.query('SET plan_cache_mode = force_generic_plan');
      const out: string[] = [];
      for (const [name, text] of [
        ['t', `SELECT id FROM "${schema}".transactions WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE`],
        ['r', `SELECT * FROM "${schema}".reversals WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE`],
      ] as const) {
        await c.query(`PREPARE ${name}(text, text, text) AS ${text}`);
        out.push((await c.query(`EXPLAIN EXECUTE ${name}('a', 'b', 'c')`)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
      }
      return out;
    });
    expect(plans[0]).toMatch(/Index Cond: \(\(tid = \$1\) AND \(batch = \$2\) AND \(stan = \$3\)\)/);
    expect(plans[0]).toContain('transactions_key');
    expect(plans[1]).toContain('reversals_pkey');
  });

  test('an ended transaction hands out no sequence number, even one the process already holds', async () => {
    const l = await open('ended');
    let kept: LedgerTx | undefined;
    await l.transaction(async (tx) => {
      kept = tx;
      await tx.nextSequence(); // the process now holds the rest of a block
    });
    expect(await rejection(kept!.nextSequence())).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.sequences' });
    await l.close();
  });

  test('sequence numbers from two processes never repeat; taken one at a time, a process hands them out in increasing order', async () => {
    const schema = freshSchema('seq');
    const [a, b] = [await open('seq', { schema }), await open('seq', { schema })];
    const take = (l: typeof a) => Promise.all(Array.from({ length: 100 }, () => l.transaction((tx) => tx.nextSequence())));
    const [sa, sb] = await Promise.all([take(a), take(b)]);
    expect(new Set([...sa, ...sb]).size).toBe(200);
    const serial: bigint[] = [];
    for (let i = 0; i < 40; i++) serial.push(await a.transaction((tx) => tx.nextSequence()));
    expect(serial.every((v, i) => i === 0 || v > serial[i - 1]!)).toBe(true);
    await a.close();
    await b.close();
  });
});
