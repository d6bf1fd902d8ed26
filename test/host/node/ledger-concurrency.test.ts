// Many concurrent debits of one account, more than it holds: each transaction reads the balance,
// checks funds, writes the balance less the amount and records the transaction (approved or
// declined). Whatever the order, the ledger must end exact: final = opening − Σ approved, never
// negative, as many approved rows as approved answers. On PostgreSQL the same runs from two
// ledgers (two pools), as two host processes would.
import { afterAll, describe, expect, test } from 'vitest';
import type { Ledger } from '../../../src/host/index';
import { openPostgresLedger, openSqliteLedger } from '../../../src/host/node/index';
import { account, PAN, terminal, transaction } from '../ledger-contract';
import { dropSchemas, freshSchema, PG_URL, skipReason } from './postgres';
import { tempDir } from './temp';

const OPENING = 100_000n;
const TERMINALS = Array.from({ length: 8 }, (_, i) => `1000${String(i).padStart(4, '0')}`);
const turn = () => new Promise<void>((r) => setImmediate(r));

/** One purchase of `amount` from terminal `tid` with STAN `stan`; resolves to its response code. */
function debit(ledger: Ledger, tid: string, stan: string, amount: bigint): Promise<'00' | '51'> {
  return ledger.transaction(async (tx) => {
    await tx.terminal(tid);
    const a = (await tx.account(PAN))!;
    await turn(); // widen the window between read and write: a lost update would show
    const approved = a.available >= amount;
    if (approved) await tx.saveAccount({ ...a, available: a.available - amount });
    await tx.insertTransaction(transaction({ tid, stan, amount, responseCode: approved ? '00' : '51', status: approved ? 'approved' : 'declined' }));
    return approved ? '00' : '51';
  });
}

/** `n` debits from `ledgers` (round robin), all in flight at once; amounts 1,000–1,999. */
async function run(ledgers: readonly Ledger[], n: number): Promise<void> {
  await ledgers[0]!.seed([account({ available: OPENING })], TERMINALS.map((tid) => terminal({ tid })));
  const amounts = Array.from({ length: n }, (_, i) => 1_000n + BigInt((i * 7919) % 1000));
  expect(amounts.reduce((s, a) => s + a, 0n)).toBeGreaterThan(OPENING);
  const codes = await Promise.all(amounts.map((amount, i) => debit(ledgers[i % ledgers.length]!, TERMINALS[i % TERMINALS.length]!, String(i + 1).padStart(6, '0'), amount)));
  const approved = amounts.filter((_, i) => codes[i] === '00');
  const declined = amounts.filter((_, i) => codes[i] === '51');
  const [final] = await ledgers[0]!.accounts();
  const rows = await ledgers[0]!.list({ limit: n + 10 });
  expect(rows).toHaveLength(n);
  expect(final!.available).toBe(OPENING - approved.reduce((s, a) => s + a, 0n));
  expect(final!.available >= 0n).toBe(true);
  expect(rows.filter((r) => r.responseCode === '00')).toHaveLength(approved.length);
  expect(rows.filter((r) => r.responseCode === '00').reduce((s, r) => s + r.amount, 0n)).toBe(OPENING - final!.available);
  // The balance only falls, so every decline saw a balance at least the final one.
  expect(declined.length).toBeGreaterThan(0);
  for (const d of declined) expect(d > final!.available).toBe(true);
  expect(approved.length).toBeGreaterThan(50);
}

describe('SqliteLedger under concurrency', () => {
  const tmp = tempDir('sqlite-concurrency');
  test('200 concurrent debits of one account: exact final balance', async () => {
    const l = await openSqliteLedger(tmp.file('debits.db'));
    await run([l], 200);
    await l.close();
  });
});

describe.skipIf(skipReason !== '')(`PostgresLedger under concurrency${skipReason === '' ? '' : ` (skipped: ${skipReason})`}`, () => {
  const created: string[] = [];
  afterAll(() => dropSchemas(created));

  test('200 concurrent debits of one account through one pool: exact final balance', async () => {
    const schema = freshSchema('debits');
    created.push(schema);
    const l = await openPostgresLedger(PG_URL, { schema, poolSize: 16 });
    await run([l], 200);
    await l.close();
  });

  test('400 concurrent debits from two ledgers (two pools, as two processes): exact final balance', async () => {
    const schema = freshSchema('debits2');
    created.push(schema);
    const a = await openPostgresLedger(PG_URL, { schema, poolSize: 8 });
    const b = await openPostgresLedger(PG_URL, { schema, poolSize: 8 });
    await run([a, b], 400);
    await a.close();
    await b.close();
  });
});
