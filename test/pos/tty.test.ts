// cardwire pos as a user runs it: the CLI bundled from source in a child process, its standard
// input a pipe (keys as typed), its output the escapes a terminal (or tmux) draws, read back
// through a character-cell screen. One purchase from log-on to the receipt, against the host
// simulator over TCP; Ctrl-C leaves with the cursor restored; a restart finds the same batch.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultHostConfig } from '../../src/host/config/default';
import { validateHostConfig } from '../../src/host/config/validate';
import { Host } from '../../src/host/host';
import { MemoryLedger } from '../../src/host/ledger/memory';
import { HostServer } from '../../src/host/node/server';
import { bundle } from '../helpers/child';
import { VirtualScreen } from './virtual-screen';

const dir = mkdtempSync(join(tmpdir(), 'cardwire-pos-tty-'));
const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger: new MemoryLedger() });
const server = new HostServer({ host });
let port = 0;
beforeAll(async () => {
  await host.start();
  ({ port } = await server.listen(0));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Pos {
  child: ChildProcessWithoutNullStreams;
  screen: VirtualScreen;
  raw: () => string;
  keys(text: string): void;
  until(text: string | RegExp): Promise<string>;
  exit: Promise<number | null>;
}

function startPos(args: string[]): Pos {
  const child = spawn(process.execPath, [bundle('src/cli/main.ts'), 'pos', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } });
  const screen = new VirtualScreen();
  let raw = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    raw += d;
    screen.write(d);
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    screen,
    raw: () => raw,
    keys: (text) => void child.stdin.write(text),
    exit,
    until: (want) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          const text = screen.text();
          if (typeof want === 'string' ? text.includes(want) : want.test(text)) return resolve(text);
          if (Date.now() - started > 15_000) return reject(new Error(`screen never showed ${String(want)}:\n${text}\nstderr: ${err}`));
          setTimeout(poll, 20);
        };
        poll();
      }),
  };
}

test('one purchase at the keyboard: log on, sign on, 1 SALE, amount, card, masked PIN, receipt', async () => {
  const journal = join(dir, 'pos.cwj');
  const receipts = join(dir, 'receipts');
  const pos = startPos(['--connect', `127.0.0.1:${port}`, '--journal', journal, '--lang', 'en', '--receipts', receipts]);
  await pos.until('Operator no.');
  // The frame: 42 columns, 18 rows, top-left.
  const lines = pos.screen.lines();
  expect(lines[0]).toBe(`+${'-'.repeat(40)}+`);
  expect(lines[17]).toBe(`+${'-'.repeat(40)}+`);
  expect(lines.slice(1, 17).every((l) => l.length === 42 && l.startsWith('|') && l.endsWith('|'))).toBe(true);
  expect(pos.raw()).not.toContain('\x1b[?1049h'); // no alternate screen
  expect(pos.raw()).not.toContain('\x1b[?1000h'); // no mouse
  pos.keys('01\r');
  await pos.until('Operator password');
  pos.keys('0000\r');
  await pos.until('Operator 01 logged on');
  pos.keys('\r');
  await pos.until('MAIN MENU');
  pos.keys('8');
  await pos.until('SIGN ON');
  pos.keys('1');
  await pos.until('Signed on');
  pos.keys('\r');
  await pos.until('MAIN MENU');
  pos.keys('1');
  await pos.until('Enter amount');
  pos.keys('1234');
  await pos.until('RMB 12.34');
  pos.keys('\r');
  await pos.until('Choose a card');
  pos.keys('1');
  await pos.until('Cardholder: enter PIN');
  pos.keys('123');
  await pos.until(/\|\s+\*\*\*\|/);
  pos.keys('456\r');
  const done = await pos.until('VOUCHER 000002');
  expect(done).toContain('APPROVED');
  expect(done).toContain('CARD 622588******0001');
  expect(pos.raw()).not.toContain('6225880000000001');
  expect(pos.raw()).not.toContain('123456');
  pos.keys('\x03');
  expect(await pos.exit).toBe(0);
  expect(pos.raw().endsWith('\x1b[?25h\n')).toBe(true);
  expect(readdirSync(receipts).sort()).toEqual(['000001-purchase-000002-1.txt', '000001-purchase-000002-2.txt']);

  // A restart on the same journal: still logged on and signed on, the batch goes on.
  const again = startPos(['--connect', `127.0.0.1:${port}`, '--journal', journal, '--lang', 'en']);
  await again.until('MAIN MENU');
  expect(again.screen.text()).toContain('10000159 OP01 BATCH000001');
  again.keys('8');
  await again.until('TRANSACTIONS');
  again.keys('4');
  await again.until(/000002 purchase\s+12\.34 approved/);
  again.child.stdin.end();
  expect(await again.exit).toBe(0);
}, 60_000);
