// The terminal engine against the host on each real ledger (SQLite, PostgreSQL): a day of
// purchases, a void, a refund, a pre-authorisation and its completion, a lost answer reversed,
// then a balanced settlement; the balances and the ledger's rows are exact on every store.
import { afterAll, describe, expect, test } from 'vitest';
import type { Ledger } from '../../../src/host/index';
import { openPostgresLedger, openSqliteLedger } from '../../../src/host/node/index';
import { swipeOf } from '../../../src/terminal/index';
import { available, CREDIT, DEBIT, ready, rig } from '../../terminal/helpers';
import { dropSchemas, freshSchema, PG_URL, skipReason } from './postgres';
import { tempDir } from './temp';

const temp = tempDir('day');
const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));

async function day(ledger: Ledger) {
  const r = await rig({ ledger });
  await ready(r);
  r.reader.present(swipeOf(DEBIT), swipeOf(DEBIT), swipeOf(DEBIT), swipeOf(DEBIT));
  r.pinPad.enter('123456', '123456', '123456');
  const p1 = (await r.terminal.purchase({ amount: 10000n })).transaction!;
  const p2 = (await r.terminal.purchase({ amount: 2000n })).transaction!;
  expect((await r.terminal.void({ voucher: p2.voucher, supervisorPassword: '654321' })).outcome).toBe('approved');
  expect((await r.terminal.refund({ amount: 3000n, originalRrn: p1.rrn, originalDate: p1.hostDate, supervisorPassword: '654321' })).outcome).toBe('approved');
  r.reader.present(swipeOf(DEBIT));
  expect((await r.terminal.purchase({ amount: 1298n })).outcome).toBe('failed'); // no answer: reversed
  r.reader.present(swipeOf(CREDIT), swipeOf(CREDIT));
  r.pinPad.enter('123456');
  const pre = (await r.terminal.preauth({ amount: 50000n })).transaction!;
  expect((await r.terminal.transaction('completion', { amount: 52000n, originalAuthCode: pre.authCode, originalDate: pre.hostDate })).outcome).toBe('approved');
  expect(await available(ledger, DEBIT.pan)).toBe(1_000_000n - 10000n + 3000n);
  expect(await available(ledger, CREDIT.pan)).toBe(5_000_000n - 52000n);
  const s = await r.terminal.settle();
  expect(s.message).toContain('balanced');
  const [settlement] = await ledger.settlements();
  expect([settlement!.answered.charAt(30), settlement!.answered.charAt(61)]).toEqual(['1', '1']);
  expect((await ledger.reversals()).map((x) => x.reason)).toEqual(['98']);
  await ledger.close();
}

describe('a POS day on the SQLite ledger', () => {
  test('balances, reversal and settlement are exact', async () => {
    await day(await openSqliteLedger(temp.file('day.db')));
  });
});

describe.skipIf(skipReason !== '')('a POS day on the PostgreSQL ledger', () => {
  test('balances, reversal and settlement are exact', async () => {
    const schema = freshSchema('day');
    schemas.push(schema);
    await day(await openPostgresLedger(PG_URL, { schema }));
  });
});
