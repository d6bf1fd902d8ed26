// Durable ledger transactions per second with 64 in flight: a realistic purchase (lock the
// terminal, lock the account, check the retransmission key, record the transaction, debit the
// account) from 64 terminals over 10,000 cards. SQLite: group commit on a file in the temporary
// folder. PostgreSQL (the server CARDWIRE_TEST_PG names; skipped without): one pool of 16, and two
// pools of 16 as two host processes would hold. Each bench iteration is ROUND purchases; the
// purchases per second over all iterations are printed after each scenario (vitest's hz column
// counts rounds). Results are recorded in docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import type { Ledger, LedgerAccount, LedgerTerminal } from '../src/host/index';
import { built, type HostNode } from './built';

const { openSqliteLedger, openPostgresLedger } = built<HostNode>('/host/node');

const IN_FLIGHT = 64;
const ROUND = 4096;
const CARDS = 10_000;
const pans = Array.from({ length: CARDS }, (_, i) => `62258800${String(i).padStart(8, '0')}`);
const accounts: LedgerAccount[] = pans.map((pan) => ({ pan, currency: '156', available: 10n ** 15n, held: 0n, pinFailures: 0 }));
const terminals: LedgerTerminal[] = Array.from({ length: IN_FLIGHT }, (_, i) => ({
  tid: `2000${String(i).padStart(4, '0')}`, batch: '000001', signedOn: true, workingKeys: '', keyScheme: '003', keyGeneration: 1, settlingBatch: '',
}));
const response = new Uint8Array(120).fill(0x30);
let stanSeed = 0;

function purchase(ledger: Ledger, terminal: LedgerTerminal, stan: string, pan: string): Promise<string> {
  return ledger.transaction(async (tx) => {
    const t = await tx.terminal(terminal.tid);
    const a = await tx.account(pan);
    if (!t || !a) return '14';
    const batch = `${t.batch}${stan.slice(0, 2)}`; // a fresh batch per round keeps (TID, batch, STAN) unique
    const prior = await tx.transactionByKey(t.tid, batch, stan);
    if (prior) return prior.responseCode;
    const amount = 1_000n;
    const approved = a.available >= amount;
    await tx.insertTransaction({
      tid: t.tid, mid: '898110054110001', batch, stan, kind: 'purchase', mti: '0200', pan, amount, currency: '156',
      responseCode: approved ? '00' : '51', authCode: '123456', rrn: stan.padStart(12, '0'), localDate: '1125', localTime: '120000',
      recordedAt: '2026-11-25T12:00:00.000Z', status: approved ? 'approved' : 'declined', originalId: null, cardClass: 'domestic',
      entryMode: '051', digest: stan, response, hold: 0n, refunded: 0n,
    });
    if (approved) await tx.saveAccount({ ...a, available: a.available - amount });
    return approved ? '00' : '51';
  });
}

/** ROUND purchases, 64 in flight (one per terminal), spread over `ledgers`. */
async function round(ledgers: readonly Ledger[]): Promise<void> {
  const r = ++stanSeed;
  let next = 0;
  await Promise.all(
    terminals.map(async (t, i) => {
      const ledger = ledgers[i % ledgers.length]!;
      for (let n = next++; n < ROUND; n = next++) {
        const stan = `${String(r % 100).padStart(2, '0')}${String(n).padStart(4, '0')}`;
        const code = await purchase(ledger, t, stan, pans[(n * 7919 + r) % CARDS]!);
        if (code !== '00') throw new Error(`purchase answered ${code}`);
      }
    }),
  );
}

/**
 * A scenario's bench function and options. vitest calls `teardown` after the warm-up and after
 * the measured iterations (it runs no afterAll hook in bench mode): the second prints the
 * purchases per second of the measured rounds, then runs `done`.
 */
function scenario(name: string, ledgers: () => readonly Ledger[], done: () => Promise<void> = async () => undefined) {
  let purchases = 0;
  let ms = 0;
  let teardowns = 0;
  const fn = async () => {
    const t0 = performance.now();
    await round(ledgers());
    ms += performance.now() - t0;
    purchases += ROUND;
  };
  const teardown = async () => {
    if (++teardowns === 2) {
      console.log(`${name}: ${Math.round((purchases / ms) * 1000).toLocaleString('en')} durable purchases/s (${purchases} in ${Math.round(ms)} ms, ${IN_FLIGHT} in flight)`);
      await done();
    }
    purchases = 0;
    ms = 0;
  };
  return [fn, { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0, teardown }] as const;
}

describe('SQLite ledger (group commit, WAL, synchronous FULL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardwire-bench-'));
  const ledger = await openSqliteLedger(join(dir, 'bench.db'));
  await ledger.seed(accounts, terminals);
  bench(
    `${ROUND} purchases, ${IN_FLIGHT} in flight`,
    ...scenario('SQLite', () => [ledger], async () => {
      const { commits, transactions } = ledger.stats;
      console.log(`SQLite: ${transactions} transactions in ${commits} commits (${(transactions / commits).toFixed(1)} a group)`);
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    }),
  );
});

const pg = process.env['CARDWIRE_TEST_PG'] ?? '';
describe.skipIf(pg === '')(`PostgreSQL ledger${pg === '' ? ' (skipped: CARDWIRE_TEST_PG is not set)' : ''}`, async () => {
  if (pg === '') return;
  const schema = 'cardwire_bench';
  const { default: Pg } = await import('pg');
  const sql = async (text: string) => {
    const c = new Pg.Client({ connectionString: pg });
    await c.connect();
    await c.query(text);
    await c.end();
  };
  await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const one = await openPostgresLedger(pg, { schema, poolSize: 16 });
  const two = [await openPostgresLedger(pg, { schema, poolSize: 16 }), await openPostgresLedger(pg, { schema, poolSize: 16 })];
  await one.seed(accounts, terminals);
  bench(`${ROUND} purchases, ${IN_FLIGHT} in flight, one pool of 16`, ...scenario('PostgreSQL, one pool of 16', () => [one]));
  bench(
    `${ROUND} purchases, ${IN_FLIGHT} in flight, two pools of 16 (two processes)`,
    ...scenario('PostgreSQL, two pools of 16', () => two, async () => {
      console.log(`PostgreSQL: ${[one, ...two].reduce((n, l) => n + l.stats.retries, 0)} reruns after conflicts`);
      for (const l of [one, ...two]) await l.close();
      await sql(`DROP SCHEMA ${schema} CASCADE`);
    }),
  );
});
