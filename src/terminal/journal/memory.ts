/**
 * A journal in memory, for unit tests and the browser demo: the same contract as the file journal,
 * and a way to see what a crash would leave (`crashed()`: only what `append` resolved, optionally
 * with a torn copy of the last record, which the reopened journal drops as the file journal does).
 */
import type { Journal } from './journal';

const ARENA_SIZE = 64 * 1024;

/**
 * The memory journal.
 *
 * @example
 * ```ts
 * const j = new MemoryJournal();
 * await j.open();
 * await j.append([encodeRecord({ t: 'stan', stan: 1 })]);
 * (await j.crashed().open()).length; // 1
 * ```
 */
export class MemoryJournal implements Journal {
  #records: Uint8Array[];
  #open = false;
  /** Where appended records are copied: views of one buffer (a purchase appends four small records), a new one when full. */
  #arena = new Uint8Array(0);
  #used = 0;
  stats = { appends: 0, syncs: 0, bytes: 0 };

  constructor(records: readonly Uint8Array[] = []) {
    this.#records = records.map((r) => r.slice());
  }

  /** A copy of `r` that no later append or caller's change can alter. */
  #copy(r: Uint8Array): Uint8Array {
    if (r.length > ARENA_SIZE / 8) return r.slice();
    if (this.#used + r.length > this.#arena.length) {
      this.#arena = new Uint8Array(ARENA_SIZE);
      this.#used = 0;
    }
    const copy = this.#arena.subarray(this.#used, this.#used + r.length);
    copy.set(r);
    this.#used += r.length;
    return copy;
  }

  async open(): Promise<readonly Uint8Array[]> {
    this.#open = true;
    return this.#records.map((r) => r.slice());
  }

  async append(records: readonly Uint8Array[]): Promise<void> {
    if (!this.#open) throw new Error('MemoryJournal: append before open');
    for (const r of records) this.#records.push(this.#copy(r));
    this.stats = { appends: this.stats.appends + records.length, syncs: this.stats.syncs + 1, bytes: this.stats.bytes + records.reduce((n, r) => n + r.length, 0) };
  }

  async compact(snapshot: readonly Uint8Array[]): Promise<void> {
    this.#records = snapshot.map((r) => r.slice());
  }

  async close(): Promise<void> {
    this.#open = false;
  }

  /** The journal a restart after a crash would open: every durable record (none is torn in memory). */
  crashed(): MemoryJournal {
    return new MemoryJournal(this.#records);
  }

  /** Durable records so far. */
  get records(): readonly Uint8Array[] {
    return this.#records;
  }
}
