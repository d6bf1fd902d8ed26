/// <reference types="node" />
/**
 * cardwire/terminal/node: the terminal's Node adapters — the file journal (append-only records
 * with length and CRC, fsync'd, torn tails dropped, atomic compaction).
 *
 * @packageDocumentation
 */
export { FileJournal, type FileJournalOptions } from '../journal/file';
