/**
 * Schema migrations of the database ledgers. A database records the versions applied in its
 * `schema_version` table; opening it applies, in order and in one transaction, the migrations
 * above its version. A migration, once released, is never edited: a change is a new migration.
 */
import { CardwireError } from '../../core/index';

/** One step of a ledger schema. */
export interface Migration {
  /** 1, 2, 3, … with no gap. */
  readonly version: number;
  /** What it changes, for the `schema_version` table. */
  readonly description: string;
  /** Statements run in order. */
  readonly statements: readonly string[];
}

/**
 * The migrations a database at `current` still needs; a database newer than the newest
 * migration is refused (an older cardwire would misread it), as is a list with a gap.
 *
 * @example
 * ```ts
 * pendingMigrations(1, sqliteMigrations, 'SQLite'); // [] once migration 1 is applied
 * pendingMigrations(7, sqliteMigrations, 'SQLite'); // throws HOST_LEDGER_UNAVAILABLE
 * ```
 */
export function pendingMigrations(current: number, migrations: readonly Migration[], database: string): readonly Migration[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new CardwireError('INVALID_ARGUMENT', `migration ${i + 1} is numbered ${m.version}`, { path: `migrations[${i}]` });
  });
  const newest = migrations.length;
  if (current > newest) {
    throw new CardwireError(
      'HOST_LEDGER_UNAVAILABLE',
      `the ${database} ledger has schema version ${current}, newer than this cardwire knows (${newest}): open it with the cardwire that created it, or a newer one`,
      { path: 'ledger.schema_version' },
    );
  }
  return migrations.slice(current);
}
