/**
 * The SQLite ledger (DESIGN.md §1: the host's default), over better-sqlite3 12.x, an optional
 * peer dependency loaded when a ledger is opened.
 *
 * Durability: WAL journal with `synchronous = FULL`, so a COMMIT returns only after the WAL is
 * synced, and a `transaction()` promise resolves only after its COMMIT returned.
 *
 * Group commit: the transactions submitted while a COMMIT is under way wait in a queue; the next
 * flush runs them one after another inside one `BEGIN IMMEDIATE … COMMIT`, each inside its own
 * SAVEPOINT, so a rejected one rolls back alone while the others commit, and one sync makes the
 * whole group durable. Running them one at a time is also what orders them: inside a group there
 * is nothing to lock (the port's row locks hold trivially).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CardwireError } from '../../core/index';
import type {
  Ledger,
  LedgerAccount,
  LedgerListQuery,
  LedgerReversal,
  LedgerSettlement,
  LedgerTerminal,
  LedgerTransaction,
  LedgerTx,
  LedgerUpload,
  TransactionQuery,
  TransactionUpdate,
} from '../index';
import { driverError, loadDriver } from './driver';
import { pendingMigrations, type Migration } from './migrations';
import { SQLITE_SCHEMA_VERSION_TABLE, sqliteMigrations } from './sqlite-schema';
import {
  ACCOUNT_COLUMNS,
  TERMINAL_COLUMNS,
  TRANSACTION_COLUMNS,
  accountValues,
  terminalValues,
  toAccount,
  toReversal,
  toSettlement,
  toTerminal,
  toTransaction,
  toUpload,
  transactionValues,
  type AccountRow,
  type ReversalRow,
  type SettlementRow,
  type TerminalRow,
  type TransactionRow,
  type UploadRow,
} from './rows';
import { transactionWhere } from './sql-query';

// SQLite has no boolean: signed_on is 0 or 1.
const sqliteTerminalValues = (t: LedgerTerminal): unknown[] => {
  const v = terminalValues(t);
  v[2] = t.signedOn ? 1 : 0;
  return v;
};
const placeholders = (columns: string): string => columns.split(',').map(() => '?').join(', ');

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;
type DatabaseConstructor = typeof BetterSqlite3;

/** Options of {@link openSqliteLedger}. */
export interface SqliteLedgerOptions {
  /** At most this many transactions are committed together (default 512). */
  readonly maxBatch?: number;
  /** How long to wait for a lock another process holds on the file, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

function ledgerFailed(what: string, e: unknown, path = 'ledger'): CardwireError {
  if (e instanceof CardwireError) return e;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const message =
    code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
      ? `${what}: a row with this key is already recorded`
      : code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
        ? `${what}: it refers to a transaction that is not recorded`
        : `${what} failed`;
  return new CardwireError('HOST_LEDGER_FAILED', message, { path, cause: driverError(e) });
}

/**
 * Apply the migrations a SQLite database still needs, in one `BEGIN IMMEDIATE` transaction (so
 * two processes opening the file at once migrate it once), and return its version afterwards.
 *
 * @example
 * ```ts
 * migrateSqlite(db, sqliteMigrations); // 1 for a new file
 * ```
 */
export function migrateSqlite(db: Database, migrations: readonly Migration[]): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SQLITE_SCHEMA_VERSION_TABLE);
    const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: bigint | number | null };
    const current = row.version === null ? 0 : Number(row.version);
    const pending = pendingMigrations(current, migrations, 'SQLite');
    const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      for (const s of m.statements) db.exec(s);
      record.run(m.version, m.description, new Date().toISOString());
    }
    db.exec('COMMIT');
    return pending.at(-1)?.version ?? current;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

const WAL_CHECKPOINT_PAGES = 10_000;

interface Pending {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** The write connection's statements, prepared once. */
class WriteStatements {
  readonly begin: Statement;
  readonly commit: Statement;
  readonly rollback: Statement;
  readonly savepoint: Statement;
  readonly release: Statement;
  readonly rollbackTo: Statement;
  readonly terminal: Statement;
  readonly saveTerminal: Statement;
  readonly seedTerminal: Statement;
  readonly account: Statement;
  readonly saveAccount: Statement;
  readonly seedAccount: Statement;
  readonly byKey: Statement;
  readonly byId: Statement;
  readonly insertTransaction: Statement;
  readonly updateTransaction: Statement;
  readonly reversal: Statement;
  readonly insertReversal: Statement;
  readonly batch: Statement;
  readonly insertSettlement: Statement;
  readonly insertUpload: Statement;
  readonly nextSequence: Statement;
  readonly #db: Database;
  readonly #find = new Map<string, Statement>();

  constructor(db: Database) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.begin = p('BEGIN IMMEDIATE');
    this.commit = p('COMMIT');
    this.rollback = p('ROLLBACK');
    this.savepoint = p('SAVEPOINT work');
    this.release = p('RELEASE work');
    this.rollbackTo = p('ROLLBACK TO work');
    const terminalSet = 'batch = excluded.batch, signed_on = excluded.signed_on, working_keys = excluded.working_keys, key_scheme = excluded.key_scheme, key_generation = excluded.key_generation, settling_batch = excluded.settling_batch';
    this.terminal = p(`SELECT ${TERMINAL_COLUMNS} FROM terminals WHERE tid = ?`);
    this.saveTerminal = p(`INSERT INTO terminals (${TERMINAL_COLUMNS}) VALUES (${placeholders(TERMINAL_COLUMNS)}) ON CONFLICT (tid) DO UPDATE SET ${terminalSet}`);
    this.seedTerminal = p(`INSERT INTO terminals (${TERMINAL_COLUMNS}) VALUES (${placeholders(TERMINAL_COLUMNS)}) ON CONFLICT (tid) DO NOTHING`);
    const accountSet = 'currency = excluded.currency, available = excluded.available, held = excluded.held, pin_failures = excluded.pin_failures';
    this.account = p(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE pan = ?`);
    this.saveAccount = p(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (${placeholders(ACCOUNT_COLUMNS)}) ON CONFLICT (pan) DO UPDATE SET ${accountSet}`);
    this.seedAccount = p(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (${placeholders(ACCOUNT_COLUMNS)}) ON CONFLICT (pan) DO NOTHING`);
    this.byKey = p(`SELECT id, ${TRANSACTION_COLUMNS} FROM transactions WHERE tid = ? AND batch = ? AND stan = ?`);
    this.byId = p(`SELECT id, ${TRANSACTION_COLUMNS} FROM transactions WHERE id = ?`);
    this.insertTransaction = p(`INSERT INTO transactions (${TRANSACTION_COLUMNS}) VALUES (${placeholders(TRANSACTION_COLUMNS)})`);
    this.updateTransaction = p('UPDATE transactions SET status = coalesce(?, status), hold = coalesce(?, hold), refunded = coalesce(?, refunded) WHERE id = ?');
    this.reversal = p('SELECT tid, batch, stan, reason, original_id, recorded_at, response FROM reversals WHERE tid = ? AND batch = ? AND stan = ?');
    this.insertReversal = p(
      'INSERT INTO reversals (tid, batch, stan, reason, original_id, recorded_at, response) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (tid, batch, stan) DO UPDATE SET reason = excluded.reason, original_id = excluded.original_id, recorded_at = excluded.recorded_at, response = excluded.response',
    );
    this.batch = p(`SELECT id, ${TRANSACTION_COLUMNS} FROM transactions WHERE tid = ? AND batch = ? ORDER BY id`);
    this.insertSettlement = p('INSERT INTO settlements (tid, batch, requested, answered, recorded_at) VALUES (?, ?, ?, ?, ?)');
    this.insertUpload = p('INSERT INTO uploads (tid, batch, code, stan, matched_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.nextSequence = p("UPDATE sequences SET value = value + 1 WHERE name = 'ledger' RETURNING value");
  }

  /** False once SQLite has rolled the group transaction back (or before it began). */
  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  /** The most recent transaction matching `q`; one prepared statement per query shape. */
  find(q: TransactionQuery): TransactionRow | undefined {
    const { where, values } = transactionWhere(q, () => '?');
    let s = this.#find.get(where);
    if (s === undefined) {
      s = this.#db.prepare(`SELECT id, ${TRANSACTION_COLUMNS} FROM transactions ${where} ORDER BY id DESC LIMIT 1`);
      this.#find.set(where, s);
    }
    return s.get(...values) as TransactionRow | undefined;
  }
}

/** One work's handle on the open group transaction; dead once its work has settled. */
class SqliteTx implements LedgerTx {
  #live = true;
  readonly #s: WriteStatements;

  constructor(statements: WriteStatements) {
    this.#s = statements;
  }

  end(): void {
    this.#live = false;
  }

  #run<T>(what: string, path: string, f: () => T): Promise<T> {
    if (!this.#live) return Promise.reject(new CardwireError('HOST_LEDGER_FAILED', `${what}: the ledger transaction has already ended`, { path }));
    // Outside the group transaction a statement would commit on its own: never run it.
    if (!this.#s.inTransaction) return Promise.reject(new CardwireError('HOST_LEDGER_FAILED', `${what}: SQLite rolled back the group transaction`, { path }));
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(ledgerFailed(what, e, path));
    }
  }

  terminal(tid: string): Promise<LedgerTerminal | undefined> {
    return this.#run('read a terminal', 'ledger.terminals', () => {
      const r = this.#s.terminal.get(tid) as TerminalRow | undefined;
      return r && toTerminal(r);
    });
  }

  saveTerminal(t: LedgerTerminal): Promise<void> {
    return this.#run('save a terminal', 'ledger.terminals', () => void this.#s.saveTerminal.run(...sqliteTerminalValues(t)));
  }

  account(pan: string): Promise<LedgerAccount | undefined> {
    return this.#run('read an account', 'ledger.accounts', () => {
      const r = this.#s.account.get(pan) as AccountRow | undefined;
      return r && toAccount(r);
    });
  }

  saveAccount(a: LedgerAccount): Promise<void> {
    return this.#run('save an account', 'ledger.accounts', () => void this.#s.saveAccount.run(...accountValues(a)));
  }

  transactionByKey(tid: string, batch: string, stan: string): Promise<LedgerTransaction | undefined> {
    return this.#run('read a transaction', 'ledger.transactions', () => {
      const r = this.#s.byKey.get(tid, batch, stan) as TransactionRow | undefined;
      return r && toTransaction(r);
    });
  }

  transactionById(id: number): Promise<LedgerTransaction | undefined> {
    return this.#run('read a transaction', 'ledger.transactions', () => {
      const r = this.#s.byId.get(id) as TransactionRow | undefined;
      return r && toTransaction(r);
    });
  }

  findTransaction(query: TransactionQuery): Promise<LedgerTransaction | undefined> {
    return this.#run('find a transaction', 'ledger.transactions', () => {
      const r = this.#s.find(query);
      return r && toTransaction(r);
    });
  }

  insertTransaction(t: Omit<LedgerTransaction, 'id'>): Promise<number> {
    return this.#run('record a transaction', 'ledger.transactions', () => {
      const info = this.#s.insertTransaction.run(...transactionValues(t));
      return Number(info.lastInsertRowid);
    });
  }

  updateTransaction(txId: number, u: TransactionUpdate): Promise<void> {
    return this.#run('update a transaction', 'ledger.transactions', () => {
      const info = this.#s.updateTransaction.run(u.status ?? null, u.hold ?? null, u.refunded ?? null, txId);
      if (info.changes === 0) throw new CardwireError('HOST_LEDGER_FAILED', `update a transaction: no transaction ${txId}`, { path: 'ledger.transactions' });
    });
  }

  reversal(tid: string, batch: string, stan: string): Promise<LedgerReversal | undefined> {
    return this.#run('read a reversal', 'ledger.reversals', () => {
      const r = this.#s.reversal.get(tid, batch, stan) as ReversalRow | undefined;
      return r && toReversal(r);
    });
  }

  insertReversal(r: LedgerReversal): Promise<void> {
    return this.#run('record a reversal', 'ledger.reversals', () => void this.#s.insertReversal.run(r.tid, r.batch, r.stan, r.reason, r.originalId, r.recordedAt, r.response));
  }

  batchTransactions(tid: string, batch: string): Promise<LedgerTransaction[]> {
    return this.#run('read a batch', 'ledger.transactions', () => (this.#s.batch.all(tid, batch) as TransactionRow[]).map(toTransaction));
  }

  insertSettlement(s: LedgerSettlement): Promise<void> {
    return this.#run('record a settlement', 'ledger.settlements', () => void this.#s.insertSettlement.run(s.tid, s.batch, s.requested, s.answered, s.recordedAt));
  }

  insertUpload(u: LedgerUpload): Promise<void> {
    return this.#run('record an upload', 'ledger.uploads', () => void this.#s.insertUpload.run(u.tid, u.batch, u.code, u.stan, u.matchedId, u.recordedAt));
  }

  nextSequence(): Promise<bigint> {
    return this.#run('take a sequence number', 'ledger.sequences', () => (this.#s.nextSequence.get() as { value: bigint }).value);
  }
}

/**
 * A ledger in a SQLite file, with group commit. Open it with {@link openSqliteLedger}.
 *
 * One process owns the file: its transactions are ordered by running them one at a time. Reads
 * outside a transaction (`list`, `accounts`, …) go through a second, read-only connection and
 * see only what is committed.
 *
 * @example
 * ```ts
 * const ledger = await openSqliteLedger('host.db');
 * await ledger.seed([{ pan: '6225880000000001', currency: '156', available: 1_000_000n, held: 0n, pinFailures: 0 }], []);
 * await ledger.transaction(async (tx) => (await tx.account('6225880000000001'))?.available); // 1000000n
 * ledger.stats; // { commits: 2, transactions: 2 }
 * await ledger.close();
 * ```
 */
export interface SqliteLedger extends Ledger {
  readonly kind: 'sqlite';
  /** The database file. */
  readonly path: string;
  /** How many COMMITs have run, and how many transactions they carried (group commit at work). */
  readonly stats: { readonly commits: number; readonly transactions: number };
  /** The write connection's durability settings, as SQLite reports them (`wal`, `FULL`, foreign keys on). */
  settings(): { readonly journalMode: string; readonly synchronous: string; readonly foreignKeys: boolean };
}

// The class stays inside this module: its constructor takes the driver's connections, whose
// types must not reach the declarations of users who never install better-sqlite3.
class GroupCommitSqliteLedger implements SqliteLedger {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  readonly #db: Database;
  readonly #reader: Database;
  readonly #s: WriteStatements;
  readonly #maxBatch: number;
  readonly #read = new Map<string, Statement>();
  #queue: Pending[] = [];
  #flushing = false;
  #scheduled = false;
  #closing: Promise<void> | undefined;
  #idle: (() => void)[] = [];
  #commits = 0;
  #committed = 0;

  constructor(path: string, db: Database, reader: Database, options: SqliteLedgerOptions = {}) {
    this.path = path;
    this.#db = db;
    this.#reader = reader;
    this.#s = new WriteStatements(db);
    this.#maxBatch = options.maxBatch ?? 512;
  }

  get stats(): { readonly commits: number; readonly transactions: number } {
    return { commits: this.#commits, transactions: this.#committed };
  }

  settings(): { readonly journalMode: string; readonly synchronous: string; readonly foreignKeys: boolean } {
    const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    const synchronous = Number(this.#db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: levels[synchronous] ?? String(synchronous),
      foreignKeys: Number(this.#db.pragma('foreign_keys', { simple: true })) === 1,
    };
  }

  async seed(accounts: readonly LedgerAccount[], terminals: readonly LedgerTerminal[]): Promise<void> {
    await this.#enqueue(async () => {
      try {
        for (const a of accounts) this.#s.seedAccount.run(...accountValues(a));
        for (const t of terminals) this.#s.seedTerminal.run(...sqliteTerminalValues(t));
      } catch (e) {
        throw ledgerFailed('seed the ledger', e);
      }
    });
  }

  transaction<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      const tx = new SqliteTx(this.#s);
      try {
        return await work(tx);
      } finally {
        tx.end();
      }
    });
  }

  #enqueue<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new CardwireError('HOST_LEDGER_UNAVAILABLE', 'the SQLite ledger is closed', { path: 'ledger' }));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  // Natural batching: a flush starts on the next turn of the event loop after the queue fills
  // or the previous COMMIT returned, so whatever arrived meanwhile (requests read from sockets,
  // callers' next transactions) joins the same group.
  #schedule(): void {
    if (this.#flushing || this.#scheduled) return;
    if (this.#queue.length === 0) {
      for (const done of this.#idle.splice(0)) done();
      return;
    }
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    const group = this.#queue.splice(0, this.#maxBatch);
    const s = this.#s;
    const outcomes: Outcome[] = [];
    // Set when the group as a whole cannot commit: every work of it then fails with this.
    let groupError: CardwireError | undefined;
    try {
      s.begin.run();
      for (const p of group) {
        if (groupError) break;
        s.savepoint.run();
        let outcome: Outcome;
        try {
          outcome = { ok: true, value: await p.run() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        outcomes.push(outcome);
        // An I/O error, a full disk or an interrupt can make SQLite roll back the whole
        // transaction; the works already run are then undone with it.
        if (!s.inTransaction) {
          groupError = new CardwireError('HOST_LEDGER_FAILED', 'SQLite rolled back the group transaction (I/O error, full disk or interrupt)', { path: 'ledger' });
          break;
        }
        if (!outcome.ok) s.rollbackTo.run();
        s.release.run();
      }
      if (!groupError) {
        s.commit.run();
        this.#commits++;
        this.#committed += outcomes.filter((o) => o.ok).length;
      }
    } catch (e) {
      groupError = ledgerFailed('commit the ledger', e);
    }
    if (groupError && s.inTransaction) {
      try {
        s.rollback.run();
      } catch {
        // The connection is unusable; the next group's BEGIN reports it.
      }
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o !== undefined && !o.ok) p.reject(o.error);
      else if (groupError) p.reject(groupError);
      else p.resolve(o!.value);
    });
    this.#flushing = false;
    this.#schedule();
  }

  #readStatement(sql: string): Statement {
    let s = this.#read.get(sql);
    if (s === undefined) {
      s = this.#reader.prepare(sql);
      this.#read.set(sql, s);
    }
    return s;
  }

  #readAll<R>(what: string, sql: string, values: unknown[]): R[] {
    try {
      return this.#readStatement(sql).all(...values) as R[];
    } catch (e) {
      throw ledgerFailed(what, e);
    }
  }

  async list(query: LedgerListQuery = {}): Promise<LedgerTransaction[]> {
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new CardwireError('INVALID_ARGUMENT', 'limit must be a whole number, 0 or more', { path: 'limit' });
    const filter: TransactionQuery = {
      ...(query.tid !== undefined && { tid: query.tid }),
      ...(query.batch !== undefined && { batch: query.batch }),
      ...(query.pan !== undefined && { pan: query.pan }),
    };
    const { where, values } = transactionWhere(filter, () => '?');
    const sql = `SELECT id, ${TRANSACTION_COLUMNS} FROM transactions ${where} ORDER BY id DESC LIMIT ?`;
    return this.#readAll<TransactionRow>('list transactions', sql, [...values, limit]).map(toTransaction);
  }

  async accounts(): Promise<LedgerAccount[]> {
    return this.#readAll<AccountRow>('list accounts', `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY pan`, []).map(toAccount);
  }

  async terminals(): Promise<LedgerTerminal[]> {
    return this.#readAll<TerminalRow>('list terminals', `SELECT ${TERMINAL_COLUMNS} FROM terminals ORDER BY tid`, []).map(toTerminal);
  }

  async reversals(query: { readonly tid?: string } = {}): Promise<LedgerReversal[]> {
    const sql = `SELECT tid, batch, stan, reason, original_id, recorded_at, response FROM reversals ${query.tid === undefined ? '' : 'WHERE tid = ?'} ORDER BY rowid`;
    return this.#readAll<ReversalRow>('list reversals', sql, query.tid === undefined ? [] : [query.tid]).map(toReversal);
  }

  async settlements(query: { readonly tid?: string } = {}): Promise<LedgerSettlement[]> {
    const sql = `SELECT tid, batch, requested, answered, recorded_at FROM settlements ${query.tid === undefined ? '' : 'WHERE tid = ?'} ORDER BY id`;
    return this.#readAll<SettlementRow>('list settlements', sql, query.tid === undefined ? [] : [query.tid]).map(toSettlement);
  }

  async uploads(query: { readonly tid?: string } = {}): Promise<LedgerUpload[]> {
    const sql = `SELECT tid, batch, code, stan, matched_id, recorded_at FROM uploads ${query.tid === undefined ? '' : 'WHERE tid = ?'} ORDER BY id`;
    return this.#readAll<UploadRow>('list uploads', sql, query.tid === undefined ? [] : [query.tid]).map(toUpload);
  }

  /** Finish the queued transactions, checkpoint the WAL into the database file, and close. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#flushing || this.#scheduled || this.#queue.length > 0) await new Promise<void>((done) => this.#idle.push(done));
      try {
        this.#db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        this.#reader.close();
        this.#db.close();
      }
    })();
    return this.#closing;
  }

  toString(): string {
    return `SqliteLedger(${this.path})`;
  }
}

/**
 * Open (creating and migrating as needed) a SQLite ledger. better-sqlite3 12.x is an optional
 * peer dependency: without it this throws `HOST_LEDGER_UNAVAILABLE` naming
 * `npm install better-sqlite3@12`.
 *
 * @example
 * ```ts
 * const ledger = await openSqliteLedger('/var/lib/cardwire/host.db');
 * ledger.kind; // 'sqlite'
 * ```
 */
export async function openSqliteLedger(path: string, options: SqliteLedgerOptions = {}): Promise<SqliteLedger> {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) {
    throw new CardwireError('HOST_CONFIG_INVALID', 'expected the path of a database file (use the memory ledger for a ledger in memory)', { path: 'ledger' });
  }
  const maxBatch = options.maxBatch ?? 512;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new CardwireError('INVALID_ARGUMENT', 'maxBatch must be a whole number, 1 or more', { path: 'maxBatch' });
  const Driver = await loadDriver<DatabaseConstructor>('better-sqlite3@12', () => import('better-sqlite3'));
  const busy = options.busyTimeoutMs ?? 5000;
  let db: Database | undefined;
  let reader: Database | undefined;
  try {
    db = new Driver(path, { timeout: busy });
    // WAL: readers never block the writer; FULL: a COMMIT returns after the WAL is synced.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Checkpoint about every 40 MB of WAL rather than SQLite's 4 MB: between checkpoints a hot
    // page (an account, an index leaf) is appended to the WAL many times but copied into the
    // database once (bench/host-ledger.bench.ts: up to twice the purchases per second).
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    // …and keep no more than that much WAL on disk once a checkpoint has reset it.
    db.pragma(`journal_size_limit = ${WAL_CHECKPOINT_PAGES * 4096}`);
    db.defaultSafeIntegers(true);
    migrateSqlite(db, sqliteMigrations);
    reader = new Driver(path, { readonly: true, fileMustExist: true, timeout: busy });
    reader.defaultSafeIntegers(true);
    return new GroupCommitSqliteLedger(path, db, reader, { ...options, maxBatch });
  } catch (e) {
    reader?.close();
    db?.close();
    if (e instanceof CardwireError) throw e;
    throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'cannot open or migrate the SQLite ledger', { path: 'ledger', cause: driverError(e) });
  }
}
