// The SQLite ledger: the port's contract on temporary files, then what only a database file has
// (pragmas, migrations, the driver's absence, group commit).
import { statSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { LedgerTx } from '../../../src/host/index';
import { openSqliteLedger } from '../../../src/host/node/index';
import { pendingMigrations, type Migration } from '../../../src/host/node/migrations';
import { migrateSqlite } from '../../../src/host/node/sqlite-ledger';
import { SQLITE_SCHEMA_VERSION_TABLE, sqliteMigrations } from '../../../src/host/node/sqlite-schema';
import { account, ledgerContract, PAN, terminal, TID, transaction } from '../ledger-contract';
import { tempDir } from './temp';
import { rejection } from '../../helpers/caught-async';

const tmp = tempDir('sqlite-ledger');
let n = 0;

ledgerContract('SqliteLedger', () => openSqliteLedger(tmp.file(`contract-${++n}.db`)));

const Database = (await import('better-sqlite3')).default;


describe('SqliteLedger: the file', () => {
  test('WAL journal, synchronous FULL, foreign keys on; a new file is at schema version 1', async () => {
    const path = tmp.file('pragmas.db');
    const l = await openSqliteLedger(path);
    expect(l.settings()).toEqual({ journalMode: 'wal', synchronous: 'FULL', foreignKeys: true });
    await l.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, description FROM schema_version').all()).toEqual([{ version: 1, description: sqliteMigrations[0]!.description }]);
    const indices = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[]).map((r) => r.sql);
    expect(indices).toEqual([
      'CREATE INDEX transactions_auth ON transactions (auth_code, pan)',
      'CREATE INDEX transactions_batch ON transactions (tid, batch)',
      'CREATE UNIQUE INDEX transactions_key ON transactions (tid, batch, stan)',
      'CREATE INDEX transactions_pan ON transactions (pan)',
      'CREATE INDEX transactions_rrn ON transactions (rrn, local_date)',
    ]);
    db.close();
  });

  test('the host queries use their indices (no full scan of transactions)', async () => {
    const path = tmp.file('plans.db');
    await (await openSqliteLedger(path)).close();
    const db = new Database(path, { readonly: true });
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan("SELECT * FROM transactions WHERE tid = 'a' AND batch = 'b' AND stan = 'c'")).toContain('USING INDEX transactions_key');
    expect(plan("SELECT * FROM transactions WHERE rrn = 'a' AND local_date = 'b' ORDER BY id DESC LIMIT 1")).toContain('USING INDEX transactions_rrn');
    expect(plan("SELECT * FROM transactions WHERE auth_code = 'a' AND pan = 'b' ORDER BY id DESC LIMIT 1")).toContain('USING INDEX transactions_auth');
    expect(plan("SELECT * FROM transactions WHERE tid = 'a' AND batch = 'b' ORDER BY id")).toMatch(/USING INDEX transactions_batch|USING INDEX transactions_key/);
    expect(plan("SELECT * FROM transactions WHERE tid = 'a' AND batch = 'b' ORDER BY id")).not.toContain('TEMP B-TREE');
    db.close();
  });

  test('a path that is not a file is refused: HOST_CONFIG_INVALID at ledger', async () => {
    for (const path of [':memory:', '', 'file:x.db?mode=memory']) {
      expect(await rejection(openSqliteLedger(path))).toMatchObject({ code: 'HOST_CONFIG_INVALID', path: 'ledger' });
    }
  });

  test('a file that is not a database: HOST_LEDGER_UNAVAILABLE', async () => {
    const path = tmp.file('not-a-db.db');
    writeFileSync(path, 'this is not an SQLite database, it is a text file long enough to have a header');
    expect(await rejection(openSqliteLedger(path))).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
  });
});

describe('SqliteLedger: migrations', () => {
  const m2: Migration = {
    version: 2,
    description: 'test only: a note on each terminal',
    statements: ["ALTER TABLE terminals ADD COLUMN note TEXT NOT NULL DEFAULT ''", 'CREATE TABLE test_only (x INTEGER) STRICT'],
  };

  test('a database without migrations (version 0) is migrated when opened', async () => {
    const path = tmp.file('v0.db');
    const db = new Database(path);
    db.exec(SQLITE_SCHEMA_VERSION_TABLE);
    db.close();
    const l = await openSqliteLedger(path);
    await l.seed([account()], [terminal()]);
    expect(await l.accounts()).toEqual([account()]);
    await l.close();
  });

  test('an older database gets the newer migrations, in order, and keeps its rows', async () => {
    const path = tmp.file('v1.db');
    const l = await openSqliteLedger(path);
    await l.seed([account()], [terminal()]);
    await l.close();
    const db = new Database(path);
    expect(migrateSqlite(db, [...sqliteMigrations, m2])).toBe(2);
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual([1, 2]);
    expect(db.prepare('SELECT tid, note FROM terminals').all()).toEqual([{ tid: TID, note: '' }]);
    // Opening it again applies nothing.
    expect(migrateSqlite(db, [...sqliteMigrations, m2])).toBe(2);
    db.close();
  });

  test('a migration that fails is rolled back whole', async () => {
    const path = tmp.file('v1-bad.db');
    await (await openSqliteLedger(path)).close();
    const db = new Database(path);
    const bad: Migration = { version: 2, description: 'fails halfway', statements: ['CREATE TABLE half (x INTEGER)', 'ALTER TABLE no_such_table ADD COLUMN y INTEGER'] };
    expect(() => migrateSqlite(db, [...sqliteMigrations, bad])).toThrow(/no such table/);
    expect(db.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  test('a database from a newer cardwire is refused, saying which versions', async () => {
    const path = tmp.file('v2.db');
    await (await openSqliteLedger(path)).close();
    const db = new Database(path);
    migrateSqlite(db, [...sqliteMigrations, m2]);
    db.close();
    const e = await rejection(openSqliteLedger(path));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger.schema_version' });
    expect(e.message).toContain('schema version 2, newer than this cardwire knows (1)');
  });

  test('a migration list with a gap is refused', () => {
    expect(() => pendingMigrations(0, [...sqliteMigrations, { ...m2, version: 3 }], 'SQLite')).toThrow(/migration 2 is numbered 3/);
  });
});

describe('SqliteLedger: errors', () => {
  test('a duplicate (TID, batch, STAN) is HOST_LEDGER_FAILED at ledger.transactions, quoting no value', async () => {
    const l = await openSqliteLedger(tmp.file('dup.db'));
    await l.transaction((tx) => tx.insertTransaction(transaction()));
    const e = await rejection(l.transaction((tx) => tx.insertTransaction(transaction())));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.transactions' });
    expect(e.message).not.toContain(PAN);
    expect(e.message).not.toContain(TID);
    await l.close();
  });

  test('foreign keys hold: a void of a transaction that is not recorded is refused', async () => {
    const l = await openSqliteLedger(tmp.file('fk.db'));
    const e = await rejection(l.transaction((tx) => tx.insertTransaction(transaction({ kind: 'void', originalId: 999 }))));
    expect(e).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.transactions' });
    expect(e.message).toContain('refers to a transaction that is not recorded');
    await l.close();
  });

  test('a tx used after its work settled is refused; a closed ledger refuses new work', async () => {
    const l = await openSqliteLedger(tmp.file('ended.db'));
    let kept: LedgerTx | undefined;
    await l.transaction(async (tx) => void (kept = tx));
    expect(await rejection(kept!.nextSequence())).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.sequences' });
    await l.close();
    expect(await rejection(l.transaction(async () => 1))).toMatchObject({ code: 'HOST_LEDGER_UNAVAILABLE', path: 'ledger' });
    await l.close(); // twice is fine
  });

  test('limit must be a whole number', async () => {
    const l = await openSqliteLedger(tmp.file('limit.db'));
    expect(await rejection(l.list({ limit: -1 }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'limit' });
    expect(await rejection(l.list({ limit: 1.5 }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'limit' });
    await l.close();
  });
});

describe('SqliteLedger: group commit', () => {
  test('transactions in flight share COMMITs, and each resolves only once its row is committed', async () => {
    const path = tmp.file('group.db');
    const l = await openSqliteLedger(path);
    const observer = new Database(path, { readonly: true });
    const seen = observer.prepare('SELECT count(*) FROM transactions WHERE stan = ?').pluck();
    const visibleAtResolve: boolean[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const stan = String(i + 1).padStart(6, '0');
        return l.transaction((tx) => tx.insertTransaction(transaction({ stan }))).then(() => visibleAtResolve.push(seen.get(stan) === 1));
      }),
    );
    expect(visibleAtResolve).toHaveLength(200);
    expect(visibleAtResolve.every(Boolean)).toBe(true);
    expect(l.stats.transactions).toBe(200);
    expect(l.stats.commits).toBeLessThanOrEqual(4);
    observer.close();
    await l.close();
  });

  test('close() finishes the queued work first, then truncates the WAL', async () => {
    const path = tmp.file('close.db');
    const l = await openSqliteLedger(path);
    const pending = Array.from({ length: 20 }, (_, i) => l.transaction((tx) => tx.insertTransaction(transaction({ stan: String(i + 1).padStart(6, '0') }))));
    await l.close();
    expect((await Promise.allSettled(pending)).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM transactions').pluck().get()).toBe(20);
    db.close();
  });

  test('when SQLite rolls the whole group back, every work of it rejects and nothing runs outside it', async () => {
    const path = tmp.file('group-rollback.db');
    await (await openSqliteLedger(path)).close();
    // RAISE(ROLLBACK) undoes the whole transaction, as an I/O error or a full disk can.
    const db = new Database(path);
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON transactions WHEN NEW.stan = '999999' BEGIN SELECT RAISE(ROLLBACK, 'boom'); END");
    db.close();
    const l = await openSqliteLedger(path);
    let afterBoom: unknown;
    const results = await Promise.allSettled([
      l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000001' }))),
      l.transaction(async (tx) => {
        await tx.insertTransaction(transaction({ stan: '999999' })).catch(() => 0);
        // The work goes on after the error: this must not commit on its own.
        afterBoom = await tx.saveAccount(account()).catch((e: unknown) => e);
        return 'approved';
      }),
      l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000003' }))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['HOST_LEDGER_FAILED', 'HOST_LEDGER_FAILED', 'HOST_LEDGER_FAILED']);
    expect(afterBoom).toMatchObject({ code: 'HOST_LEDGER_FAILED', path: 'ledger.accounts' });
    expect(await l.list()).toEqual([]);
    expect(await l.accounts()).toEqual([]);
    // The ledger goes on with the next group.
    await l.transaction((tx) => tx.insertTransaction(transaction({ stan: '000004' })));
    expect((await l.list()).map((t) => t.stan)).toEqual(['000004']);
    await l.close();
  });

  test('maxBatch bounds a group', async () => {
    const l = await openSqliteLedger(tmp.file('max-batch.db'), { maxBatch: 10 });
    await Promise.all(Array.from({ length: 100 }, () => l.transaction((tx) => tx.nextSequence())));
    expect(l.stats).toEqual({ commits: 10, transactions: 100 });
    await l.close();
    expect(await rejection(openSqliteLedger(tmp.file('max-batch-0.db'), { maxBatch: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'maxBatch' });
  });
});
