/**
 * cardwire host: the acquirer host simulator's pure parts: its configuration and the `Ledger`
 * port with a memory ledger. The SQLite and PostgreSQL ledgers are in `cardwire/host/node`.
 *
 * @packageDocumentation
 */
export { validateHostConfig, type ValidateHostConfigOptions } from './config/validate';
export type * from './config/types';
export * from './ledger/ledger';
export { MemoryLedger } from './ledger/memory';
export { matchesQuery } from './ledger/query';
