/**
 * A journal in memory, for the browser POS: the terminal's state lives as long as the page. A
 * reload starts a new terminal (set-up, log-on and sign-on again), which matches the host that
 * `cardwire pos --web` starts in memory with it. Copies go in and out, so a caller cannot change
 * what was appended.
 */
import type { Journal } from '../../terminal/index';

/** The journal port over an array. */
export class MemoryJournal implements Journal {
  #records: Uint8Array[] = [];
  #stats = { appends: 0, syncs: 0, bytes: 0 };

  async open(): Promise<readonly Uint8Array[]> {
    return this.#records.map((r) => r.slice());
  }

  async append(records: readonly Uint8Array[]): Promise<void> {
    this.#records.push(...records.map((r) => r.slice()));
    this.#stats = { appends: this.#stats.appends + records.length, syncs: this.#stats.syncs + 1, bytes: this.#stats.bytes + records.reduce((n, r) => n + r.length, 0) };
  }

  async compact(snapshot: readonly Uint8Array[]): Promise<void> {
    this.#records = snapshot.map((r) => r.slice());
  }

  async close(): Promise<void> {}

  get stats(): { readonly appends: number; readonly syncs: number; readonly bytes: number } {
    return this.#stats;
  }
}
