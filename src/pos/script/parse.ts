/**
 * The `cardwire pos --script` format (docs/pos.md): one JSON action per line (blank lines and
 * lines starting with `#` skipped), or one JSON array of actions. Each action names what the
 * cashier does (`logon`, `signOn`, `purchase`, `void`, …) and gives what the keypad, the card
 * and the PIN pad would: the amount, the card of the wallet and how it is presented, the PIN, the
 * supervisor password, the original's voucher, RRN or authorisation code. Every mistake is a
 * `POS_SCRIPT_INVALID` error whose path names the line.
 */
import { fail } from '../../core/index';
import { POS_CARDS, type PosCardId, type PosEntry } from '../wallet';

/** Field kinds of an action. */
type FieldKind = 'amount' | 'digits' | 'text' | 'card' | 'entry' | 'boolean' | 'outcome';

interface ActionSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

const CARD_FIELDS = ['card', 'entry', 'pin'] as const;
const COMMON = ['expect', 'receipt'] as const;

/** Every action, with its required and optional fields (beyond `action`, `expect`, `receipt`). */
export const SCRIPT_ACTIONS = {
  logon: { required: ['operator', 'password'], optional: [] },
  logoff: { required: [], optional: [] },
  changeSupervisorPassword: { required: ['old', 'new'], optional: [] },
  signOn: { required: [], optional: [] },
  signOff: { required: [], optional: [] },
  echo: { required: [], optional: [] },
  purchase: { required: ['amount', 'card'], optional: ['entry', 'pin'] },
  void: { required: ['voucher', 'supervisorPassword'], optional: [...CARD_FIELDS] },
  refund: { required: ['amount', 'rrn', 'supervisorPassword', 'card'], optional: ['date', 'entry', 'pin'] },
  preAuth: { required: ['amount', 'card'], optional: ['entry', 'pin'] },
  preAuthVoid: { required: ['amount', 'authCode', 'supervisorPassword', 'card'], optional: ['date', 'entry', 'pin'] },
  completion: { required: ['amount', 'authCode', 'card'], optional: ['date', 'entry', 'pin'] },
  completionVoid: { required: ['voucher', 'supervisorPassword'], optional: [...CARD_FIELDS] },
  balance: { required: ['card'], optional: ['entry', 'pin'] },
  settlement: { required: [], optional: [] },
  reprint: { required: [], optional: ['voucher'] },
  transactionList: { required: [], optional: [] },
} as const satisfies Record<string, ActionSpec>;

/** An action's name. */
export type ScriptActionName = keyof typeof SCRIPT_ACTIONS;

const KINDS: Readonly<Record<string, FieldKind>> = {
  operator: 'digits',
  password: 'digits',
  old: 'digits',
  new: 'digits',
  amount: 'amount',
  card: 'card',
  entry: 'entry',
  pin: 'text',
  voucher: 'digits',
  supervisorPassword: 'digits',
  rrn: 'digits',
  date: 'digits',
  authCode: 'text',
  expect: 'outcome',
  receipt: 'boolean',
};

const OUTCOMES = ['approved', 'declined', 'cancelled', 'timeout', 'failed', 'refused'] as const;
const ENTRIES: readonly PosEntry[] = ['swipe', 'insert', 'tap', 'qr'];

/** One action of a script, with the line it came from. */
export interface ScriptAction {
  readonly line: number;
  readonly action: ScriptActionName;
  /** Decimal text in major units (`"12.34"`). */
  readonly amount?: string;
  readonly card?: PosCardId;
  readonly entry?: PosEntry;
  /** The cardholder's PIN, or `"bypass"`; default the wallet card's PIN. */
  readonly pin?: string;
  readonly operator?: string;
  readonly password?: string;
  readonly old?: string;
  readonly new?: string;
  readonly voucher?: string;
  readonly supervisorPassword?: string;
  readonly rrn?: string;
  /** The original's date, MMDD (default: the original's, when it is in the batch). */
  readonly date?: string;
  readonly authCode?: string;
  /** The outcome the run must have (else the exit code is 1). */
  readonly expect?: (typeof OUTCOMES)[number];
  /** Include the receipt's lines in the result. */
  readonly receipt?: boolean;
}

function invalid(line: number, message: string, field?: string): never {
  return fail('POS_SCRIPT_INVALID', `line ${line}: ${message}`, { path: field ? `line ${line}.${field}` : `line ${line}` });
}

function checkField(line: number, name: string, value: unknown): void {
  const kind = KINDS[name];
  switch (kind) {
    case 'amount':
      if (typeof value !== 'string' || !/^\d{1,10}(\.\d{1,2})?$/.test(value)) invalid(line, `${name} is decimal text such as "12.34"`, name);
      return;
    case 'digits':
      if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) invalid(line, `${name} is a string of digits`, name);
      return;
    case 'text':
      if (typeof value !== 'string' || !/^[0-9A-Za-z]{1,12}$/.test(value)) invalid(line, `${name} is a short string of letters and digits`, name);
      return;
    case 'card':
      if (typeof value !== 'string' || !POS_CARDS.some((c) => c.id === value)) invalid(line, `card is one of ${POS_CARDS.map((c) => c.id).join(', ')}`, name);
      return;
    case 'entry':
      if (typeof value !== 'string' || !ENTRIES.includes(value as PosEntry)) invalid(line, `entry is one of ${ENTRIES.join(', ')}`, name);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') invalid(line, `${name} is true or false`, name);
      return;
    case 'outcome':
      if (typeof value !== 'string' || !(OUTCOMES as readonly string[]).includes(value)) invalid(line, `expect is one of ${OUTCOMES.join(', ')}`, name);
      return;
    case undefined:
      return invalid(line, `unknown field '${name.slice(0, 30)}'`, name);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * Check one parsed action.
 *
 * @example
 * ```ts
 * parseScriptAction({ action: 'signOn' }, 3); // { line: 3, action: 'signOn' }
 * parseScriptAction({ action: 'fly' }, 4);    // throws POS_SCRIPT_INVALID at 'line 4.action'
 * ```
 */
export function parseScriptAction(value: unknown, line: number): ScriptAction {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid(line, 'an action is a JSON object');
  const o = value as Record<string, unknown>;
  const name = o['action'];
  if (typeof name !== 'string') return invalid(line, 'the action has no "action" name', 'action');
  if (!Object.hasOwn(SCRIPT_ACTIONS, name)) return invalid(line, `unknown action '${name.slice(0, 30)}' (known: ${Object.keys(SCRIPT_ACTIONS).join(', ')})`, 'action');
  const spec: ActionSpec = SCRIPT_ACTIONS[name as ScriptActionName];
  for (const field of spec.required) if (o[field] === undefined) invalid(line, `${name} needs ${field}`, field);
  const allowed = new Set<string>(['action', ...spec.required, ...spec.optional, ...COMMON]);
  for (const [field, v] of Object.entries(o)) {
    if (field === 'action') continue;
    if (!allowed.has(field)) invalid(line, KINDS[field] ? `${name} takes no ${field}` : `unknown field '${field.slice(0, 30)}'`, field);
    checkField(line, field, v);
  }
  if (o['entry'] === 'qr' && name !== 'purchase') invalid(line, 'only a purchase is paid by a payment code (entry qr)', 'entry');
  const card = POS_CARDS.find((c) => c.id === o['card']);
  const entry = o['entry'] as PosEntry | undefined;
  if (card && entry && !card.entries.includes(entry)) invalid(line, `the card ${card.id} is presented by ${card.entries.join(', ')}, not ${entry}`, 'entry');
  return { ...(o as Omit<ScriptAction, 'line'>), line };
}

/** Where each element of a top-level JSON array starts (character offsets), for line numbers. */
function arrayElementOffsets(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectValue && ch !== ']') {
      starts.push(i);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return starts;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * Parse a script: one JSON action per line, or a JSON array of actions.
 *
 * @example
 * ```ts
 * parseScript('{"action":"signOn"}\n\n{"action":"purchase","amount":"12.34","card":"mag-debit"}').map((a) => [a.line, a.action]);
 * // [[1, 'signOn'], [3, 'purchase']]
 * parseScript('{"action":"signOn"}\n{oops}'); // throws POS_SCRIPT_INVALID at 'line 2': not JSON
 * ```
 */
export function parseScript(text: string): ScriptAction[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      // V8 says where ("… in JSON at position N" or "(line L column C)").
      const m = /line (\d+)/.exec(String(e)) ?? /position (\d+)/.exec(String(e));
      const line = m ? (m[0].startsWith('line') ? Number(m[1]) : lineAt(body, Number(m[1]))) : 1;
      return invalid(line, 'the script is not valid JSON');
    }
    if (!Array.isArray(parsed)) return invalid(1, 'a JSON script is an array of actions');
    const offsets = arrayElementOffsets(body);
    return parsed.map((v: unknown, i) => parseScriptAction(v, lineAt(body, offsets[i] ?? 0)));
  }
  const actions: ScriptAction[] = [];
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      invalid(i + 1, 'not JSON');
    }
    actions.push(parseScriptAction(v, i + 1));
  });
  return actions;
}
