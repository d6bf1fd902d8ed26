// cardwire pos --script against cardwire's host over TCP (Host + HostServer in-process on port 0):
// operator log-on, sign-on, purchases by swipe (approved, and declined 51 by the host's x.51
// rule), void by voucher with the supervisor password, balance, settlement, reprint; the journal
// on a file, so a second run continues the batch. Results are one JSON line each, PANs masked.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { captureIo } from '../cli/io';
import { liveHost } from '../helpers/live-host';

const dir = mkdtempSync(join(tmpdir(), 'cardwire-pos-script-'));
const live = liveHost();
const { ledger } = live;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  line: number;
  action: string;
  outcome: string;
  responseCode: string | null;
  message: string;
  stan: string | null;
  voucher: string | null;
  rrn: string | null;
  authCode: string | null;
  amount: string | null;
  pan: string | null;
  balance?: string;
  refusal?: string;
  expected?: boolean;
  receipt?: string[];
}

async function script(lines: readonly unknown[], extra: readonly string[] = [], name = 'pos.cwj'): Promise<{ code: number; results: Result[]; stderr: string; stdout: string }> {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  const io = captureIo();
  const code = await main(['pos', '--script', file, '--connect', `127.0.0.1:${live.port}`, '--journal', join(dir, name), '--lang', 'en', ...extra], io);
  return { code, results: io.stdout.map((l) => JSON.parse(l) as Result), stderr: io.stderr.join(''), stdout: io.text() };
}

describe('cardwire pos --script', () => {
  test('sign-on, purchases (approved, declined 51), void, balance, settlement over TCP', async () => {
    const receipts = join(dir, 'receipts');
    const run = await script(
      [
        { action: 'logon', operator: '01', password: '0000', expect: 'approved' },
        { action: 'changeSupervisorPassword', old: '123456', new: '654321' },
        { action: 'signOn', expect: 'approved' },
        '# a purchase by swipe, with the receipt in the result',
        { action: 'purchase', amount: '12.34', card: 'mag-debit', entry: 'swipe', pin: '123456', receipt: true, expect: 'approved' },
        { action: 'purchase', amount: '20.51', card: 'mag-debit', entry: 'swipe', pin: '123456', expect: 'declined' },
        { action: 'purchase', amount: '8.00', card: 'mag-credit', expect: 'approved' },
        { action: 'void', voucher: '000004', supervisorPassword: '654321', expect: 'approved' },
        { action: 'balance', card: 'mag-debit', pin: '123456', expect: 'approved' },
        { action: 'reprint' },
        { action: 'settlement', expect: 'approved' },
      ],
      ['--receipts', receipts],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [logon, , signOn, sale, declined, credit, voided, balance, reprint, settlement] = run.results;
    expect(logon).toMatchObject({ line: 1, action: 'logon', outcome: 'approved', expected: true });
    expect(signOn).toMatchObject({ line: 3, action: 'signOn', outcome: 'approved', responseCode: '00' });
    expect(sale).toMatchObject({ line: 5, action: 'purchase', outcome: 'approved', responseCode: '00', amount: '12.34', pan: '622588******0001', expected: true });
    expect(sale!.voucher).toMatch(/^\d{6}$/);
    expect(sale!.stan).toBe(sale!.voucher);
    expect(sale!.rrn).toMatch(/^\d{12}$/);
    expect(sale!.authCode).toMatch(/^\w{6}$/);
    expect(sale!.receipt!.join('\n')).toContain('622588******0001');
    expect(declined).toMatchObject({ line: 6, outcome: 'declined', responseCode: '51', amount: '20.51', expected: true });
    expect(credit).toMatchObject({ outcome: 'approved', pan: '625807******0009', amount: '8.00' });
    expect(credit!.voucher).toBe('000004');
    expect(voided).toMatchObject({ action: 'void', outcome: 'approved', responseCode: '00', amount: '8.00', pan: '625807******0009' });
    expect(balance).toMatchObject({ action: 'balance', outcome: 'approved', responseCode: '00', voucher: null });
    expect(balance!.balance).toMatch(/^\d+\.\d\d$/);
    expect(reprint).toMatchObject({ action: 'reprint', outcome: 'approved' });
    expect(settlement).toMatchObject({ action: 'settlement', outcome: 'approved', responseCode: '00' });
    // The ledger agrees: the purchase approved, the declined one recorded as 51.
    const rows = await ledger.list({ tid: '10000159', limit: 100 });
    expect(rows.some((r) => r.kind === 'purchase' && r.amount === 1234n && r.responseCode === '00')).toBe(true);
    expect(rows.some((r) => r.responseCode === '51' && r.amount === 2051n)).toBe(true);
    // Nothing sensitive in the output: no full PAN, no PIN, no track.
    expect(run.stdout).not.toContain('6225880000000001');
    expect(run.stdout).not.toContain('=2812');
    // The receipts were saved, one file per slip.
    const files = readdirSync(receipts).sort();
    expect(files.some((f) => /^\d{6}-purchase-\d{6}-1\.txt$/.test(f))).toBe(true);
    expect(files.some((f) => /-settlement-1\.txt$/.test(f))).toBe(true);
    expect(readFileSync(join(receipts, files.find((f) => f.includes('-purchase-'))!), 'utf8')).toContain('622588******0001');
  }, 60_000);

  test('a restart continues on the same journal: the batch and the operator are kept', async () => {
    const first = await script([{ action: 'logon', operator: '01', password: '0000' }, { action: 'signOn' }, { action: 'purchase', amount: '3.00', card: 'mag-debit' }], [], 'restart.cwj');
    expect(first.results.map((r) => r.outcome)).toEqual(['approved', 'approved', 'approved']);
    const second = await script([{ action: 'purchase', amount: '4.00', card: 'mag-debit' }, { action: 'transactionList', receipt: true }], [], 'restart.cwj');
    expect(second.results[0]).toMatchObject({ outcome: 'approved', amount: '4.00' });
    expect(Number(second.results[0]!.voucher)).toBeGreaterThan(Number(first.results[2]!.voucher));
    expect(second.results[1]!.message).toBe('2 transactions');
  }, 60_000);

  test('an "expect" not met makes the exit code 1; a refusal says why', async () => {
    const run = await script([{ action: 'purchase', amount: '1.00', card: 'mag-debit', expect: 'approved' }], [], 'fresh.cwj');
    expect(run.code).toBe(1);
    expect(run.results[0]).toMatchObject({ outcome: 'refused', refusal: 'not-logged-on', expected: false });
  });

  test.each([
    [['{"action":"signOn"}', '{not json}'], /line 2: not JSON/],
    [['{"action":"signOn"}', '', '{"action":"fly"}'], /line 3: unknown action 'fly'/],
    [['{"action":"purchase","card":"mag-debit"}'], /line 1: purchase needs amount/],
    [['{"action":"purchase","amount":"1.234","card":"mag-debit"}'], /line 1: amount is decimal text/],
    [['{"action":"purchase","amount":"1.00","card":"nope"}'], /line 1: card is one of mag-debit/],
    [['{"action":"purchase","amount":"1.00","card":"mag-debit","entry":"tap"}'], /line 1: the card mag-debit is presented by swipe, qr, not tap/],
    [['[', '  {"action":"signOn"},', '  {"action":"nope"}', ']'], /line 3: unknown action 'nope'/],
    [['{"action":"signOn","colour":"red"}'], /line 1: unknown field 'colour'/],
  ])('script mistakes are usage errors naming the line: %j', async (lines, message) => {
    const run = await script(lines, [], 'never.cwj');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.results).toEqual([]);
  });

  test('--connect must be HOST:PORT (the browser POS, --web, is test/cli/pos-web.test.ts)', async () => {
    const bad = captureIo();
    expect(await main(['pos', '--connect', 'localhost'], bad)).toBe(2);
    expect(bad.stderr[0]).toContain('--connect is HOST:PORT');
  });
});
