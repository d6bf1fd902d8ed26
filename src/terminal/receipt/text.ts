/**
 * Receipt layout at a printer's width (32 or 48 columns), counting East Asian wide and fullwidth
 * characters as two columns (UAX #11, see `width.ts`): titles centred, labels left and values
 * right, long values wrapped onto lines of their own, separators, a signature box, the transaction
 * list's rows. The text renderer gives the lines as strings; the ESC/POS renderer prints the same
 * lines with their styles, so both give the same text on paper.
 *
 * Line breaking is a small subset of UAX #14: a line breaks at spaces, between two characters when
 * either is double width, and inside a word only when the word is longer than a whole line. A
 * double-width character (or a surrogate pair) is never split.
 */
import { fail } from '../../core/index';
import type { Receipt, ReceiptItem } from './model';
import { charWidth, displayWidth, printableText } from './width';

/** A receipt's printer width in columns (58 mm paper: 32; 80 mm paper: 48). */
export type ReceiptColumns = 32 | 48;

/** One laid-out line: its text (without trailing spaces) and how a thermal printer styles it. */
export interface ReceiptLine {
  /** For a centred line, the text alone: the renderer (or the printer) centres it. */
  readonly text: string;
  readonly align: 'left' | 'centre';
  readonly bold: boolean;
  /** Double height (never double width: a line's columns stay those of the text renderer). */
  readonly tall: boolean;
}

/** Options of the renderers. */
export interface ReceiptLayoutOptions {
  /** Default 32. */
  readonly columns?: ReceiptColumns;
}

function receiptColumns(options: ReceiptLayoutOptions): ReceiptColumns {
  const columns = options.columns ?? 32;
  if (columns !== 32 && columns !== 48) fail('TERMINAL_RECEIPT_INVALID', 'a receipt is 32 or 48 columns wide', { path: 'columns' });
  return columns;
}

/** Text below U+1100 without surrogates: every character one column and one UTF-16 unit. */
const NARROW_ONLY = /^[\u0000-\u10ff]*$/;

interface Segment {
  /** Spaces before it in the source text. */
  readonly gap: number;
  readonly text: string;
  readonly width: number;
}

/** Words (runs of narrow characters), single double-width characters, and the spaces between them. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  if (NARROW_ONLY.test(text)) {
    // Narrow characters only (the common case): words between spaces.
    let gap = 0;
    for (const word of text.split(' ')) {
      if (word === '') gap++;
      else {
        out.push({ gap, text: word, width: word.length });
        gap = 1;
      }
    }
    return out;
  }
  let gap = 0;
  let word = '';
  let wordWidth = 0;
  const flush = (): void => {
    if (!word) return;
    out.push({ gap, text: word, width: wordWidth });
    gap = 0;
    word = '';
    wordWidth = 0;
  };
  for (const ch of text) {
    if (ch === ' ') {
      flush();
      gap++;
      continue;
    }
    const w = charWidth(ch.codePointAt(0)!);
    if (w === 2) {
      flush();
      out.push({ gap, text: ch, width: 2 });
      gap = 0;
    } else {
      word += ch;
      wordWidth += 1;
    }
  }
  flush();
  return out;
}

/** Cut a word longer than a line into pieces of at most `columns`. */
function cutWord(word: string, columns: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  for (const ch of word) {
    const w = charWidth(ch.codePointAt(0)!);
    if (width + w > columns) {
      pieces.push(piece);
      piece = '';
      width = 0;
    }
    piece += ch;
    width += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Wrap text into lines of at most `columns` display columns (see the module's line-breaking
 * rules); an empty text gives no line.
 *
 * @example
 * ```ts
 * wrapText('本人确认以上交易，同意将其记入本卡账户', 32);
 * // ['本人确认以上交易，同意将其记入本', '卡账户']
 * wrapText('I ACKNOWLEDGE SATISFACTORY RECEIPT', 16); // ['I ACKNOWLEDGE', 'SATISFACTORY', 'RECEIPT']
 * ```
 */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const s of segments(printableText(text))) {
    if (width > 0 && width + s.gap + s.width <= columns) {
      line += ' '.repeat(s.gap) + s.text;
      width += s.gap + s.width;
      continue;
    }
    if (width > 0) lines.push(line);
    if (s.width <= columns) {
      line = s.text;
      width = s.width;
      continue;
    }
    const pieces = cutWord(s.text, columns);
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1] ?? '';
    width = displayWidth(line);
  }
  if (width > 0) lines.push(line);
  return lines;
}

function left(text: string, style: { bold?: boolean; tall?: boolean } = {}): ReceiptLine {
  return { text: text.trimEnd(), align: 'left', bold: style.bold ?? false, tall: style.tall ?? false };
}

function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Label at the left, value at the right of one line when both fit, else the label's lines then the value's, right-aligned. */
function labelValue(label: string, value: string, columns: number, tall: boolean): ReceiptLine[] {
  const l = printableText(label);
  const v = printableText(value);
  const lw = displayWidth(l);
  const vw = displayWidth(v);
  if (lw + 1 + vw <= columns) {
    return [left(l + ' '.repeat(columns - lw - vw) + v, { tall })];
  }
  const out = wrapText(l, columns).map((t) => left(t));
  for (const t of wrapText(v, columns)) out.push(left(' '.repeat(columns - displayWidth(t)) + t, { tall }));
  return out;
}

/**
 * Laid-out lines of the fields and texts receipts repeat (labels, the merchant, the terminal,
 * every line of a second copy), by width and content: layout is a pure function of them, and a
 * purchase prints two or three copies. Bounded; cleared when full.
 */
const laidOut = new Map<string, readonly ReceiptLine[]>();
const LAID_OUT_KEPT = 512;

function remembered(key: string, lay: () => readonly ReceiptLine[]): readonly ReceiptLine[] {
  let lines = laidOut.get(key);
  if (lines === undefined) {
    lines = Object.freeze(lay().map((l) => Object.freeze(l)));
    if (laidOut.size >= LAID_OUT_KEPT) laidOut.clear();
    laidOut.set(key, lines);
  }
  return lines;
}

type Entry = Extract<ReceiptItem, { type: 'entry' }>;

/**
 * The rows of a transaction list: one line each (voucher, type, card, auth code, amount at the
 * right) when every row fits the width, else two lines each (voucher, type and amount; then the
 * card and the auth code), so the columns line up down the list.
 */
function entryLines(rows: readonly Entry[], columns: number): ReceiptLine[] {
  const clean = rows.map((r) => ({
    voucher: printableText(r.voucher),
    transactionType: printableText(r.transactionType),
    cardNo: printableText(r.cardNo),
    authCode: printableText(r.authCode),
    amount: printableText(r.amount),
  }));
  const widest = (k: keyof (typeof clean)[number]): number => Math.max(0, ...clean.map((r) => displayWidth(r[k])));
  const [vw, tw, cw, aw, mw] = [widest('voucher'), widest('transactionType'), widest('cardNo'), widest('authCode'), widest('amount')];
  if (vw + tw + cw + aw + mw + 4 <= columns) {
    return clean.map((r) => {
      const head = [padTo(r.voucher, vw), padTo(r.transactionType, tw), padTo(r.cardNo, cw), padTo(r.authCode, aw)].join(' ');
      return left(head + ' '.repeat(columns - displayWidth(head) - displayWidth(r.amount)) + r.amount);
    });
  }
  return clean.flatMap((r) => [...labelValue(`${padTo(r.voucher, vw)} ${r.transactionType}`, r.amount, columns, false), ...labelValue(`  ${r.cardNo}`, r.authCode, columns, false)]);
}

/**
 * Lay a receipt out at a width: the lines with their alignment and styles (what the ESC/POS
 * renderer prints). Every line is at most `columns` wide.
 *
 * @example
 * ```ts
 * receiptLines({ kind: 'transaction', language: 'en', items: [{ type: 'field', key: 'tid', label: 'TERMINAL NO.', value: '10000159' }] }, { columns: 32 });
 * // [{ text: 'TERMINAL NO.            10000159', align: 'left', bold: false, tall: false }]
 * ```
 */
export function receiptLines(receipt: Receipt, options: ReceiptLayoutOptions = {}): ReceiptLine[] {
  const columns = receiptColumns(options);
  const out: ReceiptLine[] = [];
  const items = receipt.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    switch (item.type) {
      case 'title':
        for (const t of wrapText(item.text, columns)) out.push({ text: t, align: 'centre', bold: true, tall: true });
        break;
      case 'centre':
        for (const t of wrapText(item.text, columns)) out.push({ text: t, align: 'centre', bold: false, tall: false });
        break;
      case 'heading':
        for (const t of wrapText(item.text, columns)) out.push(left(t, { bold: true }));
        break;
      case 'field': {
        const tall = item.emphasis === true;
        out.push(...remembered(`f${columns}${tall ? 'T' : ''}\u0000${item.label}\u0000${item.value}`, () => labelValue(item.label, item.value, columns, tall)));
        break;
      }
      case 'text':
        out.push(...remembered(`t${columns}\u0000${item.text}`, () => wrapText(item.text, columns).map((t) => left(t))));
        break;
      case 'separator':
        out.push(left('-'.repeat(columns)));
        break;
      case 'signature': {
        for (const t of wrapText(item.label, columns)) out.push(left(t));
        const border = `+${'-'.repeat(columns - 2)}+`;
        const inside = `|${' '.repeat(columns - 2)}|`;
        out.push(left(border), left(inside), left(inside), left(inside), left(border));
        break;
      }
      case 'entry': {
        const rows: Entry[] = [];
        for (; i < items.length; i++) {
          const row = items[i]!;
          if (row.type !== 'entry') break;
          rows.push(row);
        }
        i--;
        out.push(...entryLines(rows, columns));
        break;
      }
      default: {
        const never: never = item;
        return never;
      }
    }
  }
  return out;
}

/**
 * Render a receipt as text lines (what a text printer or a screen shows): centred lines padded on
 * the left, no trailing spaces, every line at most `columns` wide.
 *
 * @example
 * ```ts
 * renderReceiptText(transactionReceipt(state, t, { copy: 'merchant', reprint: false }), { columns: 32 })[0];
 * // '  银联POS签购单 POS SALES SLIP'
 * ```
 */
export function renderReceiptText(receipt: Receipt, options: ReceiptLayoutOptions = {}): string[] {
  const columns = receiptColumns(options);
  return receiptLines(receipt, { columns }).map((l) => (l.align === 'centre' ? ' '.repeat((columns - displayWidth(l.text)) >> 1) + l.text : l.text));
}
