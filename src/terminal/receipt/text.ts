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

/** One item laid out: its lines, and (once asked for) the text renderer's strings of them. */
interface Laid {
  readonly lines: readonly ReceiptLine[];
  text: readonly string[] | undefined;
}

/**
 * Laid-out items (fields, texts, titles, signatures: labels, the merchant, every line of a second
 * copy) by width, kind and content: layout is a pure function of them, and a purchase prints two
 * or three copies. Keyed by two strings (a label, then a value) so that no key is concatenated
 * per lookup. Bounded; cleared when full.
 */
class LaidOut {
  readonly #byFirst = new Map<string, Map<string, Laid>>();
  #size = 0;

  get(first: string, second: string): Laid | undefined {
    return this.#byFirst.get(first)?.get(second);
  }

  set(first: string, second: string, lines: readonly ReceiptLine[]): Laid {
    if (this.#size >= LAID_OUT_KEPT) this.clear();
    let inner = this.#byFirst.get(first);
    if (inner === undefined) {
      inner = new Map();
      this.#byFirst.set(first, inner);
    }
    const laid: Laid = { lines: Object.freeze(lines.map((l) => Object.freeze(l))), text: undefined };
    inner.set(second, laid);
    this.#size++;
    return laid;
  }

  clear(): void {
    this.#byFirst.clear();
    this.#size = 0;
  }
}

const LAID_OUT_KEPT = 512;
/** Per width: fields (plain and tall) and the other items, by their kind and text. */
const LAID_OUT: Readonly<Record<ReceiptColumns, { readonly field: LaidOut; readonly tallField: LaidOut; readonly other: LaidOut }>> = {
  32: { field: new LaidOut(), tallField: new LaidOut(), other: new LaidOut() },
  48: { field: new LaidOut(), tallField: new LaidOut(), other: new LaidOut() },
};

/** A separator line per width (the same frozen line every time). */
const SEPARATOR: Readonly<Record<ReceiptColumns, Laid>> = {
  32: { lines: Object.freeze([Object.freeze(left('-'.repeat(32)))]), text: Object.freeze(['-'.repeat(32)]) },
  48: { lines: Object.freeze([Object.freeze(left('-'.repeat(48)))]), text: Object.freeze(['-'.repeat(48)]) },
};

/** The lines of one item that is not a transaction list row, without any cache (the tests' reference). @internal */
export function layItem(item: Exclude<ReceiptItem, Entry>, columns: ReceiptColumns): ReceiptLine[] {
  switch (item.type) {
    case 'title':
      return wrapText(item.text, columns).map((t) => ({ text: t, align: 'centre', bold: true, tall: true }));
    case 'centre':
      return wrapText(item.text, columns).map((t) => ({ text: t, align: 'centre', bold: false, tall: false }));
    case 'heading':
      return wrapText(item.text, columns).map((t) => left(t, { bold: true }));
    case 'field':
      return labelValue(item.label, item.value, columns, item.emphasis === true);
    case 'text':
      return wrapText(item.text, columns).map((t) => left(t));
    case 'separator':
      return [left('-'.repeat(columns))];
    case 'signature': {
      const out = wrapText(item.label, columns).map((t) => left(t));
      const border = `+${'-'.repeat(columns - 2)}+`;
      const inside = `|${' '.repeat(columns - 2)}|`;
      out.push(left(border), left(inside), left(inside), left(inside), left(border));
      return out;
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** Runs of spaces, by length, up to the widest line. */
const SPACES: readonly string[] = Array.from({ length: 49 }, (_, n) => ' '.repeat(n));

/** Printable ASCII only: one column a character, nothing to replace (a field value's usual case). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

interface Label {
  readonly text: string;
  readonly width: number;
  /** The label's own lines per width, when it is printed above its value. */
  readonly lines: Partial<Record<ReceiptColumns, readonly ReceiptLine[]>>;
}

/** Labels as printed, their widths and lines, by label (a receipt has some twenty, the same every time). Bounded; cleared when full. */
const labels = new Map<string, Label>();

function labelOf(label: string): Label {
  let l = labels.get(label);
  if (l === undefined) {
    const text = printableText(label);
    l = { text, width: displayWidth(text), lines: {} };
    if (labels.size >= LAID_OUT_KEPT) labels.clear();
    labels.set(label, l);
  }
  return l;
}

/**
 * An item's lines, from the cache when the same item (by width, kind and content) was laid out
 * before. A field whose value is printable ASCII and fits a line (the voucher, the RRN, the time:
 * new on every receipt) is laid out at once, as {@link labelValue} would, so that the cache keeps
 * what repeats.
 */
function laid(item: Exclude<ReceiptItem, Entry>, columns: ReceiptColumns): Laid {
  if (item.type === 'separator') return SEPARATOR[columns];
  if (item.type === 'field' && PRINTABLE_ASCII.test(item.value)) {
    const l = labelOf(item.label);
    const v = item.value;
    const tall = item.emphasis === true;
    if (l.width + 1 + v.length <= columns) {
      // Ending in a character that is not a space, the line has nothing for `left` to trim.
      const text = l.text + SPACES[columns - l.width - v.length]! + v;
      const line: ReceiptLine = v.length > 0 && v.charCodeAt(v.length - 1) !== 0x20 ? { text, align: 'left', bold: false, tall } : left(text, { tall });
      return { lines: [line], text: [line.text] };
    }
    // The label's lines, then the value right-aligned on one line (wrapText keeps a value that fits
    // as it is, without the spaces at its ends: here there are none).
    if (v.length <= columns && v.length > 0 && v.charCodeAt(0) !== 0x20 && v.charCodeAt(v.length - 1) !== 0x20) {
      const head = l.lines[columns] ?? (l.lines[columns] = Object.freeze(wrapText(l.text, columns).map((t) => Object.freeze(left(t)))));
      const lines = [...head, { text: SPACES[columns - v.length]! + v, align: 'left' as const, bold: false, tall }];
      return { lines, text: lines.map((x) => x.text) };
    }
  }
  const caches = LAID_OUT[columns];
  let cache: LaidOut;
  let first: string;
  let second: string;
  if (item.type === 'field') {
    cache = item.emphasis === true ? caches.tallField : caches.field;
    first = item.label;
    second = item.value;
  } else {
    cache = caches.other;
    first = item.type;
    second = item.type === 'signature' ? item.label : item.text;
  }
  return cache.get(first, second) ?? cache.set(first, second, layItem(item, columns));
}

/** The text renderer's string of a line: centred lines padded on the left. */
function lineText(line: ReceiptLine, columns: number): string {
  return line.align === 'centre' ? ' '.repeat((columns - displayWidth(line.text)) >> 1) + line.text : line.text;
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
    if (item.type === 'entry') {
      i = entriesFrom(items, i, columns, (line) => out.push(line));
      continue;
    }
    for (const line of laid(item, columns).lines) out.push(line);
  }
  return out;
}

/** Lay out the run of list rows that starts at `from`; the index of its last row. */
function entriesFrom(items: readonly ReceiptItem[], from: number, columns: ReceiptColumns, emit: (line: ReceiptLine) => void): number {
  const rows: Entry[] = [];
  let i = from;
  for (; i < items.length; i++) {
    const row = items[i]!;
    if (row.type !== 'entry') break;
    rows.push(row);
  }
  for (const line of entryLines(rows, columns)) emit(line);
  return i - 1;
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
  const out: string[] = [];
  const items = receipt.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.type === 'entry') {
      i = entriesFrom(items, i, columns, (line) => out.push(lineText(line, columns)));
      continue;
    }
    const l = laid(item, columns);
    const text = l.text ?? (l.text = Object.freeze(l.lines.map((line) => lineText(line, columns))));
    for (const t of text) out.push(t);
  }
  return out;
}
