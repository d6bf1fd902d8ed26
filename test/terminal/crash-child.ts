// Child of the terminal crash test: one phase of a terminal's life on a file journal against a
// live host over TCP. PHASE=setup logs on and signs on; PHASE=purchase runs one purchase and, when
// KILL_AT names a step, kills itself with SIGKILL right there; PHASE=recover opens the journal
// again, sends what is owed and prints what the terminal knows.
import { hex } from '../../src/core/index';
import { SoftwareSecurityModule } from '../../src/crypto/index';
import { FileJournal } from '../../src/terminal/journal/file';
import { cupFrameKey, frameChannel, MemoryPrinter, ScriptedCardReader, ScriptedKeypad, swipeOf, Terminal, VirtualPinPad } from '../../src/terminal/index';
import { TcpClient } from '../../src/transport/node/index';

const env = process.env;
const frame = { length: { kind: 'binary', size: 2 } } as const;
const client = new TcpClient({ port: Number(env['PORT']), frame, key: cupFrameKey, reconnect: false, timeoutMs: 5000 });
await client.connect();
const sm = new SoftwareSecurityModule();
sm.loadKey('tmk', hex('0123456789ABCDEFFEDCBA9876543210'), { algorithm: 'tdes', usage: 'K0' });
const reader = new ScriptedCardReader().present(swipeOf({ pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' }));
const journal = new FileJournal(env['JOURNAL']!);
const terminal = await Terminal.open({
  journal,
  securityModule: sm,
  channel: frameChannel(client, frame),
  cardReader: reader,
  pinPad: new VirtualPinPad(sm).enter('123456'),
  keypad: new ScriptedKeypad(),
  printer: new MemoryPrinter(),
  setup: { tid: '10000159', mid: '880210010210160', merchantName: 'crash test' },
  onStep: (step) => {
    if (step === env['KILL_AT']) process.kill(process.pid, 'SIGKILL');
  },
});
const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}\n`);
switch (env['PHASE']) {
  case 'setup':
    await terminal.logon('01', '0000');
    out(await terminal.signOn());
    break;
  case 'purchase':
    out(await terminal.purchase({ amount: BigInt(env['AMOUNT'] ?? '100') }));
    break;
  case 'recover':
    await terminal.sendPendingReversal();
    out({ reversal: terminal.state.reversal ?? null, transactions: terminal.transactions().map((t) => ({ voucher: t.voucher, status: t.status, amount: t.amount })) });
    break;
}
await journal.close();
await client.close({ drainTimeoutMs: 100 });
