// Printing through the engine, against the host simulator: the copies a purchase prints, text at
// the printer's width or ESC/POS bytes, a reprint, the settlement receipt and the transaction list.
import { describe, expect, test } from 'vitest';
import { encodeAscii, fixedClock, toHex } from '../../../src/core/index';
import { MemoryPrinter, swipeOf, Terminal } from '../../../src/terminal/index';
import { DEBIT, ready, rig, type Rig } from '../helpers';
import { columnsOf } from './widths';

const clock = fixedClock('2026-12-07T02:30:00Z');

/** The rig's terminal opened again on its journal with another printer. */
async function withPrinter(r: Rig, printer: MemoryPrinter): Promise<Terminal> {
  return Terminal.open({ journal: r.journal, securityModule: r.sm, channel: r.channel, cardReader: r.reader, pinPad: r.pinPad, keypad: r.keypad, printer, clock });
}

async function purchase(r: Rig, pos: Terminal, amount: bigint) {
  r.reader.present(swipeOf(DEBIT));
  r.pinPad.enter('123456');
  const p = await pos.purchase({ amount });
  expect(p.outcome).toBe('approved');
  return p.transaction!;
}

function copyLines(output: MemoryPrinter['outputs'][number]): readonly string[] {
  if (!('lines' in output)) throw new Error('not text');
  return output.lines;
}

describe('a purchase prints its copies', () => {
  test('three copies at 48 columns: merchant, cardholder, bank, in that order', async () => {
    const r = await rig({ setup: { params: { receiptCopies: 3 } } });
    const printer = new MemoryPrinter('text', 48);
    const pos = await withPrinter(r, printer);
    const copies: string[] = [];
    pos.on((e) => e.type === 'printing' && copies.push(e.copy));
    await ready({ ...r, terminal: pos });
    const t = await purchase(r, pos, 12345n);
    expect(copies).toEqual(['商户存根 MERCHANT COPY', '持卡人存根 CARDHOLDER COPY', '银行存根 BANK COPY']);
    expect(printer.outputs.map((o) => copyLines(o)[1]!.trim())).toEqual(copies);
    for (const line of printer.lines) expect(columnsOf(line)).toBeLessThanOrEqual(48);
    const merchant = copyLines(printer.outputs[0]!);
    expect(merchant[0]).toBe('          银联POS签购单 POS SALES SLIP');
    expect(merchant).toContain(`卡号 CARD NO.                622588******0001 /S`);
    expect(merchant).toContain(`凭证号 VOUCHER NO.${' '.repeat(48 - 18 - 6)}${t.voucher}`);
    expect(merchant).toContain('金额 AMOUNT                           RMB 123.45');
    expect(merchant).toContain('密码验证 免签名');
    expect(printer.lines.join('\n')).not.toContain(DEBIT.pan);
    expect(pos.state.printed).toContain(t.voucher);
  });

  test('an ESC/POS printer gets bytes: initialise, Chinese mode, ..., partial cut; never the PAN', async () => {
    const r = await rig();
    const printer = new MemoryPrinter('escpos', 32);
    const pos = await withPrinter(r, printer);
    await ready({ ...r, terminal: pos });
    await purchase(r, pos, 100n);
    expect(printer.outputs.length).toBe(2);
    for (const o of printer.outputs) {
      if (!('escpos' in o)) throw new Error('not ESC/POS');
      const hex = toHex(o.escpos);
      expect(hex.startsWith('1B401C26')).toBe(true);
      expect(hex.endsWith('1D564200')).toBe(true);
      expect(hex).not.toContain(toHex(encodeAscii(DEBIT.pan)));
      expect(hex).toContain(toHex(encodeAscii('622588******0001 /S')));
    }
  });

  test('an English terminal prints English only', async () => {
    const r = await rig({ setup: { params: { language: 'en' }, merchantName: 'CARDWIRE TEST SHOP' } });
    await ready(r);
    await purchase(r, r.terminal, 100n);
    expect(copyLines(r.printer.outputs[0]!).slice(0, 4)).toEqual(['         POS SALES SLIP', '         MERCHANT COPY', '-'.repeat(32), 'MERCHANT NAME CARDWIRE TEST SHOP']);
    expect(printerText(r)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test('a reprint is one merchant copy with one REPRINT line', async () => {
    const r = await rig();
    await ready(r);
    const t = await purchase(r, r.terminal, 100n);
    r.printer.outputs.length = 0;
    await r.terminal.reprint(t.voucher);
    expect(r.printer.outputs.length).toBe(1);
    const lines = copyLines(r.printer.outputs[0]!);
    expect(lines.slice(1, 3)).toEqual(['     商户存根 MERCHANT COPY', '         重打印 REPRINT']);
    expect(lines.filter((l) => l.includes('REPRINT')).length).toBe(1);
  });
});

function printerText(r: Rig): string {
  return r.printer.lines.join('\n');
}

describe('the settlement receipt and the transaction list', () => {
  test('settling prints 结算总计单 with the totals sent and the host result', async () => {
    const r = await rig();
    await ready(r);
    await purchase(r, r.terminal, 12345n);
    await purchase(r, r.terminal, 100n);
    r.printer.outputs.length = 0;
    expect((await r.terminal.settle()).outcome).toBe('approved');
    expect(r.printer.outputs.length).toBe(1);
    const lines = copyLines(r.printer.outputs[0]!);
    expect(lines[0]).toBe('     结算总计单 SETTLEMENT');
    expect(lines).toContain('批次号 BATCH NO.          000001');
    expect(lines.slice(lines.indexOf('内卡 DOMESTIC'), lines.indexOf('内卡 DOMESTIC') + 7)).toEqual([
      '内卡 DOMESTIC',
      '借记笔数 DEBIT COUNT           2',
      '借记金额 DEBIT AMOUNT RMB 124.45',
      '贷记笔数 CREDIT COUNT          0',
      '贷记金额 CREDIT AMOUNT  RMB 0.00',
      '对账结果 RESULT  对账平 BALANCED',
      '-'.repeat(32),
    ]);
  });

  test('Terminal.printTransactionList prints the open batch, one row per transaction, and changes no state', async () => {
    const r = await rig({ setup: { params: { language: 'en' } } });
    await ready(r);
    const a = await purchase(r, r.terminal, 12345n);
    const b = await purchase(r, r.terminal, 100n);
    const records = r.journal.records.length;
    r.printer.outputs.length = 0;
    await r.terminal.printTransactionList();
    expect(r.printer.outputs.length).toBe(1);
    const lines = copyLines(r.printer.outputs[0]!);
    // 32 columns: two lines a row. Voucher (6) + space + type, amount at the right edge; then the card indented by 2, the auth code at the right.
    const head = lines.findIndex((l) => l.startsWith('NO.'));
    expect(lines.slice(head, head + 6)).toEqual([
      `NO.    TYPE${' '.repeat(32 - 11 - 6)}AMOUNT`,
      `  CARD NO.${' '.repeat(32 - 10 - 4)}AUTH`,
      `${a.voucher} SALE${' '.repeat(32 - 11 - 6)}123.45`,
      `  622588******0001${' '.repeat(32 - 18 - 6)}${a.authCode}`,
      `${b.voucher} SALE${' '.repeat(32 - 11 - 4)}1.00`,
      `  622588******0001${' '.repeat(32 - 18 - 6)}${b.authCode}`,
    ]);
    expect(lines).toContain(`COUNT${' '.repeat(32 - 5 - 1)}2`);
    expect(printerText(r)).not.toContain(DEBIT.pan);
    expect(r.journal.records.length).toBe(records);
  });
});
