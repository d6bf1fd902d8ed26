/**
 * The PostgreSQL ledger's schema, as ordered migrations (docs/host.md, "Ledger", lists every
 * table). Money is BIGINT, read back as bigint; ids are identity columns; times are kept as the
 * ISO 8601 text the host recorded, so they read back exactly as written. Migrations run with
 * `search_path` set to the ledger's schema, so their statements name tables unqualified.
 */
import type { Migration } from './migrations';

/** Created before any migration runs: which migrations the database has. */
export const POSTGRES_SCHEMA_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/**
 * Every migration of the PostgreSQL ledger, oldest first.
 *
 * @example
 * ```ts
 * postgresMigrations.length; // the schema version a new database gets
 * ```
 */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'terminals, accounts, transactions, reversals, settlements, uploads, ledger_sequence',
    statements: [
      `CREATE TABLE terminals (
        tid TEXT PRIMARY KEY,
        batch TEXT NOT NULL,
        signed_on BOOLEAN NOT NULL,
        working_keys TEXT NOT NULL,
        key_scheme TEXT NOT NULL,
        key_generation INTEGER NOT NULL,
        settling_batch TEXT NOT NULL
      )`,
      `CREATE TABLE accounts (
        pan TEXT PRIMARY KEY,
        currency TEXT NOT NULL,
        available BIGINT NOT NULL,
        held BIGINT NOT NULL,
        pin_failures INTEGER NOT NULL
      )`,
      `CREATE TABLE transactions (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tid TEXT NOT NULL,
        mid TEXT NOT NULL,
        batch TEXT NOT NULL,
        stan TEXT NOT NULL,
        kind TEXT NOT NULL,
        mti TEXT NOT NULL,
        pan TEXT NOT NULL,
        amount BIGINT NOT NULL,
        currency TEXT NOT NULL,
        response_code TEXT NOT NULL,
        auth_code TEXT NOT NULL,
        rrn TEXT NOT NULL,
        local_date TEXT NOT NULL,
        local_time TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        status TEXT NOT NULL,
        original_id BIGINT REFERENCES transactions (id),
        card_class TEXT NOT NULL,
        entry_mode TEXT NOT NULL,
        digest TEXT NOT NULL,
        response BYTEA NOT NULL,
        hold BIGINT NOT NULL,
        refunded BIGINT NOT NULL
      )`,
      // Retransmissions and reversals: one financial transaction per (TID, batch, STAN); a
      // concurrent duplicate insert waits for the first and then fails, and is retried.
      'CREATE UNIQUE INDEX transactions_key ON transactions (tid, batch, stan)',
      // A batch in recorded order, and list() by terminal.
      'CREATE INDEX transactions_batch ON transactions (tid, batch, id)',
      // Originals of voids, refunds and completions: by RRN and date, by authorisation code and card.
      'CREATE INDEX transactions_rrn ON transactions (rrn, local_date)',
      'CREATE INDEX transactions_auth ON transactions (auth_code, pan)',
      'CREATE INDEX transactions_pan ON transactions (pan, id)',
      `CREATE TABLE reversals (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        stan TEXT NOT NULL,
        reason TEXT NOT NULL,
        original_id BIGINT REFERENCES transactions (id),
        recorded_at TEXT NOT NULL,
        response BYTEA NOT NULL,
        PRIMARY KEY (tid, batch, stan)
      )`,
      `CREATE TABLE settlements (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        requested TEXT NOT NULL,
        answered TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      )`,
      'CREATE INDEX settlements_tid ON settlements (tid, batch)',
      `CREATE TABLE uploads (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        code TEXT NOT NULL,
        stan TEXT NOT NULL,
        matched_id BIGINT REFERENCES transactions (id),
        recorded_at TEXT NOT NULL
      )`,
      'CREATE INDEX uploads_tid ON uploads (tid, batch)',
      // Numbers no two processes share (RRNs are made from them); never rolled back.
      'CREATE SEQUENCE ledger_sequence',
    ],
  },
  {
    version: 2,
    description: 'transactions_batch dropped: key reads use transactions_key, batch reads its prefix',
    statements: [
      // On a new schema (no statistics) the planner found (tid, batch, id) as cheap as the key
      // index for a (tid, batch, stan) lookup, and prepared statements kept that plan: every key
      // read scanned the terminal's whole batch. A batch (at most 999 rows) is read through the
      // key index's (tid, batch) prefix and sorted by id instead.
      'DROP INDEX IF EXISTS transactions_batch',
    ],
  },
];
