/**
 * Rows of the ledger tables as the SQLite and PostgreSQL drivers return them (integers as
 * bigint: better-sqlite3 with safe integers, pg with int8 parsed to bigint), and their mapping
 * to the port's types. One mapping for both databases, so they cannot drift apart.
 */
import type {
  CardClass,
  LedgerAccount,
  LedgerReversal,
  LedgerSettlement,
  LedgerTerminal,
  LedgerTransaction,
  LedgerUpload,
  TransactionKind,
  TransactionStatus,
} from '../index';

export interface TerminalRow {
  tid: string;
  batch: string;
  signed_on: bigint | boolean;
  working_keys: string;
  key_scheme: string;
  key_generation: bigint | number;
  settling_batch: string;
}
export interface AccountRow {
  pan: string;
  currency: string;
  available: bigint;
  held: bigint;
  pin_failures: bigint | number;
}
export interface TransactionRow {
  id: bigint;
  tid: string;
  mid: string;
  batch: string;
  stan: string;
  kind: string;
  mti: string;
  pan: string;
  amount: bigint;
  currency: string;
  response_code: string;
  auth_code: string;
  rrn: string;
  local_date: string;
  local_time: string;
  recorded_at: string;
  status: string;
  original_id: bigint | null;
  card_class: string;
  entry_mode: string;
  digest: string;
  response: Uint8Array;
  hold: bigint;
  refunded: bigint;
}
export interface ReversalRow {
  tid: string;
  batch: string;
  stan: string;
  reason: string;
  original_id: bigint | null;
  recorded_at: string;
  response: Uint8Array;
}
export interface SettlementRow {
  tid: string;
  batch: string;
  requested: string;
  answered: string;
  recorded_at: string;
}
export interface UploadRow {
  tid: string;
  batch: string;
  code: string;
  stan: string;
  matched_id: bigint | null;
  recorded_at: string;
}

const id = (v: bigint | null): number | null => (v === null ? null : Number(v));
// Both drivers return a Buffer; the port's byte type is a plain Uint8Array.
const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export const toTerminal = (r: TerminalRow): LedgerTerminal => ({
  tid: r.tid,
  batch: r.batch,
  signedOn: r.signed_on === true || r.signed_on === 1n,
  workingKeys: r.working_keys,
  keyScheme: r.key_scheme,
  keyGeneration: Number(r.key_generation),
  settlingBatch: r.settling_batch,
});
export const toAccount = (r: AccountRow): LedgerAccount => ({
  pan: r.pan,
  currency: r.currency,
  available: r.available,
  held: r.held,
  pinFailures: Number(r.pin_failures),
});
export const toTransaction = (r: TransactionRow): LedgerTransaction => ({
  id: Number(r.id),
  tid: r.tid,
  mid: r.mid,
  batch: r.batch,
  stan: r.stan,
  kind: r.kind as TransactionKind,
  mti: r.mti,
  pan: r.pan,
  amount: r.amount,
  currency: r.currency,
  responseCode: r.response_code,
  authCode: r.auth_code,
  rrn: r.rrn,
  localDate: r.local_date,
  localTime: r.local_time,
  recordedAt: r.recorded_at,
  status: r.status as TransactionStatus,
  originalId: id(r.original_id),
  cardClass: r.card_class as CardClass,
  entryMode: r.entry_mode,
  digest: r.digest,
  response: bytes(r.response),
  hold: r.hold,
  refunded: r.refunded,
});
export const toReversal = (r: ReversalRow): LedgerReversal => ({
  tid: r.tid,
  batch: r.batch,
  stan: r.stan,
  reason: r.reason,
  originalId: id(r.original_id),
  recordedAt: r.recorded_at,
  response: bytes(r.response),
});
export const toSettlement = (r: SettlementRow): LedgerSettlement => ({
  tid: r.tid,
  batch: r.batch,
  requested: r.requested,
  answered: r.answered,
  recordedAt: r.recorded_at,
});
export const toUpload = (r: UploadRow): LedgerUpload => ({
  tid: r.tid,
  batch: r.batch,
  code: r.code,
  stan: r.stan,
  matchedId: id(r.matched_id),
  recordedAt: r.recorded_at,
});

/** Column lists, in the order the insert statements bind them. */
export const TERMINAL_COLUMNS = 'tid, batch, signed_on, working_keys, key_scheme, key_generation, settling_batch';
export const ACCOUNT_COLUMNS = 'pan, currency, available, held, pin_failures';
export const TRANSACTION_COLUMNS =
  'tid, mid, batch, stan, kind, mti, pan, amount, currency, response_code, auth_code, rrn, local_date, local_time, ' +
  'recorded_at, status, original_id, card_class, entry_mode, digest, response, hold, refunded';

/** The bound values of a terminal, an account and a transaction, in column order. */
export const terminalValues = (t: LedgerTerminal): unknown[] => [t.tid, t.batch, t.signedOn, t.workingKeys, t.keyScheme, t.keyGeneration, t.settlingBatch];
export const accountValues = (a: LedgerAccount): unknown[] => [a.pan, a.currency, a.available, a.held, a.pinFailures];
export const transactionValues = (t: Omit<LedgerTransaction, 'id'>): unknown[] => [
  t.tid, t.mid, t.batch, t.stan, t.kind, t.mti, t.pan, t.amount, t.currency, t.responseCode, t.authCode, t.rrn,
  t.localDate, t.localTime, t.recordedAt, t.status, t.originalId, t.cardClass, t.entryMode, t.digest, t.response,
  t.hold, t.refunded,
];
