/**
 * 交易明细: the open batch's transaction list on the printer, with the batch's totals per card
 * class (the same totals the settlement sends). Printing it changes no state.
 */
import type { Engine } from '../engine';
import { transactionListReceipt } from '../receipt/model';
import { printerOutput } from './print';
import { batchTotals } from './settlement';

/** Print the open batch's transaction list. */
export async function printTransactionList(engine: Engine): Promise<void> {
  const printer = engine.ports.printer;
  if (!printer) return;
  const batch = engine.state.batch;
  const list = engine.state.transactions.filter((t) => t.batch === batch);
  const receipt = transactionListReceipt(engine.state, list, { at: engine.clock.now().toISOString(), totals: batchTotals(list) });
  engine.emit({ type: 'printing', copy: engine.say('交易明细', 'TRANSACTION LIST') });
  await printer.print(printerOutput(printer, receipt));
}
