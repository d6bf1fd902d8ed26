/**
 * Printing: a completed transaction is durable in the journal before its receipt prints; each copy
 * (merchant, cardholder, bank) is rendered from the receipt model and marked printed afterwards,
 * so a restart knows which receipts a power cut interrupted. A printer of kind 'escpos' gets
 * ESC/POS bytes, any other text lines, at its columns (default 32).
 */
import type { Engine } from '../engine';
import type { Printer } from '../ports';
import { renderReceiptEscpos } from '../receipt/escpos';
import { copyName, settlementReceipt, transactionReceipts, type Receipt, type ReceiptCopy } from '../receipt/model';
import { renderReceiptText } from '../receipt/text';
import type { TerminalTransaction } from '../state';

const COPIES: readonly ReceiptCopy[] = ['merchant', 'cardholder', 'bank'];

/** A receipt as the printer takes it: ESC/POS bytes for kind 'escpos', else text lines, at its columns (default 32). */
export function printerOutput(printer: Printer, receipt: Receipt): { readonly lines: readonly string[] } | { readonly escpos: Uint8Array } {
  const columns = printer.columns ?? 32;
  return printer.kind === 'escpos' ? { escpos: renderReceiptEscpos(receipt, { columns }) } : { lines: renderReceiptText(receipt, { columns }) };
}

/** Print the copies of a transaction's receipt (or one reprint: the merchant copy, marked REPRINT). */
export async function printTransaction(engine: Engine, t: TerminalTransaction, options: { readonly reprint: boolean }): Promise<void> {
  const printer = engine.ports.printer;
  if (!printer) return;
  await engine.step('printing');
  const copies = COPIES.slice(0, options.reprint ? 1 : engine.state.params.receiptCopies);
  const receipts = transactionReceipts(engine.state, t, { copies, reprint: options.reprint });
  for (let i = 0; i < copies.length; i++) {
    engine.emit({ type: 'printing', copy: copyName(copies[i]!, engine.state.params.language) });
    await printer.print(printerOutput(printer, receipts[i]!));
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
  const last = engine.state.lastSettlement;
  const at = last && last.batch === s.batch ? last.at : engine.clock.now().toISOString();
  const receipt = settlementReceipt(engine.state, { batch: s.batch, at, requested: s.requested, domesticResult: s.domesticResult, foreignResult: s.foreignResult });
  engine.emit({ type: 'printing', copy: engine.say('结算总计单', 'SETTLEMENT') });
  await printer.print(printerOutput(printer, receipt));
}
