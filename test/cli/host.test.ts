// `cardwire host` as a user runs it: a child process (the CLI bundled from source), a terminal
// over TCP signing on and buying, SIGTERM, then `cardwire host ledger …` on the same SQLite file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/index';
import { cupFrameKey, frameChannel, MemoryJournal, MemoryPrinter, ScriptedCardReader, ScriptedKeypad, swipeOf, Terminal, VirtualPinPad } from '../../src/terminal/index';
import { TcpClient } from '../../src/transport/node/index';
import { dialect } from '../../src/iso8583/index';
import { main } from '../../src/cli/main';
import { bundle } from '../helpers/child';
import { captureIo } from './io';

const dir = mkdtempSync(join(tmpdir(), 'cardwire-cli-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startHost(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; port: number; lines: string[]; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [bundle('src/cli/main.ts'), 'host', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${err}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        const m = /^cardwire host listening on 127\.0\.0\.1:(\d+)$/.exec(lines[0] ?? '');
        if (m && lines.length === 1) {
          clearTimeout(timer);
          resolve({ child, port: Number(m[1]), lines, stderr: () => err, exit });
        }
      }
    });
    child.on('error', reject);
  });
}

/** One request in a 2-byte length frame on a raw socket; resolves with the answer's payload. */
function exchange(port: number, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([head, payload]));
    });
    let got = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
        socket.end();
        resolve(new Uint8Array(got.subarray(2, 2 + got.readUInt16BE(0))));
      }
    });
    socket.on('error', reject);
  });
}

async function terminalAt(port: number) {
  const frame = { length: { kind: 'binary', size: 2 } } as const;
  const client = new TcpClient({ port, frame, key: cupFrameKey, reconnect: false, timeoutMs: 5000 });
  await client.connect();
  const sm = new SoftwareSecurityModule();
  sm.loadKey('tmk', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'K0' });
  const reader = new ScriptedCardReader();
  const pinPad = new VirtualPinPad(sm);
  const terminal = await Terminal.open({
    journal: new MemoryJournal(),
    securityModule: sm,
    channel: frameChannel(client, frame),
    cardReader: reader,
    pinPad,
    keypad: new ScriptedKeypad(),
    printer: new MemoryPrinter(),
    setup: { tid: '10000159', mid: '880210010210160', merchantName: 'cli test' },
  });
  return { terminal, reader, pinPad, close: () => client.close() };
}

describe('cardwire host', () => {
  test('listens, answers a terminal over TCP, logs masked lines, stops on SIGTERM; the ledger commands read the same file', async () => {
    const db = join(dir, 'host.db');
    const h = await startHost(['--port', '0', '--ledger', `sqlite:${db}`]);
    const t = await terminalAt(h.port);
    await t.terminal.logon('01', '0000');
    expect((await t.terminal.signOn()).outcome).toBe('approved');
    t.reader.present(swipeOf({ pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' }));
    t.pinPad.enter('123456');
    const p = await t.terminal.purchase({ amount: 12_34n });
    expect(p.outcome).toBe('approved');
    await t.close();
    h.child.kill('SIGTERM');
    expect(await h.exit).toBe(0);
    expect(h.stderr()).toContain('cardwire host stopped (SIGTERM)');
    const log = h.lines.slice(1).join('\n');
    expect(log).toMatch(/0800 .*10000159/);
    expect(log).toMatch(/0200 .*10000159.*12\.34.* 00 /);
    expect(log).not.toContain('6225880000000001');

    const list = captureIo();
    expect(await main(['host', 'ledger', 'list', '--ledger', `sqlite:${db}`, '--json'], list)).toBe(0);
    const rows = list.stdout.map((l) => JSON.parse(l) as { kind: string; pan: string; responseCode: string; amount: string });
    const purchase = rows.find((r) => r.kind === 'purchase')!;
    expect(purchase).toMatchObject({ pan: '622588******0001', responseCode: '00', amount: '12.34' });

    const totals = captureIo();
    expect(await main(['host', 'ledger', 'totals', '--ledger', `sqlite:${db}`, '--json'], totals)).toBe(0);
    expect(JSON.parse(totals.stdout[0]!)).toMatchObject({ tid: '10000159', domestic: { debitCount: 1, debitAmount: '12.34' } });

    const csv = captureIo();
    expect(await main(['host', 'ledger', 'export', '--ledger', `sqlite:${db}`], csv)).toBe(0);
    expect(csv.stdout[0]).toBe('recordedAt,tid,batch,stan,kind,mti,pan,amount,currency,responseCode,status,authCode,rrn,cardClass,entryMode');
    expect(csv.text()).toContain('622588******0001');
    expect(csv.text()).not.toContain('6225880000000001');
  }, 60_000);

  test('--dialect iso87ascii answers an ISO 87 ASCII sign-on', async () => {
    const h = await startHost(['--port', '0', '--ledger', 'memory', '--dialect', 'iso87ascii', '--json']);
    try {
      const codec = dialect('iso87ascii').codec;
      const req = codec.create('0800').set(7, '1207103000').set(11, '000001').set(41, '10000159').set(42, '880210010210160').set(70, '001').pack();
      const answer = await exchange(h.port, req);
      const a = codec.unpack(answer);
      expect([a.mti, a.get(39), a.get(70)]).toEqual(['0810', '00', '001']);
      expect(String(a.get(48))).toMatch(/^[0-9A-F]{80}$/);
    } finally {
      h.child.kill('SIGTERM');
      expect(await h.exit).toBe(0);
    }
    const entry = JSON.parse(h.lines[1]!) as { mti: string; code: string };
    expect(entry).toMatchObject({ mti: '0800', code: '00' });
  }, 60_000);

  test('--print-config prints the default configuration; bad options are usage errors', async () => {
    const io = captureIo();
    expect(await main(['host', '--print-config'], io)).toBe(0);
    const config = JSON.parse(io.text()) as { terminals: { tid: string }[] };
    expect(config.terminals.map((t) => t.tid)).toContain('10000159');
    const bad = captureIo();
    expect(await main(['host', '--port', '70000'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toContain('--port must be 0..65535');
    const sub = captureIo();
    expect(await main(['host', 'ledger', 'frob', '--ledger', 'memory'], sub)).toBe(2);
  });
});
