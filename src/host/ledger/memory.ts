/**
 * A ledger in memory, for unit tests: transactions run one at a time (as row locks would order
 * them) and a rejected one is rolled back from its undo log. Nothing survives the process: the
 * host's real ledgers are SQLite and PostgreSQL (`cardwire/host/node`).
 */
import type {
  Ledger,
  LedgerAccount,
  LedgerListQuery,
  LedgerReversal,
  LedgerSettlement,
  LedgerTerminal,
  LedgerTransaction,
  LedgerTx,
  LedgerUpload,
  TransactionQuery,
  TransactionUpdate,
} from './ledger';
import { matchesQuery } from './query';

/**
 * The memory ledger.
 *
 * @example
 * ```ts
 * const ledger = new MemoryLedger();
 * await ledger.seed([{ pan: '6225880000000001', currency: '156', available: 1_000_000n, held: 0n, pinFailures: 0 }], []);
 * await ledger.transaction(async (tx) => (await tx.account('6225880000000001'))?.available); // 1000000n
 * ```
 */
export class MemoryLedger implements Ledger {
  readonly kind = 'memory';
  readonly #terminals = new Map<string, LedgerTerminal>();
  readonly #accounts = new Map<string, LedgerAccount>();
  readonly #transactions: LedgerTransaction[] = [];
  readonly #byKey = new Map<string, LedgerTransaction>();
  readonly #reversals = new Map<string, LedgerReversal>();
  readonly #settlements: LedgerSettlement[] = [];
  readonly #uploads: LedgerUpload[] = [];
  #sequence = 0n;
  #queue: Promise<unknown> = Promise.resolve();

  async seed(accounts: readonly LedgerAccount[], terminals: readonly LedgerTerminal[]): Promise<void> {
    for (const a of accounts) if (!this.#accounts.has(a.pan)) this.#accounts.set(a.pan, a);
    for (const t of terminals) if (!this.#terminals.has(t.tid)) this.#terminals.set(t.tid, t);
  }

  transaction<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => this.#run(work));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #run<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    const undo: (() => void)[] = [];
    const put = <K, V>(map: Map<K, V>, k: K, v: V) => {
      const had = map.has(k);
      const before = map.get(k);
      undo.push(() => (had ? map.set(k, before as V) : map.delete(k)));
      map.set(k, v);
    };
    const push = <V>(list: V[], v: V) => {
      list.push(v);
      undo.push(() => void list.pop());
    };
    const key = (tid: string, batch: string, stan: string) => `${tid}\u0000${batch}\u0000${stan}`;
    const tx: LedgerTx = {
      terminal: async (tid) => this.#terminals.get(tid),
      saveTerminal: async (t) => put(this.#terminals, t.tid, t),
      account: async (pan) => this.#accounts.get(pan),
      saveAccount: async (a) => put(this.#accounts, a.pan, a),
      transactionByKey: async (tid, batch, stan) => this.#byKey.get(key(tid, batch, stan)),
      transactionById: async (id) => this.#transactions[id - 1],
      findTransaction: async (q: TransactionQuery) => {
        for (let i = this.#transactions.length - 1; i >= 0; i--) {
          const t = this.#transactions[i]!;
          if (matchesQuery(t, q)) return t;
        }
        return undefined;
      },
      insertTransaction: async (t) => {
        const k = key(t.tid, t.batch, t.stan);
        if (this.#byKey.has(k)) throw new Error('duplicate (tid, batch, stan)');
        const row: LedgerTransaction = { ...t, id: this.#transactions.length + 1 };
        push(this.#transactions, row);
        put(this.#byKey, k, row);
        return row.id;
      },
      updateTransaction: async (id, u: TransactionUpdate) => {
        const i = id - 1;
        const before = this.#transactions[i];
        if (!before) throw new Error(`no transaction ${id}`);
        const after: LedgerTransaction = { ...before, ...u };
        this.#transactions[i] = after;
        const k = key(before.tid, before.batch, before.stan);
        const keyed = this.#byKey.get(k) === before;
        if (keyed) this.#byKey.set(k, after);
        undo.push(() => {
          this.#transactions[i] = before;
          if (keyed) this.#byKey.set(k, before);
        });
      },
      reversal: async (tid, batch, stan) => this.#reversals.get(key(tid, batch, stan)),
      insertReversal: async (r) => put(this.#reversals, key(r.tid, r.batch, r.stan), r),
      batchTransactions: async (tid, batch) => this.#transactions.filter((t) => t.tid === tid && t.batch === batch),
      insertSettlement: async (s) => push(this.#settlements, s),
      insertUpload: async (u) => push(this.#uploads, u),
      nextSequence: async () => {
        const before = this.#sequence;
        undo.push(() => (this.#sequence = before));
        return ++this.#sequence;
      },
    };
    try {
      return await work(tx);
    } catch (e) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw e;
    }
  }

  async list(query: LedgerListQuery = {}): Promise<LedgerTransaction[]> {
    const out: LedgerTransaction[] = [];
    const limit = query.limit ?? 100;
    for (let i = this.#transactions.length - 1; i >= 0 && out.length < limit; i--) {
      const t = this.#transactions[i]!;
      if ((query.tid === undefined || t.tid === query.tid) && (query.batch === undefined || t.batch === query.batch) && (query.pan === undefined || t.pan === query.pan)) out.push(t);
    }
    return out;
  }

  async accounts(): Promise<LedgerAccount[]> {
    return [...this.#accounts.values()];
  }

  async terminals(): Promise<LedgerTerminal[]> {
    return [...this.#terminals.values()];
  }

  async reversals(query: { readonly tid?: string } = {}): Promise<LedgerReversal[]> {
    return [...this.#reversals.values()].filter((r) => query.tid === undefined || r.tid === query.tid);
  }

  async settlements(query: { readonly tid?: string } = {}): Promise<LedgerSettlement[]> {
    return this.#settlements.filter((s) => query.tid === undefined || s.tid === query.tid);
  }

  async uploads(query: { readonly tid?: string } = {}): Promise<LedgerUpload[]> {
    return this.#uploads.filter((u) => query.tid === undefined || u.tid === query.tid);
  }

  async close(): Promise<void> {}

  toString(): string {
    return `MemoryLedger(${this.#transactions.length} transactions)`;
  }
}
