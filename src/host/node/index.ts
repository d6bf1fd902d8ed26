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

// The host on TCP, its log line, the configuration file
export { HostServer, UNIONPAY_PAYLOAD_FRAME, formatHostLog, type HostServerOptions } from './server';
export { loadHostConfig, HOST_LMK_VARIABLE } from './config-file';
