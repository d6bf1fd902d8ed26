/**
 * The `Journal` port (DESIGN.md §1): an append-only log of opaque records that the terminal
 * engine replays on start. `append` resolves once its records are durable (one sync per call,
 * however many records); `compact` replaces the whole log atomically. The engine decides what the
 * records mean (terminal/state.ts).
 */

/** The journal port. */
export interface Journal {
  /** Records that survived, in append order (a torn or corrupt tail dropped). Call once, before append. */
  open(): Promise<readonly Uint8Array[]>;
  /** Append records; durable when the promise resolves (one sync per call). */
  append(records: readonly Uint8Array[]): Promise<void>;
  /** Atomically replace the whole journal with `snapshot`: a crash leaves the old or the new contents, never a mix. */
  compact(snapshot: readonly Uint8Array[]): Promise<void>;
  close(): Promise<void>;
  /** Counters for tests and benchmarks. */
  readonly stats: { readonly appends: number; readonly syncs: number; readonly bytes: number };
}
