// The PostgreSQL server the tests use: the one CARDWIRE_TEST_PG names (a connection string;
// .ci/run starts a throwaway cluster and sets it). Without one, or when it cannot be reached,
// the PostgreSQL tests skip, and `skipReason` says why (printed once per file).
import pg from 'pg';
import { openPostgresLedger } from '../../../src/host/node/index';

export const PG_URL = process.env['CARDWIRE_TEST_PG'] ?? '';

async function probe(): Promise<string> {
  if (PG_URL === '') return 'CARDWIRE_TEST_PG is not set (it names a PostgreSQL server; .ci/run starts one)';
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return '';
  } catch (e) {
    return `the server CARDWIRE_TEST_PG names cannot be reached: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the PostgreSQL tests skip, or '' when a server is there. */
export const skipReason = await probe();
// .ci/run sets CARDWIRE_REQUIRE=postgres,chromium: there a missing server fails the run instead of skipping.
if (skipReason !== '' && (process.env['CARDWIRE_REQUIRE'] ?? '').split(',').includes('postgres')) {
  throw new Error(`CARDWIRE_REQUIRE names postgres but the PostgreSQL tests cannot run: ${skipReason}`);
}
if (skipReason !== '') console.warn(`PostgreSQL ledger tests skipped: ${skipReason}`);

let schemas = 0;
/** A schema name no other test (of any file or run) uses. */
export function freshSchema(prefix: string): string {
  return `t_${prefix}_${process.pid}_${Date.now().toString(36)}_${++schemas}`;
}

/** Drop the schemas these tests created (CASCADE: tables, indices, sequence). */
export async function dropSchemas(names: readonly string[]): Promise<void> {
  if (skipReason !== '' || names.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of names) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL ledger in a fresh schema (a pool of 4 unless the options say), its schema noted in
 * `created` for {@link dropSchemas}; `options.schema` shares one between ledgers.
 */
export function openInFreshSchema(created: string[], prefix: string, options: Parameters<typeof openPostgresLedger>[1] = {}): ReturnType<typeof openPostgresLedger> {
  const schema = options.schema ?? freshSchema(prefix);
  created.push(schema);
  return openPostgresLedger(PG_URL, { poolSize: 4, ...options, schema });
}

/** A meeting of `n`: each caller's `arrive()` resolves once all `n` have arrived (two transactions holding their first locks). */
export function meeting(n: number): { arrive(): Promise<void> } {
  let arrived = 0;
  let all!: () => void;
  const together = new Promise<void>((r) => (all = r));
  return {
    arrive() {
      if (++arrived === n) all();
      return together;
    },
  };
}
