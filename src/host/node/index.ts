/// <reference types="node" />
// The Node adapter builds with Node types even where the pure tsconfig (`"types": []`) drives the build.
/**
 * cardwire host, Node adapters: the SQLite and PostgreSQL ledgers (their drivers are optional
 * peer dependencies, loaded when a ledger is opened) and `openLedger`, which picks one from a
 * spec string. Import from `cardwire/host/node`.
 *
 * @packageDocumentation
 */

// Ledgers
export { openSqliteLedger, type SqliteLedger, type SqliteLedgerOptions } from './sqlite-ledger';
export { openPostgresLedger, type PostgresLedger, type PostgresLedgerOptions } from './postgres-ledger';
export { openLedger, parseLedgerSpec, type LedgerSpec, type OpenLedgerOptions } from './open-ledger';
