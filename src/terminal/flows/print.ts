/**
 * Printing: a completed transaction is durable in the journal before its receipt prints; each copy
 * (merchant, cardholder, bank) is rendered from the receipt model and marked printed afterwards,
 * so a restart knows which receipts a power cut interrupted.
 */
import type { Engine } from '../engine';
import type { TerminalTransaction } from '../state';

/** Print the copies of a transaction's receipt (or one reprint). */
export async function printTransaction(engine: Engine, t: TerminalTransaction, options: { readonly reprint: boolean }): Promise<void> {
  const printer = engine.ports.printer;
  if (!printer) return;
  await engine.step('printing');
  const copies = options.reprint ? 1 : engine.state.params.receiptCopies;
  const names: [string, string][] = [
    ['商户存根', 'MERCHANT COPY'],
    ['持卡人存根', 'CARDHOLDER COPY'],
    ['银行存根', 'BANK COPY'],
  ];
  for (let i = 0; i < copies; i++) {
    const copy = engine.say(names[i]![0], names[i]![1]);
    engine.emit({ type: 'printing', copy });
    await printer.print({ lines: [copy, `${t.kind} ${t.voucher}`, engine.maskedPan(t.pan), engine.amountText(BigInt(t.amount)), ...(options.reprint ? [engine.say('重打印', 'REPRINT')] : [])] });
  }
  if (!options.reprint) engine.defer({ t: 'printed', voucher: t.voucher });
  await engine.step('printed');
}

/** Print the settlement receipt (结算总计单). */
export async function printSettlement(
  engine: Engine,
  s: { readonly batch: string; readonly transactions: readonly TerminalTransaction[]; readonly requested: string; readonly domesticResult: string; readonly foreignResult: string },
): Promise<void> {
  const printer = engine.ports.printer;
  if (!printer) return;
  engine.emit({ type: 'printing', copy: engine.say('结算总计单', 'SETTLEMENT') });
  await printer.print({ lines: [engine.say('结算总计单', 'SETTLEMENT'), `batch ${s.batch}`, `domestic ${s.domesticResult} foreign ${s.foreignResult}`] });
}
