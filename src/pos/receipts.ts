/**
 * What a POS application does with what the terminal printed: a printer port that keeps each
 * output's text lines, and the names the receipts are saved under (one file per printed slip).
 */
import type { Printer } from '../terminal/index';

/** A printed receipt, named for saving. */
export interface SavedReceipt {
  /** A file name: `<batch>-<what>[-<voucher>]-<n>.txt`, digits, letters and dashes only. */
  readonly name: string;
  readonly lines: readonly string[];
}

/**
 * A text printer (32 columns) that keeps what it printed until {@link ReceiptTray.take}.
 *
 * @example
 * ```ts
 * const tray = new ReceiptTray();
 * await tray.print({ lines: ['签购单'] });
 * tray.take(); // [['签购单']]
 * ```
 */
export class ReceiptTray implements Printer {
  readonly kind = 'text' as const;
  readonly columns = 32 as const;
  #outputs: string[][] = [];

  async print(output: { readonly lines: readonly string[] } | { readonly escpos: Uint8Array }): Promise<void> {
    // A text printer is asked for text (kind 'text'): ESC/POS bytes never come here.
    if ('lines' in output) this.#outputs.push([...output.lines]);
  }

  /** The outputs since the last take, oldest first; the tray is empty afterwards. */
  take(): string[][] {
    const out = this.#outputs;
    this.#outputs = [];
    return out;
  }
}

/**
 * Name the receipts one action printed: `what` says what it was (`purchase`, `settlement`,
 * `list`, `reprint`, …), `voucher` the transaction's voucher number when it has one.
 *
 * @example
 * ```ts
 * nameReceipts({ batch: '000001', what: 'purchase', voucher: '000012' }, [['…'], ['…']]).map((r) => r.name);
 * // ['000001-purchase-000012-1.txt', '000001-purchase-000012-2.txt']
 * ```
 */
export function nameReceipts(context: { readonly batch: string; readonly what: string; readonly voucher?: string }, outputs: readonly (readonly string[])[]): SavedReceipt[] {
  const safe = (s: string) => s.replace(/[^0-9A-Za-z-]/g, '-');
  const stem = [safe(context.batch), safe(context.what), ...(context.voucher ? [safe(context.voucher)] : [])].join('-');
  return outputs.map((lines, i) => ({ name: `${stem}-${i + 1}.txt`, lines }));
}
