/**
 * The SQLite ledger's schema, as ordered migrations (docs/host.md, "Ledger", lists every table).
 * Tables are STRICT, so a column holds only its declared type; money is INTEGER (64-bit), read
 * back as bigint. No CHECK lists the transaction kinds or statuses: SQLite cannot alter a CHECK
 * in place, and the TypeScript types already close those sets.
 */
import type { Migration } from './migrations';

/** Created before any migration runs: which migrations the database has. */
export const SQLITE_SCHEMA_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/**
 * Every migration of the SQLite ledger, oldest first.
 *
 * @example
 * ```ts
 * sqliteMigrations.length; // the schema version a new database gets
 * ```
 */
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'terminals, accounts, transactions, reversals, settlements, uploads, sequences',
    statements: [
      `CREATE TABLE terminals (
        tid TEXT PRIMARY KEY,
        batch TEXT NOT NULL,
        signed_on INTEGER NOT NULL CHECK (signed_on IN (0, 1)),
        working_keys TEXT NOT NULL,
        key_scheme TEXT NOT NULL,
        key_generation INTEGER NOT NULL,
        settling_batch TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE accounts (
        pan TEXT PRIMARY KEY,
        currency TEXT NOT NULL,
        available INTEGER NOT NULL,
        held INTEGER NOT NULL,
        pin_failures INTEGER NOT NULL
      ) STRICT`,
      // id is the rowid: assigned on insert, and the order transactions were recorded in.
      `CREATE TABLE transactions (
        id INTEGER PRIMARY KEY,
        tid TEXT NOT NULL,
        mid TEXT NOT NULL,
        batch TEXT NOT NULL,
        stan TEXT NOT NULL,
        kind TEXT NOT NULL,
        mti TEXT NOT NULL,
        pan TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        response_code TEXT NOT NULL,
        auth_code TEXT NOT NULL,
        rrn TEXT NOT NULL,
        local_date TEXT NOT NULL,
        local_time TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        status TEXT NOT NULL,
        original_id INTEGER REFERENCES transactions (id),
        card_class TEXT NOT NULL,
        entry_mode TEXT NOT NULL,
        digest TEXT NOT NULL,
        response BLOB NOT NULL,
        hold INTEGER NOT NULL,
        refunded INTEGER NOT NULL
      ) STRICT`,
      // Retransmissions and reversals: one financial transaction per (TID, batch, STAN).
      'CREATE UNIQUE INDEX transactions_key ON transactions (tid, batch, stan)',
      // A batch in recorded order (an index ends with the rowid), and list() by terminal.
      'CREATE INDEX transactions_batch ON transactions (tid, batch)',
      // Originals of voids, refunds and completions: by RRN and date, by authorisation code and card.
      'CREATE INDEX transactions_rrn ON transactions (rrn, local_date)',
      'CREATE INDEX transactions_auth ON transactions (auth_code, pan)',
      'CREATE INDEX transactions_pan ON transactions (pan)',
      `CREATE TABLE reversals (
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        stan TEXT NOT NULL,
        reason TEXT NOT NULL,
        original_id INTEGER REFERENCES transactions (id),
        recorded_at TEXT NOT NULL,
        response BLOB NOT NULL,
        PRIMARY KEY (tid, batch, stan)
      ) STRICT`,
      `CREATE TABLE settlements (
        id INTEGER PRIMARY KEY,
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        requested TEXT NOT NULL,
        answered TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX settlements_tid ON settlements (tid, batch)',
      `CREATE TABLE uploads (
        id INTEGER PRIMARY KEY,
        tid TEXT NOT NULL,
        batch TEXT NOT NULL,
        code TEXT NOT NULL,
        stan TEXT NOT NULL,
        matched_id INTEGER REFERENCES transactions (id),
        recorded_at TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX uploads_tid ON uploads (tid, batch)',
      `CREATE TABLE sequences (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT`,
      "INSERT INTO sequences (name, value) VALUES ('ledger', 0)",
    ],
  },
];
