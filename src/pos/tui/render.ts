/**
 * Drawing the POS screen: a fixed 40 × 16 character screen (a status line, the title, the body,
 * the keys) inside an ASCII frame, CJK characters counted two columns wide (UAX #11, as the
 * receipts count them), and the ANSI escapes that bring a terminal from one frame to the next by
 * rewriting only the rows that changed. Plain ECMA-48 cursor positioning and erase: it works in
 * tmux and over ssh; no alternate screen, no mouse, no colours a monochrome terminal would lose.
 */
import { formatAmount } from '../../core/index';
import { charWidth, displayWidth } from '../../terminal/index';
import { entryWord, menuItems, type PosView } from './app';
import { posText, type PosLanguage } from './texts';
import { offeredEntries } from '../wallet';

/** The screen's size in columns and rows (inside the frame). */
export const POS_SCREEN = { columns: 40, rows: 16 } as const;

/** Rows of the body, between the title and the keys line. */
const BODY_ROWS = POS_SCREEN.rows - 5;

/**
 * Cut `text` to at most `width` columns (a double-width character is never split) and pad it
 * with spaces to exactly `width`.
 *
 * @example
 * ```ts
 * fitText('消费 SALE', 6); // '消费 S'
 * fitText('OK', 4);        // 'OK  '
 * ```
 */
export function fitText(text: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of text.replace(/[\x00-\x1f\x7f]/g, ' ')) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(width - w);
}

function centre(text: string, width: number): string {
  const w = Math.min(displayWidth(text), width);
  return fitText(' '.repeat(Math.floor((width - w) / 2)) + text, width);
}

function rightAlign(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? fitText(text, width) : ' '.repeat(width - w) + text;
}

/** Wrap text at spaces (and anywhere between double-width characters) into lines of `width`. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of text) {
    if (displayWidth(line + ch) > width) {
      const cut = line.lastIndexOf(' ');
      if (cut > 0 && ch !== ' ') {
        out.push(line.slice(0, cut));
        line = line.slice(cut + 1);
      } else {
        out.push(line);
        line = '';
      }
      if (ch === ' ') continue;
    }
    line += ch;
  }
  if (line.trim() !== '') out.push(line);
  return out;
}

/** What the renderer needs: the view, the status facts and the language. */
export interface PosScreenSource {
  readonly view: PosView;
  readonly language: PosLanguage;
  readonly status: { readonly tid: string; readonly operator: string | undefined; readonly batch: string } | undefined;
}

function amountText(value: string, currency: string): string {
  const minor = BigInt(value === '' ? '0' : value);
  const code = currency === '156' || currency === 'CNY' ? 'RMB' : currency;
  try {
    return `${code} ${formatAmount(minor, currency || '156')}`;
  } catch {
    return `${code} ${formatAmount(minor, '156')}`;
  }
}

function body(source: PosScreenSource): { title: string; lines: string[]; keys: string } {
  const say = (k: Parameters<typeof posText>[1]) => posText(source.language, k);
  const v = source.view;
  const width = POS_SCREEN.columns;
  switch (v.kind) {
    case 'menu': {
      const items = menuItems(v.menu);
      const lines = items.map((k, i) => `${i === v.cursor ? '>' : ' '} ${v.menu === 'admin' && i === items.length - 1 ? 0 : i + 1} ${say(k)}`);
      return { title: say(v.menu === 'main' ? 'mainMenu' : 'adminMenu'), lines, keys: say('keysMenu') };
    }
    case 'input': {
      const lines = wrap(v.prompt, width);
      lines.push('');
      if (v.mode === 'amount') lines.push(rightAlign(amountText(v.value, v.currency), width));
      else if (v.mode === 'password') lines.push(rightAlign('*'.repeat(v.value.length) || '_', width));
      else if (v.mode === 'digits') lines.push(rightAlign(v.value || '_', width));
      else if (v.mode === 'confirm') lines.push('1/Enter: OK    0: NO');
      else v.options.forEach((o, i) => lines.push(`${i + 1} ${o}`));
      return { title: v.title, lines, keys: say('keysInput') };
    }
    case 'card': {
      // The engine's card screen is titled by its prompt: say it once, as the body.
      const title = v.title === v.prompt || v.title === '' ? say(v.chosen ? 'chooseEntry' : 'chooseCard') : v.title;
      const lines = wrap(v.prompt, width);
      if (v.chosen) {
        const chosen = v.chosen;
        lines.push(fitText(`${chosen.label[source.language]} ****${chosen.pan.slice(-4)}`, width));
        if (title !== say('chooseEntry')) lines.push(say('chooseEntry'));
        offeredEntries(chosen, v.methods).forEach((e, i) => lines.push(`${i === v.cursor ? '>' : ' '} ${i + 1} ${entryWord(source.language, e)}`));
      } else {
        if (title !== say('chooseCard')) lines.push(say('chooseCard'));
        v.cards.forEach((c, i) => {
          const label = `${i === v.cursor ? '>' : ' '} ${i + 1} ${c.label[source.language]}`;
          const pan = `****${c.pan.slice(-4)}`;
          lines.push(fitText(label, width - pan.length - 1) + ' ' + pan);
        });
      }
      return { title, lines, keys: say('keysMenu') };
    }
    case 'pin':
      return {
        title: v.title,
        lines: [v.maskedPan, v.amountText ? `${say('amount')} ${v.amountText}` : '', '', rightAlign('*'.repeat(v.length) || '_', width), '', say('pinHint')],
        keys: say('keysInput'),
      };
    case 'busy':
      return { title: v.title, lines: v.lines.flatMap((l) => wrap(l, width)), keys: say('keysBusy') };
    case 'result': {
      const all = v.lines.flatMap((l) => (l === '' ? [''] : wrap(l, width)));
      return { title: v.title, lines: all.slice(v.scroll, v.scroll + BODY_ROWS), keys: say('keysResult') };
    }
    default: {
      const never: never = v;
      return never;
    }
  }
}

/**
 * The screen's 16 rows of exactly 40 columns: the status line (TID, operator, batch), a rule, the
 * title, the body, a rule, the keys.
 *
 * @example
 * ```ts
 * renderPosScreen({ view: { kind: 'menu', menu: 'main', cursor: 0 }, language: 'en', status: undefined })[3];
 * // '> 1 SALE                                 '
 * ```
 */
export function renderPosScreen(source: PosScreenSource): string[] {
  const width = POS_SCREEN.columns;
  const say = (k: Parameters<typeof posText>[1]) => posText(source.language, k);
  const s = source.status;
  const left = say('appTitle');
  const right = s ? `${s.tid} ${s.operator === undefined ? say('notLoggedOn') : `${say('operator')}${s.operator}`} ${say('batch')}${s.batch}` : '';
  const statusLine = fitText(left + ' '.repeat(Math.max(1, width - displayWidth(left) - displayWidth(right))) + right, width);
  const b = body(source);
  const lines = b.lines.slice(0, BODY_ROWS);
  while (lines.length < BODY_ROWS) lines.push('');
  return [statusLine, '-'.repeat(width), centre(b.title, width), ...lines.map((l) => fitText(l, width)), '-'.repeat(width), fitText(b.keys, width)];
}

/**
 * The screen inside its frame: `+----+` above and below, `|` either side (ASCII, so terminals
 * that draw box-drawing characters double width keep the frame square).
 *
 * @example
 * ```ts
 * framePosScreen(['ab'])[1]; // '|ab|'
 * ```
 */
export function framePosScreen(rows: readonly string[]): string[] {
  const width = rows.length ? displayWidth(rows[0]!) : 0;
  const edge = `+${'-'.repeat(width)}+`;
  return [edge, ...rows.map((r) => `|${r}|`), edge];
}

/**
 * The ANSI escapes that turn the terminal's `previous` frame into `next`, drawn with its top-left
 * corner at (`row`, `column`) (1-based): CUP (ECMA-48 §8.3.21) to each changed row, the row's
 * text, EL (§8.3.41) to clear what was right of it. With no previous frame the screen is erased
 * first (ED 2) and the cursor hidden (DECTCEM).
 *
 * @example
 * ```ts
 * ansiFrame(['ab', 'cd'], ['ab', 'ce']); // '\x1b[2;1Hce\x1b[K'
 * ```
 */
export function ansiFrame(previous: readonly string[] | undefined, next: readonly string[], origin: { readonly row: number; readonly column: number } = { row: 1, column: 1 }): string {
  let out = previous === undefined ? '\x1b[?25l\x1b[2J' : '';
  next.forEach((line, i) => {
    if (previous !== undefined && previous[i] === line) return;
    out += `\x1b[${origin.row + i};${origin.column}H${line}\x1b[K`;
  });
  return out;
}
