// The crash test (issue: SQLite's discipline): a child process runs a purchase against a live
// host over TCP and is killed with SIGKILL at every step boundary — after the reversal write,
// after the send, after the answer, before and after the commit, while printing. On restart the
// engine recovers (the reversal owed is sent), and the host's ledger shows each purchase exactly
// once or not at all, with no approved charge the terminal does not know. Then the journal is cut
// at every byte offset of its last record, and the terminal still opens.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fixedClock, hex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/index';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { HostServer } from '../../src/host/node/server';
import { FileJournal } from '../../src/terminal/journal/file';
import { MemoryPrinter, ScriptedCardReader, ScriptedKeypad, Terminal, VirtualPinPad, functionChannel } from '../../src/terminal/index';
import { bundle, runChild } from '../helpers/child';

const dir = mkdtempSync(join(tmpdir(), 'cardwire-crash-'));
const journalPath = join(dir, 'pos.cwj');
const ledger = new MemoryLedger();
const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger, clock: fixedClock('2026-12-07T02:30:00Z') });
const server = new HostServer({ host });
let port = 0;
let script = '';

beforeAll(async () => {
  await host.start();
  ({ port } = await server.listen(0));
  script = bundle(new URL('./crash-child.ts', import.meta.url).pathname);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const phase = async (PHASE: string, extra: Record<string, string> = {}) => runChild(script, { PHASE, PORT: String(port), JOURNAL: journalPath, ...extra });
const PAN = '6225880000000001';

async function balance(): Promise<bigint> {
  return (await ledger.accounts()).find((a) => a.pan === PAN)!.available;
}

test('killed at every step of a purchase, the terminal recovers and the host charges it once or not at all', async () => {
  const setup = await phase('setup');
  expect(JSON.parse(setup.lines[0]!).outcome, setup.stderr).toBe('approved');
  const steps = ['reversal-written', 'sent', 'received', 'before-commit', 'committed', 'printing', 'printed', 'none'];
  let amount = 1000;
  for (const step of steps) {
    // Whole yuan: no cents that the host's rules decline (.05, .51, …) or fault (.9x).
    amount += 100;
    const before = await balance();
    const run = await phase('purchase', { KILL_AT: step, AMOUNT: String(amount) });
    expect(run.signal, `${step}: ${run.stderr}`).toBe(step === 'none' ? null : 'SIGKILL');
    const recovered = await phase('recover');
    const known = JSON.parse(recovered.lines[0]!) as { reversal: unknown; transactions: { voucher: string; status: string; amount: string }[] };
    expect(known.reversal, step).toBeNull();
    // What the terminal knows it took…
    const mine = known.transactions.filter((t) => t.amount === String(amount) && t.status === 'approved');
    // …is exactly what the host's ledger holds as charged for this amount.
    const charged = (await ledger.list({ tid: '10000159', limit: 1000 })).filter((t) => t.amount === BigInt(amount) && t.kind === 'purchase' && t.status === 'approved');
    expect(charged.length, step).toBe(mine.length);
    expect(mine.length, step).toBeLessThanOrEqual(1);
    expect(await balance(), step).toBe(before - BigInt(amount) * BigInt(mine.length));
    // Steps after the commit always leave the purchase approved; steps before it never do.
    const committed = ['committed', 'printing', 'printed', 'none'].includes(step);
    expect(mine.length, `${step}: ${JSON.stringify(known)} ${JSON.stringify(charged.map((c) => [c.stan, c.status]))}`).toBe(committed ? 1 : 0);
  }
});

test('the journal cut at every byte offset of its last record still opens', async () => {
  const whole = readFileSync(journalPath);
  // Find the last record's start by reading the records' lengths.
  let at = 8;
  let last = 8;
  while (at + 8 <= whole.length) {
    last = at;
    at += 8 + whole.readUInt32BE(at);
  }
  const sm = new SoftwareSecurityModule();
  sm.loadKey('tmk', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'K0' });
  for (let cut = last; cut <= whole.length; cut++) {
    const p = join(dir, `cut-${cut}.cwj`);
    writeFileSync(p, whole.subarray(0, cut));
    const journal = new FileJournal(p);
    const t = await Terminal.open({ journal, securityModule: sm, channel: functionChannel(async () => undefined), cardReader: new ScriptedCardReader(), pinPad: new VirtualPinPad(sm), keypad: new ScriptedKeypad(), printer: new MemoryPrinter() });
    expect(t.state.tid).toBe('10000159');
    await journal.close();
  }
});
