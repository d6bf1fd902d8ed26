/**
 * A POS day on loopback (`npm start`, `cardwire day`): the host simulator on a free port over an
 * SQLite ledger in a temporary folder, one terminal with a file journal talking to it over TCP,
 * and the day a UnionPay merchant has: operator log-on, sign-on with key download, purchases by
 * swipe with PIN, by chip (online ARQC / ARPC), by tap under the CVM limit and by QR code, a
 * balance inquiry, a void with the supervisor password, a refund, a pre-authorisation and its
 * completion, a host that does not answer (the reversal goes before the next transaction), an
 * unbalanced settlement with its batch upload, and the next morning's forced settlement. Each
 * step prints as a short screen: what the POS shows, the masked messages on the wire, the receipt.
 * The day ends with the host ledger's totals beside the terminal's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAmount, hex, type Clock } from '../../core/index';
import { SoftwareSecurityModule } from '../../crypto/index';
import { VirtualCard, virtualCards } from '../../emv/card/index';
import { Host, defaultHostConfig, settlementTotals, validateHostConfig, type Ledger } from '../../host/index';
import { HostServer, openLedger } from '../../host/node/index';
import {
  cupFrameKey,
  frameChannel,
  MemoryDisplay,
  MemoryPrinter,
  ScriptedCardReader,
  ScriptedKeypad,
  ScriptedScanner,
  swipeOf,
  Terminal,
  VirtualPinPad,
  type TransactionResult,
} from '../../terminal/index';
import { FileJournal } from '../../terminal/journal/file';
import { TcpClient } from '../../transport/node/index';

/** Options of {@link runPosDay}. */
export interface PosDayOptions {
  /** Where each output line goes. */
  readonly out: (line: string) => void;
  /** Screen and receipt language (default zh: Chinese with English). */
  readonly language?: 'zh' | 'en';
  /** Print the receipts (default true). */
  readonly receipts?: boolean;
  /** Keep the temporary folder (ledger and journal) instead of removing it. */
  readonly keep?: boolean;
}

/** What the day found. */
export interface PosDayResult {
  readonly steps: number;
  /** Steps whose outcome was not the one the day expects. */
  readonly unexpected: readonly string[];
  /** Batches whose host totals differ from the terminal's after settlement (0 on a good day). */
  readonly mismatches: number;
  readonly folder: string;
}

const TMK = '0123456789ABCDEFFEDCBA9876543210';
const DEBIT = { pan: '6225880000000001', expiry: '2812', serviceCode: '120', discretionary: '30900000' };
const CREDIT = { pan: '6258070000000009', expiry: '2812', serviceCode: '120', discretionary: '09200000' };
const QR_CODE = '6288000000000000011';
const SUPERVISOR = '246810';
const RULE = '─'.repeat(64);

/** A clock the day moves by hand (the business day, then the next morning). */
class DayClock implements Clock {
  #at: number;
  constructor(at: Date) {
    this.#at = at.getTime();
  }
  now(): Date {
    return new Date(this.#at);
  }
  advance(ms: number): void {
    this.#at += ms;
  }
  set(at: Date): void {
    this.#at = at.getTime();
  }
}

/**
 * Run the POS day and print it through `options.out`.
 *
 * @example
 * ```ts
 * const day = await runPosDay({ out: (l) => console.log(l) });
 * day.mismatches; // 0
 * ```
 */
export async function runPosDay(options: PosDayOptions): Promise<PosDayResult> {
  const out = options.out;
  const zh = (options.language ?? 'zh') === 'zh';
  const folder = mkdtempSync(join(tmpdir(), 'cardwire-day-'));
  // Today 10:00 in China (UTC+8), whatever the machine's zone.
  const today = new Date();
  const clock = new DayClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 2, 0, 0)));
  const ledger: Ledger = await openLedger(`sqlite:${join(folder, 'host-ledger.db')}`);
  const host = new Host({ config: validateHostConfig(defaultHostConfig), ledger, clock });
  await host.start();
  const server = new HostServer({ host });
  const bound = await server.listen(0, '127.0.0.1');
  const frame = { length: { kind: 'binary', size: 2 } } as const;
  const client = new TcpClient({ port: bound.port, frame, key: cupFrameKey, reconnect: {}, timeoutMs: 5000 });
  await client.connect();
  const sm = new SoftwareSecurityModule();
  sm.loadKey('tmk', hex(TMK), { algorithm: 'tdes', usage: 'K0' });
  const reader = new ScriptedCardReader();
  const pinPad = new VirtualPinPad(sm);
  const keypad = new ScriptedKeypad();
  const printer = new MemoryPrinter();
  const display = new MemoryDisplay();
  const scanner = new ScriptedScanner();
  const terminal = await Terminal.open({
    journal: new FileJournal(join(folder, 'terminal.journal')),
    securityModule: sm,
    channel: frameChannel(client, frame),
    cardReader: reader,
    pinPad,
    keypad,
    printer,
    display,
    scanner,
    clock,
    setup: { tid: '10000159', mid: '880210010210160', merchantName: '测试商户一', params: { hostTimeoutMs: 1500, language: zh ? 'zh' : 'en', receiptCopies: 1 } },
  });
  let wire: string[] = [];
  terminal.on((e) => {
    if (e.type === 'wire') wire.push(e.line);
  });
  const say = (c: string, e: string) => (zh ? `${c} ${e}` : e);
  const unexpected: string[] = [];
  let steps = 0;

  out(`cardwire POS day · host simulator on ${bound.address}:${bound.port} · SQLite ledger and terminal journal in ${folder}`);
  out(`terminal 10000159 / merchant 880210010210160 · ${clock.now().toISOString().slice(0, 10)}`);

  async function step<T extends TransactionResult | boolean>(title: string, expect: string, run: () => Promise<T>, describe?: (r: T) => string): Promise<T> {
    steps++;
    wire = [];
    clock.advance(4 * 60_000);
    const printed = printer.outputs.length;
    const shown = display.screens.length;
    const r = await run();
    out('');
    out(`${RULE}`);
    out(` ${steps}. ${title}`);
    out(`${RULE}`);
    const screen = display.screens.length > shown ? display.screens[display.screens.length - 1] : undefined;
    if (screen) out(`  ┌ ${screen.title}${screen.lines.length ? ` │ ${screen.lines.join(' │ ')}` : ''}`);
    for (const w of wire) out(`  ${w}`);
    const outcome = typeof r === 'boolean' ? (r ? 'ok' : 'failed') : r.outcome;
    const line = describe ? describe(r) : typeof r === 'boolean' ? outcome : `${r.outcome}${r.code ? ` ${r.code}` : ''} · ${r.message}`;
    out(`  ⇒ ${line}`);
    if (outcome !== expect) unexpected.push(`${steps}. ${title}: ${outcome} (expected ${expect})`);
    if (options.receipts !== false) {
      for (const o of printer.outputs.slice(printed)) {
        if (!('lines' in o)) continue;
        out('  ╭' + '╌'.repeat(34));
        for (const l of o.lines) out(`  ┆ ${l}`);
        out('  ╰' + '╌'.repeat(34));
      }
    }
    return r;
  }
  const amount = (r: TransactionResult) => (r.transaction ? formatAmount(BigInt(r.transaction.amount), '156') : '');
  const voucherLine = (r: TransactionResult) => `${r.outcome}${r.code ? ` ${r.code}` : ''} · ${amount(r)} · voucher ${r.transaction?.voucher ?? '-'} · auth ${r.transaction?.authCode || '-'} · RRN ${r.transaction?.rrn || '-'}`;

  try {
    await step(say('操作员签到', 'Operator log-on') + ' (01)', 'approved', () => terminal.logon('01', '0000'));
    await step(say('修改主管密码', 'Change the supervisor password') + ' (first use)', 'approved', () => terminal.changeSupervisorPassword('123456', SUPERVISOR));
    await step(say('签到', 'Sign-on') + ' · key download 60.3 003 (PIK, MAK under the TMK, check values)', 'approved', () => terminal.signOn());

    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    const swipe = await step(say('消费', 'Sale') + ' · swipe + online PIN · 6225 88** **** 0001', 'approved', () => terminal.purchase({ amount: 128_00n }), voucherLine);

    const chipCard = new VirtualCard(virtualCards['up-debit'], { seed: 1 });
    reader.present({ method: 'insert', transmit: chipCard.transmit });
    pinPad.enter('123456');
    await step(say('消费', 'Sale') + ' · chip inserted (UnionPay debit, CVN 01: ARQC verified, ARPC checked by the card) + PIN', 'approved', () => terminal.purchase({ amount: 520_00n }), (r) => `${voucherLine(r)} · TC ${r.transaction?.chip?.finalCryptogram ?? '-'}`);

    const tapCard = new VirtualCard(virtualCards['up-credit'], { seed: 2, interface: 'contactless' });
    reader.present({ method: 'tap', transmit: tapCard.transmit });
    await step(say('消费', 'Sale') + ' · tap under the CVM limit, no PIN (qPBOC, UnionPay credit)', 'approved', () => terminal.purchase({ amount: 66_00n }), voucherLine);

    scanner.queue(QR_CODE);
    await step(say('扫码消费', 'Sale') + ' · QR payment code (付款码)', 'approved', () => terminal.purchase({ amount: 35_00n, methods: ['qr'] }), voucherLine);

    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    await step(say('余额查询', 'Balance inquiry') + ' · DE 54', 'approved', () => terminal.balance(), (r) => `${r.outcome} · ${r.message}`);

    reader.present(swipeOf(DEBIT));
    await step(say('消费撤销', 'Void') + ` · voucher ${swipe.transaction?.voucher} with the supervisor password`, 'approved', () => terminal.void({ voucher: swipe.transaction!.voucher, supervisorPassword: SUPERVISOR }), voucherLine);

    reader.present(swipeOf(CREDIT));
    pinPad.enter('123456');
    const credit = await step(say('消费', 'Sale') + ' · swipe, credit card 6258 07** **** 0009', 'approved', () => terminal.purchase({ amount: 300_00n }), voucherLine);
    reader.present(swipeOf(CREDIT));
    await step(say('退货', 'Refund') + ` · 80.00 of RRN ${credit.transaction?.rrn} (0220, supervisor password)`, 'approved', () =>
      terminal.refund({ amount: 80_00n, originalRrn: credit.transaction!.rrn, originalDate: credit.transaction!.hostDate, supervisorPassword: SUPERVISOR }), voucherLine);

    reader.present(swipeOf(CREDIT));
    pinPad.enter('123456');
    const pre = await step(say('预授权', 'Pre-authorisation') + ' · 1,000.00 held', 'approved', () => terminal.preauth({ amount: 1000_00n }), voucherLine);
    reader.present(swipeOf(CREDIT));
    await step(say('预授权完成', 'Completion') + ` · 860.00 against auth ${pre.transaction?.authCode}`, 'approved', () =>
      terminal.transaction('completion', { amount: 860_00n, originalAuthCode: pre.transaction!.authCode, originalDate: pre.transaction!.hostDate }), voucherLine);

    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    await step(say('消费', 'Sale') + ' · 45.98: the host does not answer (a rule of its configuration) → reversal 0400 reason 98', 'failed', () => terminal.purchase({ amount: 45_98n }), (r) => `${r.outcome} · ${r.message}${terminal.state.reversal ? ' · reversal still owed' : ''}`);

    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    await step(say('消费', 'Sale') + ' · the next sale (a reversal still owed would go first; this one was delivered at once)', 'approved', () => terminal.purchase({ amount: 18_80n }), voucherLine);

    // The acquirer's back office books a charge on this terminal the terminal never saw (what an
    // unbalanced settlement looks like in the field): the totals then differ.
    const booked = (await ledger.list({ tid: '10000159', limit: 1 }))[0]!;
    await ledger.transaction(async (tx) => {
      await tx.insertTransaction({ ...booked, stan: '900001', rrn: '900000000001', digest: 'back-office adjustment', amount: 10_00n });
    });
    out('');
    out(`  (the acquirer's back office books a 10.00 charge on terminal 10000159 that the terminal never saw)`);
    const terminalBatch1 = terminal.totals().settlement;
    const batch1 = terminal.state.batch;
    await step(say('结算', 'Settlement') + ' · unbalanced → batch upload (0320 201 list, advices, 202 end)', 'approved', () => terminal.settle(), (r) => `${r.outcome} · ${r.message}`);

    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    clock.advance(10 * 3600_000); // 20:00
    await step(say('消费', 'Sale') + ' · 20:00, after settlement: a new batch', 'approved', () => terminal.purchase({ amount: 99_00n }), voucherLine);

    clock.advance(13 * 3600_000); // 09:00 the next morning
    reader.present(swipeOf(DEBIT));
    pinPad.enter('123456');
    await step(say('次日 消费', 'Next morning: sale') + ' · refused: yesterday\'s batch must be settled first (隔日强制结算)', 'refused', () => terminal.purchase({ amount: 12_00n }), (r) => `${r.outcome} · ${r.refusal} · ${r.message}`);
    const terminalBatch2 = terminal.totals().settlement;
    const batch2 = terminal.state.batch;
    await step(say('强制结算', 'Forced settlement'), 'approved', () => terminal.settle(), (r) => `${r.outcome} · ${r.message}`);

    // Host ledger totals beside the terminal's.
    out('');
    out(RULE);
    out(` ${say('对账', 'Totals')}: host ledger (SQLite) beside the terminal, per batch`);
    out(RULE);
    let mismatches = 0;
    const rows: [string, string, string, string][] = [];
    for (const [batch, term, lostCharge] of [[batch1, terminalBatch1, true], [batch2, terminalBatch2, false]] as const) {
      const hostTotals = settlementTotals(await ledger.list({ tid: '10000159', batch, limit: 100_000 }));
      const h = hostTotals.domestic;
      const t = term.domestic;
      const same = h.debitCount === t.debitCount && h.debitAmount === t.debitAmount && h.creditCount === t.creditCount && h.creditAmount === t.creditAmount;
      // Batch 1 must differ by exactly the back office's charge; batch 2 must match.
      const explained = lostCharge ? h.debitCount === t.debitCount + 1 && h.debitAmount === t.debitAmount + 10_00n && h.creditCount === t.creditCount && h.creditAmount === t.creditAmount : same;
      if (!explained) mismatches++;
      rows.push([
        `batch ${batch}`,
        `debit ${h.debitCount} / ${formatAmount(h.debitAmount, '156')}, credit ${h.creditCount} / ${formatAmount(h.creditAmount, '156')}`,
        `debit ${t.debitCount} / ${formatAmount(t.debitAmount, '156')}, credit ${t.creditCount} / ${formatAmount(t.creditAmount, '156')}`,
        same ? 'balanced' : lostCharge && explained ? 'unbalanced by the back-office 10.00 (uploaded)' : 'MISMATCH',
      ]);
    }
    out(`  ${'batch'.padEnd(13)} ${'host ledger'.padEnd(36)} ${'terminal'.padEnd(36)} result`);
    for (const [b, h, t, res] of rows) out(`  ${b.padEnd(13)} ${h.padEnd(36)} ${t.padEnd(36)} ${res}`);
    const uploads = await ledger.uploads();
    out(`  batch upload on the host: ${uploads.length} items (${[...new Set(uploads.map((u) => u.code))].join(', ')})`);
    out('');
    out(unexpected.length === 0 && mismatches === 0 ? `day complete: ${steps} steps, every outcome as expected, host and terminal agree` : `day finished with problems: ${[...unexpected, ...(mismatches ? [`${mismatches} batch total mismatches`] : [])].join('; ')}`);
    return { steps, unexpected, mismatches, folder };
  } finally {
    await client.close();
    await server.close({ drainTimeoutMs: 1000 });
    await ledger.close();
    if (!options.keep) rmSync(folder, { recursive: true, force: true });
  }
}
