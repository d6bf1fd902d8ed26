/**
 * A ledger from one string, as the host's configuration and command line give it:
 * `memory`, `sqlite:FILE` (or a bare path ending .db, .sqlite or .sqlite3), or a PostgreSQL
 * connection string (`postgres://…`, `postgresql://…`).
 */
import { CardwireError } from '../../core/index';
import { MemoryLedger, type Ledger } from '../index';
import { openPostgresLedger, type PostgresLedgerOptions } from './postgres-ledger';
import { openSqliteLedger, type SqliteLedgerOptions } from './sqlite-ledger';

/** What a ledger spec names. */
export type LedgerSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string };

/** Options of {@link openLedger}, passed to the adapter the spec names. */
export interface OpenLedgerOptions {
  readonly sqlite?: SqliteLedgerOptions;
  readonly postgres?: PostgresLedgerOptions;
}

const EXPECTED = 'memory, sqlite:FILE, a path ending .db, .sqlite or .sqlite3, or a postgres:// or postgresql:// connection string';

/**
 * Parse a ledger spec; anything else is `HOST_CONFIG_INVALID` at `ledger` (the spec itself is not
 * quoted: a connection string may hold a password).
 *
 * @example
 * ```ts
 * parseLedgerSpec('sqlite:/var/lib/cardwire/host.db'); // { kind: 'sqlite', path: '/var/lib/cardwire/host.db' }
 * parseLedgerSpec('host.db'); // { kind: 'sqlite', path: 'host.db' }
 * parseLedgerSpec('postgresql://host@db.example/cardwire'); // { kind: 'postgres', connectionString: … }
 * parseLedgerSpec('mysql://db'); // throws HOST_CONFIG_INVALID
 * ```
 */
export function parseLedgerSpec(spec: string): LedgerSpec {
  if (spec === 'memory') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\/./.test(spec)) return { kind: 'postgres', connectionString: spec };
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path !== '') return { kind: 'sqlite', path };
  } else if (/^[^:]+\.(db|sqlite3?)$/i.test(spec) || /^[A-Za-z]:[\\/][^:]*\.(db|sqlite3?)$/i.test(spec)) {
    return { kind: 'sqlite', path: spec };
  }
  throw new CardwireError('HOST_CONFIG_INVALID', `expected ${EXPECTED}`, { path: 'ledger' });
}

/**
 * Open the ledger a spec names. SQLite and PostgreSQL load their optional driver package, and
 * throw `HOST_LEDGER_UNAVAILABLE` naming it when it is not installed.
 *
 * @example
 * ```ts
 * const ledger = await openLedger('sqlite:host.db');
 * ledger.kind; // 'sqlite'
 * await ledger.close();
 * ```
 */
export async function openLedger(spec: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const parsed = parseLedgerSpec(spec);
  switch (parsed.kind) {
    case 'memory':
      return new MemoryLedger();
    case 'sqlite':
      return openSqliteLedger(parsed.path, options.sqlite);
    case 'postgres':
      return openPostgresLedger(parsed.connectionString, options.postgres);
    default: {
      const never: never = parsed;
      return never;
    }
  }
}
