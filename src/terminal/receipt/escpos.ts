/**
 * ESC/POS rendering for thermal receipt printers, after the Epson ESC/POS Command Reference (the
 * command names below are its headings). The receipt is laid out by `text.ts` at the printer's
 * width; each line is sent with its alignment, emphasis and size, then printed with LF. Chinese
 * printers take two-byte GB18030/GBK codes once Kanji (Chinese) character mode is selected with
 * FS &; the text is encoded by `gbk.ts` (the templates' characters, '?' for any other character,
 * one per column).
 */
import type { Receipt } from './model';
import { encodeReceiptGbk } from './gbk';
import { receiptLines, type ReceiptLayoutOptions } from './text';

// Epson ESC/POS Command Reference:
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
/** LF: Print and line feed. */
const LF = 0x0a;
/** ESC @: Initialize printer (print modes back to the defaults: left, not emphasized, normal size). */
const INITIALIZE = [ESC, 0x40];
/** FS &: Select Kanji character mode (on Chinese models: two-byte GB18030 codes). */
const KANJI_MODE = [FS, 0x26];
/** ESC a n: Select justification (n = 0 left, 1 centred). */
const justify = (centre: boolean): number[] => [ESC, 0x61, centre ? 1 : 0];
/** ESC E n: Turn emphasized mode on/off (the LSB of n). */
const emphasize = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];
/** GS ! n: Select character size (bits 0-2 height magnification - 1, bits 4-6 width; 0x01 double height, all characters). */
const size = (tall: boolean): number[] => [GS, 0x21, tall ? 0x01 : 0x00];
/** GS V m n, function B, m = 66: feed to the cutting position + n motion units and partial cut (one point left uncut). */
const PARTIAL_CUT = [GS, 0x56, 66, 0];

/**
 * Render a receipt as ESC/POS bytes: initialise, select Chinese mode, each line with the
 * justification / emphasis / size commands it needs (sent only when they change), LF, and a
 * partial cut with feed. Decoding the text bytes as GBK gives the text renderer's lines (centred
 * ones without their left padding: the printer centres them).
 *
 * @example
 * ```ts
 * renderReceiptEscpos({ kind: 'transaction', language: 'zh', items: [{ type: 'title', text: '消费' }] });
 * // 1B 40 1C 26  1B 61 01  1B 45 01  1D 21 01  CF FB B7 D1 0A  1D 56 42 00
 * ```
 */
export function renderReceiptEscpos(receipt: Receipt, options: ReceiptLayoutOptions = {}): Uint8Array {
  const out: number[] = [...INITIALIZE, ...KANJI_MODE];
  // The state after ESC @.
  let centre = false;
  let bold = false;
  let tall = false;
  for (const line of receiptLines(receipt, options)) {
    if ((line.align === 'centre') !== centre) {
      centre = line.align === 'centre';
      out.push(...justify(centre));
    }
    if (line.bold !== bold) {
      bold = line.bold;
      out.push(...emphasize(bold));
    }
    if (line.tall !== tall) {
      tall = line.tall;
      out.push(...size(tall));
    }
    for (const b of encodeReceiptGbk(line.text)) out.push(b);
    out.push(LF);
  }
  out.push(...PARTIAL_CUT);
  return Uint8Array.from(out);
}
