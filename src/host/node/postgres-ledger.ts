/**
 * The PostgreSQL ledger, over `pg` (an optional peer dependency, loaded when a ledger is opened),
 * for several host processes sharing one database.
 *
 * Concurrency: each `transaction(work)` is one database transaction (READ COMMITTED) on one
 * pooled connection. `terminal()`, `account()` and the reads of a transaction or reversal lock
 * the row they return (`SELECT … FOR UPDATE`) until COMMIT, so two processes debiting one account
 * take turns and each reads the balance the other committed: no lost update, no double spend.
 * A concurrent duplicate (TID, batch, STAN) fails on the unique index once the first commits; that
 * failure, a serialization failure and a deadlock roll the transaction back and run `work` again
 * (it then finds the first one's row), a bounded number of times.
 *
 * Round trips (docs/host.md): BEGIN travels with a transaction's first statement, the transaction
 * and the reversal of one key are one query (with the account the host reads next, when it says
 * which), an account save waits for the transaction insert after it and goes with it, and
 * sequence numbers come 32 at a time, so a host purchase is four statements.
 */
import type * as Pg from 'pg';
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
import { POSTGRES_SCHEMA_VERSION_TABLE, postgresMigrations } from './postgres-schema';
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

type PgModule = typeof Pg;

/** Options of {@link openPostgresLedger}. */
export interface PostgresLedgerOptions {
  /** Connections in this process's pool (default 10). */
  readonly poolSize?: number;
  /** The schema holding the ledger's tables, created when missing (default `public`). */
  readonly schema?: string;
  /**
   * How many times `work` is run again after a serialization failure or a deadlock before
   * `HOST_LEDGER_FAILED` (default 10); a duplicate key is retried at most twice.
   */
  readonly retries?: number;
  /** How long to wait for a connection from the pool or the server, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
}

// SQLSTATEs that a rerun of the transaction resolves (PostgreSQL Appendix A). A duplicate key is
// resolved by one rerun when it was a concurrent insert (the rerun sees the committed row); one
// that fails again was there before, and more reruns would not change that.
const UNIQUE_VIOLATION = '23505';
const RETRYABLE = new Set([UNIQUE_VIOLATION, '40001', '40P01']);
const UNIQUE_RETRIES = 2;

const sqlstate = (e: unknown): string | undefined => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

function ledgerFailed(what: string, e: unknown, path = 'ledger'): CardwireError {
  if (e instanceof CardwireError) return e;
  const code = sqlstate(e);
  const message =
    code === UNIQUE_VIOLATION
      ? `${what}: a row with this key is already recorded`
      : code === '23503'
        ? `${what}: it refers to a transaction that is not recorded`
        : code === undefined
          ? `${what}: the connection to PostgreSQL failed`
          : `${what} failed (SQLSTATE ${code})`;
  return new CardwireError('HOST_LEDGER_FAILED', message, { path, cause: driverError(e) });
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The ledger's SQL for one schema, with a name per statement so each connection prepares it once. */
class PostgresStatements {
  readonly terminal: Pg.QueryConfig;
  readonly saveTerminal: Pg.QueryConfig;
  readonly account: Pg.QueryConfig;
  readonly saveAccount: Pg.QueryConfig;
  readonly byId: Pg.QueryConfig;
  readonly insertTransaction: Pg.QueryConfig;
  readonly updateTransaction: Pg.QueryConfig;
  readonly insertReversal: Pg.QueryConfig;
  readonly batch: Pg.QueryConfig;
  readonly insertSettlement: Pg.QueryConfig;
  readonly insertUpload: Pg.QueryConfig;
  readonly nextSequence: Pg.QueryConfig;
  readonly keyed: Pg.QueryConfig;
  readonly keyedWithAccount: Pg.QueryConfig;
  readonly saveAccountAndInsertTransaction: Pg.QueryConfig;
  readonly seedTerminals: string;
  readonly seedAccounts: string;
  readonly #t: (table: string) => string;
  readonly #find = new Map<string, string>();

  constructor(schema: string) {
    const t = (table: string) => `"${schema}".${table}`;
    this.#t = t;
    const n = (text: string, name: string): Pg.QueryConfig => ({ name: `cardwire_${name}`, text });
    const params = (columns: string) => columns.split(',').map((_, i) => `$${i + 1}`).join(', ');
    const excluded = (columns: string, key: string) =>
      columns.split(',').map((c) => c.trim()).filter((c) => c !== key).map((c) => `${c} = excluded.${c}`).join(', ');
    this.terminal = n(`SELECT ${TERMINAL_COLUMNS} FROM ${t('terminals')} WHERE tid = $1 FOR UPDATE`, 'terminal');
    this.saveTerminal = n(`INSERT INTO ${t('terminals')} (${TERMINAL_COLUMNS}) VALUES (${params(TERMINAL_COLUMNS)}) ON CONFLICT (tid) DO UPDATE SET ${excluded(TERMINAL_COLUMNS, 'tid')}`, 'save_terminal');
    this.account = n(`SELECT ${ACCOUNT_COLUMNS} FROM ${t('accounts')} WHERE pan = $1 FOR UPDATE`, 'account');
    this.saveAccount = n(`INSERT INTO ${t('accounts')} (${ACCOUNT_COLUMNS}) VALUES (${params(ACCOUNT_COLUMNS)}) ON CONFLICT (pan) DO UPDATE SET ${excluded(ACCOUNT_COLUMNS, 'pan')}`, 'save_account');
    this.byId = n(`SELECT id, ${TRANSACTION_COLUMNS} FROM ${t('transactions')} WHERE id = $1 FOR UPDATE`, 'by_id');
    this.insertTransaction = n(`INSERT INTO ${t('transactions')} (${TRANSACTION_COLUMNS}) VALUES (${params(TRANSACTION_COLUMNS)}) RETURNING id`, 'insert_transaction');
    this.updateTransaction = n(`UPDATE ${t('transactions')} SET status = coalesce($1, status), hold = coalesce($2, hold), refunded = coalesce($3, refunded) WHERE id = $4`, 'update_transaction');
    this.insertReversal = n(
      `INSERT INTO ${t('reversals')} (tid, batch, stan, reason, original_id, recorded_at, response) VALUES ($1, $2, $3, $4, $5, $6, $7) ` +
        'ON CONFLICT (tid, batch, stan) DO UPDATE SET reason = excluded.reason, original_id = excluded.original_id, recorded_at = excluded.recorded_at, response = excluded.response',
      'insert_reversal',
    );
    this.batch = n(`SELECT id, ${TRANSACTION_COLUMNS} FROM ${t('transactions')} WHERE tid = $1 AND batch = $2 ORDER BY id`, 'batch');
    this.insertSettlement = n(`INSERT INTO ${t('settlements')} (tid, batch, requested, answered, recorded_at) VALUES ($1, $2, $3, $4, $5)`, 'insert_settlement');
    this.insertUpload = n(`INSERT INTO ${t('uploads')} (tid, batch, code, stan, matched_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`, 'insert_upload');
    // A block of sequence numbers in one round trip; the ledger hands them out one by one.
    this.nextSequence = n(`SELECT nextval('"${schema}".ledger_sequence') AS value FROM generate_series(1, ${SEQUENCE_BLOCK})`, 'next_sequence');
    // The transaction and the reversal of one (TID, batch, STAN), both locked, in one round trip:
    // the host reads both for every financial request and every reversal.
    this.keyed = n(
      `SELECT t.*, r.* FROM (SELECT 1) AS one ` +
        `LEFT JOIN (SELECT id, ${TRANSACTION_COLUMNS} FROM ${t('transactions')} WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE) t ON true ` +
        `LEFT JOIN (SELECT tid AS r_tid, batch AS r_batch, stan AS r_stan, reason AS r_reason, original_id AS r_original_id, recorded_at AS r_recorded_at, response AS r_response ` +
        `FROM ${t('reversals')} WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE) r ON true`,
      'keyed',
    );
    // The account the work reads next, then the same rows as `keyed`, all locked: the host reads
    // the card's account after the key for every financial request. UNION ALL runs its branches
    // in order, so the account is locked before the transaction and the reversal, as every flow
    // that reads an account and then finds an original locks them (no deadlock between a
    // retransmission and a refund of the same purchase). Of the transaction and the reversal
    // only whether they exist: a financial request seldom finds one (a retransmission, a STAN
    // reused), and then `keyed` reads them whole. Seven columns instead of thirty-five: the
    // driver's cost per execution grows with the columns it describes.
    this.keyedWithAccount = n(
      `SELECT * FROM (SELECT 'a' AS k, pan, currency, available, held, pin_failures FROM ${t('accounts')} WHERE pan = $4 FOR UPDATE) a ` +
        `UNION ALL SELECT * FROM (SELECT 't', NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::integer FROM ${t('transactions')} WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE) t ` +
        `UNION ALL SELECT * FROM (SELECT 'r', NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::integer FROM ${t('reversals')} WHERE tid = $1 AND batch = $2 AND stan = $3 FOR UPDATE) r`,
      'keyed_account',
    );
    // An account saved and a transaction recorded in one statement (the two tables are
    // independent, so one snapshot for both is the same as two statements).
    const accountCount = ACCOUNT_COLUMNS.split(',').length;
    const shifted = TRANSACTION_COLUMNS.split(',').map((_, i) => `$${i + 1 + accountCount}`).join(', ');
    this.saveAccountAndInsertTransaction = n(
      `WITH saved AS (${this.saveAccount.text}) INSERT INTO ${t('transactions')} (${TRANSACTION_COLUMNS}) VALUES (${shifted}) RETURNING id`,
      'save_account_insert_transaction',
    );
    // Seeding: one statement per table, the rows as parallel arrays.
    this.seedTerminals =
      `INSERT INTO ${t('terminals')} (${TERMINAL_COLUMNS}) SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::integer[], $7::text[]) ` +
      'ON CONFLICT (tid) DO NOTHING';
    this.seedAccounts =
      `INSERT INTO ${t('accounts')} (${ACCOUNT_COLUMNS}) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::integer[]) ` +
      'ON CONFLICT (pan) DO NOTHING';
  }

  table(name: string): string {
    return this.#t(name);
  }

  /** The most recent transaction matching `q`, locked; one prepared statement per query shape. */
  find(q: TransactionQuery): Pg.QueryConfig {
    const { where, values } = transactionWhere(q, (i) => `$${i}`);
    let name = this.#find.get(where);
    if (name === undefined) {
      name = `cardwire_find_${this.#find.size + 1}`;
      this.#find.set(where, name);
    }
    return { name, text: `SELECT id, ${TRANSACTION_COLUMNS} FROM ${this.#t('transactions')} ${where} ORDER BY id DESC LIMIT 1 FOR UPDATE`, values };
  }
}

/** One attempt's handle on its database transaction; dead once its work has settled. */
class PostgresTx implements LedgerTx {
  #live = true;
  /** The first database error of this attempt: the transaction is aborted once there is one. */
  failure: unknown;
  /** True once BEGIN has been sent (with the first statement, or alone). */
  begun = false;
  readonly #client: Pg.PoolClient;
  readonly #s: PostgresStatements;
  readonly #sequence: (tx: PostgresTx) => Promise<bigint>;
  /** What the combined read found for a (TID, batch, STAN) in this transaction, until the next write. */
  #keyed: { readonly key: string; readonly transaction: LedgerTransaction | undefined; readonly reversal: LedgerReversal | undefined } | undefined;
  /** The account read (and locked) with the key, until the next write. */
  #account: { readonly pan: string; readonly account: LedgerAccount | undefined } | undefined;
  /** An account save not yet sent: it goes with the next transaction insert, or alone before any other statement. */
  #pendingAccount: unknown[] | undefined;

  constructor(client: Pg.PoolClient, statements: PostgresStatements, sequence: (tx: PostgresTx) => Promise<bigint>) {
    this.#client = client;
    this.#s = statements;
    this.#sequence = sequence;
  }

  end(): void {
    this.#live = false;
  }

  /** Refuse a call made after the transaction's work settled. */
  #alive(what: string, path: string): void {
    if (!this.#live) throw new CardwireError('HOST_LEDGER_FAILED', `${what}: the ledger transaction has already ended`, { path });
  }

  /**
   * Send one statement now, BEGIN before it when none was sent yet: synchronously, so statements
   * reach the connection in the order of the calls that made them (the driver queues them), even
   * when the work runs calls at once. Resolves with the driver's result.
   */
  #issue(what: string, path: string, q: Pg.QueryConfig, values: unknown[]): Promise<Pg.QueryResult> {
    const failed = (e: unknown): never => {
      this.failure ??= e;
      throw ledgerFailed(what, e, path);
    };
    try {
      return this.#send(q, values, failed);
    } catch (e) {
      // Nothing was sent (a statement missing a value): fail as a statement would.
      return Promise.reject(e).catch(failed);
    }
  }

  #send(q: Pg.QueryConfig, values: unknown[], failed: (e: unknown) => never): Promise<Pg.QueryResult> {
    let begin: Promise<unknown> | undefined;
    if (!this.begun) {
      const inline = q.name === this.#s.terminal.name ? inlineStatement(this.#client, q.text, values) : undefined;
      this.begun = true;
      if (inline !== undefined) {
        // BEGIN and the first statement in one round trip (the simple query protocol, its values
        // as literals quoted by the driver): one round trip less for every ledger transaction.
        // Only the terminal read is sent so (the host's first statement, and its one value is a
        // terminal id): a statement that failed would be logged by the server with its literals,
        // and no PAN or key may reach a log.
        return (this.#client.query(`BEGIN; ${inline}`) as unknown as Promise<Pg.QueryResult[]>).then((results) => results[1]!, failed);
      }
      begin = this.#client.query('BEGIN');
    }
    const main = this.#client.query({ ...q, values });
    if (begin === undefined) return main.then((r) => r, failed);
    return begin.then(
      () => main.then((r) => r, failed),
      (e: unknown) => {
        main.catch(() => undefined); // fails too; the BEGIN's failure is the one to report
        return failed(e);
      },
    );
  }

  /** The deferred account save, taken (not sent). */
  #takeAccount(): unknown[] | undefined {
    const values = this.#pendingAccount;
    this.#pendingAccount = undefined;
    return values;
  }

  /** Issue a deferred account save, if any. */
  #issueAccount(): Promise<Pg.QueryResult> | undefined {
    const values = this.#takeAccount();
    return values === undefined ? undefined : this.#issue('save an account', 'ledger.accounts', this.#s.saveAccount, values);
  }

  /** One statement's result, after the deferred account save (which every statement but the sequence read must see). */
  async #result(what: string, path: string, q: Pg.QueryConfig, values: unknown[]): Promise<Pg.QueryResult> {
    this.#alive(what, path);
    const before = q === this.#s.nextSequence ? undefined : this.#issueAccount();
    const own = this.#issue(what, path, q, values);
    if (before !== undefined) {
      own.catch(() => undefined); // reported below if the save went through
      await before;
    }
    return own;
  }

  async #rows<R>(what: string, path: string, q: Pg.QueryConfig, values: unknown[]): Promise<R[]> {
    return (await this.#result(what, path, q, values)).rows as R[];
  }

  /** Writes so far: a key read that overlapped one is not kept. */
  #writes = 0;

  /** Any write: what the combined read found may no longer hold. */
  #wrote(): void {
    this.#writes++;
    this.#keyed = undefined;
    this.#account = undefined;
  }

  /** Send what is deferred (before COMMIT). */
  async flush(): Promise<void> {
    await this.#issueAccount();
  }

  async #readKey(
    tid: string,
    batch: string,
    stan: string,
    pan?: string,
  ): Promise<{ readonly transaction: LedgerTransaction | undefined; readonly reversal: LedgerReversal | undefined }> {
    const key = `${tid}|${batch}|${stan}`;
    if (this.#keyed?.key === key && (pan === undefined || this.#account?.pan === pan)) return this.#keyed;
    const writes = this.#writes;
    let withAccount: KeyedAccountRow[] | undefined;
    let r: KeyedRow | undefined;
    if (pan !== undefined) {
      withAccount = await this.#rows<KeyedAccountRow>('read an account, a transaction and its reversal', 'ledger.transactions', this.#s.keyedWithAccount, [tid, batch, stan, pan]);
    }
    if (withAccount === undefined || withAccount.some((row) => row.k !== 'a')) {
      [r] = await this.#rows<KeyedRow>('read a transaction and its reversal', 'ledger.transactions', this.#s.keyed, [tid, batch, stan]);
    }
    const found = {
      key,
      transaction: r && r.id !== null ? toTransaction(r as TransactionRow) : undefined,
      reversal:
        r && r.r_tid !== null
          ? toReversal({ tid: r.r_tid, batch: r.r_batch!, stan: r.r_stan!, reason: r.r_reason!, original_id: r.r_original_id, recorded_at: r.r_recorded_at!, response: r.r_response! })
          : undefined,
    };
    // A write that started while this read ran may not be in it: answer, but do not keep it.
    if (this.#writes === writes) {
      this.#keyed = found;
      if (withAccount !== undefined) {
        const a = withAccount.find((row) => row.k === 'a');
        this.#account = { pan: pan!, account: a && toAccount(a as AccountRow) };
      }
    }
    return found;
  }

  async terminal(tid: string): Promise<LedgerTerminal | undefined> {
    const [r] = await this.#rows<TerminalRow>('read a terminal', 'ledger.terminals', this.#s.terminal, [tid]);
    return r && toTerminal(r);
  }

  async saveTerminal(t: LedgerTerminal): Promise<void> {
    this.#wrote();
    await this.#rows('save a terminal', 'ledger.terminals', this.#s.saveTerminal, terminalValues(t));
  }

  async account(pan: string): Promise<LedgerAccount | undefined> {
    this.#alive('read an account', 'ledger.accounts');
    if (this.#account?.pan === pan) return this.#account.account;
    const [r] = await this.#rows<AccountRow>('read an account', 'ledger.accounts', this.#s.account, [pan]);
    return r && toAccount(r);
  }

  async saveAccount(a: LedgerAccount): Promise<void> {
    this.#alive('save an account', 'ledger.accounts');
    // Deferred: sent with the transaction insert that follows it in a financial request, or alone
    // before the next other statement or COMMIT. A save already waiting goes now, before it.
    const earlier = this.#issueAccount();
    this.#wrote();
    this.#pendingAccount = accountValues(a);
    await earlier;
  }

  async transactionByKey(tid: string, batch: string, stan: string, then?: { readonly account?: string }): Promise<LedgerTransaction | undefined> {
    return (await this.#readKey(tid, batch, stan, then?.account)).transaction;
  }

  async transactionById(id: number): Promise<LedgerTransaction | undefined> {
    const [r] = await this.#rows<TransactionRow>('read a transaction', 'ledger.transactions', this.#s.byId, [id]);
    return r && toTransaction(r);
  }

  async findTransaction(query: TransactionQuery): Promise<LedgerTransaction | undefined> {
    const q = this.#s.find(query);
    const [r] = await this.#rows<TransactionRow>('find a transaction', 'ledger.transactions', q, q.values ?? []);
    return r && toTransaction(r);
  }

  async insertTransaction(t: Omit<LedgerTransaction, 'id'>): Promise<number> {
    this.#alive('record a transaction', 'ledger.transactions');
    this.#wrote();
    const account = this.#takeAccount();
    const result =
      account === undefined
        ? await this.#issue('record a transaction', 'ledger.transactions', this.#s.insertTransaction, transactionValues(t))
        : await this.#issue('save an account and record a transaction', 'ledger.transactions', this.#s.saveAccountAndInsertTransaction, [...account, ...transactionValues(t)]);
    return Number((result.rows[0] as { id: bigint }).id);
  }

  async updateTransaction(id: number, u: TransactionUpdate): Promise<void> {
    this.#wrote();
    const result = await this.#result('update a transaction', 'ledger.transactions', this.#s.updateTransaction, [u.status ?? null, u.hold ?? null, u.refunded ?? null, id]);
    if (result.rowCount === 0) throw new CardwireError('HOST_LEDGER_FAILED', `update a transaction: no transaction ${id}`, { path: 'ledger.transactions' });
  }

  async reversal(tid: string, batch: string, stan: string): Promise<LedgerReversal | undefined> {
    return (await this.#readKey(tid, batch, stan)).reversal;
  }

  async insertReversal(r: LedgerReversal): Promise<void> {
    this.#wrote();
    await this.#rows('record a reversal', 'ledger.reversals', this.#s.insertReversal, [r.tid, r.batch, r.stan, r.reason, r.originalId, r.recordedAt, r.response]);
  }

  async batchTransactions(tid: string, batch: string): Promise<LedgerTransaction[]> {
    return (await this.#rows<TransactionRow>('read a batch', 'ledger.transactions', this.#s.batch, [tid, batch])).map(toTransaction);
  }

  async insertSettlement(s: LedgerSettlement): Promise<void> {
    this.#wrote();
    await this.#rows('record a settlement', 'ledger.settlements', this.#s.insertSettlement, [s.tid, s.batch, s.requested, s.answered, s.recordedAt]);
  }

  async insertUpload(u: LedgerUpload): Promise<void> {
    this.#wrote();
    await this.#rows('record an upload', 'ledger.uploads', this.#s.insertUpload, [u.tid, u.batch, u.code, u.stan, u.matchedId, u.recordedAt]);
  }

  async nextSequence(): Promise<bigint> {
    this.#alive('take a sequence number', 'ledger.sequences');
    return this.#sequence(this);
  }

  /** A block of fresh sequence numbers from the database, in this transaction's connection. */
  async sequenceBlock(): Promise<bigint[]> {
    return (await this.#rows<{ value: bigint }>('take a sequence number', 'ledger.sequences', this.#s.nextSequence, [])).map((r) => r.value);
  }
}

/** A row of the read with an account: `k` 'a' (the account, its columns), 't' (the transaction exists) or 'r' (the reversal exists). */
interface KeyedAccountRow {
  readonly k: 'a' | 't' | 'r';
  readonly pan: string | null;
  readonly currency: string | null;
  readonly available: bigint | null;
  readonly held: bigint | null;
  readonly pin_failures: bigint | number | null;
}

/** The row of the combined (TID, batch, STAN) read: the transaction's columns, then the reversal's with `r_`. */
type KeyedRow = { readonly [K in keyof TransactionRow]: TransactionRow[K] | null } & {
  readonly id: unknown;
  readonly r_tid: string | null;
  readonly r_batch: string | null;
  readonly r_stan: string | null;
  readonly r_reason: string | null;
  readonly r_original_id: bigint | null;
  readonly r_recorded_at: string | null;
  readonly r_response: Uint8Array | null;
};

/** Sequence numbers a process takes from the database at once (unique; neither consecutive nor, under concurrency, in order). */
const SEQUENCE_BLOCK = 32;

/**
 * A statement with its `$n` parameters replaced by literals the driver quotes, when every value is
 * text, a number, a bigint, a boolean or null; undefined otherwise (bytes go as parameters).
 */
function inlineStatement(client: Pg.PoolClient, text: string, values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) literals.push('NULL');
    else if (typeof v === 'string') {
      if (v.includes('\0')) return undefined;
      literals.push(client.escapeLiteral(v));
    } else if (typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v))) literals.push(`'${String(v)}'`);
    else if (typeof v === 'boolean') literals.push(v ? "'true'" : "'false'");
    else return undefined;
  }
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const literal = literals[Number(n) - 1];
    if (literal === undefined) throw new CardwireError('HOST_LEDGER_FAILED', `statement parameter $${n} has no value`, { path: 'ledger' });
    return literal;
  });
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * A ledger in PostgreSQL, shared by any number of host processes. Open it with
 * {@link openPostgresLedger}.
 *
 * @example
 * ```ts
 * const ledger = await openPostgresLedger('postgresql://host@db.example/cardwire', { poolSize: 16 });
 * await ledger.transaction(async (tx) => (await tx.account('6225880000000001'))?.available); // 1000000n
 * ledger.stats; // { retries: 0 }
 * await ledger.close();
 * ```
 */
export interface PostgresLedger extends Ledger {
  readonly kind: 'postgres';
  /** The schema holding the tables. */
  readonly schema: string;
  /** How many times a transaction's work was run again after a conflict. */
  readonly stats: { readonly retries: number };
}

// The class stays inside this module: its constructor takes the driver's pool, whose types must
// not reach the declarations of users who never install pg.
class PooledPostgresLedger implements PostgresLedger {
  readonly kind = 'postgres' as const;
  readonly schema: string;
  readonly #pool: Pg.Pool;
  readonly #s: PostgresStatements;
  readonly #retries: number;
  #closed = false;
  #retried = 0;

  constructor(pool: Pg.Pool, schema: string, options: PostgresLedgerOptions = {}) {
    this.#pool = pool;
    this.schema = schema;
    this.#s = new PostgresStatements(schema);
    this.#retries = options.retries ?? 10;
  }

  /** Sequence numbers this process has taken from the database and not yet handed out. */
  readonly #sequences: bigint[] = [];

  async #takeSequence(tx: PostgresTx): Promise<bigint> {
    if (this.#sequences.length === 0) {
      const block = await tx.sequenceBlock();
      // Another transaction's block may have arrived meanwhile: merge them (unique, roughly in order).
      this.#sequences.push(...block);
      this.#sequences.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    return this.#sequences.shift()!;
  }

  get stats(): { readonly retries: number } {
    return { retries: this.#retried };
  }

  async #connect(): Promise<Pg.PoolClient> {
    if (this.#closed) throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'the PostgreSQL ledger is closed', { path: 'ledger' });
    try {
      return await this.#pool.connect();
    } catch (e) {
      throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'cannot reach the PostgreSQL server', { path: 'ledger', cause: driverError(e) });
    }
  }

  async seed(accounts: readonly LedgerAccount[], terminals: readonly LedgerTerminal[]): Promise<void> {
    const column = <T, V>(rows: readonly T[], f: (r: T) => V): V[] => rows.map(f);
    const client = await this.#connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query(this.#s.seedAccounts, [
        column(accounts, (a) => a.pan),
        column(accounts, (a) => a.currency),
        column(accounts, (a) => a.available.toString()),
        column(accounts, (a) => a.held.toString()),
        column(accounts, (a) => a.pinFailures),
      ]);
      await client.query(this.#s.seedTerminals, [
        column(terminals, (t) => t.tid),
        column(terminals, (t) => t.batch),
        column(terminals, (t) => t.signedOn),
        column(terminals, (t) => t.workingKeys),
        column(terminals, (t) => t.keyScheme),
        column(terminals, (t) => t.keyGeneration),
        column(terminals, (t) => t.settlingBatch),
      ]);
      await client.query('COMMIT');
    } catch (e) {
      if (sqlstate(e) === undefined) broken = driverError(e);
      else await client.query('ROLLBACK').catch(() => undefined);
      throw ledgerFailed('seed the ledger', e);
    } finally {
      client.release(broken);
    }
  }

  async transaction<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#connect();
      // A connection that failed (rather than a statement) is dropped from the pool, not reused.
      let broken: Error | undefined;
      // BEGIN goes with the transaction's first statement (PostgresTx); a work that runs none commits nothing.
      const tx = new PostgresTx(client, this.#s, (t) => this.#takeSequence(t));
      try {
        let value: T | undefined;
        let workError: unknown;
        let ok = false;
        try {
          value = await work(tx);
          // The deferred save, unless the work caught a database error (then it rolls back).
          if (tx.failure === undefined) await tx.flush();
          ok = true;
        } catch (e) {
          workError = e;
        } finally {
          tx.end();
        }
        // A database error aborts the transaction, even one the work caught: never COMMIT it.
        if (ok && tx.failure === undefined) {
          if (!tx.begun) return value as T;
          try {
            await client.query('COMMIT');
            return value as T;
          } catch (e) {
            tx.failure = e;
            if (!RETRYABLE.has(sqlstate(e) ?? '')) {
              if (sqlstate(e) === undefined) broken = driverError(e);
              // Without an answer to COMMIT, nobody knows whether it committed: say so, do not retry.
              throw new CardwireError('HOST_LEDGER_FAILED', sqlstate(e) === undefined ? 'the connection failed during COMMIT: the outcome is unknown' : `COMMIT failed (SQLSTATE ${sqlstate(e)})`, {
                path: 'ledger',
                cause: driverError(e),
              });
            }
          }
        } else if (tx.begun) {
          try {
            await client.query('ROLLBACK');
          } catch (e) {
            broken = driverError(e);
          }
        }
        const failure = tx.failure;
        const retryable = failure !== undefined && RETRYABLE.has(sqlstate(failure) ?? '');
        if (!retryable) {
          if (failure !== undefined && sqlstate(failure) === undefined) broken = driverError(failure);
          throw ok ? ledgerFailed('the ledger transaction', failure) : workError;
        }
        if (attempt >= (sqlstate(failure) === UNIQUE_VIOLATION ? Math.min(UNIQUE_RETRIES, this.#retries) : this.#retries)) {
          throw new CardwireError('HOST_LEDGER_FAILED', `a conflict (SQLSTATE ${sqlstate(failure)}) was not resolved by ${attempt} retries`, {
            path: 'ledger',
            cause: driverError(failure),
          });
        }
      } finally {
        client.release(broken);
      }
      this.#retried++;
      // Back off a little, longer each time and by chance, so the conflicting transactions part.
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }

  async #select<R>(what: string, text: string, values: unknown[]): Promise<R[]> {
    if (this.#closed) throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'the PostgreSQL ledger is closed', { path: 'ledger' });
    try {
      return (await this.#pool.query(text, values)).rows as R[];
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
    const { where, values } = transactionWhere(filter, (i) => `$${i}`);
    const text = `SELECT id, ${TRANSACTION_COLUMNS} FROM ${this.#s.table('transactions')} ${where} ORDER BY id DESC LIMIT $${values.length + 1}`;
    return (await this.#select<TransactionRow>('list transactions', text, [...values, limit])).map(toTransaction);
  }

  async accounts(): Promise<LedgerAccount[]> {
    return (await this.#select<AccountRow>('list accounts', `SELECT ${ACCOUNT_COLUMNS} FROM ${this.#s.table('accounts')} ORDER BY pan`, [])).map(toAccount);
  }

  async terminals(): Promise<LedgerTerminal[]> {
    return (await this.#select<TerminalRow>('list terminals', `SELECT ${TERMINAL_COLUMNS} FROM ${this.#s.table('terminals')} ORDER BY tid`, [])).map(toTerminal);
  }

  async reversals(query: { readonly tid?: string } = {}): Promise<LedgerReversal[]> {
    const where = query.tid === undefined ? '' : 'WHERE tid = $1';
    const text = `SELECT tid, batch, stan, reason, original_id, recorded_at, response FROM ${this.#s.table('reversals')} ${where} ORDER BY id`;
    return (await this.#select<ReversalRow>('list reversals', text, query.tid === undefined ? [] : [query.tid])).map(toReversal);
  }

  async settlements(query: { readonly tid?: string } = {}): Promise<LedgerSettlement[]> {
    const where = query.tid === undefined ? '' : 'WHERE tid = $1';
    const text = `SELECT tid, batch, requested, answered, recorded_at FROM ${this.#s.table('settlements')} ${where} ORDER BY id`;
    return (await this.#select<SettlementRow>('list settlements', text, query.tid === undefined ? [] : [query.tid])).map(toSettlement);
  }

  async uploads(query: { readonly tid?: string } = {}): Promise<LedgerUpload[]> {
    const where = query.tid === undefined ? '' : 'WHERE tid = $1';
    const text = `SELECT tid, batch, code, stan, matched_id, recorded_at FROM ${this.#s.table('uploads')} ${where} ORDER BY id`;
    return (await this.#select<UploadRow>('list uploads', text, query.tid === undefined ? [] : [query.tid])).map(toUpload);
  }

  /** Wait for the transactions in flight, then close the pool's connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  toString(): string {
    return `PostgresLedger(schema ${this.schema})`;
  }
}

/**
 * Apply the migrations a PostgreSQL schema still needs, in one transaction holding an advisory
 * lock, so that processes starting together migrate it once; returns its version afterwards.
 *
 * @example
 * ```ts
 * await migratePostgres(client, 'public', postgresMigrations); // 1 for a new database
 * ```
 */
export async function migratePostgres(client: Pg.ClientBase, schema: string, migrations: readonly Migration[]): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cardwire.ledger.${schema}`]);
    if (schema !== 'public') await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(POSTGRES_SCHEMA_VERSION_TABLE);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    const pending = pendingMigrations(current, migrations, 'PostgreSQL');
    for (const m of pending) {
      for (const s of m.statements) await client.query(s);
      await client.query('INSERT INTO schema_version (version, description) VALUES ($1, $2)', [m.version, m.description]);
    }
    await client.query('COMMIT');
    return pending.at(-1)?.version ?? current;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Open a PostgreSQL ledger: a pool of connections, and the schema migrated as needed. `pg` is an
 * optional peer dependency: without it this throws `HOST_LEDGER_UNAVAILABLE` naming
 * `npm install pg`.
 *
 * @example
 * ```ts
 * const ledger = await openPostgresLedger(process.env.DATABASE_URL!, { poolSize: 16 });
 * ledger.kind; // 'postgres'
 * ```
 */
export async function openPostgresLedger(connectionString: string, options: PostgresLedgerOptions = {}): Promise<PostgresLedger> {
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) throw new CardwireError('INVALID_ARGUMENT', 'schema must be a lower-case SQL identifier (a-z, 0-9, _)', { path: 'schema' });
  const poolSize = options.poolSize ?? 10;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) throw new CardwireError('INVALID_ARGUMENT', 'poolSize must be a whole number, 1 or more', { path: 'poolSize' });
  const retries = options.retries ?? 10;
  if (!Number.isSafeInteger(retries) || retries < 0) throw new CardwireError('INVALID_ARGUMENT', 'retries must be a whole number, 0 or more', { path: 'retries' });
  const pg = await loadDriver<PgModule>('pg@8', () => import('pg'));
  // int8 (OID 20) as bigint: money is never a JS number.
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 && format !== 'binary' ? (v: string) => BigInt(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: { getTypeParser },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'cardwire-host',
  });
  // An idle connection that the server closes emits 'error' on the pool, which removes it; an
  // unheard 'error' event would end the process.
  pool.on('error', () => undefined);
  let client: Pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'cannot reach the PostgreSQL server', { path: 'ledger', cause: driverError(e) });
  }
  try {
    await migratePostgres(client, schema, postgresMigrations);
  } catch (e) {
    client.release();
    await pool.end().catch(() => undefined);
    if (e instanceof CardwireError) throw e;
    throw new CardwireError('HOST_LEDGER_UNAVAILABLE', 'cannot migrate the PostgreSQL ledger', { path: 'ledger', cause: driverError(e) });
  }
  client.release();
  return new PooledPostgresLedger(pool, schema, { ...options, retries });
}
