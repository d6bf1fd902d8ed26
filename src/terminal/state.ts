/**
 * The terminal's durable state and the journal records that build it. Every change the engine
 * makes is a record appended to the Journal first; the state in memory is only ever the result of
 * replaying records ({@link applyRecord}), so what a restart rebuilds is exactly what was durable.
 * Records are JSON (UTF-8), one object each, tagged by `t`.
 */
import { decodeUtf8, encodeUtf8, fail } from '../core/index';
import { JsonByteWriter } from './json-bytes';

/** Settlement class of a card (63.1 of the answer: CUP domestic, others foreign). */
export type CardClass = 'domestic' | 'foreign';

/** What a terminal transaction was. */
export type TerminalTransactionKind =
  | 'purchase'
  | 'void'
  | 'refund'
  | 'preauth'
  | 'preauth-void'
  | 'completion'
  | 'completion-advice'
  | 'completion-void'
  | 'balance'
  | 'transfer'
  | 'offline-purchase';

/** How the card was read, for DE 22, receipts and settlement uploads. */
export type CardEntry = 'swipe' | 'fallback' | 'insert' | 'tap' | 'manual' | 'qr';

/** Terminal parameters (all in the journal; changed by a `params` record). */
export interface TerminalParams {
  /** ISO 4217 numeric (default 156). */
  readonly currency: string;
  /** Host answer timeout (default 30 000 ms). */
  readonly hostTimeoutMs: number;
  /** Timeout of prompts, card waits and PIN entry (default 60 000 ms). */
  readonly promptTimeoutMs: number;
  /** Reversal attempts before the terminal stops trying on its own (default 3). */
  readonly reversalRetries: number;
  /** Settlement cut-off hour (0-23, default 23): a batch holding transactions of an earlier business day must be settled first. */
  readonly settlementCutoffHour: number;
  /** Receipt copies: merchant, cardholder, bank (default 2). */
  readonly receiptCopies: 1 | 2 | 3;
  /** Contactless limits in minor units: transaction limit, CVM limit (no PIN below), floor limit. */
  readonly contactless: { readonly transactionLimit: string; readonly cvmLimit: string; readonly floorLimit: string };
  /** Read the card again for a void (default true). */
  readonly voidNeedsCard: boolean;
  /** Receipt language. */
  readonly language: 'zh' | 'en';
  /** TPDU (5 bytes hex) and application header (6 bytes hex) of every request. */
  readonly tpdu: string;
  readonly header: string;
  /** Sign-on key scheme (60.3): 001 single-length, 003 double-length, 004 with a track key. */
  readonly keyScheme: '001' | '003' | '004';
  /**
   * Transactions the open batch may hold (1-999, default 999): when it is full, new transactions
   * are refused until settlement (交易笔数已满，请结算), since a settlement count is n3 (DE 48).
   * Absent in journals written before the parameter existed: the default applies.
   */
  readonly maxBatchTransactions?: number;
}

/** The defaults of {@link TerminalParams}. */
export const DEFAULT_PARAMS: TerminalParams = {
  currency: '156',
  hostTimeoutMs: 30_000,
  promptTimeoutMs: 60_000,
  reversalRetries: 3,
  settlementCutoffHour: 23,
  receiptCopies: 2,
  contactless: { transactionLimit: '100000000', cvmLimit: '100000', floorLimit: '0' },
  voidNeedsCard: true,
  language: 'zh',
  tpdu: '6000030000',
  header: '603100311312',
  keyScheme: '003',
  maxBatchTransactions: 999,
};

/** A password as stored: salted SHA-256, iterated (terminal/password.ts). */
export interface StoredPassword {
  readonly salt: string;
  readonly hash: string;
  /** PBKDF2 iterations (2048 when absent). */
  readonly iterations?: number;
}

/** One transaction of the batch as the terminal keeps it (the PAN stays on the terminal for uploads). */
export interface TerminalTransaction {
  /** Voucher number (凭证号): the request's STAN. */
  readonly voucher: string;
  readonly kind: TerminalTransactionKind;
  /** `approved`, `declined`; `voided` / `reversed` / `completed` / `refunded` as later records say. */
  readonly status: 'approved' | 'declined' | 'voided' | 'reversed' | 'completed';
  readonly responseCode: string;
  /** Minor units, as decimal text (JSON has no bigint). */
  readonly amount: string;
  readonly currency: string;
  readonly pan: string;
  readonly expiry: string | undefined;
  readonly entry: CardEntry;
  /** DE 22 as sent. */
  readonly entryMode: string;
  readonly cardOrganisation: string;
  readonly cardClass: CardClass;
  readonly authCode: string;
  readonly rrn: string;
  /** Host date MMDD and time hhmmss of the answer (DE 13 / 12), and the terminal's ISO instant. */
  readonly hostDate: string;
  readonly hostTime: string;
  readonly at: string;
  readonly batch: string;
  readonly operator: string;
  readonly pinVerified: boolean;
  /** The original of a void, refund, completion or pre-auth void. */
  readonly original?: { readonly voucher: string; readonly batch: string; readonly rrn: string; readonly authCode: string; readonly hostDate: string };
  /** Chip data: DE 55 as sent (hex) and as answered, AID, application label, TC, TVR, TSI. */
  readonly chip?: {
    readonly requestDe55: string;
    readonly aid: string;
    readonly label: string;
    readonly cryptogram: string;
    readonly tvr: string;
    readonly tsi: string;
    readonly atc: string;
    /** The TC (or AAC) of the second GENERATE AC, for the upload; '' when none. */
    readonly finalCryptogram: string;
    /** DE 55 of the upload (TC and the data it covers), hex. */
    readonly uploadDe55: string;
    /** The chip declined after the host approved (60.3 204/206 in the upload). */
    readonly failed: boolean;
  };
  /** An offline transaction (chip TC) not yet sent as an advice. */
  readonly offline: boolean;
  readonly adviceSent: boolean;
  /** Refunded so far against this one (minor units). */
  readonly refunded: string;
}

/** A reversal the terminal owes the host. */
export interface PendingReversal {
  readonly stan: string;
  readonly batch: string;
  /** DE 39: 98 no answer, A0 bad response MAC, 96 approved but the POS could not complete, 06 other. */
  readonly reason: '98' | 'A0' | '96' | '06';
  /** The 0400 payload, without MAC (the MAC is computed when sent, under the MAK then current). */
  readonly payload: string;
  readonly attempts: number;
  readonly kind: TerminalTransactionKind;
}

/** Where a settlement stands (recovered after a restart mid-way). */
export interface SettlementProgress {
  readonly batch: string;
  /** The terminal's DE 48 and the host's result digits per class ('' until answered). */
  readonly requested: string;
  readonly domesticResult: string;
  readonly foreignResult: string;
  readonly stage: 'requested' | 'uploading' | 'done';
  /** Vouchers uploaded so far. */
  readonly uploaded: readonly string[];
}

/** The whole durable state. */
export interface TerminalState {
  readonly tid: string;
  readonly mid: string;
  readonly merchantName: string;
  readonly params: TerminalParams;
  readonly operators: Readonly<Record<string, StoredPassword>>;
  readonly supervisor: StoredPassword & { readonly mustChange: boolean };
  readonly operator: string | undefined;
  /** Last STAN used (000001-999999). */
  readonly stan: number;
  readonly batch: string;
  readonly signedOn: boolean;
  /** The working keys as the last 0810 carried them (DE 62, enciphered under the TMK), and their scheme. */
  readonly keys: { readonly scheme: '001' | '003' | '004'; readonly de62: string } | undefined;
  readonly reversal: PendingReversal | undefined;
  readonly transactions: readonly TerminalTransaction[];
  readonly settlement: SettlementProgress | undefined;
  /** The last settlement's summary (for reprint), as its receipt data. */
  readonly lastSettlement: { readonly batch: string; readonly at: string; readonly requested: string; readonly domesticResult: string; readonly foreignResult: string } | undefined;
  /** Vouchers whose receipt printed. */
  readonly printed: readonly string[];
}

/** A journal record. */
export type TerminalRecord =
  | { readonly t: 'setup'; readonly tid: string; readonly mid: string; readonly merchantName: string; readonly params: TerminalParams; readonly supervisor: StoredPassword; readonly operators: Readonly<Record<string, StoredPassword>> }
  | { readonly t: 'params'; readonly params: TerminalParams }
  | { readonly t: 'operator'; readonly no: string; readonly password: StoredPassword | null }
  | { readonly t: 'supervisor'; readonly password: StoredPassword }
  | { readonly t: 'logon'; readonly operator: string | null }
  | { readonly t: 'stan'; readonly stan: number }
  | { readonly t: 'signed-on'; readonly scheme: '001' | '003' | '004'; readonly de62: string; readonly batch: string; readonly stan: number }
  | { readonly t: 'signed-off' }
  | { readonly t: 'reversal'; readonly reversal: PendingReversal }
  | { readonly t: 'reversal-reason'; readonly stan: string; readonly reason: PendingReversal['reason'] }
  | { readonly t: 'reversal-attempt'; readonly stan: string }
  | { readonly t: 'reversal-cleared'; readonly stan: string }
  | { readonly t: 'transaction'; readonly transaction: TerminalTransaction }
  | { readonly t: 'update'; readonly voucher: string; readonly batch: string; readonly status?: TerminalTransaction['status']; readonly refunded?: string; readonly adviceSent?: boolean }
  | { readonly t: 'settlement'; readonly progress: SettlementProgress }
  | { readonly t: 'batch-closed'; readonly batch: string; readonly next: string; readonly at: string }
  | { readonly t: 'printed'; readonly voucher: string }
  | { readonly t: 'snapshot'; readonly state: TerminalState };


/**
 * Encode a record for the journal.
 *
 * @example
 * ```ts
 * encodeRecord({ t: 'stan', stan: 12 }); // UTF-8 of '{"t":"stan","stan":12}'
 * ```
 */
export function encodeRecord(r: TerminalRecord): Uint8Array {
  return encodeRecords([r])[0]!;
}

/** Where records are written as JSON bytes (one at a time: encoding is synchronous). */
const writer = new JsonByteWriter();

/**
 * Encode the records of one append: each exactly as `encodeUtf8(JSON.stringify(record))`, as views
 * of one buffer. JSON is written straight into bytes (`json-bytes.ts`), except a record with text
 * JSON escapes or that is not ASCII, which `JSON.stringify` encodes in a buffer of its own.
 * @internal
 */
export function encodeRecords(records: readonly TerminalRecord[]): Uint8Array[] {
  writer.reset();
  const ends: number[] = [];
  const own: (Uint8Array | undefined)[] = [];
  for (const r of records) {
    const start = writer.length;
    if (writer.value(r)) own.push(undefined);
    else {
      writer.truncate(start);
      own.push(encodeUtf8(JSON.stringify(r)));
    }
    ends.push(writer.length);
  }
  const bytes = writer.copy();
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    out.push(own[i] ?? bytes.subarray(at, ends[i]));
    at = ends[i]!;
  }
  return out;
}

/** Decode a journal record (a record that is not one is `TERMINAL_JOURNAL_INVALID`). */
export function decodeRecord(bytes: Uint8Array, index: number): TerminalRecord {
  let v: unknown;
  try {
    v = JSON.parse(decodeUtf8(bytes));
  } catch {
    return fail('TERMINAL_JOURNAL_INVALID', `journal record ${index} is not JSON`, { path: `journal[${index}]` });
  }
  if (typeof v !== 'object' || v === null || typeof (v as { t?: unknown }).t !== 'string') fail('TERMINAL_JOURNAL_INVALID', `journal record ${index} has no type`, { path: `journal[${index}]` });
  return v as TerminalRecord;
}

function nextStan(stan: number): number {
  return stan >= 999_999 ? 1 : stan + 1;
}

/** The STAN after `stan` (999999 wraps to 000001). */
export function followingStan(stan: number): string {
  return String(nextStan(stan)).padStart(6, '0');
}

function noteStan(state: TerminalState, stan: string | number): number {
  const n = typeof stan === 'number' ? stan : Number(stan);
  return Number.isFinite(n) && n > 0 ? n : state.stan;
}

/** The fields of {@link TerminalState}, in the order the set-up creates them. */
const STATE_FIELDS: ReadonlySet<string> = new Set<keyof TerminalState>([
  'tid', 'mid', 'merchantName', 'params', 'operators', 'supervisor', 'operator', 'stan', 'batch', 'signedOn', 'keys', 'reversal', 'transactions', 'settlement', 'lastSettlement', 'printed',
]);

/** States known to carry no field but {@link STATE_FIELDS} (made here, or checked once). */
const plainStates = new WeakSet<TerminalState>();

/**
 * `{ ...state, ...patch }`. A state of known fields is copied field by field (an object spread of
 * its sixteen fields costs some twenty times as much, and a purchase changes the state four
 * times); one that came with fields this version does not know (a snapshot of a later one) is
 * spread, so that they are kept.
 */
function changed(state: TerminalState, patch: Partial<TerminalState>): TerminalState {
  let plain = plainStates.has(state);
  if (!plain) {
    plain = true;
    for (const k in state) {
      if (!STATE_FIELDS.has(k)) {
        plain = false;
        break;
      }
    }
  }
  if (!plain) return { ...state, ...patch };
  const s = state;
  const next = {
    tid: s.tid,
    mid: s.mid,
    merchantName: s.merchantName,
    params: s.params,
    operators: s.operators,
    supervisor: s.supervisor,
    operator: s.operator,
    stan: s.stan,
    batch: s.batch,
    signedOn: s.signedOn,
    keys: s.keys,
    reversal: s.reversal,
    transactions: s.transactions,
    settlement: s.settlement,
    lastSettlement: s.lastSettlement,
    printed: s.printed,
  };
  for (const k in patch) (next as Record<string, unknown>)[k] = (patch as Record<string, unknown>)[k];
  plainStates.add(next);
  return next;
}

function update(state: TerminalState, voucher: string, batch: string, f: (t: TerminalTransaction) => TerminalTransaction): TerminalState {
  return changed(state, { transactions: state.transactions.map((t) => (t.voucher === voucher && t.batch === batch ? f(t) : t)) });
}

/** Where the batch holds the transaction of a voucher and batch (there is one at most; searched from the end, where the newest are), or -1. @internal */
export function transactionIndex(all: readonly TerminalTransaction[], voucher: string, batch: string): number {
  let at = all.length - 1;
  while (at >= 0 && !(all[at]!.voucher === voucher && all[at]!.batch === batch)) at--;
  return at;
}

/**
 * The state after one record.
 *
 * @example
 * ```ts
 * applyRecord(state, { t: 'stan', stan: 7 }).stan; // 7
 * ```
 */
export function applyRecord(state: TerminalState | undefined, r: TerminalRecord): TerminalState {
  if (r.t === 'snapshot') return r.state;
  if (r.t === 'setup') {
    return {
      tid: r.tid,
      mid: r.mid,
      merchantName: r.merchantName,
      params: r.params,
      operators: r.operators,
      supervisor: { ...r.supervisor, mustChange: true },
      operator: undefined,
      stan: 0,
      batch: '000001',
      signedOn: false,
      keys: undefined,
      reversal: undefined,
      transactions: [],
      settlement: undefined,
      lastSettlement: undefined,
      printed: [],
    };
  }
  if (!state) return fail('TERMINAL_JOURNAL_INVALID', `the journal does not start with the terminal's set-up (found "${r.t}")`, { path: 'journal[0]' });
  switch (r.t) {
    case 'params':
      return changed(state, { params: r.params });
    case 'operator': {
      const operators = { ...state.operators };
      if (r.password === null) delete operators[r.no];
      else operators[r.no] = r.password;
      return changed(state, { operators });
    }
    case 'supervisor':
      return changed(state, { supervisor: { ...r.password, mustChange: false } });
    case 'logon':
      return changed(state, { operator: r.operator ?? undefined });
    case 'stan':
      return changed(state, { stan: noteStan(state, r.stan) });
    case 'signed-on':
      return changed(state, { signedOn: true, keys: { scheme: r.scheme, de62: r.de62 }, batch: r.batch, stan: noteStan(state, r.stan) });
    case 'signed-off':
      return changed(state, { signedOn: false });
    case 'reversal':
      return changed(state, { reversal: r.reversal, stan: noteStan(state, r.reversal.stan) });
    case 'reversal-reason':
      return state.reversal?.stan === r.stan ? changed(state, { reversal: { ...state.reversal, reason: r.reason } }) : state;
    case 'reversal-attempt':
      return state.reversal?.stan === r.stan ? changed(state, { reversal: { ...state.reversal, attempts: state.reversal.attempts + 1 } }) : state;
    case 'reversal-cleared':
      return state.reversal?.stan === r.stan ? changed(state, { reversal: undefined }) : state;
    case 'transaction': {
      // The transaction replaces its earlier record (same voucher and batch), moving to the end.
      const all = state.transactions;
      const at = transactionIndex(all, r.transaction.voucher, r.transaction.batch);
      const transactions = at < 0 ? all.slice() : [...all.slice(0, at), ...all.slice(at + 1)];
      transactions.push(r.transaction);
      return changed(state, { transactions, stan: noteStan(state, r.transaction.voucher) });
    }
    case 'update':
      return update(state, r.voucher, r.batch, (t) => ({
        ...t,
        ...(r.status !== undefined ? { status: r.status } : {}),
        ...(r.refunded !== undefined ? { refunded: r.refunded } : {}),
        ...(r.adviceSent !== undefined ? { adviceSent: r.adviceSent } : {}),
      }));
    case 'settlement':
      return changed(state, { settlement: r.progress });
    case 'batch-closed': {
      const s = state.settlement;
      return changed(state, {
        batch: r.next,
        transactions: state.transactions.filter((t) => t.batch !== r.batch),
        settlement: undefined,
        printed: [],
        lastSettlement: s ? { batch: s.batch, at: r.at, requested: s.requested, domesticResult: s.domesticResult, foreignResult: s.foreignResult } : state.lastSettlement,
      });
    }
    case 'printed':
      return changed(state, { printed: [...state.printed, r.voucher] });
    default: {
      const never: never = r;
      return fail('TERMINAL_JOURNAL_INVALID', `unknown journal record type "${(never as { t: string }).t}"`, { path: 'journal' });
    }
  }
}

/**
 * Which arrays of the current state only their owner holds (the engine, as long as nobody outside
 * it was given the state): {@link applyRecordOwned} may append to those in place. @internal
 */
export interface OwnedArrays {
  transactions: boolean;
  printed: boolean;
}

/**
 * {@link applyRecord}, but a new transaction or a printed voucher is appended in place to an array
 * `owned` says nobody else holds, instead of to a copy of the whole batch: the same state, in
 * constant time rather than in the batch's length (a purchase adds both). `owned` is kept up to
 * date: an array `applyRecord` made afresh is owned, one that came with a snapshot is not. The
 * state passed in must not be read again (its arrays may have grown). @internal
 */
export function applyRecordOwned(state: TerminalState, r: TerminalRecord, owned: OwnedArrays): TerminalState {
  if (r.t === 'transaction' && owned.transactions) {
    const all = state.transactions as TerminalTransaction[];
    if (transactionIndex(all, r.transaction.voucher, r.transaction.batch) < 0) {
      all.push(r.transaction);
      return changed(state, { stan: noteStan(state, r.transaction.voucher) });
    }
  } else if (r.t === 'printed' && owned.printed) {
    (state.printed as string[]).push(r.voucher);
    return changed(state, {});
  }
  const next = applyRecord(state, r);
  if (r.t === 'snapshot') {
    owned.transactions = false;
    owned.printed = false;
  } else {
    if (next.transactions !== state.transactions) owned.transactions = true;
    if (next.printed !== state.printed) owned.printed = true;
  }
  return next;
}

/** The record that rebuilds `state` on its own (what compaction writes). */
export function snapshotRecord(state: TerminalState): TerminalRecord {
  return { t: 'snapshot', state };
}

/** Replay records into the state. */
export function replay(records: readonly Uint8Array[]): TerminalState | undefined {
  let state: TerminalState | undefined;
  records.forEach((bytes, i) => {
    state = applyRecord(state, decodeRecord(bytes, i));
  });
  return state;
}
