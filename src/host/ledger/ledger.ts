/**
 * The `Ledger` port (DESIGN.md §1): the host's accounts, terminals, transactions, reversals,
 * settlements and batch uploads. The ledger is the source of truth: the host decides an answer
 * and records it in one {@link Ledger.transaction}, and answers only after that transaction is
 * durable. Retransmissions and reversals are found by (TID, batch, STAN) in the ledger, never in
 * memory, so several host processes can share one database.
 *
 * Adapters: {@link MemoryLedger} (unit tests), SQLite and PostgreSQL in `cardwire/host/node`.
 */

/** Settlement class of a card: UnionPay (63.1 `CUP`) cards are domestic, the rest foreign. */
export type CardClass = 'domestic' | 'foreign';

/** What a recorded transaction was. */
export type TransactionKind =
  | 'purchase'
  | 'balance'
  | 'void'
  | 'refund'
  | 'preauth'
  | 'preauth-void'
  | 'completion'
  | 'completion-advice'
  | 'completion-void'
  | 'offline-purchase'
  | 'transfer';

/** Every transaction kind, in a fixed order (schemas and docs list them so). */
export const TRANSACTION_KINDS: readonly TransactionKind[] = [
  'purchase',
  'balance',
  'void',
  'refund',
  'preauth',
  'preauth-void',
  'completion',
  'completion-advice',
  'completion-void',
  'offline-purchase',
  'transfer',
];

/**
 * `approved` and `declined` as answered; `reversed` after an accepted 0400; `voided` after an
 * approved void of it; `completed` for a pre-authorisation whose hold a completion took.
 */
export type TransactionStatus = 'approved' | 'declined' | 'reversed' | 'voided' | 'completed';

/** A terminal's state on the host: open batch and current working keys. */
export interface LedgerTerminal {
  readonly tid: string;
  /** The open batch (60.2), six digits. */
  readonly batch: string;
  readonly signedOn: boolean;
  /**
   * The working keys as the last 0810 carried them (DE 62, enciphered under the terminal's TMK),
   * hex; `''` before the first sign-on. Any host process that shares the ledger can load them.
   */
  readonly workingKeys: string;
  /** The key scheme of that sign-on (60.3), `''` before the first. */
  readonly keyScheme: string;
  /** Counts sign-ons; a host process reloads its cached keys when it changes. */
  readonly keyGeneration: number;
  /** The batch being settled (0500 received, upload not yet ended), `''` when none. */
  readonly settlingBatch: string;
}

/** A card account. Money is minor units of the account's currency. */
export interface LedgerAccount {
  readonly pan: string;
  /** ISO 4217 numeric. */
  readonly currency: string;
  /** What can be spent now: the debit balance, or the credit limit not yet used, less holds. */
  readonly available: bigint;
  /** Held by open pre-authorisations. */
  readonly held: bigint;
  /** Wrong PINs in a row; reset by a right one. */
  readonly pinFailures: number;
}

/** A recorded transaction (approved or declined). */
export interface LedgerTransaction {
  /** Assigned by the ledger on insert. */
  readonly id: number;
  readonly tid: string;
  readonly mid: string;
  readonly batch: string;
  readonly stan: string;
  readonly kind: TransactionKind;
  readonly mti: string;
  readonly pan: string;
  readonly amount: bigint;
  /** ISO 4217 numeric. */
  readonly currency: string;
  readonly responseCode: string;
  readonly authCode: string;
  readonly rrn: string;
  /** Host local date (MMDD) and time (hhmmss) of the answer, as DE 13 / DE 12 carried them. */
  readonly localDate: string;
  readonly localTime: string;
  /** ISO 8601 instant the host recorded it. */
  readonly recordedAt: string;
  readonly status: TransactionStatus;
  /** The transaction this one refers to (void, refund, completion, pre-auth void), if any. */
  readonly originalId: number | null;
  readonly cardClass: CardClass;
  /** DE 22. */
  readonly entryMode: string;
  /** What identifies the request's content for retransmission checks (no secrets). */
  readonly digest: string;
  /** The answer as sent (payload bytes), replayed to a retransmission. */
  readonly response: Uint8Array;
  /** Pre-authorisation: the amount still held. */
  readonly hold: bigint;
  /** Purchase or completion: the amount refunded so far. */
  readonly refunded: bigint;
}

/** Fields of a transaction that change after it is recorded. */
export interface TransactionUpdate {
  readonly status?: TransactionStatus;
  readonly hold?: bigint;
  readonly refunded?: bigint;
}

/** A recorded reversal (0400), keyed by the original's (TID, batch, STAN). */
export interface LedgerReversal {
  readonly tid: string;
  readonly batch: string;
  readonly stan: string;
  /** DE 39 of the 0400: 98, A0, 96, 06. */
  readonly reason: string;
  /** The transaction it undid; null when the original was unknown or not approved. */
  readonly originalId: number | null;
  readonly recordedAt: string;
  readonly response: Uint8Array;
}

/** What finds an original transaction; every given member must match. */
export interface TransactionQuery {
  readonly tid?: string;
  readonly batch?: string;
  readonly stan?: string;
  readonly rrn?: string;
  readonly authCode?: string;
  readonly localDate?: string;
  readonly pan?: string;
  readonly kinds?: readonly TransactionKind[];
  readonly responseCode?: string;
}

/** A settlement request and the host's view of it. */
export interface LedgerSettlement {
  readonly tid: string;
  readonly batch: string;
  /** DE 48 as the terminal sent it and as the host answered it. */
  readonly requested: string;
  readonly answered: string;
  readonly recordedAt: string;
}

/** A batch-upload item the host matched (or did not). */
export interface LedgerUpload {
  readonly tid: string;
  readonly batch: string;
  /** 60.3 of the 0320. */
  readonly code: string;
  readonly stan: string;
  /** The ledger transaction it matched, or null. */
  readonly matchedId: number | null;
  readonly recordedAt: string;
}

/**
 * One ledger transaction: reads lock what they return until the end of the transaction (a
 * terminal row, then an account row: always in that order), writes become durable together.
 */
export interface LedgerTx {
  terminal(tid: string): Promise<LedgerTerminal | undefined>;
  saveTerminal(terminal: LedgerTerminal): Promise<void>;
  account(pan: string): Promise<LedgerAccount | undefined>;
  saveAccount(account: LedgerAccount): Promise<void>;
  /**
   * The financial transaction a terminal sent under this batch and STAN, if any. `then.account`
   * names the account the work reads next: an adapter may read and lock it in the same round trip
   * (PostgreSQL does), so that `account(pan)` then costs none; the others ignore it.
   */
  transactionByKey(tid: string, batch: string, stan: string, then?: { readonly account?: string }): Promise<LedgerTransaction | undefined>;
  /** A transaction by its ledger id. */
  transactionById(id: number): Promise<LedgerTransaction | undefined>;
  /** The most recent transaction matching the query. */
  findTransaction(query: TransactionQuery): Promise<LedgerTransaction | undefined>;
  insertTransaction(transaction: Omit<LedgerTransaction, 'id'>): Promise<number>;
  updateTransaction(id: number, update: TransactionUpdate): Promise<void>;
  reversal(tid: string, batch: string, stan: string): Promise<LedgerReversal | undefined>;
  insertReversal(reversal: LedgerReversal): Promise<void>;
  /** Every transaction of a terminal's batch, in the order recorded. */
  batchTransactions(tid: string, batch: string): Promise<LedgerTransaction[]>;
  insertSettlement(settlement: LedgerSettlement): Promise<void>;
  insertUpload(upload: LedgerUpload): Promise<void>;
  /** A number no other call of any process sharing the ledger returns (RRNs are made from it). */
  nextSequence(): Promise<bigint>;
}

/** What the CLI and tests read without locking. */
export interface LedgerListQuery {
  readonly tid?: string;
  readonly batch?: string;
  readonly pan?: string;
  /** Newest first, at most this many (default 100). */
  readonly limit?: number;
}

/** The ledger port. */
export interface Ledger {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /**
   * Insert accounts and terminals that are not there yet (the configuration is the opening state;
   * the ledger's rows win once they exist).
   */
  seed(accounts: readonly LedgerAccount[], terminals: readonly LedgerTerminal[]): Promise<void>;
  /**
   * Run `work` as one atomic transaction and resolve once its writes are durable. Adapters may
   * run `work` again after a conflict (it must do all its effects through `tx`), and may commit
   * several transactions together (group commit); a rejected `work` changes nothing.
   */
  transaction<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T>;
  /** Recorded transactions, newest first. */
  list(query?: LedgerListQuery): Promise<LedgerTransaction[]>;
  accounts(): Promise<LedgerAccount[]>;
  terminals(): Promise<LedgerTerminal[]>;
  reversals(query?: { readonly tid?: string }): Promise<LedgerReversal[]>;
  settlements(query?: { readonly tid?: string }): Promise<LedgerSettlement[]>;
  uploads(query?: { readonly tid?: string }): Promise<LedgerUpload[]>;
  close(): Promise<void>;
}
