/// <reference types="node" />
/**
 * The terminal journal on a file: append-only records, each `length (u32 BE) ‖ CRC-32 (u32 BE) ‖
 * payload`, after an 8-byte header (`CWJ1`, version 1, 3 reserved bytes). Every `append` is one
 * write and one fdatasync. On open the file is scanned and cut at the first record whose length
 * runs past the end, exceeds the largest record allowed, or whose CRC fails (a torn or corrupt
 * tail: a power cut in the middle of a write), so later appends continue from the last good
 * record. `compact` writes the snapshot to `<file>.tmp`, syncs it, renames it over the journal and
 * syncs the directory: after a crash the journal is either the old or the new one.
 *
 * One process at a time: `<file>.lock` is created exclusively with the owner's pid; a lock whose
 * pid no longer runs is stale and taken over.
 */
import { closeSync, constants, fdatasyncSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { CardwireError, crc32 } from '../../core/index';
import type { Journal } from './journal';

const MAGIC = [0x43, 0x57, 0x4a, 0x31]; // 'CWJ1'
const VERSION = 1;
const HEADER = 8;
const RECORD_HEADER = 8;

/** Options of {@link FileJournal}. */
export interface FileJournalOptions {
  /** Largest record accepted (default 1 MiB): a longer length field is a torn tail, never an allocation. */
  readonly maxRecordSize?: number;
  /** Sync after each append (default true; false only for benchmarks of the format itself). */
  readonly sync?: boolean;
}

function fail(message: string, path: string): never {
  throw new CardwireError('TERMINAL_JOURNAL_INVALID', message, { path });
}

/** Journals this process holds open (a second open of one is refused like another process's). */
const held = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncDir(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open a directory for sync; the rename is then as durable as they allow.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file journal.
 *
 * @example
 * ```ts
 * const journal = new FileJournal('/var/lib/pos/journal.cwj');
 * const records = await journal.open(); // what survived, torn tail dropped
 * await journal.append([encodeRecord({ t: 'stan', stan: 1 })]); // durable on return
 * ```
 */
export class FileJournal implements Journal {
  readonly path: string;
  readonly #max: number;
  readonly #sync: boolean;
  #fd: number | undefined;
  #end = 0;
  #locked = false;
  /** How many bytes of torn tail the last open cut off (tests). */
  truncatedBytes = 0;
  stats = { appends: 0, syncs: 0, bytes: 0 };

  constructor(path: string, options: FileJournalOptions = {}) {
    this.path = path;
    this.#max = options.maxRecordSize ?? 1 << 20;
    if (!Number.isInteger(this.#max) || this.#max < 1 || this.#max > 0x7fffffff) fail('maxRecordSize must be a positive integer', 'options.maxRecordSize');
    this.#sync = options.sync ?? true;
  }

  #lock(): void {
    const lock = `${this.path}.lock`;
    if (held.has(this.path)) fail('the journal is already open in this process', lock);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.#locked = true;
        held.add(this.path);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CardwireError('TERMINAL_JOURNAL_INVALID', 'the journal lock cannot be created', { path: lock, cause: e });
        const pid = Number(readFileSync(lock, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) fail(`the journal is in use by process ${pid}`, lock);
        // A lock of a process that no longer runs (or of this pid from before a restart) is stale.
        rmSync(lock, { force: true });
      }
    }
    fail('the journal lock could not be taken', lock);
  }

  async open(): Promise<readonly Uint8Array[]> {
    if (this.#fd !== undefined) fail('the journal is already open', this.path);
    this.#lock();
    rmSync(`${this.path}.tmp`, { force: true });
    const fd = openSync(this.path, constants.O_RDWR | constants.O_CREAT, 0o600);
    this.#fd = fd;
    const size = fstatSync(fd).size;
    if (size < HEADER) {
      // New (or torn before its header was whole): start it.
      ftruncateSync(fd, 0);
      writeSync(fd, Uint8Array.from([...MAGIC, VERSION, 0, 0, 0]), 0, HEADER, 0);
      fsyncSync(fd);
      syncDir(this.path);
      this.#end = HEADER;
      this.truncatedBytes = size;
      return [];
    }
    const bytes = new Uint8Array(size);
    let got = 0;
    while (got < size) got += readSync(fd, bytes, got, size - got, got);
    for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) fail('the file is not a cardwire journal', this.path);
    if (bytes[4] !== VERSION) fail(`journal version ${bytes[4]} is not supported`, this.path);
    const records: Uint8Array[] = [];
    const view = new DataView(bytes.buffer);
    let at = HEADER;
    while (at + RECORD_HEADER <= size) {
      const length = view.getUint32(at);
      const crc = view.getUint32(at + 4);
      if (length > this.#max || at + RECORD_HEADER + length > size) break;
      if (crc32(bytes, at + RECORD_HEADER, at + RECORD_HEADER + length) !== crc) break;
      records.push(bytes.slice(at + RECORD_HEADER, at + RECORD_HEADER + length));
      at += RECORD_HEADER + length;
    }
    this.truncatedBytes = size - at;
    if (at < size) {
      ftruncateSync(fd, at);
      fsyncSync(fd);
    }
    this.#end = at;
    return records;
  }

  #fdOrFail(): number {
    if (this.#fd === undefined) fail('the journal is not open', this.path);
    return this.#fd;
  }

  static #frame(records: readonly Uint8Array[], max: number): Uint8Array {
    let total = 0;
    for (const r of records) {
      if (r.length > max) fail(`a record of ${r.length} bytes is larger than the ${max} allowed`, 'record');
      total += RECORD_HEADER + r.length;
    }
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    let at = 0;
    for (const r of records) {
      view.setUint32(at, r.length);
      view.setUint32(at + 4, crc32(r));
      out.set(r, at + RECORD_HEADER);
      at += RECORD_HEADER + r.length;
    }
    return out;
  }

  async append(records: readonly Uint8Array[]): Promise<void> {
    const fd = this.#fdOrFail();
    if (records.length === 0) return;
    const buf = FileJournal.#frame(records, this.#max);
    let written = 0;
    while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written, this.#end + written);
    if (this.#sync) fdatasyncSync(fd);
    this.#end += buf.length;
    this.stats = { appends: this.stats.appends + records.length, syncs: this.stats.syncs + (this.#sync ? 1 : 0), bytes: this.stats.bytes + buf.length };
  }

  async compact(snapshot: readonly Uint8Array[]): Promise<void> {
    this.#fdOrFail();
    const tmp = `${this.path}.tmp`;
    const body = FileJournal.#frame(snapshot, this.#max);
    const all = new Uint8Array(HEADER + body.length);
    all.set([...MAGIC, VERSION, 0, 0, 0]);
    all.set(body, HEADER);
    writeFileSync(tmp, all, { mode: 0o600 });
    const tfd = openSync(tmp, 'r+');
    fsyncSync(tfd);
    closeSync(tfd);
    renameSync(tmp, this.path);
    syncDir(this.path);
    closeSync(this.#fd!);
    this.#fd = openSync(this.path, constants.O_RDWR);
    this.#end = all.length;
    this.stats = { ...this.stats, syncs: this.stats.syncs + 2 };
  }

  async close(): Promise<void> {
    if (this.#fd !== undefined) {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
    if (this.#locked) {
      try {
        unlinkSync(`${this.path}.lock`);
      } catch {
        // Already gone.
      }
      this.#locked = false;
      held.delete(this.path);
    }
  }

  toString(): string {
    return `FileJournal(${this.#end} bytes)`;
  }
}
